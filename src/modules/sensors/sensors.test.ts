/**
 * The sensor pages (issue #11): an administrator registers a device through the plain form (errors
 * in Swedish beside the fields and in the summary, CSRF checked, audited), gets its token once
 * (only its hash is stored), revokes it; staff read the asset page (chart, table, open case);
 * who may see what. Also the demo's sensors: seeded once, and their tokens work (last, so that no
 * other test sees the demo). Also readings over HTTP: the happy path in both media types, every
 * refusal as an RFC 9457 problem with nothing written, and a flood of identical readings stored once
 * and counted. And alarms as fault cases: a crossing opens one felanmälan case through the intake
 * (channel sensor, registered by the device, the reading on its first event); readings that stay
 * outside add nothing; back inside adds "Nivån är åter normal"; a new crossing adds to the same open
 * case; a closed case makes the next crossing open a new one; concurrent ingests and evaluations
 * still make one case; evaluating again changes nothing.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { readDemoSensors, seedDemo } from '../../cli/seed.ts';
import type { Tenant } from '../../platform/tenancy/tenant-service.ts';
import { createTestApp, type TestApp } from '../../test-support/app.ts';
import { TestClient } from '../../test-support/client.ts';
import { runJobs as runSharedJobs } from '../../test-support/proposals.ts';
import { postReadings, registerBin, sensorScene } from '../../test-support/sensors.ts';
import { KARIN, LENA, staffClient } from '../../test-support/staff.ts';
import { ALARM_EVENT, NORMAL_EVENT } from './alarms.ts';
import { tokenHash } from './service.ts';
import { countReadings } from './store.ts';

let t: TestApp;
before(async () => {
  t = await createTestApp();
});
after(() => t.close());

const FORM = {
  name: 'Snögivare Skolan',
  assetName: 'Tak Ekbackens skola',
  assetIdentifier: 'B-12',
  latitude: '59,33',
  longitude: '18,07',
  upper: '150',
};

describe('the administrators register devices', () => {
  test('a refused form shows Swedish errors beside the fields and in the summary, and writes nothing', async () => {
    const { tenant, admin } = await sensorScene(t);
    const base = `/${tenant.slug}/handlaggning/admin/sensorer`;
    const list = await admin.get(base);
    assert.equal(list.statusCode, 200);
    assert.match(list.body, /Registrera sensor: Tak \(snölast\)/);
    await admin.get(`${base}/ny?typ=snolast`);
    const refused = await admin.post(`${base}/ny?typ=snolast`, {
      ...FORM,
      name: '',
      latitude: '95',
      upper: 'mycket',
    });
    assert.equal(refused.statusCode, 400);
    assert.match(refused.body, /class="error-summary"/);
    for (const [id, text] of [
      ['field-name', 'Ange sensorns namn'],
      ['field-latitude', 'Latituden ska vara ett tal mellan −90 och 90, till exempel 59,3293'],
      ['field-upper', 'Larmgränsen ska vara ett tal, till exempel 90 eller 2,5'],
    ]) {
      assert.match(refused.body, new RegExp(`<a href="#${id}">${text}</a>`), `summary links ${id}`);
      assert.match(refused.body, new RegExp(`id="${id}-error"[^>]*>[\\s\\S]*?${text}`), `error beside ${id}`);
    }
    assert.match(refused.body, /value="Tak Ekbackens skola"/, 'what was typed is kept');
    const devices = await t.database.db
      .selectFrom('sensorDevice')
      .select('id')
      .where('tenantId', '=', tenant.id)
      .execute();
    assert.equal(devices.length, 0);
  });

  test('a device is registered, audited, and its token is shown once and stored hashed', async () => {
    const { tenant, admin } = await sensorScene(t);
    const base = `/${tenant.slug}/handlaggning/admin/sensorer`;
    await admin.get(`${base}/ny?typ=snolast`);
    const noToken = await admin.post(`${base}/ny?typ=snolast`, { ...FORM, _csrf: 'wrong' });
    assert.equal(noToken.statusCode, 403, 'the CSRF token is checked');
    const created = await admin.post(`${base}/ny?typ=snolast`, FORM);
    assert.equal(created.statusCode, 303, created.body);
    const location = String(created.headers.location);
    assert.match(location, new RegExp(`^${base}/[0-9a-f-]{36}\\?klart=registrerad$`));
    const deviceId = location.split('/').pop()?.split('?')[0] as string;
    const page = await admin.get(location);
    assert.match(page.body, /Sensorn är registrerad/);
    assert.match(page.body, new RegExp(`ingang/${tenant.slug}/${deviceId}/senml`));
    assert.match(page.body, /urn:dev:ingang:[0-9a-f-]{36}:snowLoad/);

    const issued = await admin.post(`${base}/${deviceId}/token`);
    assert.equal(issued.statusCode, 200);
    const token = /<code class="secret">(isd_[A-Za-z0-9_-]{43})<\/code>/.exec(issued.body)?.[1];
    assert.ok(token, 'the token is on the page');
    const stored = await t.database.db
      .selectFrom('sensorDevice')
      .select(['tokenHash'])
      .where('id', '=', deviceId)
      .executeTakeFirstOrThrow();
    assert.equal(stored.tokenHash, tokenHash(token), 'only the hash is stored');
    assert.doesNotMatch(
      (await admin.get(`${base}/${deviceId}`)).body,
      new RegExp(token),
      'never shown again',
    );
    const pack = [{ bn: `urn:dev:ingang:${deviceId}:`, n: 'snowLoad', u: 'kg/m2', v: 80 }];
    assert.equal((await postReadings(t, tenant, token, pack)).statusCode, 200);

    const revoked = await admin.post(`${base}/${deviceId}/token/aterkalla`);
    assert.equal(revoked.statusCode, 303);
    assert.equal((await postReadings(t, tenant, token, pack)).statusCode, 401);
    const limits = await admin.post(`${base}/${deviceId}/granser`, { upper: '5001' });
    assert.equal(limits.statusCode, 400);
    assert.match(limits.body, /Larmgränsen ligger utanför det sensorn kan mäta/);
    assert.equal((await admin.post(`${base}/${deviceId}/granser`, { upper: '120' })).statusCode, 303);

    const actions = await t.database.db
      .selectFrom('auditLog')
      .select(['action', 'actorName'])
      .where('tenantId', '=', tenant.id)
      .where('action', 'like', 'sensor.%')
      .orderBy('id')
      .execute();
    assert.deepEqual(
      actions.map((entry) => entry.action),
      ['sensor.registered', 'sensor.tokenIssued', 'sensor.tokenRevoked', 'sensor.limitsChanged'],
    );
    assert.equal(actions[0]?.actorName, 'Mats Öberg');
  });
});

describe('the asset page and who may see what', () => {
  test('staff see the chart with its limit, the table beside it and the open case', async () => {
    const scene = await sensorScene(t);
    const { tenant } = scene;
    const bin = await registerBin(t, scene);
    const start = Math.floor(Date.now() / 1000) - 3600;
    const pack = [50, 70, 94].map((v, index) => ({
      ...(index === 0 ? { bn: bin.baseName, bu: '%', bt: start } : {}),
      n: 'fillLevel',
      t: index * 600,
      v,
    }));
    assert.equal((await postReadings(t, tenant, bin.token, pack)).statusCode, 200);
    await t.app.services.sensors.evaluateDevice(bin.id);
    const lena = await staffClient(t, tenant, LENA, 'officer', [scene.units.streets]);
    const list = await lena.get(`/${tenant.slug}/handlaggning/sensorer`);
    assert.equal(list.statusCode, 200);
    assert.match(list.body, /Sopkärl Stortorget 3<\/a>/);
    assert.match(list.body, /Utanför larmgränsen/);
    const page = await lena.get(`/${tenant.slug}/handlaggning/sensorer/${bin.device.assetId}`);
    assert.equal(page.statusCode, 200);
    assert.match(
      page.body,
      /<svg role="img" aria-label="Fyllnadsgrad för Nivågivare 17 de senaste 7 dygnen, 3 mätvärden/,
    );
    assert.match(page.body, />Larmgräns 90 %</, 'the limit is marked in the chart');
    assert.doesNotMatch(page.body, /<svg[^>]*>[\s\S]*\sstyle="/, 'no inline styles (CSP)');
    assert.match(page.body, /<caption>De senaste 3 mätvärdena: Fyllnadsgrad för Nivågivare 17<\/caption>/);
    assert.match(page.body, /<th scope="col">Tid<\/th>/);
    assert.match(page.body, /<td>94 %<\/td><td>Utanför larmgränsen<\/td>/);
    const [opened] = await t.database.db
      .selectFrom('case')
      .select('reference')
      .where('tenantId', '=', tenant.id)
      .execute();
    assert.ok(opened);
    assert.match(page.body, new RegExp(`href="/${tenant.slug}/handlaggning/arenden/${opened.reference}"`));
  });

  test('officers may not use the admin pages; outsiders and other tenants see nothing', async () => {
    const scene = await sensorScene(t);
    const { tenant } = scene;
    const bin = await registerBin(t, scene);
    const karin = await staffClient(t, tenant, KARIN, 'officer', [scene.units.school]);
    assert.equal((await karin.get(`/${tenant.slug}/handlaggning/admin/sensorer`)).statusCode, 403);
    assert.equal((await karin.get(`/${tenant.slug}/handlaggning/admin/sensorer/${bin.id}`)).statusCode, 403);
    assert.equal(
      (await karin.post(`/${tenant.slug}/handlaggning/admin/sensorer/${bin.id}/token`)).statusCode,
      403,
    );
    assert.equal(
      (await karin.get(`/${tenant.slug}/handlaggning/sensorer/${bin.device.assetId}`)).statusCode,
      200,
    );

    const visitor = new TestClient(t.app);
    const anonymous = await visitor.get(`/${tenant.slug}/handlaggning/sensorer/${bin.device.assetId}`);
    assert.equal(anonymous.statusCode, 303);
    assert.match(String(anonymous.headers.location), /^\/handlaggning\/logga-in\?tillbaka=/);

    const other = await sensorScene(t);
    assert.equal(
      (await other.admin.get(`/${other.tenant.slug}/handlaggning/sensorer/${bin.device.assetId}`)).statusCode,
      404,
      "another tenant's asset is not found",
    );
    assert.equal(
      (await other.admin.get(`/${other.tenant.slug}/handlaggning/admin/sensorer/${bin.id}`)).statusCode,
      404,
    );
    const lena = await staffClient(t, other.tenant, LENA, 'officer', [other.units.streets]);
    assert.equal(
      (await lena.get(`/${tenant.slug}/handlaggning/sensorer`)).statusCode,
      403,
      'not staff there',
    );
    assert.equal((await karin.get(`/${tenant.slug}/handlaggning/sensorer/not-a-uuid`)).statusCode, 404);
  });
});

const seconds = (date: Date) => date.getTime() / 1000;

async function outboxEvents(tenantId: string): Promise<number> {
  const row = await t.database.db
    .selectFrom('outbox')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('tenantId', '=', tenantId)
    .where('topic', '=', 'sensor.reading')
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

async function scene() {
  const s = await sensorScene(t);
  return { ...s, bin: await registerBin(t, s) };
}

function problem(response: { statusCode: number; headers: Record<string, unknown>; body: string }) {
  assert.match(String(response.headers['content-type']), /^application\/problem\+json/);
  return JSON.parse(response.body) as {
    status: number;
    code: string;
    errors?: { field: string; message: string }[];
  };
}

describe('readings over HTTP', () => {
  test('a SenML pack is stored in the stored unit, with one event for the alarm rules', async () => {
    const { tenant, bin } = await scene();
    const base = seconds(new Date()) - 3600;
    const response = await postReadings(t, tenant, bin.token, [
      { bn: bin.baseName, bt: base, bu: '%', n: 'fillLevel', v: 40 },
      { n: 'fillLevel', t: 600, v: 45 },
      { n: 'fillLevel', t: 1200, u: '/', v: 0.5 },
    ]);
    assert.equal(response.statusCode, 200, response.body);
    assert.deepEqual(JSON.parse(response.body), { accepted: 3, duplicates: 0 });
    const rows = await t.database.db
      .selectFrom('sensorReading')
      .select(['name', 'value', 'unit', 'at'])
      .where('deviceId', '=', bin.id)
      .orderBy('at')
      .execute();
    assert.deepEqual(
      rows.map((row) => [row.name, row.value, row.unit, new Date(row.at).getTime() / 1000]),
      [
        ['fillLevel', 40, '%', base],
        ['fillLevel', 45, '%', base + 600],
        ['fillLevel', 50, '%', base + 1200],
      ],
    );
    assert.equal(await outboxEvents(tenant.id), 1);

    const plainJson = await postReadings(
      t,
      tenant,
      bin.token,
      [{ bn: bin.baseName, n: 'fillLevel', u: '%', v: 47, t: -5 }],
      'application/json; charset=utf-8',
    );
    assert.equal(plainJson.statusCode, 200, plainJson.body);
    assert.equal(await countReadings(t.database.db, tenant.id), 4);
  });

  test('every bad input is a problem, and nothing of a refused pack is written', async () => {
    const { tenant, bin } = await scene();
    const good = { bn: bin.baseName, n: 'fillLevel', u: '%', v: 10 };
    const cases: [string, () => ReturnType<typeof postReadings>, number, string, string | undefined][] = [
      ['no token', () => postReadings(t, tenant, undefined, [good]), 401, 'DEVICE_TOKEN_INVALID', undefined],
      [
        'unknown token',
        () => postReadings(t, tenant, 'isd_unknown', [good]),
        401,
        'DEVICE_TOKEN_INVALID',
        undefined,
      ],
      ['not JSON', () => postReadings(t, tenant, bin.token, '[{"n":'), 400, 'SENML_INVALID', ' notJson'],
      ['not a pack', () => postReadings(t, tenant, bin.token, good), 400, 'SENML_INVALID', ' notAPack'],
      [
        'a record without a value, after a good one',
        () => postReadings(t, tenant, bin.token, [good, { n: 'fillLevel', u: '%' }]),
        400,
        'SENML_INVALID',
        '/1 valueMissing',
      ],
      [
        'an unknown unit',
        () => postReadings(t, tenant, bin.token, [good, { n: 'fillLevel', u: 'furlong', v: 3, t: -1 }]),
        422,
        'SENML_UNIT_UNKNOWN',
        '/1/u unitUnknown',
      ],
      [
        'a time in the future',
        () => postReadings(t, tenant, bin.token, [good, { n: 'fillLevel', u: '%', v: 3, t: 3600 }]),
        422,
        'SENML_TIME_IN_FUTURE',
        '/1/t timeInFuture',
      ],
      [
        "another device's name",
        () =>
          postReadings(t, tenant, bin.token, [good, { bn: 'urn:dev:other:', n: 'fillLevel', u: '%', v: 3 }]),
        422,
        'SENML_NAME_NOT_OF_DEVICE',
        '/1/n nameNotOfDevice',
      ],
      [
        'a value out of range',
        () => postReadings(t, tenant, bin.token, [{ ...good, v: 250 }]),
        422,
        'SENML_VALUE_REFUSED',
        '/0/v valueOutOfRange',
      ],
      [
        'another media type',
        () => postReadings(t, tenant, bin.token, [good], 'text/plain'),
        415,
        'UNSUPPORTED_MEDIA_TYPE',
        undefined,
      ],
    ];
    for (const [name, send, status, code, error] of cases) {
      const response = await send();
      assert.equal(response.statusCode, status, `${name}: ${response.body}`);
      const body = problem(response);
      assert.equal(body.code, code, name);
      assert.equal(body.status, status, name);
      if (error) assert.deepEqual(body.errors?.map((e) => `${e.field} ${e.message}`)[0], error, name);
      if (status === 401) assert.match(String(response.headers['www-authenticate']), /^Bearer /, name);
    }
    assert.equal(await countReadings(t.database.db, tenant.id), 0, 'no refused pack left a reading');
    assert.equal(await outboxEvents(tenant.id), 0, 'nor an event');
  });

  test("a revoked token, and a token used at another tenant's address, are refused", async () => {
    const first = await scene();
    const other = await sensorScene(t);
    const good = [{ bn: first.bin.baseName, n: 'fillLevel', u: '%', v: 10 }];
    const elsewhere = await postReadings(t, other.tenant, first.bin.token, good);
    assert.equal(elsewhere.statusCode, 401);
    await t.app.services.sensors.revokeToken(first.admin.actor, first.bin.id);
    const revoked = await postReadings(t, first.tenant, first.bin.token, good);
    assert.equal(revoked.statusCode, 401);
    assert.equal(problem(revoked).code, 'DEVICE_TOKEN_INVALID');
    const rotated = await t.app.services.sensors.issueToken(first.admin.actor, first.bin.id);
    assert.notEqual(rotated, first.bin.token);
    assert.equal((await postReadings(t, first.tenant, rotated, good)).statusCode, 200);
    assert.equal(await countReadings(t.database.db, first.tenant.id), 1);
  });

  test('a flood of identical readings is stored once and counted; no event for nothing new', async () => {
    const { tenant, bin, admin } = await scene();
    const at = seconds(new Date()) - 60;
    const pack = [
      { bn: bin.baseName, bt: at, n: 'fillLevel', u: '%', v: 55 },
      { n: 'fillLevel', u: '%', v: 55 },
    ];
    const answers = await Promise.all(
      Array.from({ length: 20 }, () => postReadings(t, tenant, bin.token, pack)),
    );
    const bodies = answers.map(
      (response) => JSON.parse(response.body) as { accepted: number; duplicates: number },
    );
    assert.deepEqual(
      answers.map((response) => response.statusCode),
      Array(20).fill(200),
    );
    assert.equal(
      bodies.reduce((sum, body) => sum + body.accepted, 0),
      1,
      'one of the twenty stored the reading',
    );
    assert.equal(
      bodies.reduce((sum, body) => sum + body.duplicates, 0),
      39,
    );
    assert.equal(await countReadings(t.database.db, tenant.id), 1);
    assert.equal(await outboxEvents(tenant.id), 1, 'only the pack that stored something queued an event');
    const device = await t.app.services.sensors.device(admin.actor, bin.id);
    assert.equal(Number(device.duplicatesDropped), 39, 'the device counts what it dropped');
  });
});

/** Runs the tenant's due jobs until none is left (this file's tenants only). */
const runJobs = (tenant: Tenant) => runSharedJobs(t, tenant);

