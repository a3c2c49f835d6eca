/**
 * Idle and absolute session timeouts (issue #14), with a clock the tests move: a logged-in session
 * ends after 30 minutes without a request and an hour (here; 12 by default) after login, is renewed
 * by activity at most once a minute, and the next page request says why ("Du har loggats ut
 * eftersom …") and loses nothing saved.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createTestApp, type TestApp } from '../../test-support/app.ts';
import type { TestClient } from '../../test-support/client.ts';
import { ANNA, createTestTenant, residentClient } from '../../test-support/fixtures.ts';
import { KARIN, staffClient } from '../../test-support/staff.ts';
import { needsTouch, type SessionClock, sessionEnd } from './session-model.ts';
import { SESSION_COOKIE, sessionIdFor } from './session-service.ts';

const MINUTE = 60_000;
let clock = new Date('2026-03-02T08:00:00Z');
const advance = (ms: number) => {
  clock = new Date(clock.getTime() + ms);
};

let t: TestApp;
before(async () => {
  t = await createTestApp({ SESSION_IDLE_MINUTES: '30', SESSION_TTL_HOURS: '1' }, { now: () => clock });
});
after(() => t?.close());

const HTML = { accept: 'text/html,application/xhtml+xml' };

async function lastActiveAt(client: TestClient): Promise<Date | undefined> {
  const row = await t.database.db
    .selectFrom('session')
    .select('lastActiveAt')
    .where('id', '=', sessionIdFor(client.cookies.get(SESSION_COOKIE) ?? ''))
    .executeTakeFirst();
  return row?.lastActiveAt;
}

test('the rule, as a table', () => {
  const at = new Date('2026-03-02T12:00:00Z');
  const minutesAgo = (minutes: number) => new Date(at.getTime() - minutes * MINUTE);
  const timeouts = { absoluteMs: 60 * MINUTE, idleMs: 30 * MINUTE };
  const rows: [string, SessionClock, ReturnType<typeof sessionEnd>, boolean][] = [
    [
      'active a moment ago',
      { personId: 'p', expiresAt: minutesAgo(-30), lastActiveAt: minutesAgo(0.5) },
      undefined,
      false,
    ],
    [
      'active two minutes ago',
      { personId: 'p', expiresAt: minutesAgo(-30), lastActiveAt: minutesAgo(2) },
      undefined,
      true,
    ],
    [
      'idle 30 minutes',
      { personId: 'p', expiresAt: minutesAgo(-30), lastActiveAt: minutesAgo(30) },
      'idle',
      true,
    ],
    [
      'past the absolute end',
      { personId: 'p', expiresAt: minutesAgo(0), lastActiveAt: minutesAgo(1) },
      'absolute',
      true,
    ],
    [
      'anonymous, idle for hours',
      { personId: null, expiresAt: minutesAgo(-30), lastActiveAt: minutesAgo(300) },
      undefined,
      false,
    ],
    [
      'anonymous, past its end',
      { personId: null, expiresAt: minutesAgo(1), lastActiveAt: minutesAgo(1) },
      'absolute',
      false,
    ],
  ];
  for (const [name, session, end, touch] of rows) {
    assert.equal(sessionEnd(session, at, timeouts), end, name);
    assert.equal(needsTouch(session, at), touch, name);
  }
});

describe('a logged-in resident', () => {
  test('activity renews the session, writing at most once a minute', async () => {
    const anna = await residentClient(t, ANNA);
    const started = await lastActiveAt(anna);
    advance(30_000);
    assert.equal((await anna.get('/mina-sidor', HTML)).statusCode, 200);
    assert.deepEqual(await lastActiveAt(anna), started, 'no write within the minute');
    // 40 minutes in all, past the idle limit, each request within it of the one before.
    for (let i = 0; i < 2; i++) {
      advance(20 * MINUTE);
      assert.equal(
        (await anna.get('/mina-sidor', HTML)).statusCode,
        200,
        `after ${(i + 1) * 20} more minutes`,
      );
    }
    assert.deepEqual(await lastActiveAt(anna), clock, 'the last request was recorded');
  });

  test('after 30 idle minutes the next page says why, and the saved draft is still there', async () => {
    const tenant = await createTestTenant(t, ['skolskjuts']);
    const anna = await residentClient(t, ANNA);
    const started = await anna.post(`/${tenant.slug}/e-tjanster/skolskjuts/starta`);
    const step = String(started.headers.location);
    await anna.post(step, { childPersonalIdentityNumber: '201601022385', childName: 'Ingrid' });
    advance(29 * MINUTE);
    assert.equal((await anna.get(step, HTML)).statusCode, 200, 'still logged in at 29 minutes');
    advance(30 * MINUTE);
    const ended = await anna.get(step, HTML);
    assert.equal(ended.statusCode, 303);
    const location = new URL(String(ended.headers.location), 'http://x');
    assert.equal(location.pathname, '/utloggad');
    assert.equal(location.searchParams.get('orsak'), 'inaktiv');
    assert.equal(location.searchParams.get('tillbaka'), step);
    assert.equal(anna.cookies.has(SESSION_COOKIE), false, 'the cookie is cleared');
    const page = await anna.get(`${location.pathname}${location.search}`, HTML);
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /<h1>Du har loggats ut<\/h1>/);
    assert.match(page.body, /Du har loggats ut eftersom du inte har gjort något på 30 minuter/);
    assert.match(page.body, /Det du redan har sparat finns kvar/);
    assert.ok(
      page.body.includes(`href="/logga-in?tillbaka=${encodeURIComponent(step)}"`),
      'log in again, back here',
    );
    // Logging in again (a new session for Anna) finds the draft as she left it.
    const again = await residentClient(t, ANNA);
    const resumed = await again.get(step, HTML);
    assert.equal(resumed.statusCode, 200);
    assert.match(resumed.body, /value="Ingrid"/);
  });

  test('a form posted after the timeout goes to the explanation, returning to the form’s page', async () => {
    const tenant = await createTestTenant(t, ['skolskjuts']);
    const anna = await residentClient(t, ANNA);
    const step = String((await anna.post(`/${tenant.slug}/e-tjanster/skolskjuts/starta`)).headers.location);
    advance(31 * MINUTE);
    const posted = await t.app.inject({
      method: 'POST',
      url: step,
      headers: {
        cookie: `${SESSION_COOKIE}=${anna.cookies.get(SESSION_COOKIE)}`,
        'content-type': 'application/x-www-form-urlencoded',
        referer: `http://localhost:3000${step}`,
      },
      payload: `_csrf=${encodeURIComponent(anna.csrfToken)}&childName=Olle`,
    });
    assert.equal(posted.statusCode, 303);
    const location = new URL(String(posted.headers.location), 'http://x');
    assert.equal(location.pathname, '/utloggad');
    assert.equal(location.searchParams.get('tillbaka'), step);
  });

  test('the absolute limit ends even an active session', async () => {
    const anna = await residentClient(t, ANNA);
    for (let i = 0; i < 3; i++) {
      advance(19 * MINUTE);
      assert.equal((await anna.get('/mina-sidor', HTML)).statusCode, 200);
    }
    advance(4 * MINUTE);
    const ended = await anna.get('/mina-sidor', HTML);
    assert.equal(ended.statusCode, 303);
    const page = await anna.follow(String(ended.headers.location));
    assert.match(page.body, /Du har loggats ut eftersom det har gått 1 timmar sedan du loggade in/);
  });

  test('an API request of an ended session is not redirected: it has no session', async () => {
    const anna = await residentClient(t, ANNA);
    advance(31 * MINUTE);
    const answer = await anna.get('/api/v1/me/cases', { accept: 'application/json' });
    assert.equal(answer.statusCode, 401);
    assert.equal(answer.json().code, 'LOGIN_REQUIRED');
  });
});

test('an officer is sent to the officers’ login', async () => {
  const tenant = await createTestTenant(t, ['skolskjuts']);
  const karin = await staffClient(t, tenant, KARIN, 'officer', []);
  advance(31 * MINUTE);
  const ended = await karin.get(`/${tenant.slug}/handlaggning/`, HTML);
  const page = await karin.follow(String(ended.headers.location));
  assert.ok(
    page.body.includes(
      `href="/handlaggning/logga-in?tillbaka=${encodeURIComponent(`/${tenant.slug}/handlaggning/`)}"`,
    ),
  );
});

test('anonymous sessions have no idle limit; the sweep keeps an ended login an hour to explain it', async () => {
  const { token } = await t.app.services.sessions.start(null);
  const anna = await residentClient(t, ANNA);
  advance(45 * MINUTE);
  assert.ok(await t.app.services.sessions.load(token), 'anonymous: still live after 45 idle minutes');
  assert.equal(await t.app.services.sessions.load(anna.cookies.get(SESSION_COOKIE) ?? ''), undefined);
  await t.app.services.sessions.sweep();
  assert.ok(await lastActiveAt(anna), 'kept, to tell Anna why');
  advance(50 * MINUTE);
  await t.app.services.sessions.sweep();
  assert.equal(await lastActiveAt(anna), undefined, 'an hour after its end it is deleted');
  advance(20 * MINUTE);
  await t.app.services.sessions.sweep();
  assert.equal(await t.app.services.sessions.load(token), undefined, 'the anonymous one at its absolute end');
});
