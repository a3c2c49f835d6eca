/**
 * Turns a hung test process into a quick failure that says where it hung. A worker thread watches
 * a heartbeat the main thread beats every second: when the main thread's event loop is blocked (a
 * synchronous spin, as in PGlite issue 1058) no timer there can fire, and the test runner would
 * wait for its whole timeout and print nothing. The worker writes what the process was doing (the
 * steps marked last with `markStep`) straight to stderr and ends the process. A process whose loop
 * is free but that marks no step (no request, no query) for as long is reported once and left to
 * the runner's timeout, since the report is all this process can add there.
 */
import { Worker } from 'node:worker_threads';
import type {
  KyselyPlugin,
  PluginTransformQueryArgs,
  PluginTransformResultArgs,
  QueryResult,
  RootOperationNode,
  UnknownRow,
} from 'kysely';

const BLOCKED_AFTER_SECONDS = Number(process.env.TEST_WATCHDOG_SECONDS ?? 120);
const STEP_BYTES = 512;

let shared: { heartbeat: Int32Array; step: Uint8Array } | undefined;

const WORKER_SOURCE = `
const { workerData } = require('node:worker_threads');
const fs = require('node:fs');
const shared = new Int32Array(workerData.heartbeat);
const step = new Uint8Array(workerData.step);
const limit = workerData.seconds;
let progress = -1;
let progressAt = Date.now();
let reported = false;
const doing = () => {
  const end = step.indexOf(0);
  return Buffer.from(step.subarray(0, end < 0 ? step.length : end)).toString('utf8') || '(none marked)';
};
setInterval(() => {
  const silent = Math.floor(Date.now() / 1000) - Atomics.load(shared, 0);
  if (silent >= limit) {
    fs.writeSync(2, '\\ntest watchdog: the event loop of ' + workerData.file + ' has been blocked for ' + silent +
      ' s; last step: ' + doing() + '. Ending the process.\\n');
    process.kill(process.pid, 'SIGKILL');
  }
  const marked = Atomics.load(shared, 1);
  if (marked !== progress) {
    progress = marked;
    progressAt = Date.now();
    reported = false;
  } else if (!reported && Date.now() - progressAt >= limit * 1000) {
    reported = true;
    fs.writeSync(2, '\\ntest watchdog: ' + workerData.file + ' has made no request or query for ' +
      Math.round((Date.now() - progressAt) / 1000) + ' s (its event loop is free); last step: ' + doing() + '\\n');
  }
}, 1000);
`;

/** Starts the watchdog once per process; later calls do nothing. */
export function startWatchdog(): void {
  if (shared || BLOCKED_AFTER_SECONDS <= 0) return;
  const heartbeatBuffer = new SharedArrayBuffer(8); // [heartbeat seconds, steps marked]
  const stepBuffer = new SharedArrayBuffer(STEP_BYTES);
  const heartbeat = new Int32Array(heartbeatBuffer);
  shared = { heartbeat, step: new Uint8Array(stepBuffer) };
  const beat = () => Atomics.store(heartbeat, 0, Math.floor(Date.now() / 1000));
  beat();
  setInterval(beat, 1000).unref();
  const worker = new Worker(WORKER_SOURCE, {
    eval: true,
    execArgv: [], // plain CommonJS, whatever loader flags the test process runs with
    workerData: {
      heartbeat: heartbeatBuffer,
      step: stepBuffer,
      seconds: BLOCKED_AFTER_SECONDS,
      file: process.argv[1] ?? 'the test process',
    },
  });
  worker.on('error', (error) => console.warn('test watchdog stopped:', error));
  worker.unref();
}

const steps = new Map<string, string>();

/** Records what the process is doing now under `slot` (e.g. the request, the query) for the report. */
export function markStep(slot: string, step: string): void {
  if (!shared) return;
  steps.set(slot, step);
  const text = [...steps].map(([name, value]) => `${name}: ${value}`).join('; ');
  const bytes = Buffer.from(text, 'utf8').subarray(0, STEP_BYTES - 1);
  shared.step.fill(0);
  shared.step.set(bytes);
  Atomics.add(shared.heartbeat, 1, 1);
}

function describeQuery(node: RootOperationNode): string {
  const raw = node as { sqlFragments?: readonly string[] };
  if (raw.sqlFragments) return `${node.kind} ${raw.sqlFragments.join('?').slice(0, 160)}`;
  const json = JSON.stringify(node, (_key, value) => (typeof value === 'bigint' ? String(value) : value));
  const table = json.match(/"TableNode".*?"IdentifierNode","name":"([^"]+)"/);
  return table ? `${node.kind} ${table[1]}` : node.kind;
}

/** A Kysely plugin marking each query (its kind and table, or the start of raw SQL) before it runs. */
export const markQueries: KyselyPlugin = {
  transformQuery(args: PluginTransformQueryArgs): RootOperationNode {
    if (shared) markStep('query', describeQuery(args.node));
    return args.node;
  },
  async transformResult(args: PluginTransformResultArgs): Promise<QueryResult<UnknownRow>> {
    return args.result;
  },
};