async function casesOf(tenant: Tenant) {
  return t.database.db
    .selectFrom('case')
    .selectAll()
    .where('tenantId', '=', tenant.id)
    .orderBy('submittedAt')
    .execute();
}

async function eventsOf(caseId: string) {
  return t.database.db
    .selectFrom('caseEvent')
    .select(['type', 'data', 'visibility', 'actor'])
    .where('caseId', '=', caseId)
    .orderBy('createdAt')
    .orderBy('id')
    .execute();
}

let clock = Math.floor(Date.now() / 1000) - 24 * 3600;
/** A pack of fill levels, one a minute after the last one sent. */
function levels(baseName: string, ...values: number[]) {
  return values.map((v, index) => {
    clock += 60;
    return { ...(index === 0 ? { bn: baseName, bu: '%' } : {}), n: 'fillLevel', t: clock, v };
  });
}

async function send(tenant: Tenant, bin: { token: string; baseName: string }, ...values: number[]) {
  const response = await postReadings(t, tenant, bin.token, levels(bin.baseName, ...values));
  assert.equal(response.statusCode, 200, response.body);
}

describe('alarms become fault cases', () => {
  test('a crossing opens one case; outside adds nothing; normal and a new crossing add events to it', async () => {
    const scene = await sensorScene(t);
    const { tenant } = scene;
    const bin = await registerBin(t, scene);
    await send(tenant, bin, 50, 70);
    await runJobs(tenant);
    assert.equal((await casesOf(tenant)).length, 0, 'inside the limit: no case');

    await send(tenant, bin, 94, 96);
    await runJobs(tenant);
    const [opened, ...others] = await casesOf(tenant);
    assert.ok(opened);
    assert.equal(others.length, 0);
    assert.equal(opened.channel, 'sensor');
    assert.equal(opened.registeredByKind, 'device');
    assert.equal(opened.registeredById, bin.id);
    assert.equal(opened.registeredByLabel, 'Nivågivare 17');
    assert.equal(opened.applicantKind, 'anonymous');
    assert.equal(opened.unitId, scene.units.streets, 'the fault-report unit handles it');
    assert.equal(opened.answers.description, 'Sopkärl Stortorget 3 är fullt (94 %). Larmgränsen är 90 %.');
    assert.deepEqual(opened.answers.location, {
      address: 'Sopkärl Stortorget 3 (SK-1043)',
      latitude: 59.3293,
      longitude: 18.0686,
    });
    const [submitted] = await eventsOf(opened.id);
    assert.ok(submitted);
    assert.equal(submitted.type, 'submitted');
    assert.equal(
      (submitted.data.reading as { value: number }).value,
      94,
      'the reading is on the first event',
    );
    assert.equal((submitted.data.reading as { unit: string }).unit, '%');

    await send(tenant, bin, 41, 44);
    await runJobs(tenant);
    await send(tenant, bin, 95);
    await runJobs(tenant);
    const events = await eventsOf(opened.id);
    assert.deepEqual(
      events.filter((event) => event.type.startsWith('sensor')).map((event) => [event.type, event.data.text]),
      [
        [NORMAL_EVENT, 'Nivån är åter normal (41 %).'],
        [
          ALARM_EVENT,
          'Gränsvärdet överskreds igen. Sopkärl Stortorget 3 är fullt (95 %). Larmgränsen är 90 %.',
        ],
      ],
    );
    assert.equal((await casesOf(tenant)).length, 1, 'still one case for the asset');

    // Evaluating again (a job that ran twice) changes nothing.
    await t.app.services.sensors.evaluateDevice(bin.id);
    assert.equal((await eventsOf(opened.id)).length, events.length);
  });

  test('once the case is closed, the next crossing opens a new case', async () => {
    const scene = await sensorScene(t);
    const { tenant } = scene;
    const bin = await registerBin(t, scene);
    await send(tenant, bin, 92);
    await runJobs(tenant);
    const [first] = await casesOf(tenant);
    assert.ok(first);
    await t.database.db
      .updateTable('case')
      .set({ statusCategory: 'closed', status: 'closed', closedAt: new Date() })
      .where('id', '=', first.id)
      .execute();
    await send(tenant, bin, 30, 93);
    await runJobs(tenant);
    const cases = await casesOf(tenant);
    assert.equal(cases.length, 2);
    assert.deepEqual(
      (await eventsOf(first.id)).map((event) => event.type),
      ['submitted'],
      'the closed case got nothing',
    );
  });

  test('two ingests and two evaluations at once still make one case', async () => {
    const scene = await sensorScene(t);
    const { tenant } = scene;
    const bin = await registerBin(t, scene);
    const other = await registerBin(t, scene, 'Nivågivare 18');
    await Promise.all([send(tenant, bin, 91, 97), send(tenant, other, 95, 99)]);
    await Promise.all([
      t.app.services.sensors.evaluateDevice(bin.id),
      t.app.services.sensors.evaluateDevice(other.id),
      t.app.services.sensors.evaluateDevice(bin.id),
    ]);
    await runJobs(tenant);
    const cases = await casesOf(tenant);
    assert.equal(cases.length, 1, 'one open case for the asset and kind');
    const events = (await eventsOf(cases[0]?.id as string)).map((event) => event.type);
    assert.deepEqual(events, ['submitted'], 'the other readings stayed outside: no further event');
  });

  test('without a live felanmälan the job fails (and retries), and no reading is lost', async () => {
    const scene = await sensorScene(t);
    const { tenant } = scene;
    const bin = await registerBin(t, scene);
    const live = await t.app.services.catalogue.liveService(tenant.id, 'felanmalan');
    await t.app.services.catalogue.retire(tenant.id, live.version.id);
    await send(tenant, bin, 99);
    await runJobs(tenant);
    assert.equal((await casesOf(tenant)).length, 0);
    const failed = await t.database.db
      .selectFrom('job')
      .select(['handler', 'lastError'])
      .where('tenantId', '=', tenant.id)
      .where('failedAt', 'is not', null)
      .execute();
    assert.deepEqual(
      failed.map((job) => job.handler),
      ['sensor-alarm'],
    );
    const watch = await t.database.db
      .selectFrom('sensorWatch')
      .selectAll()
      .where('tenantId', '=', tenant.id)
      .execute();
    assert.equal(watch.length, 0, 'the reading is still to be evaluated');
  });
});

