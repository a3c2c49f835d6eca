/**
 * The sensor pages (issue #11): an administrator registers a device through the plain form (errors
 * in Swedish beside the fields and in the summary, CSRF checked, audited), gets its token once
 * (only its hash is stored), revokes it; staff read the asset page (chart, table, open case);
 * who may see what. Also the demo's sensors: seeded once, and their tokens work.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { readDemoSensors, seedDemo } from '../../cli/seed.ts';
import { createTestApp, type TestApp } from '../../test-support/app.ts';
import { TestClient } from '../../test-support/client.ts';
import { postReadings, registerBin, sensorScene } from '../../test-support/sensors.ts';
import { KARIN, LENA, staffClient } from '../../test-support/staff.ts';
import { tokenHash } from './service.ts';

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
