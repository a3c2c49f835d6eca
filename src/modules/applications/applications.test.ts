/**
 * Integration tests: filling in, uploading, submitting and resubmitting through HTTP (app.inject),
 * the one-statement submit, and the English resident pages. Also completion (komplettering), the
 * resident's side: reopen the requested steps, answer, resubmit (files included), refusals and who
 * may complete.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { after, before, describe, test } from 'node:test';
import type { Tenant } from '../../platform/tenancy/tenant-service.ts';
import { createTestApp, type TestApp } from '../../test-support/app.ts';
import { TestClient, TINY_PNG } from '../../test-support/client.ts';
import { ANNA, createTestTenant, ERIK, residentClient } from '../../test-support/fixtures.ts';
import {
  createTestUnits,
  fillSchoolTransport,
  KARIN,
  PETER,
  staffClient,
  submitSchoolTransport,
} from '../../test-support/staff.ts';

let t: TestApp;
before(async () => {
  t = await createTestApp();
});
after(() => t.close());

/** Starts an e-service and returns the URL of its first step. */
async function start(client: TestClient, tenant: Tenant, service: string): Promise<string> {
  await client.get(`/${tenant.slug}/e-tjanster/${service}`);
  const response = await client.post(`/${tenant.slug}/e-tjanster/${service}/starta`);
  assert.equal(response.statusCode, 303, response.body);
  return String(response.headers.location);
}

const draftBase = (stepUrl: string) => stepUrl.replace(/\/steg\/[^/]+$/, '');

/** Fills in Felanmälan anonymously up to the check page; returns the draft's base URL. */
async function fillFaultReport(client: TestClient, tenant: Tenant, withPhoto = true): Promise<string> {
  const first = await start(client, tenant, 'felanmalan');
  const base = draftBase(first);
  let response = await client.post(`${base}/steg/what`, {
    category: 'street-lighting',
    description: 'Lampan vid busshållplatsen är trasig.',
  });
  assert.equal(response.headers.location, `${base}/steg/where`);
  await client.get(`${base}/steg/where`);
  response = withPhoto
    ? await client.postMultipart(`${base}/steg/where`, { 'location.address': 'Storgatan 12' }, [
        { field: 'photos', filename: 'lampa.png', contentType: 'image/png', content: TINY_PNG },
      ])
    : await client.post(`${base}/steg/where`, { 'location.address': 'Storgatan 12' });
  assert.equal(response.statusCode, 303, response.body);
  response = await client.post(`${base}/steg/contact`, { wantsContact: 'no' });
  assert.equal(response.headers.location, `${base}/granska`);
  return base;
}

async function casesOfTenant(tenant: Tenant) {
  return t.database.db.selectFrom('case').selectAll().where('tenantId', '=', tenant.id).execute();
}

