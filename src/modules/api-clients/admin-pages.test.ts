/**
 * The administrators' API client pages (issue #12), through HTTP as a browser without JavaScript
 * would use them: the secret is shown once and works, refused registrations are explained next to
 * the fields, rotation and revocation stop the old secret, and only administrators get in.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { SESSION_COOKIE } from '../../platform/sessions/session-service.ts';
import type { Tenant } from '../../platform/tenancy/tenant-service.ts';
import { createTestApp, type TestApp } from '../../test-support/app.ts';
import type { TestClient } from '../../test-support/client.ts';
import { caseHandlingScene, LENA, staffClient, submitSchoolTransport } from '../../test-support/staff.ts';

let t: TestApp;
before(async () => {
  t = await createTestApp();
});
after(() => t.close());

async function scene() {
  const { tenant, units, karin, anna } = await caseHandlingScene(t);
  const admin = await staffClient(t, tenant, LENA, 'admin', []);
  const page = `/${tenant.slug}/handlaggning/admin/api-klienter`;
  return { tenant, units, karin, anna, admin, page };
}

const cases = (secret: string) => t.app.inject({ url: '/api/v1/cases', headers: { 'x-api-key': secret } });

/** The client id and the secret on a secret page (each shown once, in a summary list). */
function shown(body: string) {
  const secret = [...body.matchAll(/<code class="secret">(ingsk_[^<]+)<\/code>/g)].map((match) => match[1]);
  assert.equal(secret.length, 1, 'the secret is shown exactly once');
  const id = /<dt>Klient-id<\/dt><dd><code>([0-9a-f-]{36})<\/code>/.exec(body)?.[1];
  assert.ok(id, 'the client id is shown');
  return { secret: secret[0] as string, id };
}

async function register(admin: TestClient, page: string, form: Record<string, string | string[]>) {
  const response = await admin.post(`${page}/ny`, form);
  assert.equal(response.statusCode, 200, response.body.slice(0, 500));
  return shown(response.body);
}

