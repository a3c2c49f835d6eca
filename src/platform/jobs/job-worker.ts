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
  markProcessedMany,
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
  /**
   * Runs several claimed jobs of this handler at once (optional; fewer round trips under load). It
   * must make each job's effect exactly as `run` would, all or nothing: when it throws, nothing of
   * it may remain, and the worker runs the jobs one by one through `run` instead, so one bad job
   * fails alone. A batch never holds two jobs of one case for a handler ordered per case.
   */
  runBatch?(jobs: readonly Job[]): Promise<void>;
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
  runBatch?(jobs: readonly TopicJob<T>[]): Promise<void>;
}): JobHandler {
  const { runBatch } = definition;
  return {
    ...definition,
    run: (job) => definition.run(job as unknown as TopicJob<T>),
    runBatch: runBatch && ((jobs) => runBatch(jobs as unknown as readonly TopicJob<T>[])),
  };
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
  /** Jobs claimed per statement (default 50); events are fanned out ten times as many at once. */
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
  /**
   * Says that events may have been written (a request changed something): a pausing loop looks at
   * once, a busy one goes round again before it pauses. Other processes find the events by polling.
   */
  nudge(): void;
  /** Resolves when the loop next pauses, having found less than a full batch (tests await it). */
  paused(): Promise<void>;
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
  const batchSize = options.batchSize ?? 50;
  const leaseMs = (options.leaseSeconds ?? 300) * 1000;
  const maxAttempts = options.maxAttempts ?? MAX_ATTEMPTS;
  const workerId =
    options.workerId ?? `${os.hostname()}:${process.pid}:${crypto.randomBytes(3).toString('hex')}`;
  let stopping = false;
  let caughtUp = false;
  let loop: Promise<void> | undefined;
  let wake: (() => void) | undefined;
  let nudged = false;
  let pauseWaiters: (() => void)[] = [];

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

  /** Runs claimed jobs one by one while their lease allows; gives the rest back. False when it stopped early. */
  const processEach = async (jobs: readonly ClaimedJob[]) => {
    for (const [index, job] of jobs.entries()) {
      if (!mayStart(job)) {
        for (const rest of jobs.slice(index)) await releaseJob(db, rest);
        return false;
      }
      await processJob(job);
    }
    return true;
  };

  /**
   * Runs one handler's claimed jobs: as one batch where the handler can (jobs past their attempt
   * limit aside), else, or when the batch fails, one by one. False when it stopped early.
   */
  const processGroup = async (handler: JobHandler | undefined, jobs: ClaimedJob[]) => {
    const batch = jobs.filter((job) => job.attempts <= maxAttempts);
    if (!handler?.runBatch || batch.length < 2) return processEach(jobs);
    if (!batch.every(mayStart)) return processEach(jobs);
    try {
      await handler.runBatch(
        batch.map((job) => ({ ...job, idempotencyKey: `${job.handler}:${job.eventId}` })),
      );
    } catch (error) {
      const details = { workerId, handler: handler.name, jobs: batch.length, error: errorText(error) };
      log.warn(details, 'job batch failed; running its jobs one by one');
      return processEach(jobs);
    }
    await markProcessedMany(
      db,
      batch.map((job) => job.id),
      now(),
    );
    log.debug({ workerId, handler: handler.name, jobs: batch.length }, 'job batch processed');
    return processEach(jobs.filter((job) => !batch.includes(job)));
  };

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
    // Each handler's jobs together, in claim order; handlers in the order of their first job.
    const byHandler = new Map<string, ClaimedJob[]>();
    for (const job of jobs) byHandler.set(job.handler, [...(byHandler.get(job.handler) ?? []), job]);
    const groups = [...byHandler.values()];
    for (const [index, group] of groups.entries()) {
      if (await processGroup(byName.get(group[0]?.handler ?? ''), group)) continue;
      for (const rest of groups.slice(index + 1).flat()) await releaseJob(db, rest);
      break;
    }
    return jobs.length;
  };

  const pause = () =>
    new Promise<void>((resolve) => {
      for (const waiter of pauseWaiters) waiter();
      pauseWaiters = [];
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
      if (!stopping && claimed < batchSize && !nudged) await pause();
      nudged = false;
    }
  };

  return {
    workerId,
    runOnce,
    paused: () => new Promise<void>((resolve) => pauseWaiters.push(resolve)),
    nudge() {
      nudged = true;
      wake?.();
    },
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