describe('submitting an e-service', () => {
  test('an anonymous fault report becomes a case with history, outbox entry and its photo', async () => {
    const tenant = await createTestTenant(t, ['felanmalan']);
    const client = new TestClient(t.app);
    const base = await fillFaultReport(client, tenant);
    const check = await client.get(`${base}/granska`);
    assert.match(check.body, /Kontrollera dina svar/);
    assert.match(check.body, /Storgatan 12/);
    assert.match(check.body, /lampa\.png/);
    const submitted = await client.post(`${base}/skicka`);
    assert.equal(submitted.headers.location, `${base}/kvitto`);
    const receipt = await client.get(`${base}/kvitto`);
    const reference = /([A-Z]+-\d{4}-\d{6})/.exec(receipt.body)?.[1];
    assert.equal(
      reference,
      `${tenant.referencePrefix}-2026-000001`.replace('2026', String(new Date().getFullYear())),
    );
    const [created] = await casesOfTenant(tenant);
    assert.ok(created);
    assert.equal(created.reference, reference);
    assert.equal(created.applicantPersonId, null);
    const events = await t.database.db
      .selectFrom('caseEvent')
      .selectAll()
      .where('caseId', '=', created.id)
      .execute();
    assert.deepEqual(
      events.map((event) => event.type),
      ['submitted'],
    );
    const outbox = await t.database.db
      .selectFrom('outbox')
      .selectAll()
      .where('tenantId', '=', tenant.id)
      .execute();
    assert.equal(outbox.length, 1);
    assert.equal(outbox[0]?.topic, 'case.submitted');
    const files = await t.database.db
      .selectFrom('attachment')
      .selectAll()
      .where('caseId', '=', created.id)
      .execute();
    assert.equal(files.length, 1);
    assert.equal(files[0]?.contentType, 'image/png');
    const pdf = await client.get(`${base}/kvitto.pdf`);
    assert.equal(pdf.headers['content-type'], 'application/pdf');
    assert.equal(pdf.rawPayload.subarray(0, 4).toString(), '%PDF');
  });

  test('submitting the same draft twice returns the same case, never a second one', async () => {
    const tenant = await createTestTenant(t, ['felanmalan']);
    const client = new TestClient(t.app);
    const base = await fillFaultReport(client, tenant, false);
    const first = await client.post(`${base}/skicka`);
    const second = await client.post(`${base}/skicka`);
    assert.equal(first.headers.location, `${base}/kvitto`);
    assert.equal(second.headers.location, `${base}/kvitto`);
    assert.equal((await casesOfTenant(tenant)).length, 1);
  });

  test('the same draft submitted concurrently yields one case', async () => {
    const tenant = await createTestTenant(t, ['felanmalan']);
    const client = new TestClient(t.app);
    const base = await fillFaultReport(client, tenant, false);
    const responses = await Promise.all(Array.from({ length: 8 }, () => client.post(`${base}/skicka`)));
    for (const response of responses) assert.equal(response.statusCode, 303, response.body);
    assert.equal((await casesOfTenant(tenant)).length, 1);
  });

  test('concurrent submissions get distinct, gap-free references', async () => {
    const tenant = await createTestTenant(t, ['felanmalan']);
    const clients = Array.from({ length: 6 }, () => new TestClient(t.app));
    const bases: string[] = [];
    for (const client of clients) bases.push(await fillFaultReport(client, tenant, false));
    await Promise.all(clients.map((client, index) => client.post(`${bases[index]}/skicka`)));
    const references = (await casesOfTenant(tenant)).map((c) => c.reference).sort();
    const year = new Date().getFullYear();
    assert.deepEqual(
      references,
      [1, 2, 3, 4, 5, 6].map((n) => `${tenant.referencePrefix}-${year}-00000${n}`),
    );
  });

  test('invalid answers are refused with Swedish messages next to the field and in the summary, input kept', async () => {
    const tenant = await createTestTenant(t, ['skolskjuts']);
    const anna = await residentClient(t, ANNA);
    const first = await start(anna, tenant, 'skolskjuts');
    const response = await anna.post(first, {
      childPersonalIdentityNumber: '201601022386',
      childName: 'Elsa',
      school: 'nope',
      grade: '3',
    });
    assert.equal(response.statusCode, 400);
    assert.match(response.body, /class="error-summary"/);
    assert.match(response.body, /href="#childPersonalIdentityNumber"/);
    assert.match(response.body, /id="childPersonalIdentityNumber-error"/);
    assert.match(response.body, /Personnumret/);
    assert.match(response.body, /value="201601022386"/, 'the typed value is shown again');
    assert.match(response.body, /<title>Fel: /);
  });

  test('submit validates again on the server: an incomplete draft cannot be submitted', async () => {
    const tenant = await createTestTenant(t, ['felanmalan']);
    const client = new TestClient(t.app);
    const base = draftBase(await start(client, tenant, 'felanmalan'));
    await client.get(`${base}/granska`);
    const response = await client.post(`${base}/skicka`);
    assert.equal(response.statusCode, 400);
    assert.match(response.body, /error-summary/);
    assert.equal((await casesOfTenant(tenant)).length, 0);
  });

  test('a refused upload (wrong type) is reported on the field and not stored', async () => {
    const tenant = await createTestTenant(t, ['felanmalan']);
    const client = new TestClient(t.app);
    const base = draftBase(await start(client, tenant, 'felanmalan'));
    await client.post(`${base}/steg/what`, { category: 'graffiti', description: 'Klotter på muren' });
    const response = await client.postMultipart(`${base}/steg/where`, { 'location.address': 'Parkvägen 3' }, [
      {
        field: 'photos',
        filename: 'virus.png',
        contentType: 'image/png',
        content: Buffer.from('MZ not really a png'),
      },
    ]);
    assert.equal(response.statusCode, 400);
    assert.match(response.body, /virus\.png/);
    const stored = await t.database.db
      .selectFrom('attachment')
      .selectAll()
      .where('tenantId', '=', tenant.id)
      .execute();
    assert.equal(stored.length, 0);
  });

  test('a file over the field’s size limit is refused with a Swedish message and nothing is stored', async () => {
    const tenant = await createTestTenant(t, ['felanmalan']);
    const client = new TestClient(t.app);
    const base = draftBase(await start(client, tenant, 'felanmalan'));
    await client.post(`${base}/steg/what`, { category: 'graffiti', description: 'Klotter på muren' });
    const tooLarge = Buffer.concat([TINY_PNG, Buffer.alloc(10 * 1024 * 1024)]);
    const response = await client.postMultipart(`${base}/steg/where`, { 'location.address': 'Parkvägen 3' }, [
      { field: 'photos', filename: 'stor.png', contentType: 'image/png', content: tooLarge },
    ]);
    assert.equal(response.statusCode, 400);
    assert.match(response.body, /Filen ”stor\.png” är för stor/);
    assert.match(response.body, /value="Parkvägen 3"/, 'the other answers on the page are kept');
    const stored = await t.database.db
      .selectFrom('attachment')
      .selectAll()
      .where('tenantId', '=', tenant.id)
      .execute();
    assert.equal(stored.length, 0);
    assert.deepEqual(
      fs.readdirSync(t.filesDir, { recursive: true }).filter((name) => String(name).endsWith('.part')),
      [],
    );
  });

  test('a multipart post without the CSRF token first is refused and nothing is stored', async () => {
    const tenant = await createTestTenant(t, ['felanmalan']);
    const client = new TestClient(t.app);
    const base = draftBase(await start(client, tenant, 'felanmalan'));
    const response = await client.postMultipart(`${base}/steg/where`, { _csrf: 'forged' }, [
      { field: 'photos', filename: 'a.png', contentType: 'image/png', content: TINY_PNG },
    ]);
    assert.equal(response.statusCode, 403);
    const stored = await t.database.db
      .selectFrom('attachment')
      .selectAll()
      .where('tenantId', '=', tenant.id)
      .execute();
    assert.equal(stored.length, 0);
  });

  test('a form post without a CSRF token is refused', async () => {
    const tenant = await createTestTenant(t, ['felanmalan']);
    const client = new TestClient(t.app);
    const first = await start(client, tenant, 'felanmalan');
    const response = await client.post(first, { _csrf: '', category: 'graffiti', description: 'x' });
    assert.equal(response.statusCode, 403);
  });
});

