/**
 * Integration tests: filling in, uploading, submitting and resubmitting through HTTP (app.inject),
 * the one-statement submit, and the English resident pages.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { after, before, describe, test } from 'node:test';
import type { Tenant } from '../../platform/tenancy/tenant-service.ts';
import { createTestApp, type TestApp } from '../../test-support/app.ts';
import { TestClient, TINY_PNG } from '../../test-support/client.ts';
import { ANNA, createTestTenant, ERIK, residentClient } from '../../test-support/fixtures.ts';
import { fillSchoolTransport } from '../../test-support/staff.ts';

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
