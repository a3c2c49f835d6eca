/**
 * Runs the job worker in a worker thread of the process (JOB_WORKER_THREAD, decision 0021). On the
 * main thread the worker's batches wait their turn behind every request's callbacks, so under a
 * saturating submit load it made few proposals until the load stopped (issue #10); in a thread it
 * has an event loop of its own and the operating system shares the cores between the two.
 *
 * The thread opens its own database pool (a PostgreSQL server only: the embedded database lives in
 * the main thread's memory), its own services and job runner (job-thread-entry.ts). Jobs are rows:
 * when the thread dies, its claims' leases run out and the restarted thread (or another process)
 * takes them, so nothing is lost. The main thread forwards its job signal as `nudge` messages and
 * writes the thread's log lines to its own log.
 */
import { Worker } from 'node:worker_threads';
import type { JobThreadData, JobThreadMessage, SerializedError } from './job-thread-entry.ts';
import type { JobSignal } from './platform/jobs/job-signal.ts';
import type { WorkerLog } from './platform/jobs/job-worker.ts';

export interface JobThreadOptions {
  version: string;
  log: WorkerLog;
  /** This process's job signal: every notification reaches the thread's worker. */
  signal: JobSignal;
  /** Connections of the thread's pool (default 4). */
  poolSize?: number;
  /** Only these tenants' jobs (tests on a shared database). */
  onlyTenants?: string[];
  /** The thread's idle polling pause (default the worker's). */
  pollIntervalMs?: number;
  /** First pause before restarting a thread that died (default 1 s; doubled up to 30 s). */
  restartDelayMs?: number;
  /** Variables over this process's environment for the thread's configuration (tests: DATA_DIR). */
  env?: Record<string, string>;
  /** The thread's module (default job-thread-entry.ts; tests pass stand-ins that fail). */
  entry?: URL;
}

export interface JobThread {
  /** The handlers the thread runs, and where its mail goes. */
  readonly handlers: string[];
  readonly mail: string | null;
  /** How many times the thread was started (1 until it dies and is restarted). */
  readonly starts: number;
  /** Stops the worker (the in-flight batch finishes, unstarted claims are given back) and the thread. */
  close(): Promise<void>;
}

/** How long `close` waits for the thread's in-flight batch before it terminates the thread. */
const CLOSE_TIMEOUT_MS = 30_000;
const MAX_RESTART_DELAY_MS = 30_000;

/**
 * The thread's module under tsx: `npm start` runs TypeScript through tsx, and a worker does not
 * inherit its hooks. The packages' own modules bypass tsx, as in the main thread (scripts/tsx.mjs).
 */
const BOOTSTRAP = `
const { workerData } = require('node:worker_threads');
import(workerData.tsx).then((tsx) => {
  tsx.register();
  require('node:module').register(workerData.packageHooks);
  return import(workerData.entry);
});
`;

class JobThreadFailed extends Error {
  constructor(cause: SerializedError | Error | string) {
    const message = typeof cause === 'string' ? cause : cause.message;
    super(`the job thread did not start: ${message}`);
    this.name = 'JobThreadFailed';
    if (typeof cause !== 'string' && cause.stack) this.stack = `${this.stack}\nCaused by: ${cause.stack}`;
  }
}

interface Started {
  worker: Worker;
  handlers: string[];
  mail: string | null;
}

/** Starts one thread and resolves when its job runner runs; rejects when it could not start. */
function startThread(
  options: JobThreadOptions,
  onExit: (worker: Worker, code: number) => void,
): Promise<Started> {
  const data: JobThreadData & { tsx: string; packageHooks: string; entry: string } = {
    version: options.version,
    poolSize: options.poolSize ?? 4,
    onlyTenants: options.onlyTenants,
    pollIntervalMs: options.pollIntervalMs,
    env: options.env,
    tsx: import.meta.resolve('tsx/esm/api'),
    packageHooks: new URL('../scripts/node-modules-hooks.mjs', import.meta.url).href,
    entry: (options.entry ?? new URL('./job-thread-entry.ts', import.meta.url)).href,
  };
  const worker = new Worker(BOOTSTRAP, { eval: true, workerData: data, name: 'ingang-jobs' });
  return new Promise((resolve, reject) => {
    let ready = false;
    worker.on('message', (message: JobThreadMessage) => {
      if (message.kind === 'log') {
        options.log[message.level]({ ...message.details, thread: 'jobs' }, message.message);
      } else if (message.kind === 'ready') {
        ready = true;
        resolve({ worker, handlers: message.handlers, mail: message.mail });
      } else if (message.kind === 'failed') {
        reject(new JobThreadFailed(message.error));
        void worker.terminate();
      }
    });
    worker.on('error', (error: unknown) => {
      if (!ready) reject(new JobThreadFailed(error instanceof Error ? error : String(error)));
      else options.log.error({ err: error }, 'the job thread failed');
    });
    worker.on('exit', (code) => {
      if (!ready) reject(new JobThreadFailed(`it ended with exit code ${code}`));
      else onExit(worker, code);
    });
  });
}

/**
 * Starts the job thread; resolves once its job runner runs, rejects when it cannot start (a bad
 * DATABASE_URL, say). A thread that dies later is started again after a pause that doubles.
 */
export async function startJobThread(options: JobThreadOptions): Promise<JobThread> {
  let closing = false;
  let starts = 0;
  let current: Worker | undefined;
  let restartDelay = options.restartDelayMs ?? 1_000;
  let restartTimer: NodeJS.Timeout | undefined;

  const onExit = (worker: Worker, code: number) => {
    if (worker !== current || closing) return;
    current = undefined;
    options.log.error(
      { exitCode: code, restartInMs: restartDelay },
      'the job thread ended; starting it again',
    );
    restartTimer = setTimeout(() => void restart(), restartDelay);
    restartDelay = Math.min(restartDelay * 2, MAX_RESTART_DELAY_MS);
  };
  const restart = async () => {
    if (closing) return;
    try {
      const started = await startThread(options, onExit);
      starts++;
      if (closing) {
        await started.worker.terminate();
        return;
      }
      current = started.worker;
      options.log.info({ handlers: started.handlers }, 'the job thread runs again');
    } catch (error) {
      options.log.error({ err: error, restartInMs: restartDelay }, 'the job thread did not start again');
      restartTimer = setTimeout(() => void restart(), restartDelay);
      restartDelay = Math.min(restartDelay * 2, MAX_RESTART_DELAY_MS);
    }
  };

  const first = await startThread(options, onExit);
  starts = 1;
  current = first.worker;
  const unlisten = options.signal.listen(() => current?.postMessage('nudge'));
  return {
    handlers: first.handlers,
    mail: first.mail,
    get starts() {
      return starts;
    },
    async close() {
      closing = true;
      unlisten();
      if (restartTimer) clearTimeout(restartTimer);
      const worker = current;
      current = undefined;
      if (!worker) return;
      const closed = new Promise<void>((resolve) => {
        worker.on('message', (message: JobThreadMessage) => {
          if (message.kind === 'closed') resolve();
        });
        worker.once('exit', () => resolve());
      });
      worker.postMessage('close');
      let timer: NodeJS.Timeout | undefined;
      const timedOut = new Promise<'timeout'>((resolve) => {
        timer = setTimeout(() => resolve('timeout'), CLOSE_TIMEOUT_MS);
      });
      const outcome = await Promise.race([closed, timedOut]);
      clearTimeout(timer);
      if (outcome === 'timeout') options.log.warn({}, 'the job thread did not stop in time; ending it');
      await worker.terminate();
    },
  };
}
