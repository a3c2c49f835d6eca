/**
 * The job worker's thread (started by job-thread.ts): its own database pool, services and job runner,
 * on an event loop that the requests of the main thread do not share. It reports to the main thread
 * by messages: `ready` (with its handlers), `failed` (it could not start), `log` (every log line, so
 * the process keeps one log stream) and `closed`. The main thread sends `nudge` and `close`.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { loadConfig } from './config.ts';
import { openDatabase } from './db/database.ts';
import { createJobRunner } from './job-handlers.ts';
import type { WorkerLog } from './platform/jobs/job-worker.ts';
import { withDataProtection } from './platform/protection/opening-plugin.ts';
import { createSessionService, sessionLimits } from './platform/sessions/session-service.ts';
import { createTenantService } from './platform/tenancy/tenant-service.ts';
import { createServices, defaultStorage } from './services.ts';

/** What the main thread passes to the job thread (job-thread.ts). */
export interface JobThreadData {
  version: string;
  /** The thread's own pool: one flow of work needs few connections. */
  poolSize: number;
  /** Only these tenants' jobs (tests, which share one database); undefined → every tenant's. */
  onlyTenants?: string[];
  /** Pause of the polling loop when idle (tests lengthen it to show the nudge works). */
  pollIntervalMs?: number;
  /** Variables over the process's environment for the configuration. */
  env?: Record<string, string>;
}

/** Messages from the job thread to the main thread. */
export type JobThreadMessage =
  | { kind: 'ready'; handlers: string[]; mail: string | null }
  | { kind: 'failed'; error: SerializedError }
  | { kind: 'log'; level: keyof WorkerLog; details: Record<string, unknown>; message: string }
  | { kind: 'closed' };

export interface SerializedError {
  type: string;
  message: string;
  stack?: string;
  code?: unknown;
}

export function serializeError(error: unknown): SerializedError {
  if (!(error instanceof Error)) return { type: typeof error, message: String(error) };
  const code = (error as { code?: unknown }).code;
  return {
    type: error.name,
    message: error.message,
    stack: error.stack,
    ...(code === undefined ? {} : { code }),
  };
}

/** Log details as plain data: errors with their message, type, stack and code; anything else through JSON. */
function cloneable(details: object): Record<string, unknown> {
  return JSON.parse(
    JSON.stringify(details, (_key, value: unknown) =>
      value instanceof Error ? serializeError(value) : typeof value === 'bigint' ? value.toString() : value,
    ),
  ) as Record<string, unknown>;
}

async function run(): Promise<void> {
  const port = parentPort;
  if (!port) throw new Error('job-thread-entry.ts runs as a worker thread (see job-thread.ts)');
  const data = workerData as JobThreadData;
  const post = (message: JobThreadMessage) => port.postMessage(message);
  const logAt =
    (level: keyof WorkerLog) =>
    (details: object, message: string): void =>
      post({ kind: 'log', level, details: cloneable(details), message });
  const log: WorkerLog = {
    debug: logAt('debug'),
    info: logAt('info'),
    warn: logAt('warn'),
    error: logAt('error'),
  };
  try {
    const config = loadConfig({ ...process.env, ...data.env }, data.version);
    const database = await openDatabase({
      databaseUrl: config.databaseUrl,
      dataDir: config.dataDir,
      poolSize: data.poolSize,
      onConnectionError: (error) =>
        log.warn({ err: error }, 'job thread: database connection lost while idle'),
    });
    const now = () => new Date();
    const { db, protection } = withDataProtection(database.db, config.dataKeys);
    const services = createServices({
      db,
      config,
      storage: defaultStorage(config),
      tenants: createTenantService(db),
      sessions: createSessionService(db, sessionLimits(config), now),
      now,
      protection,
    });
    const jobs = await createJobRunner(services, config, log, {
      onlyTenants: data.onlyTenants,
      pollIntervalMs: data.pollIntervalMs,
    });
    port.on('message', (message: unknown) => {
      if (message === 'nudge') jobs.nudge();
      else if (message === 'close') {
        void (async () => {
          await jobs.close();
          await database.close();
          post({ kind: 'closed' });
          port.close();
        })();
      }
    });
    jobs.start();
    post({
      kind: 'ready',
      handlers: jobs.handlers.handlers.map((handler) => handler.name),
      mail: jobs.handlers.mailDestination ?? null,
    });
  } catch (error) {
    post({ kind: 'failed', error: serializeError(error) });
    port.close();
  }
}

await run();
