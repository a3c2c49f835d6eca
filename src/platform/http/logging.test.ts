/**
 * The log holds no personal data (issue #9's probe): request lines without query values, database
 * errors without their parameters (a draft's answers), no OIDC code or state; and the logged client
 * address is X-Forwarded-For only when TRUST_PROXY says so.
 */
import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { after, before, describe, test } from 'node:test';
import { sql } from 'kysely';
import { createTestApp, type TestApp } from '../../test-support/app.ts';
import { createBrowser, formActions } from '../../test-support/browser-like.ts';
import { ANNA, createTestTenant, residentClient } from '../../test-support/fixtures.ts';
import { caseHandlingScene } from '../../test-support/staff.ts';
import { subjectFor } from '../identity/personas.ts';
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
  t = await createTestApp({}, { logger: { level: 'info', stream: log.stream } });
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
