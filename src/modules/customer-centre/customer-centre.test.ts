/**
 * The customer centre over HTTP (issue #13): the look-up is audited, the overview shows summaries
 * only and a confidential service only its unit, registering on someone's behalf needs channel,
 * identification and consent, the person created then logs in through the dev IdP and finds the
 * case on My Pages, closed contacts count in the statistics, and another tenant stays apart.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Tenant } from '../../platform/tenancy/tenant-service.ts';
import { createTestApp, type TestApp } from '../../test-support/app.ts';
import { loginAs } from '../../test-support/browser-like.ts';
import { ANNA, createTestTenant, residentClient } from '../../test-support/fixtures.ts';
import {
  createTestUnits,
  KARIN,
  type StaffClient,
  staffClient,
  submitSchoolTransport,
} from '../../test-support/staff.ts';

let t: TestApp;
before(async () => {
  t = await createTestApp();
});
after(() => t.close());

const SARA = { personalIdentityNumber: '199001022384', givenName: 'Sara', familyName: 'Holm' };
const MARGIT = '193801029202';

/** A tenant with school transport, färdtjänst (confidential) and fault reports, its units and Sara. */
async function scene() {
  const tenant = await createTestTenant(t, ['skolskjuts', 'fardtjanst', 'felanmalan']);
  const units = await createTestUnits(t, tenant);
  const organisation = t.app.services.organisation;
  const mobility = await organisation.ensureUnit(tenant.id, 'Färdtjänstenheten');
  const fardtjanst = await t.app.services.catalogue.liveService(tenant.id, 'fardtjanst');
  await organisation.seedServiceUnit(tenant.id, fardtjanst.serviceId, mobility);
  const centre = await organisation.ensureUnit(tenant.id, 'Kundcenter');
  const sara = await staffClient(t, tenant, SARA, 'customerCentre', [centre]);
  return { tenant, units, sara, fardtjanst };
}

const centrePath = (tenant: Tenant, rest = '') => `/${tenant.slug}/handlaggning/kundcenter${rest}`;

/** Färdtjänst answers as the one-page form posts them (no certificate, so no file). */
const FARDTJANST_FORM = {
  disabilityDescription: 'Svårt att gå längre sträckor efter en höftoperation.',
  disabilityDuration: 'permanent',
  usesMobilityAids: 'no',
  canTravelByBus: 'no',
  needsCompanion: 'no',
  hasMedicalCertificate: 'no',
  phone: '070-123 45 67',
  'address.street': 'Storgatan 9',
  'address.postalCode': '123 45',
  'address.city': 'Exempelstad',
  hasRepresentative: 'no',
};

test('the look-up is audited; the overview shows summaries, never answers, and a confidential case only its unit', async () => {
  const { tenant, sara, fardtjanst } = await scene();
  const anna = await residentClient(t, ANNA);
  const schoolCase = await submitSchoolTransport(anna, tenant, 'Elsa');
  const secret = await t.app.services.cases.openCase({
    tenant,
    serviceVersionId: fardtjanst.version.id,
    answers: {
      disabilityDescription: 'Hemlig hälsouppgift',
      disabilityDuration: 'permanent',
      usesMobilityAids: false,
      canTravelByBus: 'no',
      needsCompanion: false,
      hasMedicalCertificate: false,
      phone: '070-123 45 67',
      address: { street: 'Storgatan 1', postalCode: '12345', city: 'Exempelstad' },
      hasRepresentative: false,
    },
    applicant: { kind: 'person', ...ANNA },
    channel: { channel: 'web' },
    registeredBy: { kind: 'resident', id: anna.personId },
  });
  // Anna's case in another municipality is never shown here.
  const other = await createTestTenant(t, ['skolskjuts']);
  await createTestUnits(t, other);
  const otherCase = await submitSchoolTransport(anna, other, 'Leo');

  const invalid = await sara.post(centrePath(tenant, '/sok'), { personalIdentityNumber: '19850101-2383' });
  assert.equal(invalid.statusCode, 400);
  assert.match(invalid.body, /Ange ett giltigt personnummer/);
  assert.match(invalid.body, /class="error-summary"/);

  const found = await sara.post(centrePath(tenant, '/sok'), { personalIdentityNumber: '850101-2382' });
  assert.equal(found.statusCode, 303);
  assert.equal(found.headers.location, centrePath(tenant, `/personer/${anna.personId}`));
  const page = await sara.get(String(found.headers.location));
  assert.equal(page.statusCode, 200);
  assert.match(page.body, new RegExp(schoolCase));
  assert.match(page.body, /Skolskjutsenheten/);
  assert.doesNotMatch(page.body, /Elsa|sjoviksskolan|Storgatan/, 'no answers');
  const table = page.body.slice(page.body.indexOf('<table'), page.body.indexOf('</table>'));
  assert.doesNotMatch(table, new RegExp(`${secret.reference}|Ansökan om färdtjänst|Hemlig`), 'confidential');
  assert.match(page.body, /Ärende med sekretess/);
  assert.match(page.body, /Hänvisa personen till Färdtjänstenheten/);
  assert.doesNotMatch(page.body, new RegExp(otherCase), 'another tenant');

  const audit = await t.database.db
    .selectFrom('auditLog')
    .select(['action', 'actorStaffId', 'subjectPersonId'])
    .where('tenantId', '=', tenant.id)
    .where('action', 'like', 'customerCentre.%')
    .orderBy('id')
    .execute();
  assert.deepEqual(
    audit.map((row) => [row.action, row.actorStaffId, row.subjectPersonId]),
    [
      ['customerCentre.personLookedUp', sara.actor.staffId, anna.personId],
      ['customerCentre.casesRead', sara.actor.staffId, anna.personId],
    ],
  );

  // The officer's case page stays closed to the customer centre (404: existence not revealed).
  assert.equal((await sara.get(`/${tenant.slug}/handlaggning/arenden/${schoolCase}`)).statusCode, 404);
  // A resident has no way in: the back office sends them to the staff login.
  const resident = await anna.get(centrePath(tenant));
  assert.equal(resident.statusCode, 303);
  assert.match(String(resident.headers.location), /^\/handlaggning\/logga-in/);
});

