/**
 * Sensor load for the sensors bench: SenML packs as devices send them (1–10 records each, one base
 * name, base time and base unit), published at QoS 1 by one MQTT client per device, with a bounded
 * number of readings published but not yet stored, and the wait for every reading to be in the
 * database (polled at a short interval; a stall fails with the numbers).
 */
import net from 'node:net';
import mqtt, { type MqttClient } from 'mqtt';
import type { Queryable } from './sessions.ts';

/** A demo device as the bench uses it: its topic, SenML names and a plausible value range. */
export interface LoadDevice {
  id: string;
  baseName: string;
  /** The measurement after the base name (`fillLevel`) and the SenML unit sent with it. */
  name: string;
  unit: string;
  /** Values are drawn from [0, max) (inside the alarm limit, so no case is opened). */
  max: number;
}

/** One message: a device's pack of `records` readings, timed from `baseTime` (seconds since 1970). */
export interface Pack {
  device: number;
  records: number;
  baseTime: number;
}

/**
 * Seconds between the base times of consecutive packs (20 ms: room for 10 records a millisecond
 * apart), so that a run's readings fit between the demo's last reading, an hour before the
 * server started, and now, and arrive in time order as a device's would.
 */
export const SECONDS_PER_PACK = 0.02;
const SECONDS_PER_RECORD = 0.001;

/** Seconds rounded to whole milliseconds (no binary fractions in the JSON). */
const milliseconds = (seconds: number) => Math.round(seconds * 1000) / 1000;

