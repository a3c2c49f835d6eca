/**
 * Secrecy between units and protected answers (issue #14, decision 0033), over HTTP and the API:
 * another unit finds nothing; a share with a reason and an end lets one unit read and write notes
 * until it ends or is revoked, each step audited and in the history; answers at confidentiality 3
 * (and their files) are not in an officer's page until revealed with a reason, the reveal audited
 * without the value; the resident sees their own answers; API clients need `cases:protected`.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Tenant } from '../../platform/tenancy/tenant-service.ts';
import { createTestApp, type TestApp } from '../../test-support/app.ts';
import { type TestClient, TINY_PNG } from '../../test-support/client.ts';
import { ANNA, createTestTenant, residentClient } from '../../test-support/fixtures.ts';
import {
  createTestUnits,
  JOHAN,
  KARIN,
  LENA,
  PETER,
  type StaffClient,
  staffClient,
  submitSchoolTransport,
  type TestUnits,
} from '../../test-support/staff.ts';
import { protectEvent, protectForClient } from '../api-clients/protected-answers.ts';
import { swedishToday } from '../forms/validate-step.ts';
import { addDays, checkShare, SHARE_MAX_DAYS } from './secrecy-model.ts';

let t: TestApp;
before(async () => {
  t = await createTestApp();
});
after(() => t.close());

const SPECIAL_NEEDS = 'Elsa har epilepsi och behöver sitta nära föraren';
const CERTIFICATE = 'intyg-elsa-neurolog.png';
const caseUrl = (tenant: Tenant, reference: string) => `/${tenant.slug}/handlaggning/arenden/${reference}`;
// Shares end at Swedish midnight, so "today" is the Swedish date (UTC is a day behind after 23:00/22:00).
const today = () => swedishToday(new Date());

/** Karin (officer) and Johan (lead) handle school transport and färdtjänst; Peter is in streets, Ulla leads building permits. */
async function scene() {
  const tenant = await createTestTenant(t, ['skolskjuts', 'felanmalan', 'fardtjanst']);
  const units: TestUnits = await createTestUnits(t, tenant);
  const organisation = t.app.services.organisation;
  const permits = await organisation.ensureUnit(tenant.id, 'Bygglovsenheten');
  const fardtjanst = await t.app.services.catalogue.liveService(tenant.id, 'fardtjanst');
  await organisation.seedServiceUnit(tenant.id, fardtjanst.serviceId, units.school);
  const ulla = { personalIdentityNumber: '198112289874', givenName: 'Ulla', familyName: 'Lind' };
  return {
    tenant,
    units,
    karin: await staffClient(t, tenant, KARIN, 'officer', [units.school]),
    johan: await staffClient(t, tenant, JOHAN, 'unitLead', [units.school]),
    peter: await staffClient(t, tenant, PETER, 'officer', [units.streets]),
    ulla: await staffClient(t, tenant, ulla, 'unitLead', [permits]),
    anna: await residentClient(t, ANNA),
  };
}

/** Anna applies for school transport for a child with special needs (a protected answer). */
const submitWithSpecialNeeds = (anna: TestClient, tenant: Tenant) =>
  submitSchoolTransport(anna, tenant, 'Elsa', {
    need: { hasSpecialNeeds: 'yes', specialNeeds: SPECIAL_NEEDS },
  });

/** Anna applies for färdtjänst with a medical certificate (a protected file). */
async function submitWithCertificate(anna: TestClient, tenant: Tenant): Promise<string> {
  await anna.get(`/${tenant.slug}/e-tjanster/fardtjanst`);
  const started = await anna.post(`/${tenant.slug}/e-tjanster/fardtjanst/starta`);
  const base = String(started.headers.location).replace(/\/steg\/[^/]+$/, '');
  const steps: [string, Record<string, string>][] = [
    ['disability', { disabilityDescription: 'Kan gå högst 50 meter', disabilityDuration: 'permanent' }],
    [
      'mobility',
      { usesMobilityAids: 'no', canTravelByBus: 'no', needsCompanion: 'no', hasMedicalCertificate: 'yes' },
    ],
  ];
  for (const [step, answers] of steps)
    assert.equal((await anna.post(`${base}/steg/${step}`, answers)).statusCode, 303);
  const file = {
    field: 'medicalCertificate',
    filename: CERTIFICATE,
    contentType: 'image/png',
    content: TINY_PNG,
  };
  assert.equal((await anna.postMultipart(`${base}/steg/certificate`, {}, [file])).statusCode, 303);
  const contact = {
    phone: '070-123 45 67',
    'address.street': 'Storgatan 1',
    'address.postalCode': '123 45',
    'address.city': 'Exempelstad',
    hasRepresentative: 'no',
  };
  assert.equal((await anna.post(`${base}/steg/contact`, contact)).statusCode, 303);
  return submitted(anna, base);
}

