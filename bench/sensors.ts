/**
 * Sensor ingest (issue #11): readings stored per second when devices publish SenML over MQTT to a
 * real server, against the readings per second PostgreSQL itself stores with the same INSERT run by
 * pgbench, in the same run. The server subscribes to the demo devices' topics only, in a share group
 * of this run's own, so servers already on the broker neither take nor add messages. Every message
 * is stored before the server acknowledges it (decision 0016); a reading counts when it is in the
 * database. Each round: MQTT load; then the wait until the server's job worker has caught up with
 * the events the load queued (alarm evaluation, statistics), so that pgbench runs beside an idle
 * server; then pgbench for as long as the load took, with the server's pool size in connections
 * and with the connections the ingest holds. Skipped, loudly, when no broker answers
 * (BENCH_MQTT_URL, default mqtt://127.0.0.1:1883).
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { MqttClient } from 'mqtt';
import pg from 'pg';
import { loadConfig } from '../src/config.ts';
import { type BenchContext, type PartResult, type PartRow, withBenchDatabase } from './lib/context.ts';
import {
  pgbenchBase,
  type ReadingsPgbenchRun,
  readingsPgbenchScript,
  runReadingsPgbench,
} from './lib/readings-pgbench.ts';
import {
  brokerAnswers,
  connectPublishers,
  countReadings,
  deviceTopic,
  type LoadDevice,
  type LoadOptions,
  type LoadResult,
  packs,
  publishAndAwait,
  SECONDS_PER_PACK,
  seededRandom,
  senml,
} from './lib/senml-load.ts';
import { type RunningServer, repoRoot, startServer } from './lib/server.ts';
import { median, round } from './lib/stats.ts';

const TENANT = 'exempelstad';
/** The server's pool (DB_POOL_SIZE's default), and pgbench's connections for the insert limit. */
const POOL_SIZE = 10;
/**
 * MQTT connections the server subscribes with (MQTT_SUBSCRIBERS; BENCH_MQTT_SUBSCRIBERS to try
 * another number): it stores one message at a time on each.
 */
const SUBSCRIBER_CONNECTIONS = loadConfig({
  MQTT_SUBSCRIBERS: process.env.BENCH_MQTT_SUBSCRIBERS,
}).mqttSubscribers;
const PGBENCH_SCRIPT = 'bench/results/sensors-pgbench.sql';

interface Sizes {
  warmupMessages: number;
  rounds: number;
  /** Messages per round: `fixed`, or as many as the last rate fills `seconds` with. */
  fixed?: number;
  seconds: number;
  maxMessages: number;
}

function sizesFor(context: BenchContext): Sizes {
  return context.quick
    ? { warmupMessages: 30, rounds: 1, fixed: 300, seconds: 2, maxMessages: 300 }
    : { warmupMessages: 1000, rounds: 3, seconds: 10, maxMessages: 30_000 };
}

/** The measurement each demo device type sends, with values below its alarm limit. */
const MEASUREMENTS: Record<string, { name: string; unit: string }> = {
  binFillLevel: { name: 'fillLevel', unit: '%' },
  roofSnowLoad: { name: 'snowLoad', unit: 'kg/m2' },
  waterLevel: { name: 'waterLevel', unit: 'm' },
};

/** How many sensors the demo gives the tenant (demo/sensors.json): the bench registers one beside each. */
function demoDeviceCount(): number {
  const demo = JSON.parse(fs.readFileSync(path.join(repoRoot, 'demo/sensors.json'), 'utf8'));
  const count = demo.tenants?.[TENANT]?.length ?? 0;
  if (count === 0) throw new Error(`demo/sensors.json has no sensors for ${TENANT}`);
  return count;
}

/**
 * Registers the bench's devices in SQL (as the bench makes its residents): a copy of each demo
 * device, on the same asset, with the id the server was told to subscribe to and a base name of its
 * own. Ids chosen before the server starts let it subscribe to these devices' topics alone, in one
 * start that also seeds the demo.
 */
