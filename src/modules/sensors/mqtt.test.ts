/**
 * Readings over MQTT through the real Mosquitto broker on 127.0.0.1:1883 (MQTT_TEST_URL to use
 * another). Skipped, with a message saying so, where no broker answers. Each test subscribes to
 * its own tenant's topics only, so test files and other processes on the broker never share
 * messages. Every wait awaits a message being handled, never a fixed time.
 */
import assert from 'node:assert/strict';
import net from 'node:net';
import os from 'node:os';
import { after, before, describe, test } from 'node:test';
import mqtt from 'mqtt';
import { createJobRunner } from '../../job-handlers.ts';
import { createTestApp, type TestApp } from '../../test-support/app.ts';
import { jobConfig, quietLog } from '../../test-support/proposals.ts';
import { registerBin, sensorScene } from '../../test-support/sensors.ts';
import { type MqttOutcome, type MqttSensors, sessionExpirySeconds, startMqttIngest } from './mqtt.ts';
import { countReadings } from './store.ts';

const BROKER = process.env.MQTT_TEST_URL ?? 'mqtt://127.0.0.1:1883';

/** Whether a broker accepts TCP connections at BROKER (one second at most). */
function brokerAnswers(): Promise<boolean> {
  const url = new URL(BROKER);
  return new Promise((resolve) => {
    const socket = net.connect({ host: url.hostname, port: Number(url.port || 1883) });
    const done = (up: boolean) => {
      socket.destroy();
      resolve(up);
    };
    socket.setTimeout(1000, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}

const available = await brokerAnswers();
if (!available) console.warn(`SKIPPED: no MQTT broker answers at ${BROKER}; the MQTT tests did not run.`);

let t: TestApp;
before(async () => {
  if (available) t = await createTestApp();
});
after(() => t?.close());

/** Outcomes of handled messages, awaited one by one in the order they come. */
function outcomes() {
  const seen: MqttOutcome[] = [];
  const waiting: ((outcome: MqttOutcome) => void)[] = [];
  return {
    push(outcome: MqttOutcome) {
      const next = waiting.shift();
      if (next) next(outcome);
      else seen.push(outcome);
    },
    next(): Promise<MqttOutcome> {
      const ready = seen.shift();
      return ready ? Promise.resolve(ready) : new Promise((resolve) => waiting.push(resolve));
    },
  };
}

/** A share group of the test's own, so that no other subscriber takes its messages. */
function shareGroup(): string {
  return `ingang-test-${process.pid}-${Date.now()}-${Math.floor(Math.random() * 1e6)}`;
}

/** Rejects after `ms` with `message` (a guard that fails a test instead of letting it hang). */
function timeout(ms: number, message: string): Promise<never> {
  return new Promise((_, reject) => setTimeout(() => reject(new Error(message)), ms).unref());
}

async function publisher() {
  return mqtt.connectAsync(BROKER, { clientId: `ingang-test-device-${process.pid}-${Date.now()}` });
}

describe('readings over MQTT', { skip: available ? false : `no MQTT broker at ${BROKER}` }, () => {
  test('a pack on the device topic is stored and can open a case; bad messages are counted and dropped', async () => {
    const scene = await sensorScene(t);
    const bin = await registerBin(t, scene);
    const handled = outcomes();
    const ingest = startMqttIngest({
      url: BROKER,
      sensors: t.app.services.sensors,
      log: quietLog,
      topics: [`ingang/${scene.tenant.slug}/+/senml`],
      onMessage: handled.push,
    });
    const device = await publisher();
    try {
      await ingest.subscribed;
      const topic = `ingang/${scene.tenant.slug}/${bin.id}/senml`;
      const publish = (payload: string) => device.publishAsync(topic, payload, { qos: 1 });

      await publish(JSON.stringify([{ bn: bin.baseName, n: 'fillLevel', u: '%', v: 96, t: -30 }]));
      const stored = await handled.next();
      assert.equal(stored.kind, 'stored');
      assert.deepEqual(stored.kind === 'stored' && stored.result, { accepted: 1, duplicates: 0 });

      await publish('this is not SenML');
      assert.deepEqual(await handled.next(), { kind: 'refused', topic, code: 'SENML_INVALID' });
      await publish(JSON.stringify([{ bn: 'urn:dev:someone-else:', n: 'fillLevel', u: '%', v: 1 }]));
      assert.deepEqual(await handled.next(), { kind: 'refused', topic, code: 'SENML_NAME_NOT_OF_DEVICE' });
      const stranger = `ingang/${scene.tenant.slug}/00000000-0000-4000-8000-000000000000/senml`;
      await device.publishAsync(stranger, '[]', { qos: 1 });
      assert.deepEqual(await handled.next(), { kind: 'unknownDevice', topic: stranger });

      await publish(JSON.stringify([{ bn: bin.baseName, n: 'fillLevel', u: '%', v: 97, t: -10 }]));
      assert.equal((await handled.next()).kind, 'stored', 'the subscription goes on after bad messages');
      assert.deepEqual(ingest.stats(), {
        received: 5,
        stored: 2,
        duplicates: 0,
        refused: 2,
        unknownDevice: 1,
        failed: 0,
      });
      assert.equal(await countReadings(t.database.db, scene.tenant.id), 2);

      const runner = await createJobRunner(t.app.services, jobConfig, quietLog, {
        onlyTenants: [scene.tenant.id],
      });
      while ((await runner.runOnce()) > 0);
      await runner.close();
      const cases = await t.database.db
        .selectFrom('case')
        .select(['channel', 'registeredById'])
        .where('tenantId', '=', scene.tenant.id)
        .execute();
      assert.deepEqual(
        cases,
        [{ channel: 'sensor', registeredById: bin.id }],
        'the MQTT reading opened a case',
      );
    } finally {
      await device.endAsync();
      await ingest.close();
    }
  });

  for (const connections of [1, 2]) {
    test(`a message that cannot be stored is not acknowledged, and comes again after the reconnect (${connections} connection${connections > 1 ? 's' : ''})`, async () => {
      const scene = await sensorScene(t);
      const bin = await registerBin(t, scene);
      const real = t.app.services.sensors;
      let failures = 1;
      // The database "goes away" for the first message.
      const sensors: MqttSensors = {
        deviceOfTopic: (tenant, id) => real.deviceOfTopic(tenant, id),
        async ingest(device, text) {
          if (failures-- > 0) throw new Error('connection terminated');
          return real.ingest(device, text);
        },
      };
      const handled = outcomes();
      const ingest = startMqttIngest({
        url: BROKER,
        sensors,
        log: quietLog,
        topics: [`$share/${shareGroup()}/ingang/${scene.tenant.slug}/+/senml`],
        connections,
        onMessage: handled.push,
      });
      const device = await publisher();
      try {
        await ingest.subscribed;
        const topic = `ingang/${scene.tenant.slug}/${bin.id}/senml`;
        await device.publishAsync(
          topic,
          JSON.stringify([{ bn: bin.baseName, n: 'fillLevel', u: '%', v: 12 }]),
          {
            qos: 1,
          },
        );
        assert.equal((await handled.next()).kind, 'failed');
        const again = await handled.next();
        assert.equal(again.kind, 'stored', 'the broker delivered the message again');
        assert.equal(await countReadings(t.database.db, scene.tenant.id), 1);
      } finally {
        await device.endAsync();
        await ingest.close();
      }
    });
  }

  test('several connections store several messages at once, each once', async () => {
    const scene = await sensorScene(t);
    const bin = await registerBin(t, scene);
    const real = t.app.services.sensors;
    const topics = [`$share/${shareGroup()}/ingang/${scene.tenant.slug}/+/senml`];
    assert.throws(
      () =>
        startMqttIngest({
          url: BROKER,
          sensors: real,
          log: quietLog,
          topics: [`ingang/${scene.tenant.slug}/+/senml`],
          connections: 2,
        }),
      /shared subscriptions/,
      'without a share group every connection would store every message',
    );
    // Each ingest waits until a second one has begun: on one connection that never happens.
    let inProgress = 0;
    let most = 0;
    let secondBegan: () => void = () => undefined;
    const second = new Promise<void>((resolve) => {
      secondBegan = resolve;
    });
    const sensors: MqttSensors = {
      deviceOfTopic: (tenant, id) => real.deviceOfTopic(tenant, id),
      async ingest(device, text) {
        inProgress += 1;
        most = Math.max(most, inProgress);
        if (inProgress >= 2) secondBegan();
        try {
          await Promise.race([second, timeout(10_000, 'no second message was handled at the same time')]);
          return await real.ingest(device, text);
        } finally {
          inProgress -= 1;
        }
      },
    };
    const handled = outcomes();
    const ingest = startMqttIngest({
      url: BROKER,
      sensors,
      log: quietLog,
      topics,
      connections: 3,
      onMessage: handled.push,
    });
    const device = await publisher();
    try {
      await ingest.subscribed;
      const topic = `ingang/${scene.tenant.slug}/${bin.id}/senml`;
      for (const [index, value] of [31, 32, 33].entries()) {
        const pack = [{ bn: bin.baseName, n: 'fillLevel', u: '%', v: value, t: -60 + index }];
        await device.publishAsync(topic, JSON.stringify(pack), { qos: 1 });
      }
      const kinds = [await handled.next(), await handled.next(), await handled.next()].map((o) => o.kind);
      assert.deepEqual(kinds, ['stored', 'stored', 'stored']);
      assert.ok(most >= 2, `at most ${most} message was being stored at a time`);
      assert.equal(await countReadings(t.database.db, scene.tenant.id), 3);
      assert.deepEqual(ingest.stats(), {
        received: 3,
        stored: 3,
        duplicates: 0,
        refused: 0,
        unknownDevice: 0,
        failed: 0,
      });
    } finally {
      await device.endAsync();
      await ingest.close();
    }
  });

  test('a stable client id resumes its session after a restart; without one, closing ends the session', async () => {
    const scene = await sensorScene(t);
    const bin = await registerBin(t, scene);
    const topics = [`$share/${shareGroup()}/ingang/${scene.tenant.slug}/+/senml`];
    const clientId = `ingang-test-stable-${process.pid}-${Math.floor(Math.random() * 1e6)}`;
    const start = (stable: string | undefined, onMessage?: (outcome: MqttOutcome) => void) =>
      startMqttIngest({
        url: BROKER,
        sensors: t.app.services.sensors,
        log: quietLog,
        topics,
        clientId: stable,
        onMessage,
      });
    const device = await publisher();
    try {
      const first = start(clientId);
      await first.subscribed;
      await first.close();
      // Published while no process of the share group is connected: the stable session keeps it.
      const topic = `ingang/${scene.tenant.slug}/${bin.id}/senml`;
      const pack = [{ bn: bin.baseName, n: 'fillLevel', u: '%', v: 55, t: -5 }];
      await device.publishAsync(topic, JSON.stringify(pack), { qos: 1 });
      const handled = outcomes();
      const restarted = start(clientId, handled.push);
      try {
        const outcome = await Promise.race([
          handled.next(),
          timeout(10_000, 'the queued reading never came'),
        ]);
        assert.equal(
          outcome.kind,
          'stored',
          'the reading sent while the process was down is stored after the restart',
        );
        assert.equal(await countReadings(t.database.db, scene.tenant.id), 1);
      } finally {
        await restarted.close();
      }

      // Without MQTT_CLIENT_ID the session is the process's own: closing ends it at the broker.
      const own = start(undefined);
      await own.subscribed;
      await own.close();
      const probe = mqtt.connect(BROKER, {
        clientId: `ingang-${os.hostname()}-${process.pid}`.slice(0, 60),
        protocolVersion: 5,
        clean: false,
        properties: { sessionExpiryInterval: 0 },
      });
      const connack = await new Promise<{ sessionPresent: boolean }>((resolve) =>
        probe.once('connect', resolve),
      );
      await probe.endAsync();
      assert.equal(
        connack.sessionPresent,
        false,
        'the closed process left no session that would take messages',
      );
      assert.equal(sessionExpirySeconds(undefined), 60);
      assert.equal(sessionExpirySeconds(clientId), 3600);
    } finally {
      await device.endAsync();
      // Leaves no stable session behind on the broker.
      const cleanup = await mqtt.connectAsync(BROKER, { clientId, protocolVersion: 5, clean: true });
      await cleanup.endAsync();
    }
  });
});
