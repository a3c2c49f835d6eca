/**
 * Rate limits in the database (issue #14, decision 0035): the counter's upsert and its windows,
 * two processes on one database sharing a budget, the keys (address, person), and the 429 answers:
 * problem+json with Retry-After for APIs, a Swedish page for people.
 */
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { createTestApp, siblingApp, type TestApp } from '../../test-support/app.ts';
import { TestClient } from '../../test-support/client.ts';
import { ANNA, createTestTenant, ERIK, residentClient } from '../../test-support/fixtures.ts';
import { countHit, deleteEndedCounters } from './rate-limit-store.ts';

const BUDGET = 3;
const SCOPE = `rate-limit-test-${crypto.randomUUID()}|`;
/**
 * The clock both apps read; a test moves it past a window. It stands in the future: the sessions
 * this file logs in with expire by it, and on the shared PostgreSQL database another file's
 * disposal run sweeps every session ended by the real clock (one run lost Anna's session between
 * two posts, and the second answered 403).
 */
let clock = new Date('2099-03-02T09:00:00Z');
const now = () => clock;

let t: TestApp;
let second: FastifyInstance;
before(async () => {
  const env = {
    RATE_LIMIT_LOGIN_PER_MINUTE: String(BUDGET),
    RATE_LIMIT_SUBMIT_PER_MINUTE: String(BUDGET),
    RATE_LIMIT_SEARCH_PER_MINUTE: String(BUDGET),
  };
  t = await createTestApp(env, { rateLimitScope: SCOPE, now });
  // A second process of the same installation: same database, same key scope, same budgets.
  second = await siblingApp(t, env, { rateLimitScope: SCOPE, now });
});
after(async () => {
  await second?.close();
  await t?.close();
});

/** A client address of its own for each test, so the tests' counts never meet. */
function address(): string {
  const [a, b, c] = crypto.randomBytes(3);
  return `10.${a}.${b}.${c}`;
}

describe('the counter', () => {
  test('counts hits of a key in one row, and a new window starts once the old one ended', async () => {
    const db = t.database.db;
    const key = `${SCOPE}unit|${crypto.randomUUID()}`;
    const start = new Date('2026-03-02T10:00:00Z');
    const first = await countHit(db, key, start, 60_000);
    assert.deepEqual(first, { hits: 1, windowEndsAt: new Date('2026-03-02T10:01:00Z') });
    const hits = await Promise.all(
      Array.from({ length: 5 }, () => countHit(db, key, new Date(start.getTime() + 30_000), 60_000)),
    );
    assert.deepEqual(
      hits.map((hit) => hit.hits).sort(),
      [2, 3, 4, 5, 6],
      'concurrent hits are each counted once',
    );
    assert.ok(hits.every((hit) => hit.windowEndsAt.getTime() === first.windowEndsAt.getTime()));
    const next = await countHit(db, key, new Date('2026-03-02T10:01:00Z'), 60_000);
    assert.deepEqual(next, { hits: 1, windowEndsAt: new Date('2026-03-02T10:02:00Z') });
  });

  test('the sweep deletes counters whose window ended, and keeps the others', async () => {
    const db = t.database.db;
    const old = `${SCOPE}unit|${crypto.randomUUID()}`;
    const live = `${SCOPE}unit|${crypto.randomUUID()}`;
    await countHit(db, old, new Date('2026-03-02T08:00:00Z'), 60_000);
    await countHit(db, live, new Date('2026-03-02T08:05:00Z'), 60_000);
    assert.ok((await deleteEndedCounters(db, new Date('2026-03-02T08:03:00Z'))) >= 1);
    const left = await db
      .selectFrom('rateLimitCounter')
      .select('key')
      .where('key', 'in', [old, live])
      .execute();
    assert.deepEqual(
      left.map((row) => row.key),
      [live],
    );
  });
});