async function registerFor(sara: StaffClient, tenant: Tenant, extra: Record<string, string>) {
  return sara.post(centrePath(tenant, '/registrera/fardtjanst'), {
    ...FARDTJANST_FORM,
    ccPin: '19380102-9202',
    ccGivenName: 'Margit',
    ccFamilyName: 'Lindqvist',
    ccChannel: 'phone',
    ccIdentification: 'knownToStaff',
    ...extra,
  });
}

test('no e-service is chosen beforehand; continuing without one shows the error at the choice', async () => {
  const { tenant, sara } = await scene();
  const anna = await residentClient(t, ANNA);
  const choiceOf = (body: string) => body.slice(body.indexOf('<fieldset'), body.indexOf('</fieldset>'));
  const person = await sara.get(centrePath(tenant, `/personer/${anna.personId}`));
  assert.match(choiceOf(person.body), /name="tjanst" value="fardtjanst"/);
  assert.doesNotMatch(choiceOf(person.body), /checked/, 'nothing chosen beforehand');
  assert.doesNotMatch(person.body, /error-summary/);
  const shows = (body: string) => {
    assert.match(body, /class="error-summary"/);
    assert.match(body, /<a href="#tjanst">Välj vilken e-tjänst ärendet gäller<\/a>/);
    assert.match(choiceOf(body), /Välj vilken e-tjänst ärendet gäller/, 'next to the choice too');
  };

  // For a person found: the choice is a GET form; its button tells an empty choice from a first visit.
  const empty = await sara.get(centrePath(tenant, `/registrera?person=${anna.personId}&steg=tjanst`));
  assert.equal(empty.statusCode, 400);
  shows(empty.body);
  assert.match(empty.body, /<h1>Anna Andersson<\/h1>/, 'the person’s page again');
  // For no one: the page of the choice alone, without an error until it is submitted.
  const first = await sara.get(centrePath(tenant, '/registrera'));
  assert.equal(first.statusCode, 200);
  assert.doesNotMatch(first.body, /error-summary/);
  assert.match(first.body, /name="steg" value="tjanst"/);
  shows((await sara.get(centrePath(tenant, '/registrera?steg=tjanst'))).body);
  // For a personnummer nobody has: the look-up's answer again, the number kept in the form.
  const unknown = await sara.post(centrePath(tenant, '/registrera'), {
    ccPin: MARGIT,
    tjanst: '',
    steg: 'tjanst',
  });
  if (unknown.statusCode === 303) {
    // On a shared PostgreSQL database Margit may exist already: then her page is where to choose.
    assert.match(String(unknown.headers.location), /\/personer\/[0-9a-f-]{36}$/);
  } else {
    assert.equal(unknown.statusCode, 400);
    shows(unknown.body);
    assert.match(unknown.body, new RegExp(`name="ccPin" value="${MARGIT}"`));
  }
  const garbage = await sara.post(centrePath(tenant, '/registrera'), { ccPin: '12345', tjanst: '' });
  assert.equal(garbage.statusCode, 400);
  assert.match(garbage.body, /Ange ett giltigt personnummer/);
  assert.equal(
    (await t.database.db.selectFrom('case').select('id').where('tenantId', '=', tenant.id).execute()).length,
    0,
    'nothing registered',
  );
});

