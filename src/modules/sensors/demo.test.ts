/** The demo's sensors (demo/sensors.json): seeded once with their readings, and their demo tokens work. */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { readDemoSensors, seedDemo } from '../../cli/seed.ts';
import { createTestApp, type TestApp } from '../../test-support/app.ts';
import { postReadings } from '../../test-support/sensors.ts';

let t: TestApp;
before(async () => {
  t = await createTestApp();
});
after(() => t.close());

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