/** Whether something accepts TCP connections at the broker's address (one second at most). */
export function brokerAnswers(brokerUrl: string): Promise<boolean> {
  const url = new URL(brokerUrl);
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

/** The topic a device publishes to (docs/sensors.md). */
export function deviceTopic(tenant: string, device: LoadDevice): string {
  return `ingang/${tenant}/${device.id}/senml`;
}

/**
 * `count` packs, device by device in turn, with 1–10 records each (uniformly, from `random`),
 * base times `SECONDS_PER_PACK` apart from `firstTime` on.
 */
export function packs(count: number, devices: number, firstTime: number, random: () => number): Pack[] {
  return Array.from({ length: count }, (_, index) => ({
    device: index % devices,
    records: 1 + Math.floor(random() * 10),
    baseTime: milliseconds(firstTime + index * SECONDS_PER_PACK),
  }));
}

/** The SenML JSON of a pack (RFC 8428): base fields on the first record, a record a millisecond. */
export function senml(device: LoadDevice, pack: Pack, random: () => number): string {
  const value = () => Math.round(random() * device.max * 100) / 100;
  const records: Record<string, unknown>[] = [
    { bn: device.baseName, bt: pack.baseTime, bu: device.unit, n: device.name, v: value() },
  ];
  for (let index = 1; index < pack.records; index++)
    records.push({ n: device.name, t: milliseconds(index * SECONDS_PER_RECORD), v: value() });
  return JSON.stringify(records);
}

/** A small seeded generator (mulberry32), so a run's packs can be told again from its seed. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32;
  };
}

/** One MQTT client per device, as the devices would each have. */
export async function connectPublishers(brokerUrl: string, label: string, count: number) {
  return Promise.all(
    Array.from({ length: count }, (_, index) =>
      mqtt.connectAsync(brokerUrl, { clientId: `${label}-device-${index}`, clean: true, reconnectPeriod: 0 }),
    ),
  );
}

/** The readings stored of the given devices with times in [from, to) (seconds since 1970). */
export async function countReadings(
  db: Queryable,
  deviceIds: readonly string[],
  from: number,
  to: number,
): Promise<number> {
  const { rows } = await db.query(
    `select count(*)::int as n from sensor_reading
      where device_id = any($1::uuid[]) and at >= to_timestamp($2) and at < to_timestamp($3)`,
    [deviceIds, from, to],
  );
  return Number(rows[0].n);
}

export interface LoadOptions {
  db: Queryable;
  tenant: string;
  devices: readonly LoadDevice[];
  publishers: readonly MqttClient[];
  packs: readonly Pack[];
  random: () => number;
  /** At most this many readings published and not yet stored (the broker's queue stays short). */
  windowReadings: number;
  /** Milliseconds between counts, and once 90 % of the readings are stored. */
  pollMs: number;
  finalPollMs: number;
  /** Fail when the count has not moved for this long. */
  stallMs: number;
  /** Text for an error (e.g. the server's recent output). */
  explain?: () => string;
}

export interface LoadResult {
  messages: number;
  readings: number;
  /** From the first publish to the count that found every reading stored. */
  seconds: number;
  messagesPerSecond: number;
  readingsPerSecond: number;
  polls: number;
  /** The mean time of one count query. */
  pollQueryMs: number;
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Publishes the packs (QoS 1) and waits until all their readings are stored. Publishing pauses while
 * more than `windowReadings` readings are published but not counted: Mosquitto holds at most 1,000
 * queued messages per subscriber by default and drops the rest, which would look like a lost reading.
 */
export async function publishAndAwait(options: LoadOptions): Promise<LoadResult> {
  const { db, devices, packs: load } = options;
  const ids = devices.map((device) => device.id);
  const first = Math.min(...load.map((pack) => pack.baseTime));
  const last = Math.max(...load.map((pack) => pack.baseTime)) + SECONDS_PER_PACK;
  const expected = load.reduce((sum, pack) => sum + pack.records, 0);
  const before = await countReadings(db, ids, first, last);
  if (before !== 0) throw new Error(`${before} readings already stored in the load's time range`);
  const state = { stored: 0, published: 0, done: false, failed: undefined as Error | undefined };
  let counted: () => void = () => undefined;
  const nextCount = () =>
    new Promise<void>((resolve) => {
      counted = resolve;
    });
  const started = performance.now();
  const publishing = (async () => {
    const acknowledged: Promise<unknown>[] = [];
    for (const pack of load) {
      while (state.published - state.stored > options.windowReadings && !state.failed) await nextCount();
      if (state.failed) return;
      const device = devices[pack.device] as LoadDevice;
      const client = options.publishers[pack.device % options.publishers.length] as MqttClient;
      acknowledged.push(
        client.publishAsync(deviceTopic(options.tenant, device), senml(device, pack, options.random), {
          qos: 1,
        }),
      );
      state.published += pack.records;
    }
    await Promise.all(acknowledged);
  })();
  publishing.catch((error: unknown) => {
    state.failed = error instanceof Error ? error : new Error(String(error));
  });
  let polls = 0;
  let queryMs = 0;
  let progressAt = performance.now();
  try {
    while (state.stored < expected) {
      if (state.failed) throw new Error(`publishing failed: ${state.failed.message}`);
      // Counting costs the database a few milliseconds: often only near the end, which it times.
      await pause(state.stored >= expected * 0.9 ? options.finalPollMs : options.pollMs);
      const queried = performance.now();
      const stored = await countReadings(db, ids, first, last);
      queryMs += performance.now() - queried;
      polls += 1;
      if (stored > state.stored) progressAt = performance.now();
      state.stored = stored;
      counted();
      if (performance.now() - progressAt > options.stallMs) {
        throw new Error(
          `only ${stored} of ${expected} readings stored (${state.published} published) and none more for ${options.stallMs / 1000} s: is the server subscribed, or did the broker drop queued messages?${options.explain ? `\n${options.explain()}` : ''}`,
        );
      }
    }
  } catch (error) {
    state.failed ??= error instanceof Error ? error : new Error(String(error));
    counted();
    throw error;
  }
  const seconds = (performance.now() - started) / 1000;
  await publishing;
  if (state.stored !== expected) throw new Error(`${state.stored} readings stored, ${expected} expected`);
  return {
    messages: load.length,
    readings: expected,
    seconds,
    messagesPerSecond: load.length / seconds,
    readingsPerSecond: expected / seconds,
    polls,
    pollQueryMs: queryMs / Math.max(1, polls),
  };
}
