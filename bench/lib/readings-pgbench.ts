/**
 * The database's own insert limit for sensor readings: a pgbench script running the statement the
 * sensors store issues for one message (`insertReadings` in src/modules/sensors/store.ts: one
 * multi-row INSERT … ON CONFLICT DO NOTHING RETURNING "at"), one message per transaction, with the
 * same mix as the MQTT load: 1–10 rows (uniformly), one of the devices, random values.
 */
import { runPgbench } from './pgbench-script.ts';
import { countReadings, type LoadDevice } from './senml-load.ts';
import type { Queryable } from './sessions.ts';

/** Each pgbench client times its rows from base + CLIENT_SPAN · client id on, 16 s per transaction. */
const CLIENT_SPAN = 10_000_000;
const SECONDS_PER_TRANSACTION = 16;

/** A string literal; the device's names and units hold no quote, backslash or colon. */
function literal(value: string): string {
  if (/['\\:]/.test(value)) throw new Error(`unexpected character in ${value}`);
  return `'${value}'`;
}

function insertFor(device: LoadDevice, rows: number): string {
  const values = Array.from(
    { length: rows },
    (_, row) =>
      `('${device.id}', to_timestamp(:t + ${row}), ${literal(device.name)}, :v${row + 1}, ${literal(device.unit)})`,
  );
  return `insert into "sensor_reading" ("device_id", "at", "name", "value", "unit") values ${values.join(', ')} on conflict do nothing returning "at";`;
}

/**
 * The pgbench script: per transaction a random device and a random number of rows (1–10), each
 * row a second apart; client c's transaction i is timed at base + CLIENT_SPAN · c + 16 · i (run with
 * `-D i=0 -D base=<base>`), so no two rows meet on the key and every row is inserted.
 */
export function readingsPgbenchScript(devices: readonly LoadDevice[]): string {
  const lines = [
    '-- One sensor message per transaction: the INSERT of src/modules/sensors/store.ts insertReadings',
    '-- (bench/sensors.ts; device ids are those of the run that wrote this file).',
    '\\set i :i + 1',
    `\\set t :base + ${CLIENT_SPAN} * :client_id + ${SECONDS_PER_TRANSACTION} * :i`,
    `\\set d random(0, ${devices.length - 1})`,
    '\\set k random(1, 10)',
  ];
  for (let row = 1; row <= 10; row++) lines.push(`\\set v${row} random(0, 10000) / 100.0`);
  for (let rows = 1; rows <= 10; rows++) {
    lines.push(`${rows === 1 ? '\\if' : '\\elif'} :k = ${rows}`);
    devices.forEach((device, index) => {
      lines.push(`${index === 0 ? '\\if' : '\\elif'} :d = ${index}`, insertFor(device, rows));
    });
    lines.push('\\endif');
  }
  lines.push('\\endif', '');
  return lines.join('\n');
}

export interface ReadingsPgbenchRun {
  connections: number;
  transactions: number;
  /** Rows the run inserted (counted afterwards in its time range). */
  readings: number;
  tps: number;
  readingsPerSecond: number;
  seconds: number;
}

/** Runs the script for `seconds` with `connections` clients, timed from `base`, and counts its rows. */
export async function runReadingsPgbench(
  databaseUrl: string,
  db: Queryable,
  options: {
    scriptPath: string;
    devices: readonly LoadDevice[];
    connections: number;
    seconds: number;
    base: number;
  },
): Promise<ReadingsPgbenchRun> {
  const { connections, base } = options;
  const run = await runPgbench(databaseUrl, options.scriptPath, connections, base, [
    '-T',
    String(options.seconds),
  ]);
  if (run.failed > 0 || run.transactions === 0) throw new Error(`pgbench did not complete:\n${run.output}`);
  const ids = options.devices.map((device) => device.id);
  const readings = await countReadings(db, ids, base, base + CLIENT_SPAN * connections);
  // Every transaction inserts 1–10 rows: fewer or more means the script did not run as meant.
  if (readings < run.transactions || readings > run.transactions * 10)
    throw new Error(`pgbench ran ${run.transactions} transactions but ${readings} readings were stored`);
  return {
    connections,
    transactions: run.transactions,
    readings,
    tps: run.tps,
    readingsPerSecond: (run.tps * readings) / run.transactions,
    seconds: options.seconds,
  };
}

/**
 * The first second of a pgbench run's time range, clear of every earlier run's (up to
 * `maxConnections` clients each) and years before the MQTT load's (weeks before now) for up to 15
 * runs of 10 clients.
 */
export function pgbenchBase(runIndex: number, maxConnections: number): number {
  return 100_000_000 + runIndex * CLIENT_SPAN * maxConnections;
}
