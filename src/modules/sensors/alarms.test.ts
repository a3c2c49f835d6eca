/**
 * Sensor alarms as fault cases (issue #11): a crossing opens one felanmälan case through the intake
 * (channel sensor, registered by the device, the reading on its first event); readings that stay
 * outside add nothing; back inside adds "Nivån är åter normal"; a new crossing adds to the same open
 * case; a closed case makes the next crossing open a new one; concurrent ingests and evaluations
 * still make one case; evaluating again changes nothing.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Tenant } from '../../platform/tenancy/tenant-service.ts';
import { createTestApp, type TestApp } from '../../test-support/app.ts';
import { runJobs as runSharedJobs } from '../../test-support/proposals.ts';
import { postReadings, registerBin, sensorScene } from '../../test-support/sensors.ts';
import { ALARM_EVENT, NORMAL_EVENT } from './alarms.ts';

let t: TestApp;
before(async () => {
  t = await createTestApp();
});
after(() => t.close());

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