async function registerDevices(db: pg.Pool, ids: readonly string[]): Promise<LoadDevice[]> {
  const { rows } = await db.query(
    `with demo as (
       select d.*, row_number() over (order by d.name) as n from sensor_device d
         join tenant t on t.id = d.tenant_id where t.slug = $1
     )
     insert into sensor_device (id, tenant_id, asset_id, type, name, base_name, latitude, longitude, thresholds)
     select ($2::uuid[])[n], tenant_id, asset_id, type, name || ' (bench)', base_name || 'bench:', latitude, longitude, thresholds
       from demo where n <= cardinality($2::uuid[])
     returning id, base_name, type, thresholds`,
    [TENANT, ids],
  );
  if (rows.length !== ids.length)
    throw new Error(`${rows.length} bench devices registered, ${ids.length} meant`);
  return rows.map((row) => {
    const measurement = MEASUREMENTS[row.type as string];
    const upper = Number(row.thresholds?.upper);
    if (!measurement || !Number.isFinite(upper)) throw new Error(`no bench load for a ${row.type} device`);
    return { id: row.id, baseName: row.base_name, ...measurement, max: upper * 0.9 };
  });
}

/**
 * Alarm evaluations still to run: `sensor.reading` events not yet fanned out to jobs, and
 * `sensor-alarm` jobs not yet done. Storing is what is measured; this shows whether the job
 * worker kept up with it.
 */
async function pendingEvaluations(db: pg.Pool): Promise<number> {
  const { rows } = await db.query(
    `select (select count(*) from outbox where topic = 'sensor.reading' and fanned_out_at is null)
          + (select count(*) from job where handler = 'sensor-alarm' and processed_at is null and dead_at is null)
            as n`,
  );
  return Number(rows[0].n);
}

/**
 * Open platform jobs: events not yet fanned out and jobs not yet done (alarm evaluation, statistics).
 * Mail jobs are left out: the server has no SMTP, so they wait (the demo's seeded cases have some).
 */
async function openJobs(db: pg.Pool): Promise<number> {
  const { rows } = await db.query(
    `select (select count(*) from outbox where fanned_out_at is null)
          + (select count(*) from job where processed_at is null and dead_at is null and handler <> 'mail') as n`,
  );
  return Number(rows[0].n);
}

/**
 * Waits until the server's job worker has handled every event (polled every 100 ms), so that
 * pgbench runs beside an idle server; fails when nothing moves for 30 s. Returns the seconds taken.
 */
