/**
 * Readings over HTTP (issue #11): the happy path in both media types, every refusal as an RFC 9457
 * problem with nothing written, and a flood of identical readings stored once and counted.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createTestApp, type TestApp } from '../../test-support/app.ts';
import { postReadings, registerBin, sensorScene } from '../../test-support/sensors.ts';
import { countReadings } from './store.ts';

let t: TestApp;
before(async () => {
  t = await createTestApp();
});
after(() => t.close());

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
