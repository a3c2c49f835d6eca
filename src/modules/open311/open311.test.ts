/**
 * Open311 GeoReport v2 (issue #11), written from the specification (wiki.open311.org/GeoReport_v2)
 * and the servicerequestupdates extension: every endpoint in XML and JSON (XML read with a real
 * parser), the spec's errors for bad input, nothing half-written, and the admin page's permissions.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { readDemoDefinition, seedDemo } from '../../cli/seed.ts';
import type { Tenant } from '../../platform/tenancy/tenant-service.ts';
import { createTestApp, type TestApp } from '../../test-support/app.ts';
import { faultScene, INSIDE, OUTSIDE } from '../../test-support/fault-reports.ts';
import { KARIN, LENA, staffClient } from '../../test-support/staff.ts';
import { parseXmlTree, type XmlElement } from '../decision-rules/xml-tree.ts';

let t: TestApp;
before(async () => {
  t = await createTestApp();
});
after(() => t.close());

type El = XmlElement;

/** Parses XML into a tree; fails on a namespace or any XML error. */
function parseXml(xml: string): El {
  const roots = parseXmlTree(xml);
  const check = (element: El) => {
    assert.equal(element.name.includes(':'), false, 'no namespace prefix');
    assert.deepEqual(element.attrs, {}, 'no attributes or namespace');
    element.children.forEach(check);
  };
  roots.forEach(check);
  assert.equal(roots.length, 1);
  return roots[0] as El;
}
const kid = (el: El, name: string) => el.children.find((c) => c.name === name);
const kids = (el: El, name: string) => el.children.filter((c) => c.name === name);
const textOf = (el: El, name: string) => kid(el, name)?.text;

async function scene() {
  const fault = await faultScene(t);
  const created = await t.app.services.open311.createClient(
    { ...fault.peter.actor, role: 'admin' },
    'Testappen',
  );
  return { ...fault, key: created.key, clientId: created.id, base: `/${fault.tenant.slug}/open311/v2` };
}

function form(values: Record<string, string | string[]>): string {
  const body = new URLSearchParams();
  for (const [k, v] of Object.entries(values)) for (const item of [v].flat()) body.append(k, item);
  return body.toString();
}

const post = (
  url: string,
  values: Record<string, string | string[]>,
  type = 'application/x-www-form-urlencoded',
) => t.app.inject({ method: 'POST', url, headers: { 'content-type': type }, payload: form(values) });
const get = (url: string) => t.app.inject({ method: 'GET', url });

const REQUEST = {
  service_code: 'street-lighting',
  description: 'Lampan vid busshållplatsen är släckt',
  lat: String(INSIDE.latitude),
  long: String(INSIDE.longitude),
};