async function clientCount(tenant: Tenant) {
  const row = await t.database.db
    .selectFrom('apiClient')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('tenantId', '=', tenant.id)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

describe('the API client pages', () => {
  test('registering shows the secret once; it works as an API key; the list never shows it', async () => {
    const { tenant, units, anna, admin, page } = await scene();
    await submitSchoolTransport(anna, tenant);
    const response = await admin.post(`${page}/ny`, {
      name: '  Ekonomisystemet ',
      scopes: ['cases:read', 'cases:status'],
      unitIds: units.school,
    });
    assert.equal(response.statusCode, 200);
    assert.match(response.body, /<h1>API-klienten Ekonomisystemet är registrerad<\/h1>/);
    assert.match(response.body, /visas bara den här gången/);
    assert.match(response.body, /http:\/\/[^<]+\/api\/v1\/oauth\/token/);
    assert.match(response.body, /href="\/api\/v1\/openapi\.json"/);
    assert.match(response.body, /X-API-Key/);
    const { secret, id } = shown(response.body);

    const listed = await admin.get(page);
    assert.equal(listed.statusCode, 200);
    assert.equal(listed.body.includes(secret), false, 'the secret is not shown again');
    assert.match(listed.body, /<th scope="row">Ekonomisystemet<\/th>/);
    assert.ok(listed.body.includes(id), 'the client id is in the list');
    assert.match(listed.body, /Läsa ärenden, historik och filer/);
    assert.match(listed.body, /Ändra status/);
    assert.match(listed.body, /<td>Skolskjutsenheten<\/td>/);
    assert.ok(listed.body.includes(`<code>${secret.slice(0, 10)}…</code>`), 'the hint tells secrets apart');
    assert.match(listed.body, /<td>Aldrig<\/td>/);
    assert.match(listed.body, /<td>Aktiv<\/td>/);
    assert.match(listed.body, /Byt hemlighet för Ekonomisystemet/);

    const read = await cases(secret);
    assert.equal(read.statusCode, 200, read.body);
    assert.equal(read.json().items.length, 1, 'the school-transport case is in its reach');
    assert.doesNotMatch((await admin.get(page)).body, /<td>Aldrig<\/td>/, 'last used is shown');
  });

  test('a refused registration is explained in the summary and next to each field, with what was typed', async () => {
    const { tenant, units, admin, page } = await scene();
    const noScopes = await admin.post(`${page}/ny`, { name: 'Ekonomisystemet', unitIds: units.streets });
    assert.equal(noScopes.statusCode, 400);
    assert.match(noScopes.body, /<title>Fel: /);
    assert.match(noScopes.body, /<a href="#scopes">Välj minst en behörighet<\/a>/);
    assert.match(noScopes.body, /<fieldset id="scopes-group" aria-describedby="scopes-hint scopes-error">/);
    assert.match(
      noScopes.body,
      /id="scopes-error"><span class="visually-hidden">Fel: <\/span>Välj minst en behörighet/,
    );
    assert.match(noScopes.body, /<input type="checkbox" id="scopes" name="scopes" value="cases:read"\/>/);
    assert.match(noScopes.body, /name="name" value="Ekonomisystemet"/);
    assert.match(noScopes.body, new RegExp(`name="unitIds" value="${units.streets}" checked`));
    assert.doesNotMatch(noScopes.body, /Ange systemets namn/);

    const noNameNoReach = await admin.post(`${page}/ny`, { name: ' ', scopes: 'cases:read' });
    assert.equal(noNameNoReach.statusCode, 400);
    const summary = /<div class="error-summary"[\s\S]*?<\/div>/.exec(noNameNoReach.body)?.[0] ?? '';
    assert.match(summary, /<a href="#name">Ange systemets namn<\/a>/);
    assert.match(
      summary,
      /<a href="#reach">Välj minst en enhet eller e-tjänst för behörigheterna som gäller ärenden<\/a>/,
    );
    assert.match(noNameNoReach.body, /id="name-error">.*Ange systemets namn/);
    assert.match(noNameNoReach.body, /aria-describedby="reach-hint reach-error"/);
    assert.match(noNameNoReach.body, /<input type="checkbox" id="reach" name="unitIds"/);
    assert.match(noNameNoReach.body, /id="reach-error">.*Välj minst en enhet/);
    assert.match(noNameNoReach.body, /id="scopes" name="scopes" value="cases:read" checked/);

    const tooLong = await admin.post(`${page}/ny`, { name: 'x'.repeat(201), scopes: 'opendata:read' });
    assert.equal(tooLong.statusCode, 400);
    assert.match(tooLong.body, /Namnet får vara högst 200 tecken/);
    assert.equal(await clientCount(tenant), 0, 'nothing is registered');
  });

  test('rotating shows a new secret once and the old one stops working', async () => {
    const { units, admin, page } = await scene();
    const first = await register(admin, page, {
      name: 'Arkivet',
      scopes: 'cases:read',
      unitIds: units.school,
    });
    const rotated = await admin.post(`${page}/${first.id}/byt-hemlighet`);
    assert.equal(rotated.statusCode, 200);
    assert.match(rotated.body, /<h1>Ny hemlighet för Arkivet<\/h1>/);
    const second = shown(rotated.body);
    assert.equal(second.id, first.id);
    assert.notEqual(second.secret, first.secret);
    assert.equal((await cases(first.secret)).statusCode, 401);
    assert.equal((await cases(second.secret)).statusCode, 200);
    assert.equal((await admin.get(page)).body.includes(second.secret), false);
  });

  test('revoking redirects to the list, which says Återkallad; the secret stops working', async () => {
    const { units, admin, page } = await scene();
    const { id, secret } = await register(admin, page, {
      name: 'Arkivet',
      scopes: 'cases:read',
      serviceIds: [],
      unitIds: units.school,
    });
    const revoked = await admin.post(`${page}/${id}/aterkalla`);
    assert.equal(revoked.statusCode, 303);
    assert.equal(revoked.headers.location, `${page}?klart=aterkallad`);
    const listed = await admin.get(String(revoked.headers.location));
    assert.match(listed.body, /role="status"><p>API-klienten är återkallad/);
    assert.match(listed.body, /<td>Återkallad \d{4}-\d{2}-\d{2} \d{2}:\d{2}<\/td>/);
    assert.doesNotMatch(listed.body, /Återkalla Arkivet|Byt hemlighet för Arkivet/);
    assert.equal((await cases(secret)).statusCode, 401);
    assert.equal(
      (await admin.post(`${page}/${id}/byt-hemlighet`)).statusCode,
      404,
      'a revoked client stays so',
    );
    assert.equal((await admin.post(`${page}/${id}/aterkalla`)).statusCode, 404);
  });

  test('an officer gets no access and registers nothing; a visitor is sent to the login', async () => {
    const { tenant, units, karin, page } = await scene();
    assert.equal((await karin.get(page)).statusCode, 403);
    const posted = await karin.post(`${page}/ny`, {
      name: 'Smyg',
      scopes: 'cases:read',
      unitIds: units.school,
    });
    assert.equal(posted.statusCode, 403);
    assert.equal(await clientCount(tenant), 0);
    const visitor = await t.app.inject({ url: page });
    assert.equal(visitor.statusCode, 303);
    assert.match(String(visitor.headers.location), /\/handlaggning\/logga-in/);
  });

  test('a post without the CSRF token is refused and registers nothing', async () => {
    const { tenant, units, admin, page } = await scene();
    await admin.get(page);
    const form = { name: 'Smyg', scopes: 'cases:read', unitIds: units.school };
    const wrong = await admin.post(`${page}/ny`, { ...form, _csrf: 'not-the-token' });
    assert.equal(wrong.statusCode, 403);
    const absent = await t.app.inject({
      method: 'POST',
      url: `${page}/ny`,
      headers: {
        cookie: `${SESSION_COOKIE}=${admin.cookies.get(SESSION_COOKIE)}`,
        'content-type': 'application/x-www-form-urlencoded',
      },
      payload: new URLSearchParams(form).toString(),
    });
    assert.equal(absent.statusCode, 403);
    assert.equal(await clientCount(tenant), 0);
  });
});
