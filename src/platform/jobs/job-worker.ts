/**
 * The job worker: fans new events out to one job per subscribed handler, claims due jobs of the
 * handlers this process runs under a lease, and runs each, at least once; the idempotency key makes
 * each effect exactly once where the handler can record it with the effect. Any number of app
 * processes run one side by side (SKIP LOCKED); see docs/jobs.md for the guarantees.
 */
import crypto from 'node:crypto';
import os from 'node:os';
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import {
  type ClaimedJob,
  catchUpFanOut,
  claimJobs,
  fanOut,
  markFailed,
  markProcessed,
  releaseJob,
  type Subscription,
} from './job-store.ts';
import { errorText, MAX_ATTEMPTS, retryDelaySeconds } from './retry.ts';
import type { Topic, TopicPayloads } from './topics.ts';

/** A claimed job as a handler sees it. */
export interface Job extends ClaimedJob {
  /** `${handler}:${eventId}`: the same on every attempt; record it with the effect. */
  idempotencyKey: string;
}

/** One subscriber: its name (unique), topics, order, and the work; throwing means "try again later". */
export interface JobHandler extends Subscription {
  run(job: Job): Promise<void>;
}

/** A job of one declared topic, its payload typed. */
export type TopicJob<T extends Topic> = Omit<Job, 'topic' | 'payload'> & {
  topic: T;
  payload: TopicPayloads[T];
};

/** Declares a handler of declared topics; its `run` sees typed payloads (written only by `enqueue`). */
export function defineHandler<T extends Topic>(definition: {
  name: string;
  topics: readonly T[];
  ordered?: 'perCase';
  run(job: TopicJob<T>): Promise<void>;
}): JobHandler {
  return { ...definition, run: (job) => definition.run(job as unknown as TopicJob<T>) };
}

/** The part of a pino logger the worker uses. */
export interface WorkerLog {
  debug(details: object, message: string): void;
  info(details: object, message: string): void;
  warn(details: object, message: string): void;
  error(details: object, message: string): void;
}

export interface JobWorkerOptions {
  db: Kysely<Database>;
  /** The handlers this process runs. */
  handlers: readonly JobHandler[];
  /**
   * Every handler of the application, also those this process cannot run (mail without a mail
   * transport): events are fanned out to all of them, so their jobs wait for a process that can.
   * Defaults to `handlers`.
   */
  subscriptions?: readonly Subscription[];
  log: WorkerLog;
  /** The clock for claims, leases, backoff and `processed_at`; tests move it forward. */
  now?: () => Date;
  /** Jobs claimed (and events fanned out) per statement (default 10). */
  batchSize?: number;
  /** How long a claim is leased (default 300 s); must exceed a handler's longest run. */
  leaseSeconds?: number;
  /** Names this worker in logs (default host:pid:random). */
  workerId?: string;
  /** Pause of the polling loop when there was no full batch (default 2000 ms). */
  pollIntervalMs?: number;
  /** Attempts before a job is dead (default MAX_ATTEMPTS). */
  maxAttempts?: number;
  /**
   * Only these tenants' events and jobs (default: all). For tests: each test has its own tenant, so
   * the workers of test files running side by side on one database never take each other's events.
   */
  onlyTenants?: readonly string[];
}

export interface JobWorker {
  readonly workerId: string;
  /** Fans out one batch of events, claims one batch of jobs and runs them; resolves to the jobs claimed. */
  runOnce(): Promise<number>;
  /** Starts the polling loop (no-op when running). */
  start(): void;
  /** Stops the loop: the in-flight job finishes, unstarted claims are released; resolves when idle. */
  stop(): Promise<void>;
}

/** Creates a job worker; it does nothing until `runOnce()` or `start()`. */
export function createJobWorker(options: JobWorkerOptions): JobWorker {
  const { db, log } = options;
  const byName = new Map(options.handlers.map((handler) => [handler.name, handler]));
  const subscriptions = options.subscriptions ?? options.handlers;
  for (const handler of options.handlers)
    if (!subscriptions.some((s) => s.name === handler.name))
      throw new Error(`handler ${handler.name} runs here but is not subscribed`);
  const now = options.now ?? (() => new Date());
  const batchSize = options.batchSize ?? 10;
  const leaseMs = (options.leaseSeconds ?? 300) * 1000;
  const maxAttempts = options.maxAttempts ?? MAX_ATTEMPTS;
  const workerId =
    options.workerId ?? `${os.hostname()}:${process.pid}:${crypto.randomBytes(3).toString('hex')}`;
  let stopping = false;
  let caughtUp = false;
  let loop: Promise<void> | undefined;
  let wake: (() => void) | undefined;

  const fail = async (job: ClaimedJob, error: unknown) => {
    const text = errorText(error);
    const dead = job.attempts >= maxAttempts;
    const at = now();
    const availableAt = new Date(at.getTime() + retryDelaySeconds(job.attempts) * 1000);
    await markFailed(db, job, {
      error: dead ? `dead after ${job.attempts} attempts: ${text}` : text,
      at,
      availableAt,
      dead,
    });
    const details = { workerId, jobId: job.id, eventId: job.eventId, topic: job.topic, handler: job.handler };
    const logged = { ...details, attempts: job.attempts, error: text };
    if (dead) log.error(logged, 'job failed for the last time; it is dead');
    else log.warn({ ...logged, retryAt: availableAt.toISOString() }, 'job failed; will retry');
  };

  const processJob = async (job: ClaimedJob) => {
    // A job whose earlier attempts all died with their worker (killed mid-job) is not run again.
    if (job.attempts > maxAttempts)
      return fail(job, new Error('attempt limit passed (earlier runs were interrupted)'));
    const handler = byName.get(job.handler);
    if (!handler) return releaseJob(db, job);
    try {
      await handler.run({ ...job, idempotencyKey: `${job.handler}:${job.eventId}` });
    } catch (error) {
      return fail(job, error);
    }
    await markProcessed(db, job.id, now());
    log.debug({ workerId, jobId: job.id, handler: job.handler }, 'job processed');
  };

  // A job is started only while at least half its lease is left, so a slow batch gives its tail
  // back instead of running it after the lease expired (when another worker may have claimed it).
  const mayStart = (job: ClaimedJob) =>
    !stopping && job.lockedUntil.getTime() - now().getTime() >= leaseMs / 2;

  const runOnce = async () => {
    const claimedAt = now();
    const onlyTenants = options.onlyTenants;
    if (!caughtUp) {
      const added = await catchUpFanOut(db, subscriptions, { now: claimedAt, onlyTenants });
      if (added > 0) log.info({ workerId, added }, 'jobs added for handlers subscribed since their events');
      caughtUp = true;
    }
    await fanOut(db, subscriptions, { now: claimedAt, limit: batchSize * 10, onlyTenants });
    const jobs = await claimJobs(db, {
      handlers: [...byName.keys()],
      now: claimedAt,
      leaseUntil: new Date(claimedAt.getTime() + leaseMs),
      limit: batchSize,
      onlyTenants,
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
      const timer = setTimeout(resolve, options.pollIntervalMs ?? 2000);
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
        log.error({ workerId, error: errorText(error) }, 'job batch failed');
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