describe('limits across processes', () => {
  test('a second process on the same database refuses once the first used the budget', async () => {
    const tenant = await createTestTenant(t);
    const from = address();
    const search = (app: FastifyInstance) =>
      app.inject({ url: `/api/v1/tenants/${tenant.slug}/search?q=skola`, remoteAddress: from });
    for (let i = 0; i < BUDGET; i++) assert.equal((await search(t.app)).statusCode, 200, `request ${i + 1}`);
    const refused = await search(second);
    assert.equal(refused.statusCode, 429, 'the second process counts the first one’s requests');
    assert.equal(refused.headers['content-type'], 'application/problem+json; charset=utf-8');
    const problem = refused.json();
    assert.equal(problem.code, 'RATE_LIMITED');
    assert.equal(problem.status, 429);
    assert.equal(problem.type, 'urn:ingang:problem:rate-limited');
    assert.equal(refused.headers['retry-after'], '60');
    // Another address has a budget of its own; the same one again once the window has passed.
    assert.equal(
      (
        await second.inject({
          url: `/api/v1/tenants/${tenant.slug}/search?q=skola`,
          remoteAddress: address(),
        })
      ).statusCode,
      200,
    );
    clock = new Date(clock.getTime() + 60_000);
    assert.equal((await search(second)).statusCode, 200, 'a new window');
  });

  test('a person over the limit sees a Swedish page; searches share one budget per address', async () => {
    const tenant = await createTestTenant(t);
    const from = address();
    const page = (url: string) =>
      t.app.inject({ url, remoteAddress: from, headers: { accept: 'text/html' } });
    assert.equal((await page(`/${tenant.slug}/sok?q=skola`)).statusCode, 200);
    assert.equal((await page(`/${tenant.slug}/fragor-och-svar?q=skola`)).statusCode, 200);
    assert.equal(
      (
        await second.inject({
          url: `/api/v1/tenants/${tenant.slug}/suggestions?q=skola`,
          remoteAddress: from,
        })
      ).statusCode,
      200,
    );
    const refused = await page(`/${tenant.slug}/sok?q=skola`);
    assert.equal(refused.statusCode, 429);
    assert.match(refused.headers['content-type'] as string, /text\/html/);
    assert.match(refused.body, /<h1>Vänta en stund<\/h1>/);
    assert.match(refused.body, /Det du redan har sparat finns kvar/);
    assert.ok(Number(refused.headers['retry-after']) > 0);
  });

  test('starting a login is limited per address', async () => {
    const from = address();
    const login = (url: string) => t.app.inject({ url, remoteAddress: from });
    assert.equal((await login('/logga-in')).statusCode, 303);
    assert.equal((await login('/handlaggning/logga-in')).statusCode, 303);
    assert.equal((await second.inject({ url: '/logga-in', remoteAddress: from })).statusCode, 303);
    assert.equal((await login('/logga-in')).statusCode, 429);
    assert.equal((await t.app.inject({ url: '/logga-in', remoteAddress: address() })).statusCode, 303);
  });
});

describe('submissions', () => {
  test('are limited per logged-in person, on every device and process', async () => {
    const tenant = await createTestTenant(t, ['skolskjuts']);
    const anna = await residentClient(t, ANNA);
    const erik = await residentClient(t, ERIK);
    const start = `/${tenant.slug}/e-tjanster/skolskjuts/starta`;
    assert.equal((await anna.post(start)).statusCode, 303);
    assert.equal((await anna.post(start)).statusCode, 303);
    // Anna's other device, served by the other process.
    const annaElsewhere = new TestClient(second);
    for (const [name, value] of anna.cookies) annaElsewhere.cookies.set(name, value);
    annaElsewhere.csrfToken = anna.csrfToken;
    assert.equal((await annaElsewhere.post(start)).statusCode, 303);
    const refused = await anna.post(start);
    assert.equal(refused.statusCode, 429);
    assert.match(refused.body, /Vänta en stund/);
    assert.equal((await erik.post(start)).statusCode, 303, 'Erik, from the same address, is not held up');
  });

  test('anonymous posts are limited per address; Open311 answers in its own error format', async () => {
    const tenant = await createTestTenant(t);
    const from = address();
    const post = () =>
      t.app.inject({
        method: 'POST',
        url: `/${tenant.slug}/open311/v2/requests.json`,
        remoteAddress: from,
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        payload: 'api_key=unknown&service_code=x',
      });
    for (let i = 0; i < BUDGET; i++) assert.notEqual((await post()).statusCode, 429, `request ${i + 1}`);
    const refused = await post();
    assert.equal(refused.statusCode, 429);
    assert.equal(refused.json()[0].code, 429);
    assert.ok(Number(refused.headers['retry-after']) > 0);
  });
});