describe('login levels', () => {
  test('a service that needs e-ID sends anonymous visitors to login at the right level', async () => {
    const tenant = await createTestTenant(t, ['skolskjuts']);
    const client = new TestClient(t.app);
    await client.get(`/${tenant.slug}/e-tjanster/skolskjuts`);
    const response = await client.post(`/${tenant.slug}/e-tjanster/skolskjuts/starta`);
    assert.equal(response.statusCode, 303);
    const location = new URL(String(response.headers.location), 'http://x');
    assert.equal(location.pathname, '/logga-in');
    assert.equal(location.searchParams.get('niva'), 'loa3');
    assert.equal(location.searchParams.get('tillbaka'), `/${tenant.slug}/e-tjanster/skolskjuts`);
  });

  test('a loa2 login is not enough for a loa3 service', async () => {
    const tenant = await createTestTenant(t, ['skolskjuts']);
    const erik = await residentClient(t, { ...ERIK, level: 'loa2' });
    const response = await erik.post(`/${tenant.slug}/e-tjanster/skolskjuts/starta`);
    const location = new URL(String(response.headers.location), 'http://x');
    assert.equal(location.pathname, '/logga-in');
    assert.equal(location.searchParams.get('niva'), 'loa3');
  });
});

describe('submitting in one statement', () => {
  test('twenty submits of one draft at once make one case, and every answer leads to it', async () => {
    const tenant = await createTestTenant(t, ['skolskjuts']);
    const anna = await residentClient(t, ANNA);
    const { base } = await fillSchoolTransport(anna, tenant);
    const answers = await Promise.all(Array.from({ length: 20 }, () => anna.post(`${base}/skicka`)));
    assert.deepEqual(
      answers.map((answer) => [answer.statusCode, answer.headers.location]),
      answers.map(() => [303, `${base}/kvitto`]),
    );
    const cases = await casesOfTenant(tenant);
    assert.equal(cases.length, 1);
    const counter = await t.database.db
      .selectFrom('caseReferenceCounter')
      .select('lastValue')
      .where('tenantId', '=', tenant.id)
      .executeTakeFirstOrThrow();
    assert.equal(counter.lastValue, 1, 'no reference number taken by the submits that lost');
    const receipt = await anna.get(`${base}/kvitto`);
    assert.match(receipt.body, new RegExp(cases[0]?.reference as string));
  });

  test('a draft changed after it was loaded is submitted with the answers it has now', async () => {
    const tenant = await createTestTenant(t, ['skolskjuts']);
    const anna = await residentClient(t, ANNA);
    const { draftId } = await fillSchoolTransport(anna, tenant, 'Elsa');
    const applications = t.app.services.applications;
    const actor = {
      personId: anna.personId,
      sessionId: null,
      assuranceLevel: 'loa3' as const,
      givenName: 'Anna',
      familyName: 'Andersson',
    };
    const stale = await applications.load(actor, draftId);
    const answers = { ...stale.draft.answers, childName: 'Leo' };
    await applications.saveAnswers(actor, draftId, 'child', answers);
    const { reference } = await applications.submit(actor, draftId, 'sv', stale);
    const cases = await casesOfTenant(tenant);
    assert.deepEqual(
      cases.map((row) => [row.reference, row.draftId, (row.answers as Record<string, unknown>).childName]),
      [[reference, draftId, 'Leo']],
    );
    const again = await applications.submit(actor, draftId, 'sv', stale);
    assert.equal(again.reference, reference, 'a repeated submit returns the same case');
    assert.equal((await casesOfTenant(tenant)).length, 1);
  });

  test('a draft whose answers became invalid after it was loaded is refused, and stays open', async () => {
    const tenant = await createTestTenant(t, ['skolskjuts']);
    const anna = await residentClient(t, ANNA);
    const { draftId } = await fillSchoolTransport(anna, tenant);
    const applications = t.app.services.applications;
    const actor = {
      personId: anna.personId,
      sessionId: null,
      assuranceLevel: 'loa3' as const,
      givenName: 'Anna',
      familyName: 'Andersson',
    };
    const stale = await applications.load(actor, draftId);
    const { childName: _removed, ...answers } = stale.draft.answers;
    await applications.saveAnswers(actor, draftId, 'child', answers);
    await assert.rejects(applications.submit(actor, draftId, 'sv', stale), { code: 'VALIDATION_FAILED' });
    assert.equal((await casesOfTenant(tenant)).length, 0);
    assert.equal((await applications.load(actor, draftId)).draft.status, 'open');
  });
});