async function caseCount(tenant: Tenant) {
  const row = await t.database.db
    .selectFrom('case')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('tenantId', '=', tenant.id)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

describe('discovery and services', () => {
  test('discovery, services and a service definition in XML and JSON', async () => {
    const { base } = await scene();
    const discovery = await get(`${base}/discovery.xml`);
    assert.equal(discovery.headers['content-type'], 'text/xml; charset=utf-8');
    const doc = parseXml(discovery.body);
    assert.equal(doc.name, 'discovery');
    const endpoint = kid(kid(doc, 'endpoints') as El, 'endpoint') as El;
    assert.match(textOf(endpoint, 'url') ?? '', /\/open311\/v2$/);
    assert.deepEqual(
      kids(kid(endpoint, 'formats') as El, 'format').map((f) => f.text),
      ['text/xml', 'application/json'],
    );
    const json = JSON.parse((await get(`${base}/discovery.json`)).body);
    assert.equal(json.endpoints[0].specification, 'http://wiki.open311.org/GeoReport_v2');

    const services = parseXml((await get(`${base}/services.xml`)).body);
    assert.equal(services.name, 'services');
    const codes = kids(services, 'service').map((s) => textOf(s, 'service_code'));
    assert.ok(codes.includes('street-lighting') && codes.includes('litter-bin'), String(codes));
    const lighting = kids(services, 'service').find(
      (s) => textOf(s, 'service_code') === 'street-lighting',
    ) as El;
    assert.equal(textOf(lighting, 'metadata'), 'false', 'the demo form has no other fields to ask');
    assert.equal(textOf(lighting, 'type'), 'realtime');
    const servicesJson = JSON.parse((await get(`${base}/services.json`)).body);
    assert.equal(typeof servicesJson[0].service_code, 'string');
    assert.equal(servicesJson.length, codes.length);

    const definition = parseXml((await get(`${base}/services/street-lighting.xml`)).body);
    assert.equal(definition.name, 'service_definition');
    assert.equal(textOf(definition, 'service_code'), 'street-lighting');
    const unknown = await get(`${base}/services/no-such.json`);
    assert.equal(unknown.statusCode, 404);
    assert.deepEqual(Object.keys(JSON.parse(unknown.body)[0]), ['code', 'description']);
    assert.equal(JSON.parse(unknown.body)[0].code, 404);
  });

  test('a form field beyond the standard ones is a required attribute, checked on POST', async () => {
    const { tenant, base, key } = await scene();
    const definition = readDemoDefinition('felanmalan') as { steps: { fields: unknown[] }[] };
    definition.steps[0]?.fields.push(
      {
        id: 'poleNumber',
        type: 'text',
        label: { sv: 'Stolpens nummer', en: 'Pole number' },
        required: true,
        informationClass: { confidentiality: 0, personalData: 'none' },
      },
      {
        id: 'hazards',
        type: 'checkboxes',
        label: { sv: 'Risker', en: 'Hazards' },
        informationClass: { confidentiality: 0, personalData: 'none' },
        options: [
          { value: 'traffic', label: { sv: 'Trafik', en: 'Traffic' } },
          { value: 'children', label: { sv: 'Barn', en: 'Children' } },
        ],
      },
    );
    const catalogue = t.app.services.catalogue;
    const draft = await catalogue.saveDraft(tenant.id, definition);
    await catalogue.publish(tenant.id, draft.id, new Date(Date.now() - 1000));
    const xml = parseXml((await get(`${base}/services/street-lighting.xml`)).body);
    const attributes = kids(kid(xml, 'attributes') as El, 'attribute');
    assert.deepEqual(
      attributes.map((a) => [textOf(a, 'code'), textOf(a, 'datatype'), textOf(a, 'required')]),
      [
        ['poleNumber', 'string', 'true'],
        ['hazards', 'multivaluelist', 'false'],
      ],
    );
    assert.deepEqual(
      kids(kid(attributes[1] as El, 'values') as El, 'value').map((v) => textOf(v, 'key')),
      ['traffic', 'children'],
    );
    const before = await caseCount(tenant);
    const missing = await post(`${base}/requests.json`, { ...REQUEST, api_key: key });
    assert.equal(missing.statusCode, 400);
    assert.match(JSON.parse(missing.body)[0].description, /attribute\[poleNumber\] is required/);
    const badValue = await post(`${base}/requests.json`, {
      ...REQUEST,
      api_key: key,
      'attribute[poleNumber]': 'P-17',
      'attribute[hazards][]': ['traffic', 'fire'],
    });
    assert.equal(badValue.statusCode, 400);
    assert.equal(await caseCount(tenant), before, 'nothing written');
    const ok = await post(`${base}/requests.json`, {
      ...REQUEST,
      api_key: key,
      'attribute[poleNumber]': 'P-17',
      'attribute[hazards][]': ['traffic', 'children'],
    });
    assert.equal(ok.statusCode, 200, ok.body);
    const reference = JSON.parse(ok.body)[0].service_request_id;
    const row = await t.database.db
      .selectFrom('case')
      .select('answers')
      .where('reference', '=', reference)
      .executeTakeFirstOrThrow();
    assert.equal((row.answers as Record<string, unknown>).poleNumber, 'P-17');
    assert.deepEqual((row.answers as Record<string, unknown>).hazards, ['traffic', 'children']);
  });
});

describe('requests', () => {
  test('POST makes an open311 case with a token; GET reads it back in both formats', async () => {
    const { tenant, base, key, clientId } = await scene();
    const created = await post(`${base}/requests.xml`, {
      ...REQUEST,
      api_key: key,
      jurisdiction_id: tenant.slug,
      email: 'anna@example.se',
      address_string: 'Storgatan 1',
    });
    assert.equal(created.statusCode, 200, created.body);
    assert.equal(created.headers['content-type'], 'text/xml; charset=utf-8');
    const list = parseXml(created.body);
    assert.equal(list.name, 'service_requests');
    const one = kid(list, 'request') as El;
    const reference = textOf(one, 'service_request_id') as string;
    const token = textOf(one, 'token') as string;
    assert.match(reference, new RegExp(`^${tenant.referencePrefix}-`));
    assert.ok(token.length >= 40);
    const row = await t.database.db
      .selectFrom('case')
      .selectAll()
      .where('reference', '=', reference)
      .executeTakeFirstOrThrow();
    assert.equal(row.channel, 'open311');
    assert.equal(row.registeredByKind, 'apiClient');
    assert.equal(row.registeredById, clientId);
    assert.deepEqual(row.applicantContact, { email: 'anna@example.se' });

    const byId = parseXml((await get(`${base}/requests/${reference}.xml`)).body);
    const request = kid(byId, 'request') as El;
    assert.equal(textOf(request, 'status'), 'open');
    assert.equal(textOf(request, 'service_code'), 'street-lighting');
    assert.match(textOf(request, 'requested_datetime') ?? '', /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/);
    assert.equal(textOf(request, 'lat'), '59.2');
    assert.equal(textOf(request, 'description'), '', 'no free text in public answers');
    const json = JSON.parse((await get(`${base}/requests/${reference}.json`)).body);
    assert.equal(json.length, 1);
    assert.equal(json[0].service_request_id, reference);
    assert.equal(json[0].long, 17.6);

    const tokens = JSON.parse((await get(`${base}/tokens/${token}.json`)).body);
    assert.deepEqual(tokens, [{ service_request_id: reference, token }]);
    const tokenXml = parseXml((await get(`${base}/tokens/${token}.xml`)).body);
    assert.equal(textOf(kid(tokenXml, 'request') as El, 'service_request_id'), reference);
    assert.equal((await get(`${base}/tokens/${token.slice(0, -2)}xx.json`)).statusCode, 404);
    assert.equal((await get(`${base}/requests/NOPE-1.xml`)).statusCode, 404);
  });

  test('GET requests filters by id, code, status and dates, and pages', async () => {
    const { base, key } = await scene();
    const refs: string[] = [];
    for (const code of ['street-lighting', 'litter-bin', 'street-lighting']) {
      const res = await post(`${base}/requests.json`, { ...REQUEST, service_code: code, api_key: key });
      refs.push(JSON.parse(res.body)[0].service_request_id);
    }
    const all = JSON.parse((await get(`${base}/requests.json`)).body);
    assert.deepEqual(
      all.map((r: { service_request_id: string }) => r.service_request_id),
      [...refs].reverse(),
    );
    const lights = JSON.parse((await get(`${base}/requests.json?service_code=street-lighting`)).body);
    assert.equal(lights.length, 2);
    const ids = JSON.parse(
      (await get(`${base}/requests.json?service_request_id=${refs[0]},${refs[1]}`)).body,
    );
    assert.deepEqual(
      ids.map((r: { service_request_id: string }) => r.service_request_id).sort(),
      [refs[0], refs[1]].sort(),
    );
    assert.equal(JSON.parse((await get(`${base}/requests.json?status=closed`)).body).length, 0);
    const future = encodeURIComponent('2999-01-01T00:00:00+01:00');
    assert.equal(JSON.parse((await get(`${base}/requests.json?start_date=${future}`)).body).length, 0);
    const first = await get(`${base}/requests.xml?page_size=2`);
    assert.equal(kids(parseXml(first.body), 'request').length, 2);
    const next = /<([^>]+)>; rel="next"/.exec(String(first.headers.link))?.[1];
    assert.ok(next, 'a Link to the next page');
    const second = parseXml((await get(new URL(next).pathname + new URL(next).search)).body);
    assert.deepEqual(
      kids(second, 'request').map((r) => textOf(r, 'service_request_id')),
      [refs[0]],
    );
    for (const query of ['start_date=yesterday', 'status=pending', 'page_size=0', 'page_after=zzz'])
      assert.equal((await get(`${base}/requests.json?${query}`)).statusCode, 400, query);
  });

  test('bad POSTs get the spec’s errors and write nothing', async () => {
    const { tenant, base, key, clientId } = await scene();
    const before = await caseCount(tenant);
    const cases: [Record<string, string>, number, RegExp, string?][] = [
      [{ ...REQUEST }, 403, /api_key/],
      [{ ...REQUEST, api_key: 'wrong' }, 403, /api_key/],
      [{ ...REQUEST, api_key: key, service_code: 'no-such' }, 404, /service_code/],
      [{ ...REQUEST, api_key: key, service_code: '' }, 400, /service_code/],
      [{ ...REQUEST, api_key: key, lat: '', long: '' }, 400, /location/i],
      [{ ...REQUEST, api_key: key, lat: 'north' }, 400, /lat/],
      [{ ...REQUEST, api_key: key, lat: String(OUTSIDE.latitude) }, 400, /location\.latitude/],
      [{ ...REQUEST, api_key: key, description: '' }, 400, /description/],
      [{ ...REQUEST, api_key: key, jurisdiction_id: 'elsewhere' }, 404, /jurisdiction/],
    ];
    for (const [values, status, description] of cases) {
      const res = await post(`${base}/requests.xml`, values);
      assert.equal(res.statusCode, status, `${JSON.stringify(values)}: ${res.body}`);
      const errors = parseXml(res.body);
      assert.equal(errors.name, 'errors');
      const error = kid(errors, 'error') as El;
      assert.equal(textOf(error, 'code'), String(status));
      assert.match(textOf(error, 'description') ?? '', description);
    }
    const json = await post(`${base}/requests.json`, { ...REQUEST, api_key: key }, 'application/json');
    assert.equal(json.statusCode, 400);
    assert.match(JSON.parse(json.body)[0].description, /x-www-form-urlencoded/);
    const twice = await post(`${base}/requests.json`, { ...REQUEST, api_key: key, lat: ['59.2', '59.21'] });
    assert.equal(twice.statusCode, 400);
    await t.app.services.open311.revokeClient(
      { ...(await scene()).peter.actor, role: 'admin', tenantId: tenant.id },
      clientId,
    );
    const revoked = await post(`${base}/requests.json`, { ...REQUEST, api_key: key });
    assert.equal(revoked.statusCode, 403);
    assert.equal(await caseCount(tenant), before, 'nothing was written');
  });
});

describe('servicerequestupdates', () => {
  test('a comment, "still broken" after fixed reopens, GET lists the history; only the own client', async () => {
    const { tenant, base, key, streets } = await scene();
    const other = await t.app.services.open311.createClient(
      { ...(await staffClient(t, tenant, LENA, 'admin', [])).actor },
      'Annan app',
    );
    const created = JSON.parse((await post(`${base}/requests.json`, { ...REQUEST, api_key: key })).body)[0];
    const reference = created.service_request_id as string;
    const comment = await post(`${base}/servicerequestupdates.json`, {
      api_key: key,
      service_request_id: reference,
      update_id: 'app-1',
      status: 'open',
      description: 'Det är mörkt på hela gatan',
    });
    assert.equal(comment.statusCode, 200, comment.body);
    const updateId = JSON.parse(comment.body)[0].update_id;
    const again = await post(`${base}/servicerequestupdates.json`, {
      api_key: key,
      service_request_id: reference,
      update_id: 'app-1',
      status: 'open',
      description: 'Det är mörkt på hela gatan',
    });
    assert.equal(JSON.parse(again.body)[0].update_id, updateId, 'the same update once');
    const foreign = await post(`${base}/servicerequestupdates.json`, {
      api_key: other.key,
      service_request_id: reference,
      update_id: 'x',
      status: 'open',
      description: 'Hej',
    });
    assert.equal(foreign.statusCode, 404);

    // The unit marks it fixed; the app says it is not.
    const officer = await staffClient(t, tenant, KARIN, 'officer', [streets]);
    const lock = await t.app.services.caseHandling.systemCase(reference);
    await t.database.db.transaction().execute(async (trx) => {
      const handled = await lock?.(trx);
      assert.ok(handled);
      const fixed = handled.workflow.statuses.find((s) => s.id === 'fixed');
      assert.ok(fixed);
      await t.app.services.caseHandling.enterStatus(
        trx,
        handled,
        fixed,
        { kind: 'officer', staffId: officer.actor.staffId, name: 'Karin' },
        {},
        null,
      );
    });
    assert.equal(JSON.parse((await get(`${base}/requests/${reference}.json`)).body)[0].status, 'closed');
    const notFixed = await post(`${base}/servicerequestupdates.xml`, {
      api_key: key,
      service_request_id: reference,
      update_id: 'app-2',
      status: 'OPEN',
      description: 'Lampan lyser fortfarande inte',
    });
    assert.equal(notFixed.statusCode, 200, notFixed.body);
    assert.equal(parseXml(notFixed.body).name, 'service_request_updates');
    assert.equal(JSON.parse((await get(`${base}/requests/${reference}.json`)).body)[0].status, 'open');
    const row = await t.database.db
      .selectFrom('faultReport')
      .select('notFixedCount')
      .where('reference', '=', reference)
      .executeTakeFirstOrThrow();
    assert.equal(row.notFixedCount, 1);

    const casePage = await officer.get(`/${tenant.slug}/handlaggning/arenden/${reference}`);
    assert.equal(casePage.statusCode, 200);
    assert.match(casePage.body, /skrev en kommentar i en app för felanmälan \(Testappen\)/);
    assert.match(casePage.body, /Det är mörkt på hela gatan/);
    const updates = parseXml(
      (await get(`${base}/servicerequestupdates.xml?api_key=${key}&service_request_id=${reference}`)).body,
    );
    const items = kids(updates, 'request_update');
    assert.deepEqual(
      items.map((u) => textOf(u, 'status')),
      ['open', 'open', 'closed', 'open'],
    );
    assert.match(textOf(items[1] as El, 'description') ?? '', /mörkt på hela gatan/);
    assert.match(textOf(items[3] as El, 'description') ?? '', /fortfarande inte/);
    assert.equal(
      (await get(`${base}/servicerequestupdates.json?service_request_id=${reference}`)).statusCode,
      403,
    );
    assert.equal((await get(`${base}/servicerequestupdates.json?api_key=${key}`)).statusCode, 400);
    const missing = await post(`${base}/servicerequestupdates.json`, {
      api_key: key,
      service_request_id: reference,
      status: 'open',
      description: 'x',
    });
    assert.equal(missing.statusCode, 400);
  });
});

describe('the admin page', () => {
  test('an administrator creates a key (shown once) and revokes it; others are refused', async () => {
    const { tenant, base, streets } = await scene();
    const admin = await staffClient(t, tenant, LENA, 'admin', []);
    const page = `/${tenant.slug}/handlaggning/admin/open311`;
    assert.match((await admin.get(page)).body, /Testappen/);
    const refused = await admin.post(`${page}/ny`, { name: '' });
    assert.equal(refused.statusCode, 400);
    assert.match(refused.body, /Ange appens namn/);
    const created = await admin.post(`${page}/ny`, { name: 'Felappen' });
    assert.equal(created.statusCode, 200);
    const key = /<code class="secret">([^<]+)<\/code>/.exec(created.body)?.[1] as string;
    assert.match(key, /^o311_/);
    assert.equal((await admin.get(page)).body.includes(key), false, 'the key is not shown again');
    const stored = await t.database.db
      .selectFrom('open311Client')
      .selectAll()
      .where('name', '=', 'Felappen')
      .where('tenantId', '=', tenant.id)
      .executeTakeFirstOrThrow();
    assert.notEqual(stored.keyHash, key);
    const ok = await post(`${base}/requests.json`, { ...REQUEST, api_key: key });
    assert.equal(ok.statusCode, 200);
    const revoke = await admin.post(`${page}/${stored.id}/aterkalla`);
    assert.equal(revoke.statusCode, 303);
    assert.equal((await post(`${base}/requests.json`, { ...REQUEST, api_key: key })).statusCode, 403);

    const officer = await staffClient(t, tenant, KARIN, 'officer', [streets]);
    assert.equal((await officer.get(page)).statusCode, 403);
    assert.equal((await officer.post(`${page}/ny`, { name: 'Smyg' })).statusCode, 403);
    assert.equal((await t.app.inject({ method: 'GET', url: page })).statusCode, 303, 'to the login');
  });
});

describe('the demo', () => {
  test('exempelstad’s demo key posts a request that the back office gets; seeding twice adds no client', async () => {
    await seedDemo(t.app.services);
    await seedDemo(t.app.services);
    const tenant = await t.app.services.tenants.bySlug('exempelstad');
    const clients = await t.database.db
      .selectFrom('open311Client')
      .selectAll()
      .where('tenantId', '=', tenant.id)
      .where('name', '=', 'Demoappen (Open311)')
      .execute();
    assert.equal(clients.length, 1);
    assert.notEqual(clients[0]?.keyHash, 'demo-open311-key', 'stored hashed');
    const res = await post('/exempelstad/open311/v2/requests.json', {
      api_key: 'demo-open311-key',
      service_code: 'street-lighting',
      description: 'Gatlampan vid busshållplatsen är släckt',
      lat: '59.3301',
      long: '18.0612',
      address_string: 'Stationsgatan 4',
    });
    assert.equal(res.statusCode, 200, res.body);
    const reference = JSON.parse(res.body)[0].service_request_id;
    const row = await t.database.db
      .selectFrom('case')
      .select(['channel', 'registeredByLabel', 'unitId'])
      .where('reference', '=', reference)
      .executeTakeFirstOrThrow();
    assert.deepEqual([row.channel, row.registeredByLabel], ['open311', 'Demoappen (Open311)']);
    assert.ok(row.unitId, 'routed to a unit of the back office');
  });
});