async function submitted(anna: TestClient, base: string): Promise<string> {
  const sent = await anna.post(`${base}/skicka`);
  assert.equal(sent.statusCode, 303, sent.body.slice(0, 300));
  const reference = /([A-Z]+-\d{4}-\d{6})/.exec((await anna.get(`${base}/kvitto`)).body)?.[1];
  assert.ok(reference, 'the receipt names the case');
  return reference;
}

async function caseIdOf(reference: string): Promise<string> {
  const row = await t.database.db
    .selectFrom('case')
    .select('id')
    .where('reference', '=', reference)
    .executeTakeFirstOrThrow();
  return row.id;
}

async function auditOf(reference: string) {
  return t.database.db
    .selectFrom('auditLog')
    .select(['action', 'actorName', 'details'])
    .where('caseId', '=', await caseIdOf(reference))
    .orderBy('id')
    .execute();
}

async function eventsOf(reference: string, type: string) {
  return t.database.db
    .selectFrom('caseEvent')
    .select(['actor', 'data', 'visibility'])
    .where('caseId', '=', await caseIdOf(reference))
    .where('type', '=', type)
    .execute();
}

const share = (client: StaffClient, tenant: Tenant, reference: string, body: Record<string, string>) =>
  client.post(`${caseUrl(tenant, reference)}/dela`, body);

const inDays = (days: number) => addDays(today(), days);