describe('English on resident pages', () => {
  test('the language switch keeps the resident’s place and turns the whole step into English', async () => {
    const tenant = await createTestTenant(t, ['felanmalan']);
    const client = new TestClient(t.app);
    await client.get(`/${tenant.slug}/e-tjanster/felanmalan`);
    const step = String((await client.post(`/${tenant.slug}/e-tjanster/felanmalan/starta`)).headers.location);
    const swedish = await client.get(step);
    assert.match(swedish.body, /<html lang="sv">/);
    const switchLink = /href="(\/sprak\/en\?tillbaka=[^"]+)"/
      .exec(swedish.body)?.[1]
      ?.replaceAll('&amp;', '&');
    assert.ok(switchLink);
    const switched = await client.get(switchLink);
    assert.equal(switched.statusCode, 303);
    assert.equal(switched.headers.location, step, 'back to the same page');
    const english = await client.get(step);
    assert.match(english.body, /<html lang="en">/);
    assert.match(english.body, /Step 1 of/);
    assert.match(english.body, /Continue/);
    assert.doesNotMatch(english.body, />Fortsätt</);
    const invalid = await client.post(step, {});
    assert.match(invalid.body, /There is a problem/);
    assert.match(invalid.body, /<title>Error: /);
    assert.doesNotMatch(invalid.body, /Välj vad felet gäller/);
  });

  test('the switch refuses to send anyone off-site', async () => {
    const client = new TestClient(t.app);
    for (const target of ['https://evil.example/', '//evil.example/', '/\\evil.example']) {
      const response = await client.get(`/sprak/en?tillbaka=${encodeURIComponent(target)}`);
      assert.equal(response.headers.location, '/');
    }
    assert.equal((await client.get('/sprak/de?tillbaka=/')).statusCode, 404);
  });
});