async function awaitJobsDone(db: pg.Pool, server: RunningServer): Promise<number> {
  const started = performance.now();
  let last = Number.POSITIVE_INFINITY;
  let movedAt = started;
  for (;;) {
    const open = await openJobs(db);
    if (open === 0) return (performance.now() - started) / 1000;
    if (open < last) movedAt = performance.now();
    last = Math.min(last, open);
    if (performance.now() - movedAt > 30_000)
      throw new Error(`${open} platform jobs still open and none done for 30 s:\n${server.output()}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

interface Round {
  /** Seconds the job worker needed after the last reading was stored to finish every job. */
  jobsDrainSeconds: number;
  /** Alarm evaluations not yet run when the last reading was stored. */
  pendingEvaluations: number;
  mqtt: LoadResult;
  pgbench: ReadingsPgbenchRun;
  pgbenchIngestConnections: ReadingsPgbenchRun;
}

/**
 * Packs in consecutive, disjoint time ranges from one seed, from 50 minutes before now (after the
 * demo's last reading, an hour before seeding) forward, so the readings are evaluated in order as a
 * live device's are (an older reading than one already evaluated would skip the alarm rules).
 */
function timeline(seed: number) {
  const random = seededRandom(seed);
  let next = Math.floor(Date.now() / 1000) - 50 * 60;
  return {
    random,
    take(count: number, devices: number) {
      const end = next + count * SECONDS_PER_PACK;
      // SenML times more than 2 minutes ahead are refused.
      if (end > Date.now() / 1000 + 60) throw new Error(`${count} more packs would be timed in the future`);
      const load = packs(count, devices, next, random);
      next = end;
      return load;
    },
  };
}

/**
 * Publishes a one-record pack every 200 ms until the server has stored one: only then is its
 * subscription in place (a message published before it would not be delivered at all).
 */
async function awaitSubscribed(
  db: pg.Pool,
  server: RunningServer,
  publisher: MqttClient,
  device: LoadDevice,
  line: ReturnType<typeof timeline>,
): Promise<void> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    const [probe] = line.take(1, 1);
    if (!probe) throw new Error('no probe');
    const pack = { ...probe, records: 1 };
    await publisher.publishAsync(deviceTopic(TENANT, device), senml(device, pack, line.random), { qos: 1 });
    await new Promise((resolve) => setTimeout(resolve, 200));
    if ((await countReadings(db, [device.id], pack.baseTime, pack.baseTime + SECONDS_PER_PACK)) > 0) return;
    if (Date.now() > deadline)
      throw new Error(`the server stored no MQTT message within 30 s:\n${server.output()}`);
  }
}

const loadSettings = (db: pg.Pool, server: RunningServer) => ({
  db,
  tenant: TENANT,
  windowReadings: 2_000,
  pollMs: 100,
  finalPollMs: 10,
  stallMs: 20_000,
  explain: () => `server output:\n${server.output()}`,
});

/** One round: MQTT load, the wait for the job worker, then pgbench with both connection counts. */
async function measureRound(
  context: BenchContext,
  rig: Rig,
  index: number,
  count: number,
  settings: Omit<LoadOptions, 'packs'>,
): Promise<Round> {
  const { db, server, devices, line } = rig;
  const mqtt = await publishAndAwait({ ...settings, packs: line.take(count, devices.length) });
  const pendingAtEnd = await pendingEvaluations(db);
  const jobsDrainSeconds = await awaitJobsDone(db, server);
  const pgbenchRun = (connections: number, run: number) =>
    runReadingsPgbench(rig.databaseUrl, db, {
      scriptPath: path.join(repoRoot, PGBENCH_SCRIPT),
      devices,
      connections,
      seconds: Math.max(1, Math.round(mqtt.seconds)),
      base: pgbenchBase(run, POOL_SIZE),
    });
  const pgbench = await pgbenchRun(POOL_SIZE, 2 * index);
  const pgbenchIngestConnections = await pgbenchRun(SUBSCRIBER_CONNECTIONS, 2 * index + 1);
  context.log(
    `  round ${index + 1}: MQTT ${mqtt.readingsPerSecond.toFixed(0)} readings/s (${mqtt.messagesPerSecond.toFixed(0)} messages/s), pgbench ${pgbench.readingsPerSecond.toFixed(0)} readings/s with ${POOL_SIZE} connections, ${pgbenchIngestConnections.readingsPerSecond.toFixed(0)} with ${SUBSCRIBER_CONNECTIONS}; ${pendingAtEnd} alarm evaluations were pending, jobs done ${jobsDrainSeconds.toFixed(1)} s later`,
  );
  return { mqtt, pendingEvaluations: pendingAtEnd, jobsDrainSeconds, pgbench, pgbenchIngestConnections };
}

/** What the rounds run against: the database, the server, its devices and their publishers. */
interface Rig {
  databaseUrl: string;
  db: pg.Pool;
  server: RunningServer;
  devices: LoadDevice[];
  publishers: MqttClient[];
  line: ReturnType<typeof timeline>;
}

/** Waits for the subscription, warms up (sizing the rounds from its rate), then runs the rounds. */
async function measureRounds(context: BenchContext, sizes: Sizes, rig: Rig): Promise<Round[]> {
  const { db, server, devices, publishers, line } = rig;
  await awaitSubscribed(db, server, publishers[0] as MqttClient, devices[0] as LoadDevice, line);
  const settings = { ...loadSettings(db, server), devices, publishers, random: line.random };
  const warm = await publishAndAwait({ ...settings, packs: line.take(sizes.warmupMessages, devices.length) });
  await awaitJobsDone(db, server);
  context.log(`  warm-up: ${warm.messagesPerSecond.toFixed(0)} messages/s`);
  let rate = warm.messagesPerSecond;
  const rounds: Round[] = [];
  for (let index = 0; index < sizes.rounds; index++) {
    const count = sizes.fixed ?? Math.min(sizes.maxMessages, Math.max(200, Math.ceil(rate * sizes.seconds)));
    const result = await measureRound(context, rig, index, count, settings);
    rate = result.mqtt.messagesPerSecond;
    rounds.push(result);
  }
  return rounds;
}

/** Starts the server subscribed to the bench devices' topics, registers them, runs the rounds. */
async function measure(context: BenchContext, sizes: Sizes, databaseUrl: string, broker: string) {
  const db = new pg.Pool({ connectionString: databaseUrl, max: 2 });
  db.on('error', () => undefined);
  const ids = Array.from({ length: demoDeviceCount() }, () => crypto.randomUUID());
  const label = `ingang-bench-${process.pid}`;
  const topics = ids.map((id) => `$share/${label}/ingang/${TENANT}/${id}/senml`);
  context.log(`sensors: starting a server (demo seeded) subscribed to ${ids.length} devices' topics`);
  let server: RunningServer | undefined;
  let publishers: MqttClient[] = [];
  try {
    server = await startServer({
      databaseUrl,
      env: {
        DEV_MAILBOX: 'false',
        DB_POOL_SIZE: String(POOL_SIZE),
        MQTT_URL: broker,
        MQTT_TOPICS: topics.join(','),
        MQTT_SUBSCRIBERS: String(SUBSCRIBER_CONNECTIONS),
      },
    });
    context.log(`  started in ${(server.startupMs / 1000).toFixed(1)} s`);
    const devices = await registerDevices(db, ids);
    fs.writeFileSync(path.join(repoRoot, PGBENCH_SCRIPT), readingsPgbenchScript(devices));
    publishers = await connectPublishers(broker, label, devices.length);
    const rig = { databaseUrl, db, server, devices, publishers, line: timeline(process.pid) };
    const rounds = await measureRounds(context, sizes, rig);
    const { rows } = await db.query(
      'select coalesce(sum(duplicates_dropped), 0)::int as n from sensor_device',
    );
    return { rounds, devices, duplicates: Number(rows[0].n) };
  } finally {
    await Promise.all(publishers.map((publisher) => publisher.endAsync()));
    await server?.stop();
    await db.end();
  }
}

function mqttFigures(load: LoadResult) {
  return {
    messages: load.messages,
    readings: load.readings,
    seconds: round(load.seconds),
    messagesPerSecond: round(load.messagesPerSecond, 1),
    readingsPerSecond: round(load.readingsPerSecond, 1),
    polls: load.polls,
    pollQueryMs: round(load.pollQueryMs),
  };
}

function pgbenchFigures(run: ReadingsPgbenchRun) {
  return {
    connections: run.connections,
    seconds: run.seconds,
    transactions: run.transactions,
    readings: run.readings,
    tps: round(run.tps, 1),
    readingsPerSecond: round(run.readingsPerSecond, 1),
  };
}

function skipped(context: BenchContext, broker: string): PartResult {
  const expected = process.env.CI === 'true' ? ' (CI=true: Mosquitto was expected on this machine)' : '';
  const reason = `no MQTT broker answers at ${broker}${expected}`;
  const banner = '!'.repeat(78);
  context.log(
    `${banner}\n!!! sensors SKIPPED: ${reason}.\n!!! Start Mosquitto (Debian: apt-get install mosquitto) to measure MQTT ingest.\n${banner}`,
  );
  return {
    skipped: reason,
    figures: { sensors: { skipped: reason } },
    rows: [{ name: 'sensors: SKIPPED', value: reason }],
  };
}

/** Runs the sensor ingest benchmark: MQTT into a real server against pgbench's INSERT of the same rows. */
export async function run(context: BenchContext): Promise<PartResult> {
  const broker = process.env.BENCH_MQTT_URL || 'mqtt://127.0.0.1:1883';
  if (!(await brokerAnswers(broker))) return skipped(context, broker);
  const sizes = sizesFor(context);
  const { rounds, devices, duplicates } = await withBenchDatabase(
    context,
    `ingang_bench_sensors_${process.pid}`,
    (databaseUrl) => measure(context, sizes, databaseUrl, broker),
  );
  const medianOf = (pick: (r: Round) => number) => median(rounds.map(pick));
  const ratio = medianOf((r) => r.mqtt.readingsPerSecond / r.pgbench.readingsPerSecond);
  const sameConnections = medianOf(
    (r) => r.mqtt.readingsPerSecond / r.pgbenchIngestConnections.readingsPerSecond,
  );
  const rows: PartRow[] = [
    {
      name: 'Sensor readings/s over MQTT (median of rounds)',
      value: `${medianOf((r) => r.mqtt.readingsPerSecond).toFixed(0)} (${medianOf((r) => r.mqtt.messagesPerSecond).toFixed(0)} messages/s)`,
    },
    {
      name: `pgbench readings/s, same INSERT, ${POOL_SIZE} connections`,
      value: medianOf((r) => r.pgbench.readingsPerSecond).toFixed(0),
    },
    { name: 'mqttIngestVsPgbench', value: ratio.toFixed(2) },
    {
      name: `— against pgbench with the ingest's ${SUBSCRIBER_CONNECTIONS} connection${SUBSCRIBER_CONNECTIONS === 1 ? '' : 's'}`,
      value: `${sameConnections.toFixed(2)} (${medianOf((r) => r.pgbenchIngestConnections.readingsPerSecond).toFixed(0)} readings/s)`,
    },
  ];
  return {
    rows,
    figures: {
      mqttIngestVsPgbench: round(ratio, 3),
      sensors: {
        broker,
        load: `${devices.length} devices of ${TENANT} (copies of the demo's, on their assets), one MQTT client each, QoS 1, SenML packs of 1–10 records`,
        poolSize: POOL_SIZE,
        subscriberConnections: SUBSCRIBER_CONNECTIONS,
        pgbenchScript: PGBENCH_SCRIPT,
        readingsPerSecond: round(
          medianOf((r) => r.mqtt.readingsPerSecond),
          1,
        ),
        messagesPerSecond: round(
          medianOf((r) => r.mqtt.messagesPerSecond),
          1,
        ),
        pgbenchReadingsPerSecond: round(
          medianOf((r) => r.pgbench.readingsPerSecond),
          1,
        ),
        mqttIngestVsPgbenchSameConnections: round(sameConnections, 3),
        duplicatesDropped: duplicates,
        rounds: rounds.map((r) => ({
          mqtt: {
            ...mqttFigures(r.mqtt),
            alarmEvaluationsPending: r.pendingEvaluations,
            jobsDrainSeconds: round(r.jobsDrainSeconds),
          },
          pgbench: pgbenchFigures(r.pgbench),
          pgbenchIngestConnections: pgbenchFigures(r.pgbenchIngestConnections),
          mqttIngestVsPgbench: round(r.mqtt.readingsPerSecond / r.pgbench.readingsPerSecond, 3),
        })),
      },
    },
  };
}