describe('secrecy between units', () => {
  test('another unit finds nothing; a share lets one unit read and note until revoked', async () => {
    const { tenant, units, karin, peter, ulla, anna } = await scene();
    const reference = await submitWithSpecialNeeds(anna, tenant);
    const page = caseUrl(tenant, reference);
    for (const outsider of [peter, ulla]) {
      assert.equal((await outsider.get(page)).statusCode, 404);
      assert.equal((await outsider.get(`${page}/meddelanden`)).statusCode, 404);
      assert.equal((await outsider.post(`${page}/anteckning`, { note: 'Hej' })).statusCode, 404);
      assert.equal(
        (await outsider.post(`${page}/visa`, { fieldId: 'specialNeeds', reason: 'x' })).statusCode,
        404,
      );
      assert.ok(!(await outsider.get(`/${tenant.slug}/handlaggning/`)).body.includes(reference));
    }

    const reason = 'Gatuenheten planerar en ny hållplats vid skolan';
    const shared = await share(karin, tenant, reference, {
      unitId: units.streets,
      reason,
      endsOn: inDays(30),
    });
    assert.equal(shared.statusCode, 303, shared.body.slice(0, 300));
    assert.equal(shared.headers.location, `${page}?klart=delat`);
    const ownerPage = (await karin.get(`${page}?klart=delat`)).body;
    assert.match(ownerPage, /Ärendet är delat\./);
    assert.match(ownerPage, /Delat med Gatuenheten till och med/);
    assert.ok(ownerPage.includes(reason), 'the reason is on the page');
    assert.match(ownerPage, /Återkalla delningen med Gatuenheten/);

    const queue = (await peter.get(`/${tenant.slug}/handlaggning/?sok=Andersson`)).body;
    assert.ok(queue.includes(reference), 'the shared case is found in the shared unit’s search');
    assert.match(queue, /Delad med er/);
    const read = await peter.get(page);
    assert.equal(read.statusCode, 200);
    assert.match(read.body, /Ärendet är delat med er/);
    assert.ok(
      !read.body.includes('Ändra status') && !read.body.includes('Dela ärendet'),
      'no owner controls',
    );
    assert.equal((await peter.get(page)).statusCode, 200);
    assert.equal(
      (await peter.post(`${page}/anteckning`, { note: 'Hållplatsen flyttas i maj' })).statusCode,
      303,
    );
    assert.equal((await peter.post(`${page}/ta`)).statusCode, 403);
    assert.equal(
      (await peter.post(`${page}/dela`, { unitId: units.school, reason: 'x', endsOn: inDays(1) })).statusCode,
      403,
    );
    assert.equal((await peter.postMultipart(`${page}/meddelanden`, { body: 'Hej' }, [])).statusCode, 403);
    assert.equal((await ulla.get(page)).statusCode, 404, 'a lead of an unshared unit still finds nothing');

    const [first] = await eventsOf(reference, 'caseShared');
    assert.equal(first?.visibility, 'internal');
    assert.equal(first?.data.text, reason);
    assert.equal(
      (await eventsOf(reference, 'sharedCaseRead')).length,
      1,
      'the first read is in the history, once',
    );
    const audit = await auditOf(reference);
    const sharedEntry = audit.find((entry) => entry.action === 'case.shared');
    assert.equal(sharedEntry?.actorName, 'Karin Berg');
    assert.equal(sharedEntry?.details.reason, reason);
    assert.equal(sharedEntry?.details.unitId, units.streets);
    assert.equal(sharedEntry?.details.endsOn, inDays(30));
    const peters = audit.filter((entry) => entry.actorName === 'Peter Ek');
    assert.deepEqual(
      peters.map((entry) => entry.action),
      ['case.read', 'case.read', 'case.note'],
    );
    assert.ok(
      peters.every((entry) => entry.details.sharedWithUnitId === units.streets),
      'marked as through the share',
    );

    const shareId = String(first?.data.shareId);
    const revoked = await karin.post(`${page}/delning/${shareId}/aterkalla`);
    assert.equal(revoked.headers.location, `${page}?klart=aterkallat`);
    assert.equal((await peter.get(page)).statusCode, 404);
    assert.ok(!(await peter.get(`/${tenant.slug}/handlaggning/`)).body.includes(reference));
    assert.match((await karin.get(page)).body, /Delningen med Gatuenheten återkallades av Karin Berg/);
    assert.equal(
      (await karin.post(`${page}/delning/${shareId}/aterkalla`)).statusCode,
      404,
      'nothing left to revoke',
    );
    const actions = (await auditOf(reference)).map((entry) => entry.action);
    assert.equal(actions.filter((action) => action === 'case.shareRevoked').length, 1);
    assert.equal((await eventsOf(reference, 'shareRevoked')).length, 1);
  });

  test('a share ends after its last day', async () => {
    const { tenant, units, karin, peter, anna } = await scene();
    const reference = await submitWithSpecialNeeds(anna, tenant);
    await share(karin, tenant, reference, { unitId: units.streets, reason: 'Hållplatsen', endsOn: today() });
    assert.equal((await peter.get(caseUrl(tenant, reference))).statusCode, 200, 'shared through today');
    await t.database.db
      .updateTable('caseShare')
      .set({ sharedAt: new Date(Date.now() - 3_600_000), endsAt: new Date(Date.now() - 1000) })
      .where('caseId', '=', await caseIdOf(reference))
      .execute();
    assert.equal((await peter.get(caseUrl(tenant, reference))).statusCode, 404);
    assert.ok(!(await peter.get(`/${tenant.slug}/handlaggning/`)).body.includes(reference));
    assert.match((await karin.get(caseUrl(tenant, reference))).body, /Delningen med Gatuenheten upphörde/);
  });

  test('the share form refuses each field with a Swedish error beside it and in the summary', async () => {
    const { tenant, units, karin, anna } = await scene();
    const reference = await submitWithSpecialNeeds(anna, tenant);
    const empty = await share(karin, tenant, reference, { unitId: '', reason: ' ', endsOn: '' });
    assert.equal(empty.statusCode, 400);
    assert.match(empty.body, /class="error-summary"/);
    for (const message of [
      'Välj vilken enhet ärendet ska delas med',
      'Skriv varför ärendet delas',
      'Skriv till och med vilket datum ärendet ska vara delat',
    ]) {
      assert.equal(
        empty.body.split(message).length - 1,
        2,
        `“${message}” in the summary and beside the field`,
      );
    }
    assert.match(
      empty.body,
      /id="share-reason"[^>]*aria-invalid="true"|aria-invalid="true"[^>]*id="share-reason"/,
    );
    const refusals: [Record<string, string>, string][] = [
      [{ unitId: units.school, reason: 'x', endsOn: inDays(1) }, 'Välj en annan av kommunens enheter'],
      [{ unitId: units.streets, reason: 'x', endsOn: inDays(-1) }, 'Datumet har redan passerat'],
      [{ unitId: units.streets, reason: 'x', endsOn: inDays(SHARE_MAX_DAYS + 1) }, 'högst ett år i taget'],
      [{ unitId: units.streets, reason: 'x', endsOn: '2026-02-30' }, 'Skriv datumet som år-månad-dag'],
      [{ unitId: units.streets, reason: 'x'.repeat(1001), endsOn: inDays(1) }, 'högst 1 000 tecken'],
    ];
    for (const [body, message] of refusals) {
      const refused = await share(karin, tenant, reference, body);
      assert.equal(refused.statusCode, 400, message);
      assert.ok(refused.body.includes(message), message);
    }
    assert.equal(
      (await share(karin, tenant, reference, { unitId: units.streets, reason: 'x', endsOn: inDays(1) }))
        .statusCode,
      303,
    );
    const twice = await share(karin, tenant, reference, {
      unitId: units.streets,
      reason: 'y',
      endsOn: inDays(2),
    });
    assert.match(twice.body, /Ärendet är redan delat med enheten/);
    const actions = (await auditOf(reference)).map((entry) => entry.action);
    assert.equal(
      actions.filter((action) => action === 'case.shared').length,
      1,
      'refused shares leave no trace',
    );
  });

  test('share rules as a table', () => {
    const context = {
      today: '2026-05-10',
      unitIds: new Set(['a', 'b']),
      ownerUnitId: 'a',
      sharedWith: new Set<string>(),
    };
    const errors = (input: { unitId: string; reason: string; endsOn: string }, extra = {}) => {
      const result = checkShare(input, { ...context, ...extra });
      return 'errors' in result ? result.errors.map((error) => error.message) : [];
    };
    assert.deepEqual(
      errors({ unitId: 'b', reason: ' skäl ', endsOn: '2026-05-10' }),
      [],
      'today is the last day',
    );
    assert.deepEqual(errors({ unitId: 'b', reason: 'r', endsOn: '2027-05-11' }), [], '366 days ahead');
    assert.deepEqual(errors({ unitId: 'b', reason: 'r', endsOn: '2027-05-12' }), ['shareEndTooLate']);
    assert.deepEqual(errors({ unitId: 'b', reason: 'r', endsOn: '2026-05-09' }), ['shareEndPast']);
    assert.deepEqual(errors({ unitId: 'c', reason: 'r', endsOn: '2026-06-01' }), ['shareUnitUnknown']);
    assert.deepEqual(errors({ unitId: 'b', reason: 'r', endsOn: '2026-6-1' }), ['shareEndInvalid']);
    assert.deepEqual(
      errors({ unitId: 'b', reason: 'r', endsOn: '2026-06-01' }, { sharedWith: new Set(['b']) }),
      ['shareUnitAlreadyShared'],
    );
  });
});