const MESSAGE = 'Hur långt är det till skolan? Mät den kortaste vägen.';

/** Anna's school-transport case, taken and in progress, with completion of step `need` requested. */
async function caseAwaitingCompletion() {
  const tenant = await createTestTenant(t, ['skolskjuts']);
  const units = await createTestUnits(t, tenant);
  const karin = await staffClient(t, tenant, KARIN, 'officer', [units.school]);
  const anna = await residentClient(t, ANNA);
  const reference = await submitSchoolTransport(anna, tenant);
  const caseHandling = t.app.services.caseHandling;
  await caseHandling.take(karin.actor, reference);
  await caseHandling.changeStatus(karin.actor, reference, 'inProgress', '');
  await caseHandling.requestCompletion(karin.actor, reference, ['need'], MESSAGE);
  return { tenant, karin, anna, reference, casePage: `/mina-sidor/arenden/${reference}` };
}

async function caseRow(reference: string) {
  return t.database.db
    .selectFrom('case')
    .selectAll()
    .where('reference', '=', reference)
    .executeTakeFirstOrThrow();
}

async function completionRequests(caseId: string) {
  return t.database.db.selectFrom('completionRequest').selectAll().where('caseId', '=', caseId).execute();
}

/** Starts (or resumes) the completion from the case page; returns the draft's base URL and first step. */
async function startCompletion(client: TestClient, casePage: string) {
  await client.get(casePage);
  const started = await client.post(`${casePage}/komplettera`);
  assert.equal(started.statusCode, 303, started.body);
  const location = String(started.headers.location);
  return { location, base: location.replace(/\/(steg\/[^/]+|granska)$/, '') };
}