describe('the demo’s sensors', () => {
  test('exempelstad gets a bin, a snow-load sensor and a water gauge with readings, once', async () => {
    await seedDemo(t.app.services);
    const tenant = await t.app.services.tenants.bySlug('exempelstad');
    const demo = readDemoSensors().exempelstad ?? [];
    // Only the demo's own devices: on a shared PostgreSQL other test files register more in exempelstad.
    const devices = await t.database.db
      .selectFrom('sensorDevice')
      .select(['id', 'type', 'baseName'])
      .where('tenantId', '=', tenant.id)
      .where(
        'name',
        'in',
        demo.map((device) => device.name),
      )
      .execute();
    assert.deepEqual(devices.map((device) => device.type).sort(), [
      'binFillLevel',
      'roofSnowLoad',
      'waterLevel',
    ]);
    const count = async () => {
      const row = await t.database.db
        .selectFrom('sensorReading')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where(
          'deviceId',
          'in',
          devices.map((device) => device.id),
        )
        .executeTakeFirstOrThrow();
      return Number(row.n);
    };
    const seeded = await count();
    assert.ok(seeded >= 72, '24 hourly readings each');
    await seedDemo(t.app.services);
    assert.equal(await count(), seeded, 'seeding again adds nothing');
    const bin = demo.find((device) => device.type === 'binFillLevel');
    assert.ok(bin);
    const response = await postReadings(t, tenant, bin.token, [
      { bn: bin.baseName, n: 'fillLevel', u: '%', v: 88 },
    ]);
    assert.equal(response.statusCode, 200, response.body);
  });
});