describe('protected answers', () => {
  test('a level-3 answer is not in an officer’s page until revealed with a reason; the resident sees it', async () => {
    const { tenant, units, karin, johan, peter, anna } = await scene();
    const reference = await submitWithSpecialNeeds(anna, tenant);
    const page = caseUrl(tenant, reference);
    const before = (await karin.get(page)).body;
    assert.ok(!before.includes(SPECIAL_NEEDS), 'masked before the reveal');
    assert.match(before, /Skyddad uppgift – visa/);

    const refused = await karin.post(`${page}/visa`, { fieldId: 'specialNeeds', reason: '  ' });
    assert.equal(refused.statusCode, 400);
    assert.equal(
      refused.body.split('Skriv varför du behöver se uppgiften').length - 1,
      2,
      'summary and field',
    );
    assert.ok(!refused.body.includes(SPECIAL_NEEDS));
    assert.equal((await karin.post(`${page}/visa`, { fieldId: 'childName', reason: 'x' })).statusCode, 400);
    assert.ok(!(await auditOf(reference)).some((entry) => entry.action === 'case.fieldRevealed'));

    const revealed = await karin.post(`${page}/visa`, {
      fieldId: 'specialNeeds',
      reason: 'Beställa rätt fordon',
    });
    assert.equal(revealed.headers.location, `${page}?klart=visad#svar-specialNeeds`);
    const after = (await karin.get(page)).body;
    assert.ok(after.includes(SPECIAL_NEEDS), 'shown after the reveal');
    assert.match(after, /Skyddad uppgift, visas för dig till/);
    const entries = (await auditOf(reference)).filter((entry) => entry.action === 'case.fieldRevealed');
    assert.deepEqual(
      entries.map((entry) => entry.details),
      [{ fieldId: 'specialNeeds', reason: 'Beställa rätt fordon' }],
    );
    assert.ok(
      !JSON.stringify(await auditOf(reference)).includes(SPECIAL_NEEDS),
      'the log never holds the value',
    );
    assert.ok(
      !(await johan.get(page)).body.includes(SPECIAL_NEEDS),
      'a reveal is the revealing officer’s own',
    );

    await t.database.db
      .updateTable('caseFieldReveal')
      .set({ revealedAt: new Date(Date.now() - 3_600_000), expiresAt: new Date(Date.now() - 1000) })
      .where('caseId', '=', await caseIdOf(reference))
      .execute();
    assert.ok(!(await karin.get(page)).body.includes(SPECIAL_NEEDS), 'masked again once the reveal expires');

    await share(karin, tenant, reference, {
      unitId: units.streets,
      reason: 'Hållplatsen',
      endsOn: inDays(7),
    });
    assert.ok(!(await peter.get(page)).body.includes(SPECIAL_NEEDS), 'masked for the shared unit');
    await peter.post(`${page}/visa`, { fieldId: 'specialNeeds', reason: 'Hållplatsens utformning' });
    assert.ok((await peter.get(page)).body.includes(SPECIAL_NEEDS));

    const mine = await anna.get(`/mina-sidor/arenden/${reference}`);
    assert.equal(mine.statusCode, 200);
    assert.ok(mine.body.includes(SPECIAL_NEEDS), 'the resident sees her own answer');
  });

  test('a protected file is listed and downloaded only after its field is revealed', async () => {
    const { tenant, karin, anna } = await scene();
    const reference = await submitWithCertificate(anna, tenant);
    const page = caseUrl(tenant, reference);
    const file = await t.database.db
      .selectFrom('attachment')
      .select('id')
      .where('caseId', '=', await caseIdOf(reference))
      .executeTakeFirstOrThrow();
    const before = (await karin.get(page)).body;
    assert.ok(!before.includes(CERTIFICATE) && !before.includes(file.id), 'neither name nor link');
    assert.match(before, /Filer som hör till skyddade uppgifter visas när du har visat uppgiften: 1/);
    assert.equal((await karin.get(`${page}/bilagor/${file.id}`)).statusCode, 404);
    await karin.post(`${page}/visa`, { fieldId: 'medicalCertificate', reason: 'Bedöma behovet' });
    assert.ok((await karin.get(page)).body.includes(CERTIFICATE));
    const download = await karin.get(`${page}/bilagor/${file.id}`);
    assert.equal(download.statusCode, 200);
    assert.deepEqual(download.rawPayload, TINY_PNG);
  });

  test('API clients read protected answers and files only with cases:protected', async () => {
    const { tenant, units, anna } = await scene();
    const lena = await staffClient(t, tenant, LENA, 'admin', []);
    const reference = await submitWithCertificate(anna, tenant);
    const register = async (scopes: string[]) =>
      (
        await t.app.services.apiClients.register(lena.actor, {
          name: 'System',
          scopes,
          unitIds: [units.school],
          serviceIds: [],
        })
      ).secret;
    const plain = await register(['cases:read']);
    const trusted = await register(['cases:read', 'cases:protected']);
    const get = (secret: string, path = '') =>
      t.app.inject({ url: `/api/v1/cases/${reference}${path}`, headers: { 'x-api-key': secret } });
    const masked = (await get(plain)).json();
    assert.equal(masked.answers.disabilityDescription, undefined);
    assert.equal(masked.answers.medicalCertificate, undefined);
    assert.deepEqual(masked.protectedAnswers, ['disabilityDescription', 'medicalCertificate']);
    assert.deepEqual(masked.attachments, []);
    const full = (await get(trusted)).json();
    assert.equal(full.answers.disabilityDescription, 'Kan gå högst 50 meter');
    assert.deepEqual(full.protectedAnswers, []);
    const [attachment] = full.attachments;
    assert.equal(attachment?.filename, CERTIFICATE);
    assert.equal((await get(plain, `/attachments/${attachment.id}`)).statusCode, 404);
    assert.equal((await get(trusted, `/attachments/${attachment.id}`)).statusCode, 200);
  });

  test('API masking of a completion’s earlier answers, as a function', () => {
    const event = {
      id: '1',
      data: { stepIds: ['need'], previousAnswers: { specialNeeds: 'x', grade: '3' } },
    };
    assert.deepEqual(protectEvent(['specialNeeds'], event).data.previousAnswers, { grade: '3' });
    assert.equal(protectEvent([], event), event);
    const shown = protectForClient(['specialNeeds'], { specialNeeds: 'x', grade: '3' }, [
      { fieldId: 'specialNeeds' },
    ]);
    assert.deepEqual(shown, { answers: { grade: '3' }, attachments: [], protectedAnswers: ['specialNeeds'] });
  });
});