describe('completion (komplettering)', () => {
  test('the resident reopens the requested step, changes the answer and the case takes it', async () => {
    const { tenant, karin, anna, reference, casePage } = await caseAwaitingCompletion();
    const waiting = await caseRow(reference);
    assert.equal(waiting.status, 'completionRequested');
    assert.equal(waiting.statusCategory, 'waitingForResident');

    const page = await anna.get(casePage);
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /Vi behöver fler uppgifter från dig/);
    assert.match(page.body, /Handläggaren skriver:/);
    assert.match(page.body, /Hur långt är det till skolan\? Mät den kortaste vägen\./);
    assert.match(page.body, new RegExp(`action="${casePage}/komplettera"`));
    assert.match(page.body, /Komplettera ärendet/);

    const { location, base } = await startCompletion(anna, casePage);
    assert.match(base, new RegExp(`^/${tenant.slug}/e-tjanster/skolskjuts/utkast/[0-9a-f-]{36}$`));
    assert.equal(location, `${base}/steg/need`);
    const step = await anna.get(location);
    assert.equal(step.statusCode, 200);
    assert.match(step.body, new RegExp(`Komplettering av ärende ${reference}`));
    assert.match(step.body, /Steg 1 av 1/);
    assert.match(step.body, /Mät den kortaste vägen/);
    assert.match(
      step.body,
      /name="distanceKm"[^>]*value="7"|value="7"[^>]*name="distanceKm"/,
      'the case’s answer is filled in',
    );
    assert.match(step.body, new RegExp(`href="${casePage}"`), 'back goes to the case page');

    // Steps the officer did not ask about stay as the case has them.
    const child = await anna.get(`${base}/steg/child`);
    assert.equal(child.statusCode, 303);
    assert.equal(child.headers.location, `${base}/steg/need`);
    const childPost = await anna.post(`${base}/steg/child`, { childName: 'Någon annan' });
    assert.equal(childPost.statusCode, 404);

    const answered = await anna.post(`${base}/steg/need`, {
      distanceKm: '12,5',
      reason: 'long-distance',
      hasSpecialNeeds: 'no',
    });
    assert.equal(answered.headers.location, `${base}/granska`);
    const check = await anna.get(`${base}/granska`);
    assert.equal(check.statusCode, 200);
    assert.match(check.body, /Kontrollera din komplettering/);
    assert.match(check.body, /Handläggaren skriver:/);
    assert.match(check.body, /12,5 km/);
    assert.match(check.body, new RegExp(`href="${base}/steg/need\\?fran=granska#distanceKm"`));
    assert.doesNotMatch(check.body, /Elsa/, 'answers of steps not reopened are not listed');
    assert.match(check.body, /<button type="submit" class="button">Skicka kompletteringen<\/button>/);

    const sent = await anna.post(`${base}/skicka`);
    assert.equal(sent.statusCode, 303, sent.body);
    assert.equal(sent.headers.location, `${casePage}?kompletterat=1`);
    const completed = await caseRow(reference);
    assert.equal(completed.answers.distanceKm, 12.5);
    assert.equal(completed.answers.childName, 'Elsa', 'other answers are kept');
    assert.equal(completed.status, 'inProgress');
    const [request] = await completionRequests(completed.id);
    assert.ok(request?.answeredAt, 'the request is answered');

    const thanks = await anna.get(`${casePage}?kompletterat=1`);
    assert.match(thanks.body, /Tack! Din komplettering har skickats\./);
    assert.doesNotMatch(thanks.body, /Komplettera ärendet/);
    assert.match(thanks.body, /12,5 km/);

    // Sending again (a double click, a retry) changes nothing and lands on the same page.
    const again = await anna.post(`${base}/skicka`);
    assert.equal(again.headers.location, `${casePage}?kompletterat=1`);
    assert.equal((await anna.get(`${base}/steg/need`)).statusCode, 303, 'the sent draft is closed');
    const restart = await anna.post(`${casePage}/komplettera`);
    assert.equal(restart.statusCode, 404, 'nothing left to complete');

    const officerView = await t.app.services.caseHandling.caseForOfficer(karin.actor, reference);
    const completedEvents = officerView.events.filter((event) => event.type === 'completed');
    assert.equal(completedEvents.length, 1);
    const [event] = completedEvents;
    assert.ok(event);
    assert.equal(event.visibility, 'resident');
    assert.equal((event.data.previousAnswers as Record<string, unknown>).distanceKm, 7);
    assert.deepEqual(event.data.stepIds, ['need']);
    assert.equal(officerView.openCompletion, undefined);
    const audit = await t.database.db
      .selectFrom('auditLog')
      .select(['action', 'actorName'])
      .where('caseId', '=', completed.id)
      .where('action', '=', 'case.completed')
      .execute();
    assert.deepEqual(audit, [{ action: 'case.completed', actorName: 'Anna Andersson' }]);
  });

  test('starting twice resumes the same completion draft with what was already typed', async () => {
    const { anna, casePage } = await caseAwaitingCompletion();
    const first = await startCompletion(anna, casePage);
    await anna.post(`${first.base}/steg/need`, { action: 'save', distanceKm: '9' });
    const second = await startCompletion(anna, casePage);
    assert.equal(second.base, first.base);
    assert.match((await anna.get(second.location)).body, /value="9"/);
  });

  test('an invalid answer on the reopened step is refused in Swedish and the case keeps its answer', async () => {
    const { anna, reference, casePage } = await caseAwaitingCompletion();
    const { base } = await startCompletion(anna, casePage);
    const refused = await anna.post(`${base}/steg/need`, {
      distanceKm: 'långt',
      reason: 'long-distance',
      hasSpecialNeeds: 'no',
    });
    assert.equal(refused.statusCode, 400);
    assert.match(refused.body, /Det finns fel i formuläret/);
    assert.match(refused.body, /måste vara ett tal, till exempel 12 eller 12,5/);
    assert.match(refused.body, /id="distanceKm-error"/);
    assert.match(refused.body, /value="långt"/, 'what the resident typed is kept on the page');

    // The server validates again at submit: nothing reaches the case.
    const sent = await anna.post(`${base}/skicka`);
    assert.equal(sent.statusCode, 400);
    assert.match(sent.body, /Några svar behöver rättas innan du kan skicka kompletteringen/);
    assert.match(sent.body, /måste vara ett tal/);
    const row = await caseRow(reference);
    assert.equal(row.answers.distanceKm, 7);
    assert.equal(row.status, 'completionRequested');
    const [request] = await completionRequests(row.id);
    assert.equal(request?.answeredAt, null);
  });

  test('the same completion sent concurrently completes the case once', async () => {
    const { anna, reference, casePage } = await caseAwaitingCompletion();
    const { base } = await startCompletion(anna, casePage);
    await anna.post(`${base}/steg/need`, { distanceKm: '3', reason: 'long-distance', hasSpecialNeeds: 'no' });
    const responses = await Promise.all(Array.from({ length: 4 }, () => anna.post(`${base}/skicka`)));
    for (const response of responses) assert.equal(response.headers.location, `${casePage}?kompletterat=1`);
    const row = await caseRow(reference);
    const events = await t.database.db
      .selectFrom('caseEvent')
      .select('type')
      .where('caseId', '=', row.id)
      .where('type', '=', 'completed')
      .execute();
    assert.equal(events.length, 1);
    assert.equal(row.answers.distanceKm, 3);
  });

  test('only the applicant may complete: others get 404, a visitor without login is sent to log in', async () => {
    const { tenant, anna, casePage } = await caseAwaitingCompletion();
    const erik = await residentClient(t, ERIK);
    await erik.get('/mina-sidor');
    const refused = await erik.post(`${casePage}/komplettera`);
    assert.equal(refused.statusCode, 404);
    const { location, base } = await startCompletion(anna, casePage);
    for (const url of [location, `${base}/granska`]) {
      assert.equal((await erik.get(url)).statusCode, 404, `${url} is hidden from Erik`);
    }
    assert.equal((await erik.post(`${base}/skicka`)).statusCode, 404);

    const visitor = new TestClient(t.app);
    await visitor.get(`/${tenant.slug}/e-tjanster/skolskjuts`);
    const anonymous = await visitor.post(`${casePage}/komplettera`);
    assert.equal(anonymous.statusCode, 303);
    assert.equal(anonymous.headers.location, `/logga-in?tillbaka=${encodeURIComponent(casePage)}`);
    const viewed = await visitor.get(casePage);
    assert.equal(viewed.headers.location, `/logga-in?tillbaka=${encodeURIComponent(casePage)}`);
  });

  test('a completion without the CSRF token is refused', async () => {
    const { anna, casePage, reference } = await caseAwaitingCompletion();
    const forged = await anna.post(`${casePage}/komplettera`, { _csrf: 'forged' });
    assert.equal(forged.statusCode, 403);
    const drafts = await t.database.db
      .selectFrom('draft')
      .select('id')
      .where('completesCaseId', '=', (await caseRow(reference)).id)
      .execute();
    assert.equal(drafts.length, 0);
  });

  test('files: the case keeps a removed photo in its history, a new photo joins the case', async () => {
    const tenant = await createTestTenant(t, ['felanmalan']);
    const units = await createTestUnits(t, tenant);
    const peter = await staffClient(t, tenant, PETER, 'officer', [units.streets]);
    const anna = await residentClient(t, ANNA);
    const reference = await submitFaultReport(anna, tenant);
    await t.app.services.caseHandling.take(peter.actor, reference);
    await t.app.services.caseHandling.requestCompletion(
      peter.actor,
      reference,
      ['where'],
      'Skicka en skarpare bild.',
    );
    const casePage = `/mina-sidor/arenden/${reference}`;
    const { location, base } = await startCompletion(anna, casePage);
    assert.equal(location, `${base}/steg/where`);
    const step = await anna.get(location);
    const oldLink = /href="([^"]+\/bilagor\/([0-9a-f-]{36}))"/.exec(step.body);
    assert.ok(oldLink?.[1] && oldLink[2], 'the case’s photo is listed in the reopened step');
    const download = await anna.get(oldLink[1]);
    assert.equal(download.statusCode, 200);
    assert.deepEqual(download.rawPayload, TINY_PNG);

    const removed = await anna.post(location, { action: `remove:${oldLink[2]}` });
    assert.equal(removed.statusCode, 303);
    const uploaded = await anna.postMultipart(location, { 'location.address': 'Stadsparken' }, [
      { field: 'photos', filename: 'skarp.png', contentType: 'image/png', content: TINY_PNG },
    ]);
    assert.equal(uploaded.headers.location, `${base}/granska`);
    const sent = await anna.post(`${base}/skicka`);
    assert.equal(sent.headers.location, `${casePage}?kompletterat=1`);

    const row = await caseRow(reference);
    const photos = row.answers.photos as { filename: string }[];
    assert.deepEqual(
      photos.map((photo) => photo.filename),
      ['skarp.png'],
    );
    const files = await t.database.db
      .selectFrom('attachment')
      .select(['filename'])
      .where('caseId', '=', row.id)
      .orderBy('createdAt')
      .execute();
    assert.deepEqual(
      files.map((file) => file.filename),
      ['gunga.png', 'skarp.png'],
    );
    const caseView = await anna.get(casePage);
    assert.match(caseView.body, /skarp\.png/);
  });
});

/** Anna submits a fault report with a photo; returns its reference. */
async function submitFaultReport(client: TestClient, tenant: Tenant): Promise<string> {
  await client.get(`/${tenant.slug}/e-tjanster/felanmalan`);
  const started = await client.post(`/${tenant.slug}/e-tjanster/felanmalan/starta`);
  const base = String(started.headers.location).replace(/\/steg\/[^/]+$/, '');
  await client.post(`${base}/steg/what`, { category: 'park-playground', description: 'Trasig gunga' });
  await client.get(`${base}/steg/where`);
  await client.postMultipart(`${base}/steg/where`, { 'location.address': 'Stadsparken' }, [
    { field: 'photos', filename: 'gunga.png', contentType: 'image/png', content: TINY_PNG },
  ]);
  await client.post(`${base}/steg/contact`, { wantsContact: 'no' });
  const submitted = await client.post(`${base}/skicka`);
  assert.equal(submitted.statusCode, 303, submitted.body);
  const receipt = await client.get(`${base}/kvitto`);
  const reference = /([A-Z]+-\d{4}-\d{6})/.exec(receipt.body)?.[1];
  assert.ok(reference);
  return reference;
}