test('a phone case registered for someone who never logged in is on their My Pages after an e-ID login', async () => {
  const { tenant, sara } = await scene();
  // Persons are installation-wide: on a shared PostgreSQL test database another file (or an earlier
  // run) may have logged Margit in already; on the fresh embedded one she has never been seen.
  const known = await t.app.services.profile.personByNumber(MARGIT);
  const lookup = await sara.post(centrePath(tenant, '/sok'), { personalIdentityNumber: MARGIT });
  assert.equal(lookup.statusCode, known ? 303 : 200);
  if (!known) assert.match(lookup.body, /Personen finns inte ännu/);
  const form = await sara.post(centrePath(tenant, '/registrera'), { ccPin: MARGIT, tjanst: 'fardtjanst' });
  assert.equal(form.statusCode, 200);
  assert.match(form.body, new RegExp(`value="${MARGIT}"`));

  const countCases = async () =>
    (await t.database.db.selectFrom('case').select('id').where('tenantId', '=', tenant.id).execute()).length;
  const refused = await registerFor(sara, tenant, { ccChannel: '', disabilityDuration: '' });
  assert.equal(refused.statusCode, 400);
  assert.match(refused.body, /Personen måste samtycka innan du registrerar ärendet/);
  assert.match(refused.body, /Välj hur personen kontaktade kundcenter/);
  assert.match(refused.body, /href="#disabilityDuration"/, 'the service’s own error is in the summary');
  assert.equal(await countCases(), 0, 'nothing written');

  const done = await registerFor(sara, tenant, { ccConsent: 'yes' });
  assert.equal(done.statusCode, 303, done.body.slice(0, 500));
  const reference = new URL(String(done.headers.location), 'http://x').searchParams.get('arende') ?? '';
  assert.match(reference, /^[A-Z]+-\d{4}-\d{6}$/);
  const receipt = await sara.get(String(done.headers.location));
  assert.match(receipt.body, new RegExp(`Ärendenummer: ${reference}`));

  const row = await t.app.services.cases.caseRow(reference);
  assert.equal(row?.channel, 'customerCentre');
  assert.equal(row?.channelDetail, 'phone');
  assert.equal(row?.registeredByKind, 'staff');
  assert.equal(row?.registeredByLabel, 'Sara Holm');
  const first = await t.database.db
    .selectFrom('caseEvent')
    .select('data')
    .where('caseId', '=', row?.id ?? '')
    .orderBy('id')
    .executeTakeFirstOrThrow();
  assert.equal(first.data.identification, 'knownToStaff');
  assert.equal(first.data.consent, true);

  // Margit logs in with e-ID (the development IdP) for the first time: the same person, her case.
  const browser = await loginAs(t.app, MARGIT, 'loa3', { returnTo: '/mina-sidor' });
  const myPages = await browser.get('/mina-sidor');
  assert.equal(myPages.statusCode, 200);
  assert.match(myPages.body, new RegExp(reference));
  const persons = await t.database.db
    .selectFrom('person')
    .select('id')
    .where('personalIdentityNumberHash', '=', t.app.services.protection.lookupHash(MARGIT))
    .execute();
  assert.equal(persons.length, 1);
  assert.equal(persons[0]?.id, row?.applicantPersonId);
});

test('contacts closed without a case count per channel and category; another tenant sees none', async () => {
  const { tenant, sara } = await scene();
  const empty = await sara.post(centrePath(tenant, '/kontakt'), {});
  assert.equal(empty.statusCode, 400);
  assert.match(empty.body, /Välj hur personen kontaktade kundcenter/);
  assert.match(empty.body, /Välj vad frågan gällde/);
  for (const contact of [
    { channel: 'phone', category: 'barn-och-skola', outcome: 'answeredFromKnowledgeBase' },
    { channel: 'phone', category: 'barn-och-skola', outcome: 'referredToEService' },
    { channel: 'visit', category: 'other', outcome: 'referredToOtherAuthority' },
  ]) {
    const closed = await sara.post(centrePath(tenant, '/kontakt'), contact);
    assert.equal(closed.statusCode, 303);
  }
  assert.equal((await registerFor(sara, tenant, { ccConsent: 'yes', ccChannel: 'letter' })).statusCode, 303);

  const statistics = await t.app.services.customerCentre.statistics(sara.actor);
  const cells = statistics.figures.map((row) => [row.channel, row.category, row.closed, row.registered]);
  assert.deepEqual(cells, [
    ['phone', 'barn-och-skola', 2, 0],
    ['visit', 'other', 1, 0],
    ['letter', 'other', 0, 1],
  ]);
  const admin = await staffClient(
    t,
    tenant,
    { personalIdentityNumber: '199401012381', givenName: 'Lena', familyName: 'Strand' },
    'admin',
    [],
  );
  const page = await admin.get(centrePath(tenant, '/statistik'));
  assert.equal(page.statusCode, 200);
  assert.match(page.body, /Barn och skola/);
  assert.match(page.body, /Besvarad med Frågor och svar/);
  const karin = await staffClient(t, tenant, KARIN, 'officer', []);
  assert.equal((await karin.get(centrePath(tenant, '/statistik'))).statusCode, 403);

  const other = await scene();
  const elsewhere = await t.app.services.customerCentre.statistics(other.sara.actor);
  assert.deepEqual(elsewhere.figures, []);
});
