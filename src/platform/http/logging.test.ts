/**
 * The log holds no personal data (issue #9's probe): request lines without query values, database
 * errors without their parameters (a draft's answers), no OIDC code or state; and the logged client
 * address is X-Forwarded-For only when TRUST_PROXY says so.
 */
import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { after, before, describe, test } from 'node:test';
import { sql } from 'kysely';
import { createJobRunner } from '../../job-handlers.ts';
import { DEFAULT_APPEAL_INFORMATION } from '../../modules/decisions/model.ts';
import { createTestApp, type TestApp } from '../../test-support/app.ts';
import { createBrowser, formActions, loginAs } from '../../test-support/browser-like.ts';
import { TestClient } from '../../test-support/client.ts';
import { ANNA, createTestTenant, residentClient } from '../../test-support/fixtures.ts';
import { jobConfig } from '../../test-support/proposals.ts';
import {
  caseHandlingScene,
  createTestUnits,
  KARIN,
  staffClient,
  submitSchoolTransport,
} from '../../test-support/staff.ts';
import { subjectFor } from '../identity/personas.ts';
import { SESSION_COOKIE } from '../sessions/session-service.ts';
import { pathForLog } from './logging.ts';

/** A pino destination that keeps every line, so tests can read what was logged. */
function logCapture() {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk, _encoding, done) {
      lines.push(...String(chunk).split('\n').filter(Boolean));
      done();
    },
  });
  return { lines, stream, text: () => lines.join('\n'), clear: () => lines.splice(0) };
}

const log = logCapture();
let t: TestApp;
before(async () => {
  // The most verbose level: nothing logged at any level may hold personal data.
  t = await createTestApp({}, { logger: { level: 'trace', stream: log.stream } });
});
after(() => t?.close());

test('pathForLog keeps parameter names and drops their values', () => {
  assert.equal(pathForLog('/x'), '/x');
  assert.equal(pathForLog('/x?q=198501012382&sida=2&flag'), '/x?q=…&sida=…&flag');
  assert.equal(
    pathForLog('/auth/callback?code=abc&state=def&iss=http%3A%2F%2Fx'),
    '/auth/callback?code=…&state=…&iss=…',
  );
});

describe('what the log holds', () => {
  test("a personnummer or a name in the officers' queue search is not logged", async () => {
    const { tenant, karin } = await caseHandlingScene(t);
    log.clear();
    const response = await karin.get(
      `/${tenant.slug}/handlaggning/?sok=201601022385&status=Ingrid%20Svensson`,
    );
    assert.equal(response.statusCode, 200);
    assert.ok(log.lines.length > 0, 'the request was logged');
    assert.doesNotMatch(log.text(), /201601022385|Ingrid/);
    assert.match(log.text(), /handlaggning\/\?sok=…&status=…/);
  });

  test("a database error is logged without the statement's parameters (the draft's answers)", async () => {
    const tenant = await createTestTenant(t, ['skolskjuts']);
    const anna = await residentClient(t, ANNA);
    const started = await anna.post(`/${tenant.slug}/e-tjanster/skolskjuts/starta`);
    await sql`alter table draft add constraint refuse_ingrid check (answers::text not like '%Ingrid%') not valid`.execute(
      t.database.db,
    );
    try {
      log.clear();
      const response = await anna.post(String(started.headers.location), {
        childPersonalIdentityNumber: '201601022385',
        childName: 'Ingrid',
        school: 'sjoviksskolan',
        grade: '3',
      });
      assert.equal(response.statusCode, 500);
    } finally {
      await sql`alter table draft drop constraint refuse_ingrid`.execute(t.database.db);
    }
    const errors = log.lines.filter((line) => JSON.parse(line).level >= 50);
    assert.ok(errors.length > 0, 'the failure was logged');
    assert.match(errors.join('\n'), /refuse_ingrid/, 'with what went wrong');
    assert.doesNotMatch(log.text(), /201601022385|Ingrid/);
  });

  test('the OIDC code and state of a login are not logged', async () => {
    const browser = createBrowser(t.app);
    const picker = await browser.get('/logga-in');
    const action = formActions(picker.body).find((candidate) => candidate.endsWith('/login'));
    assert.ok(action);
    const resumed = await browser.submit(
      picker,
      action,
      { subject: subjectFor(ANNA.personalIdentityNumber), level: 'loa3' },
      { follow: false },
    );
    const toCallback = await browser.get(String(resumed.headers.location), { follow: false });
    const callback = new URL(String(toCallback.headers.location));
    const code = callback.searchParams.get('code');
    const state = callback.searchParams.get('state');
    assert.ok(code && state);
    const done = await browser.get(`${callback.pathname}${callback.search}`, { follow: false });
    assert.equal(done.statusCode, 303, 'logged in');
    assert.ok(!log.text().includes(code), 'no code');
    assert.ok(!log.text().includes(state), 'no state');
    assert.match(log.text(), /\/auth\/callback\?code=…&state=…/);
  });

  test('X-Forwarded-For is ignored by default', async () => {
    log.clear();
    await t.app.inject({ url: '/healthz', headers: { 'x-forwarded-for': '203.0.113.9' } });
    assert.doesNotMatch(log.text(), /203\.0\.113\.9/);
    assert.match(log.text(), /"remoteAddress":"127\.0\.0\.1"/);
  });
});

describe('TRUST_PROXY', () => {
  test('when the proxy is listed, its X-Forwarded-For is the logged address', async () => {
    const proxied = logCapture();
    const app = await createTestApp(
      { TRUST_PROXY: '127.0.0.1' },
      { logger: { level: 'info', stream: proxied.stream } },
    );
    try {
      await app.app.inject({ url: '/healthz', headers: { 'x-forwarded-for': '203.0.113.9' } });
      assert.match(proxied.text(), /"remoteAddress":"203\.0\.113\.9"/);
    } finally {
      await app.close();
    }
  });
});

