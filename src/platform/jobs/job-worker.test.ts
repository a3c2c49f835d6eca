/**
 * The job worker on the real database: fan-out to several handlers, each tracked on its own
 * (retries, backoff, dead jobs), idempotency keys, per-case order, leases, stopping, and two workers
 * side by side.
 */
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { createTestApp, type TestApp } from '../../test-support/app.ts';
import { createTestTenant } from '../../test-support/fixtures.ts';
import { onceInDatabase } from './effects.ts';
import { createStatisticsHandler } from './event-statistics.ts';
import {
  createJobWorker,
  type Job,
  type JobHandler,
  type JobWorkerOptions,
  type WorkerLog,
} from './job-worker.ts';
import { errorText, retryDelaySeconds } from './retry.ts';

const ERA_START = new Date('1990-01-01T00:00:00Z');
const silent: WorkerLog = { debug() {}, info() {}, warn() {}, error() {} };

let t: TestApp;
before(async () => {
  t = await createTestApp();
});
after(() => t.close());

function testClock(start = ERA_START) {
  let at = start.getTime();
  return { now: () => new Date(at), advance: (seconds: number) => (at += seconds * 1000) };
}

/** A tenant of this test's own, and events of a topic of this test's own. */
async function setUp() {
  const tenantId = (await createTestTenant(t, [])).id;
  const topic = `test.${crypto.randomBytes(4).toString('hex')}`;
  const enqueue = async (count = 1, caseId: string | null = null) => {
    const rows = await t.database.db
      .insertInto('outbox')
      .values(
        Array.from({ length: count }, (_, i) => ({
          tenantId,
          topic,
          caseId,
          payload: JSON.stringify({ i }),
        })),
      )
      .returning('id')
      .execute();
    return rows.map((row) => Number(row.id));
  };
  const worker = (now: () => Date, handlers: JobHandler[], extra: Partial<JobWorkerOptions> = {}) =>
    createJobWorker({ db: t.database.db, handlers, log: silent, now, onlyTenants: [tenantId], ...extra });
  return { tenantId, topic, enqueue, worker };
}

/** A handler of `topic` that records every run. */
function recording(name: string, topic: string, run: (job: Job) => Promise<void> = async () => {}) {
  const runs: Job[] = [];
  const handler: JobHandler = {
    name,
    topics: [topic],
    run: async (job) => {
      runs.push(job);
      await run(job);
    },
  };
  return { handler, runs };
}

const jobOf = (eventId: number, handler: string) =>
  t.database.db
    .selectFrom('job')
    .selectAll()
    .where('eventId', '=', eventId)
    .where('handler', '=', handler)
    .executeTakeFirstOrThrow();

describe('retry rules', () => {
  test('waits double each time from 30 s, never more than an hour', () => {
    assert.deepEqual(
      [1, 2, 3, 4, 7, 8, 12, 50].map((attempt) => retryDelaySeconds(attempt)),
      [30, 60, 120, 240, 1920, 3600, 3600, 3600],
    );
  });

  test('error texts are one bounded line without addresses, quoted values or personnummer', () => {
    const text = errorText(new Error('Recipient command failed: 550 <anna@example.se>\n user unknown'));
    assert.equal(text, 'Error: Recipient command failed: 550 <<address>> user unknown');
    assert.equal(
      errorText(new Error('invalid input syntax for type uuid: "Astrid Lindqvist" (199001011234)')),
      'Error: invalid input syntax for type uuid: <value> (<number>)',
    );
    assert.equal(errorText('x'.repeat(5000)).length, 1000);
  });
});

