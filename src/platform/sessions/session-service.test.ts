import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { createTestApp, type TestApp } from '../../test-support/app.ts';
import { createSessionService, csrfTokenMatches, sessionIdFor } from './session-service.ts';

let t: TestApp;
before(async () => {
  t = await createTestApp();
});
after(() => t.close());

test('the table stores only a hash of the cookie token; expired sessions are not loaded and are swept', async () => {
  let clock = new Date('2026-03-01T10:00:00Z');
  const sessions = createSessionService(t.database.db, 1, () => clock);
  const { token, session } = await sessions.start(null);
  assert.equal(session.id, sessionIdFor(token));
  assert.notEqual(session.id, token);
  const stored = await t.database.db
    .selectFrom('session')
    .select('id')
    .where('id', '=', token)
    .executeTakeFirst();
  assert.equal(stored, undefined, 'the raw token is never stored');
  assert.ok(await sessions.load(token));
  clock = new Date('2026-03-01T11:00:01Z');
  assert.equal(await sessions.load(token), undefined, 'expired after the TTL');
  assert.ok((await sessions.sweep()) >= 1);
  const left = await t.database.db
    .selectFrom('session')
    .select('id')
    .where('id', '=', session.id)
    .executeTakeFirst();
  assert.equal(left, undefined);
});

test('CSRF tokens are compared exactly', async () => {
  const sessions = createSessionService(t.database.db, 1, () => new Date());
  const { session } = await sessions.start(null);
  assert.equal(csrfTokenMatches(session, session.data.csrfToken), true);
  assert.equal(csrfTokenMatches(session, `${session.data.csrfToken}x`), false);
  assert.equal(csrfTokenMatches(session, ''), false);
  assert.equal(csrfTokenMatches(undefined, session.data.csrfToken), false);
  assert.equal(csrfTokenMatches(session, ['a']), false);
});