/**
 * Issue #14: a whole journey with the log on at its most verbose, then the log is searched for the
 * people in it. Every format a personnummer is written in, their names, e-mail addresses, phone
 * numbers and free text must be absent; the requests themselves must be there.
 */
describe('a full journey leaves no personal data in the log', () => {
  const ADMIN = { givenName: 'Adina', familyName: 'Adminsson', personalIdentityNumber: '197001019876' };
  const SARA = { givenName: 'Sarafina', familyName: 'Holmqvist', personalIdentityNumber: '199001022384' };
  const ELSA = { givenName: 'Elsa', familyName: 'Andersson', personalIdentityNumber: '201601022385' };
  const MESSAGE = 'Elsa går ensam längs landsvägen i mörker varje morgon';
  const JUSTIFICATION = 'Vägen till Sjöviksskolan saknar trottoar och belysning';

  /** A personnummer as it is written: 12 digits, 10 digits, with a dash, 12 with a dash. */
  const formats = (pin: string) => [
    pin,
    pin.slice(2),
    `${pin.slice(2, 8)}-${pin.slice(8)}`,
    `${pin.slice(0, 8)}-${pin.slice(8)}`,
  ];

  test('resident, officer, administrator and customer centre', async () => {
    const tenant = await createTestTenant(t, ['skolskjuts']);
    const units = await createTestUnits(t, tenant);
    const karin = await staffClient(t, tenant, KARIN, 'officer', [units.school]);
    const admin = await staffClient(t, tenant, ADMIN, 'admin', []);
    const centre = await t.app.services.organisation.ensureUnit(tenant.id, 'Kundcenter');
    const sara = await staffClient(t, tenant, SARA, 'customerCentre', [centre]);
    log.clear();

    // The resident logs in through the development IdP, applies, and writes to the officer.
    const browser = await loginAs(t.app, ANNA.personalIdentityNumber, 'loa3');
    const anna = new TestClient(t.app);
    anna.cookies.set(SESSION_COOKIE, browser.sessionToken ?? '');
    const session = await t.app.services.sessions.load(browser.sessionToken ?? '');
    anna.csrfToken = session?.data.csrfToken ?? '';
    // With an address in her profile, the notifications are mailed (to the development mailbox).
    await t.app.services.profile.updateContact(session?.personId ?? '', {
      email: 'anna.andersson@example.se',
    });
    const reference = await submitSchoolTransport(anna, tenant, 'Elsa');
    const sent = await anna.post(`/mina-sidor/arenden/${reference}/meddelanden`, { body: MESSAGE });
    assert.equal(sent.statusCode, 303);
    await anna.get('/mina-sidor');

    // The officer finds the case by the child's personnummer, reads it and decides.
    const caseUrl = `/${tenant.slug}/handlaggning/arenden/${reference}`;
    assert.equal((await karin.get(`/${tenant.slug}/handlaggning/?sok=20160102-2385`)).statusCode, 200);
    assert.equal((await karin.get(caseUrl)).statusCode, 200);
    assert.equal((await karin.post(`${caseUrl}/ta`)).statusCode, 303);
    assert.equal((await karin.post(`${caseUrl}/status`, { status: 'inProgress' })).statusCode, 303);
    const decided = await karin.post(`${caseUrl}/beslut`, {
      outcome: 'granted',
      justification: JUSTIFICATION,
      legalBasis: '10 kap. 32 § skollagen (2010:800)',
      validFrom: '2026-08-17',
      validTo: '2027-06-11',
      appealInformation: DEFAULT_APPEAL_INFORMATION,
    });
    assert.equal(decided.statusCode, 303, decided.body);

    // The jobs that follow (the resident's notification mail among them) log through the app's logger.
    const runner = await createJobRunner(t.app.services, jobConfig, t.app.log, { onlyTenants: [tenant.id] });
    while ((await runner.runOnce()) > 0);
    await runner.close();

    // The administrator searches the audit log by personnummer; the customer centre looks Anna up.
    const audit = `/${tenant.slug}/handlaggning/admin/logg`;
    assert.equal((await admin.get(`${audit}?personnummer=198501012382`)).statusCode, 200);
    assert.equal((await admin.get(`${audit}.csv?personnummer=850101-2382`)).statusCode, 200);
    const centreHome = `/${tenant.slug}/handlaggning/kundcenter`;
    await sara.get(centreHome);
    const found = await sara.post(`${centreHome}/sok`, { personalIdentityNumber: '19850101-2382' });
    assert.equal(found.statusCode, 303);
    assert.equal((await sara.get(String(found.headers.location))).statusCode, 200);

    const text = log.text();
    assert.ok(log.lines.length > 30, 'the journey was logged');
    assert.match(text, /\/handlaggning\/admin\/logg\?personnummer=…/);
    const people = [ANNA, ELSA, KARIN, ADMIN, SARA];
    const forbidden = [
      ...people.flatMap((person) => formats(person.personalIdentityNumber)),
      ...people.flatMap((person) => [person.givenName, person.familyName]),
      'anna@example.se',
      'anna.andersson@example.se',
      '070-123 45 67',
      'Storgatan 1',
      MESSAGE,
      JUSTIFICATION,
    ];
    const found_ = forbidden.filter((value) =>
      new RegExp(`\\b${value.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\b`).test(text),
    );
    assert.deepEqual(
      found_,
      [],
      `personal data in the log:\n${found_.map((value) => log.lines.find((line) => line.includes(value))).join('\n')}`,
    );
  });
});