describe('job worker', () => {
  test('an event becomes one job per subscribed handler; each runs once with its own idempotency key', async () => {
    const { topic, enqueue, worker } = await setUp();
    const clock = testClock();
    const [eventId = 0] = await enqueue();
    const a = recording('a', topic);
    const b = recording('b', topic);
    const w = worker(clock.now, [a.handler, b.handler]);
    assert.equal(await w.runOnce(), 2);
    assert.equal(await w.runOnce(), 0, 'nothing runs twice');
    assert.deepEqual(
      [...a.runs, ...b.runs].map((job) => [job.handler, job.eventId, job.idempotencyKey]),
      [
        ['a', eventId, `a:${eventId}`],
        ['b', eventId, `b:${eventId}`],
      ],
    );
    for (const name of ['a', 'b']) {
      const row = await jobOf(eventId, name);
      assert.deepEqual(new Date(row.processedAt ?? 0), clock.now());
      assert.equal(row.attempts, 1);
    }
  });

  test('an event of a topic nobody subscribes to is fanned out to no job', async () => {
    const { enqueue, worker } = await setUp();
    const [eventId = 0] = await enqueue();
    assert.equal(await worker(testClock().now, [recording('a', 'other.topic').handler]).runOnce(), 0);
    const event = await t.database.db
      .selectFrom('outbox')
      .selectAll()
      .where('id', '=', eventId)
      .executeTakeFirstOrThrow();
    assert.ok(event.fannedOutAt);
    const jobs = await t.database.db.selectFrom('job').select('id').where('eventId', '=', eventId).execute();
    assert.equal(jobs.length, 0);
  });

  test('a failing handler retries with backoff and a stable key; the other handler is not repeated', async () => {
    const { topic, enqueue, worker } = await setUp();
    const clock = testClock();
    const [eventId = 0] = await enqueue();
    const ok = recording('ok', topic);
    let failures = 2;
    const flaky = recording('flaky', topic, async () => {
      if (failures-- > 0) throw new Error(`refused ${2 - failures}`);
    });
    const w = worker(clock.now, [ok.handler, flaky.handler]);
    assert.equal(await w.runOnce(), 2);
    let row = await jobOf(eventId, 'flaky');
    assert.equal(row.lastError, 'Error: refused 1');
    assert.equal(row.lockedUntil, null, 'the lease is released');
    assert.equal(new Date(row.availableAt).getTime() - clock.now().getTime(), 30_000);
    assert.equal(await w.runOnce(), 0, 'not before the wait is over');
    clock.advance(30);
    assert.equal(await w.runOnce(), 1);
    row = await jobOf(eventId, 'flaky');
    assert.equal(new Date(row.availableAt).getTime() - clock.now().getTime(), 60_000, 'the wait doubles');
    clock.advance(60);
    assert.equal(await w.runOnce(), 1);
    assert.ok((await jobOf(eventId, 'flaky')).processedAt);
    assert.equal(ok.runs.length, 1, 'the handler that succeeded ran once');
    assert.deepEqual(
      flaky.runs.map((job) => [job.attempts, job.idempotencyKey]),
      [1, 2, 3].map((attempt) => [attempt, `flaky:${eventId}`]),
    );
  });

  test('a job that keeps failing is dead after the last attempt and never claimed again', async () => {
    const { topic, enqueue, worker } = await setUp();
    const clock = testClock();
    const [eventId = 0] = await enqueue();
    const failing = recording('failing', topic, async () => {
      throw new Error('refused');
    });
    const w = worker(clock.now, [failing.handler], { maxAttempts: 3 });
    for (const wait of [0, 30, 60]) {
      clock.advance(wait);
      assert.equal(await w.runOnce(), 1);
    }
    const row = await jobOf(eventId, 'failing');
    assert.equal(row.attempts, 3);
    assert.equal(row.processedAt, null, 'a dead job is not processed');
    assert.deepEqual(new Date(row.deadAt ?? 0), clock.now());
    assert.match(row.lastError ?? '', /^dead after 3 attempts: Error: refused/);
    clock.advance(365 * 24 * 3600);
    assert.equal(await w.runOnce(), 0, 'never claimed again');
    assert.equal(failing.runs.length, 3);
  });

  test('a job whose attempts all died with their worker is dead without running again', async () => {
    const { topic, enqueue, worker } = await setUp();
    const clock = testClock();
    const [eventId = 0] = await enqueue();
    const poison = recording('poison', topic);
    const w = worker(clock.now, [poison.handler], { maxAttempts: 3 });
    await w.runOnce();
    await t.database.db
      .updateTable('job')
      .set({ attempts: 3, processedAt: null })
      .where('eventId', '=', eventId)
      .execute();
    assert.equal(await w.runOnce(), 1);
    assert.equal(poison.runs.length, 1, 'only the first run');
    assert.ok((await jobOf(eventId, 'poison')).deadAt);
  });

  test('a job re-run after its effect committed does not repeat the effect (idempotency key)', async () => {
    const { tenantId, topic, enqueue, worker } = await setUp();
    const clock = testClock();
    const [eventId = 0] = await enqueue();
    const outcomes: string[] = [];
    const effect = recording('effect', topic, async (job) => {
      outcomes.push(
        await onceInDatabase(t.database.db, { key: job.idempotencyKey, tenantId }, async () => {}),
      );
    });
    const w = worker(clock.now, [effect.handler]);
    await w.runOnce();
    // As if the worker died after the effect's commit, before marking the job done.
    await t.database.db
      .updateTable('job')
      .set({ processedAt: null })
      .where('eventId', '=', eventId)
      .execute();
    await w.runOnce();
    assert.deepEqual(outcomes, ['done', 'repeat']);
  });

  test('a handler of a process that cannot run it leaves its jobs waiting for one that can', async () => {
    const { topic, enqueue, worker } = await setUp();
    const clock = testClock();
    const [eventId = 0] = await enqueue();
    const mail = recording('mail', topic);
    const stats = recording('stats', topic);
    const withoutMail = worker(clock.now, [stats.handler], { subscriptions: [mail.handler, stats.handler] });
    assert.equal(await withoutMail.runOnce(), 1);
    assert.equal((await jobOf(eventId, 'mail')).processedAt, null, 'the mail job waits');
    assert.equal(await worker(clock.now, [mail.handler, stats.handler]).runOnce(), 1);
    assert.deepEqual(
      [...mail.runs, ...stats.runs].map((job) => job.handler),
      ['mail', 'stats'],
    );
  });

  test('a handler subscribed later gets the events still in progress, not those already done', async () => {
    const { topic, enqueue, worker } = await setUp();
    const clock = testClock();
    const [done = 0, pending = 0] = await enqueue(2);
    const first = recording('first', topic, async (job) => {
      if (job.eventId === pending) throw new Error('not yet');
    });
    assert.equal(await worker(clock.now, [first.handler]).runOnce(), 2);
    const later = recording('later', topic);
    // A new release: a worker that also subscribes `later` starts.
    assert.equal(await worker(clock.now, [first.handler, later.handler]).runOnce(), 1);
    assert.deepEqual(
      later.runs.map((job) => job.eventId),
      [pending],
      'the event still in progress; the one done before is not replayed',
    );
    const jobs = await t.database.db.selectFrom('job').select('id').where('eventId', '=', done).execute();
    assert.equal(jobs.length, 1);
  });

  test('an ordered handler gets one case’s events in order, a failure holding back the later ones', async () => {
    const { topic, enqueue, worker } = await setUp();
    const clock = testClock();
    const [caseX, caseY] = [crypto.randomUUID(), crypto.randomUUID()];
    const [x1 = 0] = await enqueue(1, caseX);
    const [y1 = 0] = await enqueue(1, caseY);
    const [x2 = 0, x3 = 0] = await enqueue(2, caseX);
    let failFirst = true;
    const ordered = recording('ordered', topic, async (job) => {
      if (job.eventId === x1 && failFirst) {
        failFirst = false;
        throw new Error('not now');
      }
    });
    ordered.handler.ordered = 'perCase';
    const unordered = recording('unordered', topic);
    const w = worker(clock.now, [ordered.handler, unordered.handler]);
    assert.equal(await w.runOnce(), 6, 'x1 and y1 of the ordered handler, all four of the other');
    assert.equal(await w.runOnce(), 0, 'x2 waits while x1 is failing');
    clock.advance(30);
    for (let claimed = 1; claimed > 0; ) claimed = await w.runOnce();
    assert.deepEqual(
      ordered.runs.map((job) => job.eventId),
      [x1, y1, x1, x2, x3],
    );
    assert.deepEqual(
      unordered.runs.map((job) => job.eventId),
      [x1, y1, x2, x3],
    );
  });

  test('two workers side by side never run one (event, handler) twice and keep each case in order', async () => {
    const { topic, enqueue, worker } = await setUp();
    const clock = testClock();
    const cases = [crypto.randomUUID(), crypto.randomUUID(), crypto.randomUUID()];
    const events: number[] = [];
    for (let i = 0; i < 24; i++) events.push(...(await enqueue(1, cases[i % cases.length] ?? null)));
    const yieldOnce = () => new Promise<void>((resolve) => setImmediate(resolve));
    const runs: Job[] = [];
    const handlerOf = (name: string, ordered: boolean): JobHandler => ({
      name,
      topics: [topic],
      ...(ordered ? { ordered: 'perCase' as const } : {}),
      run: async (job) => {
        await yieldOnce();
        runs.push(job);
      },
    });
    const handlers = [handlerOf('plain', false), handlerOf('ordered', true)];
    const workers = [1, 2].map((n) =>
      worker(clock.now, handlers, { batchSize: 3, pollIntervalMs: 5, workerId: `w${n}` }),
    );
    for (const w of workers) w.start();
    const open = async () => {
      const row = await t.database.db
        .selectFrom('job')
        .select((eb) => eb.fn.countAll<string>().as('n'))
        .where('eventId', 'in', events)
        .where('processedAt', 'is', null)
        .executeTakeFirstOrThrow();
      return Number(row.n);
    };
    while (runs.length < 48 || (await open()) > 0) await new Promise((resolve) => setTimeout(resolve, 20));
    await Promise.all(workers.map((w) => w.stop()));
    const keys = runs.map((job) => job.idempotencyKey);
    assert.equal(keys.length, 48);
    assert.equal(new Set(keys).size, 48, 'no (event, handler) ran twice');
    for (const caseId of cases) {
      const seen = runs
        .filter((job) => job.handler === 'ordered' && job.caseId === caseId)
        .map((job) => job.eventId);
      assert.deepEqual(
        seen,
        [...seen].sort((a, b) => a - b),
        'the ordered handler saw the case in order',
      );
    }
  });

  test('a slow batch gives back the jobs it can no longer start within half its lease', async () => {
    const { topic, enqueue, worker } = await setUp();
    const clock = testClock();
    const ids = await enqueue(3);
    const slow = recording('slow', topic, async () => void clock.advance(20));
    const w = worker(clock.now, [slow.handler], { leaseSeconds: 60 });
    assert.equal(await w.runOnce(), 3);
    const rows = await Promise.all(ids.map((id) => jobOf(id, 'slow')));
    assert.deepEqual(
      rows.map((row) => [Boolean(row.processedAt), row.attempts, row.lockedUntil]),
      [
        [true, 1, null],
        [true, 1, null],
        [false, 0, null],
      ],
      'two ran (40 s of a 60 s lease); the third was released with its attempt not counted',
    );
    assert.equal(await w.runOnce(), 1, 'and is claimed again at once');
  });

  test('the loop processes jobs as they come; stop waits for the job in hand and releases the rest', async () => {
    const { topic, enqueue, worker } = await setUp();
    const clock = testClock();
    let finish: () => void = () => {};
    let firstStarted: () => void = () => {};
    const firstStartedPromise = new Promise<void>((resolve) => (firstStarted = resolve));
    const loop = recording('loop', topic, async () => {
      firstStarted();
      await new Promise<void>((resolve) => (finish = resolve));
    });
    const w = worker(clock.now, [loop.handler], { pollIntervalMs: 10, batchSize: 5 });
    w.start();
    const ids = await enqueue(3);
    await firstStartedPromise;
    const stopped = w.stop();
    finish();
    await stopped;
    assert.deepEqual(
      loop.runs.map((job) => job.eventId),
      [ids[0]],
      'only the job in hand ran',
    );
    const rows = await Promise.all(ids.map((id) => jobOf(id, 'loop')));
    assert.ok(rows[0]?.processedAt, 'the job in hand finished');
    assert.deepEqual(
      rows.slice(1).map((row) => [row.processedAt, row.lockedUntil, row.attempts]),
      [
        [null, null, 0],
        [null, null, 0],
      ],
    );
  });

  test('a handler that runs batches gets its claimed jobs in one call, marked done together', async () => {
    const { topic, enqueue, worker } = await setUp();
    const clock = testClock();
    const ids = await enqueue(4);
    const batches: number[][] = [];
    const single = recording('single', topic);
    const batched: JobHandler = {
      name: 'batched',
      topics: [topic],
      run: async () => assert.fail('a batch of several is not run job by job'),
      runBatch: async (jobs) => void batches.push(jobs.map((job) => job.eventId)),
    };
    const w = worker(clock.now, [batched, single.handler]);
    assert.equal(await w.runOnce(), 8);
    assert.deepEqual(batches, [ids], 'one call with the four jobs, in event order');
    assert.equal(single.runs.length, 4, 'a handler without runBatch still runs job by job');
    for (const id of ids) assert.ok((await jobOf(id, 'batched')).processedAt);
    assert.equal(await w.runOnce(), 0);
  });

  test('a failing batch is run again job by job: one bad job fails alone, the others are done', async () => {
    const { topic, enqueue, worker } = await setUp();
    const clock = testClock();
    const ids = await enqueue(3);
    const bad = ids[1];
    let batchCalls = 0;
    const runs: number[] = [];
    const handler: JobHandler = {
      name: 'fragile',
      topics: [topic],
      run: async (job) => {
        if (job.eventId === bad) throw new Error('this one cannot be done');
        runs.push(job.eventId);
      },
      runBatch: async () => {
        batchCalls += 1;
        throw new Error('the batch failed as a whole');
      },
    };
    const w = worker(clock.now, [handler]);
    assert.equal(await w.runOnce(), 3);
    assert.equal(batchCalls, 1);
    assert.deepEqual(runs, [ids[0], ids[2]]);
    const rows = await Promise.all(ids.map((id) => jobOf(id, 'fragile')));
    assert.deepEqual(
      rows.map((row) => [Boolean(row.processedAt), row.lastError]),
      [
        [true, null],
        [false, 'Error: this one cannot be done'],
        [true, null],
      ],
    );
  });

  test('a nudge makes a pausing loop look at once instead of at its next poll', {
    timeout: 20_000,
  }, async () => {
    const { topic, enqueue, worker } = await setUp();
    const clock = testClock();
    let ran: () => void = () => {};
    const first = new Promise<void>((resolve) => (ran = resolve));
    const seen = recording('nudged', topic, async () => ran());
    // A poll interval far longer than the test's timeout: only the nudge can wake the loop in time.
    const w = worker(clock.now, [seen.handler], { pollIntervalMs: 600_000 });
    const paused = w.paused();
    w.start();
    try {
      await paused;
      const [id] = await enqueue(1);
      w.nudge();
      await first;
      assert.deepEqual(
        seen.runs.map((job) => job.eventId),
        [id],
      );
    } finally {
      await w.stop();
    }
  });

  test('the statistics handler counts a batch once per event, even when the batch runs twice', async () => {
    const { tenantId, topic, enqueue, worker } = await setUp();
    const clock = testClock();
    await enqueue(5);
    const statistics = createStatisticsHandler(t.database.db);
    const batches: Job[][] = [];
    const spy: JobHandler = {
      ...statistics,
      topics: [topic],
      runBatch: async (jobs) => {
        batches.push([...jobs]);
        await statistics.runBatch?.(jobs);
      },
    };
    const w = worker(clock.now, [spy]);
    assert.equal(await w.runOnce(), 5);
    assert.equal(batches.length, 1);
    // A repeated delivery of the whole batch (its worker died before marking it done).
    await statistics.runBatch?.(batches[0] ?? []);
    const counted = await t.database.db
      .selectFrom('eventCount')
      .select(['topic', 'count'])
      .where('tenantId', '=', tenantId)
      .execute();
    assert.deepEqual(counted, [{ topic, count: 5 }]);
  });
});
