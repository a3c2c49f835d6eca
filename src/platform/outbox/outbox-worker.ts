/**
 * The outbox worker: claims due jobs under a lease and runs each topic's handler, at least once.
 * Any number of app processes may run one side by side (claims use SKIP LOCKED); see
 * docs/notifications.md for the guarantees and the one remaining duplicate window.
 */
import crypto from 'node:crypto';
import os from 'node:os';
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { type ClaimedJob, claimJobs, markFailed, markProcessed, releaseJob } from './outbox-store.ts';
import { DEAD_AVAILABLE_AT, errorText, MAX_ATTEMPTS, retryDelaySeconds } from './retry.ts';

/** A claimed job as a handler sees it. */
export type OutboxJob = ClaimedJob;

/** Does a topic's work; throwing means "try again later" (with backoff). Must tolerate a repeat. */
export type OutboxHandler = (job: OutboxJob) => Promise<void>;

/** The part of a pino logger the worker uses. */
export interface WorkerLog {
  debug(details: object, message: string): void;
  info(details: object, message: string): void;
  warn(details: object, message: string): void;
  error(details: object, message: string): void;
}

export interface OutboxWorkerOptions {
  db: Kysely<Database>;
  /** Handlers by topic; jobs of other topics are marked processed without effect. */
  handlers: Record<string, OutboxHandler>;
  log: WorkerLog;
  /** The clock for claims, leases, backoff and `processed_at`; tests move it forward. */
  now?: () => Date;
  /** Jobs claimed per statement (default 10). */
  batchSize?: number;
  /** How long a claim is leased (default 300 s); must exceed a handler's longest run. */
  leaseSeconds?: number;
  /** Names this worker in logs (default host:pid:random). */
  workerId?: string;
  /** Pause of the polling loop when the outbox had no full batch (default 2000 ms). */
  pollIntervalMs?: number;
  /** Attempts before a job is given up on (default MAX_ATTEMPTS). */
  maxAttempts?: number;
}

export interface OutboxWorker {
  readonly workerId: string;
  /** Claims one batch and processes it job by job; resolves to the number of jobs claimed. */
  runOnce(): Promise<number>;
  /** Starts the polling loop (no-op when running). */
  start(): void;
  /** Stops the loop: the in-flight job finishes, unstarted claims are released; resolves when idle. */
  stop(): Promise<void>;
}

/** Creates an outbox worker; it does nothing until `runOnce()` or `start()`. */
export function createOutboxWorker(options: OutboxWorkerOptions): OutboxWorker {
  const { db, handlers, log } = options;
  const now = options.now ?? (() => new Date());
  const batchSize = options.batchSize ?? 10;
  const leaseMs = (options.leaseSeconds ?? 300) * 1000;
  const pollIntervalMs = options.pollIntervalMs ?? 2000;
  const maxAttempts = options.maxAttempts ?? MAX_ATTEMPTS;
  const workerId =
    options.workerId ?? `${os.hostname()}:${process.pid}:${crypto.randomBytes(3).toString('hex')}`;
  let stopping = false;
  let loop: Promise<void> | undefined;
  let wake: (() => void) | undefined;

  const fail = async (job: OutboxJob, error: unknown) => {
    const text = errorText(error);
    const dead = job.attempts >= maxAttempts;
    const availableAt = dead
      ? DEAD_AVAILABLE_AT
      : new Date(now().getTime() + retryDelaySeconds(job.attempts) * 1000);
    await markFailed(db, job, {
      error: dead ? `dead after ${job.attempts} attempts: ${text}` : text,
      availableAt,
    });
    const details = { workerId, jobId: job.id, topic: job.topic, attempts: job.attempts, error: text };
    if (dead) log.error(details, 'outbox job failed for the last time; given up');
    else log.warn({ ...details, retryAt: availableAt.toISOString() }, 'outbox job failed; will retry');
  };

  const processJob = async (job: OutboxJob) => {
    // A job whose earlier attempts all died with their worker (killed mid-job) is not run again.
    if (job.attempts > maxAttempts)
      return fail(job, new Error('attempt limit passed (earlier runs were interrupted)'));
    const handler = handlers[job.topic];
    if (!handler) {
      log.debug(
        { workerId, jobId: job.id, topic: job.topic },
        'no handler for outbox topic; marked processed',
      );
      return markProcessed(db, job.id, now());
    }
    try {
      await handler(job);
    } catch (error) {
      return fail(job, error);
    }
    await markProcessed(db, job.id, now());
    log.debug({ workerId, jobId: job.id, topic: job.topic }, 'outbox job processed');
  };

  // A job is started only while at least half its lease is left, so a slow batch gives its tail
  // back instead of running it after the lease expired (when another worker may have claimed it).
  const mayStart = (job: OutboxJob) =>
    !stopping && job.lockedUntil.getTime() - now().getTime() >= leaseMs / 2;

  const runOnce = async () => {
    const claimedAt = now();
    const jobs = await claimJobs(db, {
      now: claimedAt,
      leaseUntil: new Date(claimedAt.getTime() + leaseMs),
      limit: batchSize,
    });
    for (const [index, job] of jobs.entries()) {
      if (!mayStart(job)) {
        for (const rest of jobs.slice(index)) await releaseJob(db, rest);
        break;
      }
      await processJob(job);
    }
    return jobs.length;
  };

  const pause = () =>
    new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, pollIntervalMs);
      timer.unref();
      wake = () => {
        clearTimeout(timer);
        resolve();
      };
    });

  const run = async () => {
    while (!stopping) {
      let claimed = 0;
      try {
        claimed = await runOnce();
      } catch (error) {
        log.error({ workerId, error: errorText(error) }, 'outbox batch failed');
      }
      if (!stopping && claimed < batchSize) await pause();
    }
  };

  return {
    workerId,
    runOnce,
    start() {
      if (loop) return;
      stopping = false;
      loop = run();
    },
    async stop() {
      stopping = true;
      wake?.();
      await loop;
      loop = undefined;
    },
  };
}
