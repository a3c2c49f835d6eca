/**
 * CSRF for every state-changing request, whatever its content type (issue #9's probe): multipart
 * posts without a token change nothing anywhere, a cross-site Origin is refused even with a token,
 * and the ordinary flows (urlencoded forms, streamed uploads) still pass.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { LightMyRequestResponse } from 'fastify';
import { createTestApp, type TestApp } from '../../test-support/app.ts';
import type { TestClient } from '../../test-support/client.ts';
import { ANNA, createTestTenant, residentClient } from '../../test-support/fixtures.ts';
import {
  createTestUnits,
  fillSchoolTransport,
  KARIN,
  staffClient,
  submitSchoolTransport,
} from '../../test-support/staff.ts';
import { SESSION_COOKIE } from '../sessions/session-service.ts';

let t: TestApp;
before(async () => {
  t = await createTestApp();
});
after(() => t?.close());

/** A multipart post of `fields` with no `_csrf` part at all, as a forged cross-site form would send. */
function multipartWithoutToken(
  client: TestClient,
  url: string,
  fields: Record<string, string> = {},
  accept = 'text/html',
): Promise<LightMyRequestResponse> {
  const boundary = '----forged';
  const parts = Object.entries(fields).map(
    ([name, value]) => `--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`,
  );
  return t.app.inject({
    method: 'POST',
    url,
    headers: {
      cookie: `${SESSION_COOKIE}=${client.cookies.get(SESSION_COOKIE)}`,
      'content-type': `multipart/form-data; boundary=${boundary}`,
      accept,
    },
    payload: `${parts.join('')}--${boundary}--\r\n`,
  });
}

function assertRefused(response: LightMyRequestResponse): void {
  assert.equal(response.statusCode, 403, response.body.slice(0, 300));
  assert.equal(response.headers.location, undefined);
}

async function draftRow(draftId: string) {
  return t.database.db.selectFrom('draft').selectAll().where('id', '=', draftId).executeTakeFirst();
}

describe('multipart posts without a CSRF token', () => {
  test('cannot start, delete or submit a draft', async () => {
    const tenant = await createTestTenant(t, ['skolskjuts']);
    const anna = await residentClient(t, ANNA);
    // Only this tenant's drafts: other files write drafts to a shared PostgreSQL at the same time.
    const draftsOfTenant = () =>
      t.database.db.selectFrom('draft').select('id').where('tenantId', '=', tenant.id).execute();
    const before = await draftsOfTenant();
    assertRefused(await multipartWithoutToken(anna, `/${tenant.slug}/e-tjanster/skolskjuts/starta`));
    const after = await draftsOfTenant();
    assert.equal(after.length, before.length, 'no draft was started');

    const { base, draftId } = await fillSchoolTransport(anna, tenant);
    assertRefused(await multipartWithoutToken(anna, `${base}/ta-bort`));
    assert.equal((await draftRow(draftId))?.status, 'open', 'the draft is still there');
    const submit = await multipartWithoutToken(anna, `${base}/skicka`, {}, 'application/json');
    assertRefused(submit);
    assert.equal(submit.headers['content-type'], 'application/problem+json; charset=utf-8');
    assert.equal(JSON.parse(submit.body).code, 'CSRF_FAILED');
    assert.equal((await draftRow(draftId))?.status, 'open', 'the draft was not submitted');
  });

  test('cannot empty the profile, start a completion or log out', async () => {
    const anna = await residentClient(t, ANNA);
    await anna.post('/mina-sidor/profil', { email: 'anna@example.se', phone: '070-123 45 67' });
    const refused = await multipartWithoutToken(anna, '/mina-sidor/profil', { email: '', phone: '' });
    assertRefused(refused);
    assert.match(refused.body, /<html/, 'a browser gets the friendly page');
    const person = await t.database.db
      .selectFrom('person')
      .selectAll()
      .where('id', '=', anna.personId)
      .executeTakeFirstOrThrow();
    assert.equal(person.email, 'anna@example.se');

    const tenant = await createTestTenant(t, ['skolskjuts']);
    const reference = await submitSchoolTransport(anna, tenant);
    const draftsOfTenant = () =>
      t.database.db.selectFrom('draft').select('id').where('tenantId', '=', tenant.id).execute();
    const drafts = await draftsOfTenant();
    assertRefused(await multipartWithoutToken(anna, `/mina-sidor/arenden/${reference}/komplettera`));
    assert.equal((await draftsOfTenant()).length, drafts.length);

    assertRefused(await multipartWithoutToken(anna, '/logga-ut'));
    assert.equal((await anna.get('/mina-sidor/profil')).statusCode, 200, 'still logged in');
  });

  test("cannot take or release an officer's case", async () => {
    const tenant = await createTestTenant(t, ['skolskjuts']);
    const units = await createTestUnits(t, tenant);
    const karin = await staffClient(t, tenant, KARIN, 'officer', [units.school]);
    const reference = await submitSchoolTransport(await residentClient(t, ANNA), tenant);
    const casePath = `/${tenant.slug}/handlaggning/arenden/${reference}`;
    const assignee = async () =>
      (
        await t.database.db
          .selectFrom('case')
          .select('assignedStaffId')
          .where('reference', '=', reference)
          .executeTakeFirstOrThrow()
      ).assignedStaffId;
    assertRefused(await multipartWithoutToken(karin, `${casePath}/ta`));
    assert.equal(await assignee(), null);
    assert.equal((await karin.post(`${casePath}/ta`)).statusCode, 303, 'the real form still works');
    assert.notEqual(await assignee(), null);
    assertRefused(await multipartWithoutToken(karin, `${casePath}/slapp`));
    assert.notEqual(await assignee(), null, 'still taken');
  });
});

describe('cross-site requests', () => {
  test('a cross-site Origin or Sec-Fetch-Site is refused even with the right token', async () => {
    const tenant = await createTestTenant(t, ['skolskjuts']);
    const anna = await residentClient(t, ANNA);
    const url = `/${tenant.slug}/e-tjanster/skolskjuts/starta`;
    const post = (headers: Record<string, string>) =>
      t.app.inject({
        method: 'POST',
        url,
        headers: {
          cookie: `${SESSION_COOKIE}=${anna.cookies.get(SESSION_COOKIE)}`,
          'content-type': 'application/x-www-form-urlencoded',
          ...headers,
        },
        payload: `_csrf=${encodeURIComponent(anna.csrfToken)}`,
      });
    assertRefused(await post({ origin: 'https://evil.example' }));
    assertRefused(await post({ origin: 'null' }));
    assertRefused(await post({ 'sec-fetch-site': 'cross-site' }));
    assertRefused(await post({ 'sec-fetch-site': 'same-site' }));
    assert.equal(
      (await post({ origin: 'http://localhost:3000', 'sec-fetch-site': 'same-origin' })).statusCode,
      303,
    );
    assert.equal((await post({})).statusCode, 303, 'no Origin: the token decides');
  });

  test('a urlencoded post without the token is refused as before; with it, it passes', async () => {
    const tenant = await createTestTenant(t, ['skolskjuts']);
    const anna = await residentClient(t, ANNA);
    const url = `/${tenant.slug}/e-tjanster/skolskjuts/starta`;
    assertRefused(await anna.post(url, { _csrf: 'wrong' }));
    assert.equal((await anna.post(url)).statusCode, 303);
  });
});
