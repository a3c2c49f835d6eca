/** Catalogue: tenant pages, life events, search, versioned definitions, and the JSON API. */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { readDemoDefinition } from '../../cli/seed.ts';
import type { AppError } from '../../platform/errors.ts';
import { createTestApp, type TestApp } from '../../test-support/app.ts';
import { TestClient } from '../../test-support/client.ts';
import { ANNA, createTestTenant, residentClient } from '../../test-support/fixtures.ts';
import type { ServiceDefinition } from '../forms/definition.ts';
import { liveVersion, toPrefixQuery } from './model.ts';

let t: TestApp;
before(async () => {
  t = await createTestApp();
});
after(() => t.close());

function titlesIn(html: string): string[] {
  return [...html.matchAll(/<h3><a href="[^"]+">([^<]+)<\/a><\/h3>/g)].map((match) => match[1] ?? '');
}

describe('catalogue pages', () => {
  test('the tenant home shows its name, life events that have services, a search box and every service', async () => {
    const tenant = await createTestTenant(t, ['felanmalan', 'skolskjuts', 'bygglov-garage']);
    const client = new TestClient(t.app);
    const home = await client.get(`/${tenant.slug}/`);
    assert.equal(home.statusCode, 200);
    assert.match(home.body, new RegExp(`E-tjänster i ${tenant.name}`));
    assert.match(home.body, /href="\/[^"]+\/livshandelser\/trafik-och-gator"/);
    assert.match(home.body, /<input type="search" id="q" name="q"/);
    assert.deepEqual(titlesIn(home.body).filter((title) => title.startsWith('Ans')).length, 2);
    const event = await client.get(`/${tenant.slug}/livshandelser/barn-och-skola`);
    assert.deepEqual(titlesIn(event.body), ['Ansökan om skolskjuts']);
  });

  test('unknown municipalities and services answer 404 pages in Swedish', async () => {
    const client = new TestClient(t.app);
    const missing = await client.get('/ingenstans/');
    assert.equal(missing.statusCode, 404);
    assert.match(missing.body, /Sidan finns inte/);
    const tenant = await createTestTenant(t, ['felanmalan']);
    assert.equal((await client.get(`/${tenant.slug}/e-tjanster/finns-inte`)).statusCode, 404);
  });

  test('search uses Swedish full-text: "garage" finds the building permit, half words work, English too', async () => {
    const tenant = await createTestTenant(t, ['felanmalan', 'skolskjuts', 'bygglov-garage']);
    const client = new TestClient(t.app);
    const search = async (q: string) =>
      titlesIn((await client.get(`/${tenant.slug}/sok?q=${encodeURIComponent(q)}`)).body);
    assert.deepEqual(await search('garage'), ['Ansökan om bygglov för garage eller carport']);
    assert.deepEqual(await search('skolskj'), ['Ansökan om skolskjuts']);
    assert.ok((await search('building permit')).includes('Ansökan om bygglov för garage eller carport'));
    assert.deepEqual(await search('&|!:*'), []);
    const none = await client.get(`/${tenant.slug}/sok?q=simhall`);
    assert.match(none.body, /Vi hittade ingen e-tjänst för ”simhall”/);
  });

  test('the start page says what the service is for, what you need, how long it takes and the login', async () => {
    const tenant = await createTestTenant(t, ['skolskjuts']);
    const page = await new TestClient(t.app).get(`/${tenant.slug}/e-tjanster/skolskjuts`);
    assert.match(page.body, /Det här behöver du/);
    assert.match(page.body, /Så lång tid tar det/);
    assert.match(page.body, /hög tillitsnivå/);
    assert.match(page.body, /action="\/[^"]+\/e-tjanster\/skolskjuts\/starta"/);
    assert.match(
      page.body,
      /Ring kundcenter på <a href="tel:0100000000">010-000 00 00<\/a> eller mejla <a href="mailto:kontakt@test\.example">kontakt@test\.example<\/a>\./,
    );
  });
});

describe('versions', () => {
  const definition = readDemoDefinition('felanmalan') as ServiceDefinition;

  test('editing a draft never changes the live version; publishing from a future date waits', async () => {
    const tenant = await createTestTenant(t, ['felanmalan']);
    const catalogue = t.app.services.catalogue;
    const draft = await catalogue.saveDraft(tenant.id, {
      ...definition,
      title: { sv: 'Ny titel', en: 'New title' },
    });
    assert.equal(draft.version, 2);
    assert.equal((await catalogue.liveService(tenant.id, 'felanmalan')).version.version, 1);
    const edited = await catalogue.saveDraft(tenant.id, {
      ...definition,
      title: { sv: 'Nyare titel', en: 'Newer' },
    });
    assert.equal(edited.id, draft.id, 'the open draft is edited, not a third version');
    await catalogue.publish(tenant.id, draft.id, new Date('2099-01-01'));
    assert.equal((await catalogue.liveService(tenant.id, 'felanmalan')).version.version, 1);
    await assert.rejects(
      catalogue.publish(tenant.id, draft.id, new Date()),
      (error: AppError) => error.code === 'CONFLICT',
    );
  });

  test('a case stays bound to the version it was submitted with', async () => {
    const tenant = await createTestTenant(t, ['felanmalan']);
    const client = new TestClient(t.app);
    await client.get(`/${tenant.slug}/e-tjanster/felanmalan`);
    const base = String(
      (await client.post(`/${tenant.slug}/e-tjanster/felanmalan/starta`)).headers.location,
    ).replace(/\/steg\/.+$/, '');
    const catalogue = t.app.services.catalogue;
    const v2 = await catalogue.saveDraft(tenant.id, {
      ...definition,
      title: { sv: 'Felanmälan version två', en: 'v2' },
    });
    await catalogue.publish(tenant.id, v2.id, new Date('2026-01-02'));
    const live = await catalogue.liveService(tenant.id, 'felanmalan');
    assert.equal(live.version.version, 2);
    const step = await client.get(`${base}/steg/what`);
    assert.match(step.body, /Felanmälan · Steg 1/, 'the open draft continues on version 1');
    await client.post(`${base}/steg/what`, { category: 'other', description: 'Skylt nere' });
    await client.post(`${base}/steg/where`, { 'location.address': 'Kyrkgatan' });
    await client.post(`${base}/steg/contact`, { wantsContact: 'no' });
    await client.post(`${base}/skicka`);
    const stored = await t.database.db
      .selectFrom('case')
      .select('serviceVersionId')
      .where('tenantId', '=', tenant.id)
      .executeTakeFirstOrThrow();
    assert.notEqual(stored.serviceVersionId, live.version.id);
    assert.equal((await catalogue.version(stored.serviceVersionId)).version, 1);
  });

  test('an invalid definition is refused with the reasons', async () => {
    const tenant = await createTestTenant(t, []);
    await assert.rejects(
      t.app.services.catalogue.saveDraft(tenant.id, { ...definition, title: { sv: 'Bara svenska' } }),
      (error: AppError) => error.code === 'DEFINITION_INVALID' && (error.errors?.length ?? 0) > 0,
    );
  });
});

describe('catalogue rules', () => {
  test('the live version is the highest published one whose date has come', () => {
    const base = { serviceId: 's', tenantId: 't', definition: {} as ServiceDefinition };
    const versions = [
      { ...base, id: '1', version: 1, status: 'published' as const, publishedFrom: new Date('2026-01-01') },
      { ...base, id: '2', version: 2, status: 'published' as const, publishedFrom: new Date('2026-06-01') },
      { ...base, id: '3', version: 3, status: 'draft' as const, publishedFrom: null },
      { ...base, id: '4', version: 4, status: 'retired' as const, publishedFrom: new Date('2026-02-01') },
    ];
    assert.equal(liveVersion(versions, new Date('2026-03-01'))?.id, '1');
    assert.equal(liveVersion(versions, new Date('2026-07-01'))?.id, '2');
    assert.equal(liveVersion(versions, new Date('2025-01-01')), undefined);
  });

  test('search text becomes a safe prefix query', () => {
    assert.equal(toPrefixQuery('Bygglov garage!'), 'bygglov:* & garage:*');
    assert.equal(toPrefixQuery("'; drop table --"), 'drop:* & table:*');
    assert.equal(toPrefixQuery('  '), undefined);
  });
});

describe('the JSON API', () => {
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
});
