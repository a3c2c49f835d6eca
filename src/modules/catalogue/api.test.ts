/** The JSON API: OpenAPI document, catalogue endpoints, the resident's cases, RFC 9457 errors. */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { createTestApp, type TestApp } from '../../test-support/app.ts';
import { TestClient } from '../../test-support/client.ts';
import { ANNA, createTestTenant, residentClient } from '../../test-support/fixtures.ts';

let t: TestApp;
before(async () => {
  t = await createTestApp();
});
after(() => t.close());

test('the OpenAPI 3.1 document describes the API routes and the problem schema', async () => {
  const response = await t.app.inject({ url: '/api/v1/openapi.json' });
  assert.equal(response.statusCode, 200);
  const document = response.json();
  assert.equal(document.openapi, '3.1.0');
  assert.ok(document.paths['/api/v1/tenants/{tenant}/services']);
  assert.ok(document.paths['/api/v1/me/cases']);
  assert.equal(document.paths['/mina-sidor'], undefined, 'HTML pages are not part of the API');
  assert.ok(document.components.schemas.Problem);
});

test('the catalogue API lists live services and searches them', async () => {
  const tenant = await createTestTenant(t, ['felanmalan', 'bygglov-garage']);
  const services = (await t.app.inject({ url: `/api/v1/tenants/${tenant.slug}/services` })).json();
  assert.deepEqual(services.map((s: { slug: string }) => s.slug).sort(), ['bygglov-garage', 'felanmalan']);
  const felanmalan = services.find((s: { slug: string }) => s.slug === 'felanmalan');
  assert.equal(felanmalan.loginRequired, false);
  assert.equal(felanmalan.url, `/${tenant.slug}/e-tjanster/felanmalan`);
  const hits = (await t.app.inject({ url: `/api/v1/tenants/${tenant.slug}/search?q=garage` })).json();
  assert.deepEqual(
    hits.map((s: { slug: string }) => s.slug),
    ['bygglov-garage'],
  );
});

test('bad API input answers 4xx with an RFC 9457 problem body', async () => {
  const missing = await t.app.inject({ url: '/api/v1/tenants/finns-inte/services' });
  assert.equal(missing.statusCode, 404);
  assert.match(String(missing.headers['content-type']), /^application\/problem\+json/);
  assert.equal(missing.json().code, 'TENANT_NOT_FOUND');
  assert.equal(missing.json().status, 404);
  const tenant = await createTestTenant(t, []);
  const noQuery = await t.app.inject({ url: `/api/v1/tenants/${tenant.slug}/search` });
  assert.equal(noQuery.statusCode, 400);
  assert.equal(noQuery.json().code, 'VALIDATION_FAILED');
  assert.ok(noQuery.json().errors.length > 0);
  const badSlug = await t.app.inject({ url: '/api/v1/tenants/NOT_A_SLUG/services' });
  assert.equal(badSlug.statusCode, 400);
});

test('/api/v1/me/cases needs a session and shows only the resident’s own cases', async () => {
  const anonymous = await t.app.inject({ url: '/api/v1/me/cases' });
  assert.equal(anonymous.statusCode, 401);
  assert.equal(anonymous.json().code, 'LOGIN_REQUIRED');
  const anna = await residentClient(t, ANNA);
  const response = await anna.get('/api/v1/me/cases');
  assert.equal(response.statusCode, 200);
  const body = response.json();
  assert.ok(Array.isArray(body.ongoing) && Array.isArray(body.closed));
});

test('GET /healthz reports the database kind', async () => {
  const health = (await t.app.inject({ url: '/healthz' })).json();
  assert.equal(health.status, 'ok');
  assert.equal(health.database, process.env.DATABASE_URL ? 'postgres' : 'pglite');
});

test('an unknown client’s CSRF-less JSON request is not a form, but forms without a token are refused', async () => {
  const client = new TestClient(t.app);
  const response = await client.post('/logga-ut', { _csrf: '' });
  assert.equal(response.statusCode, 403);
});
