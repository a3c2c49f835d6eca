/** The outbox worker on the real database: claiming, backoff, giving up, leases and stopping. */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createTestApp, type TestApp } from '../../test-support/app.ts';
import { createTestTenant } from '../../test-support/fixtures.ts';
import {
  createOutboxWorker,
  type OutboxHandler,
  type OutboxWorkerOptions,
  type WorkerLog,
} from './outbox-worker.ts';
import { DEAD_AVAILABLE_AT, errorText, retryDelaySeconds } from './retry.ts';

// These tests' clocks run in 1990, so on a shared PostgreSQL they never claim other tests' jobs
// (created at the real time) and other tests never see theirs.
const ERA_START = new Date('1990-01-01T00:00:00Z');
const ERA_END = new Date('1991-01-01T00:00:00Z');

const silent: WorkerLog = { debug() {}, info() {}, warn() {}, error() {} };

let t: TestApp;
let tenantId: string;
before(async () => {
  t = await createTestApp();
  tenantId = (await createTestTenant(t, [])).id;
  // Jobs a crashed earlier run of this file left behind on a shared database.
  await t.database.db
    .updateTable('outbox')
    .set({ processedAt: ERA_END })
    .where('processedAt', 'is', null)
    .where('availableAt', '<', ERA_END)
    .execute();
});
after(() => t.close());

function testClock(start = ERA_START) {
  let at = start.getTime();
  return { now: () => new Date(at), advance: (seconds: number) => (at += seconds * 1000) };
}

async function enqueue(topic: string, availableAt: Date, count = 1): Promise<number[]> {
  const rows = await t.database.db
    .insertInto('outbox')
    .values(
      Array.from({ length: count }, (_, i) => ({
        tenantId,
        topic,
        payload: JSON.stringify({ i }),
        availableAt,
      })),
    )
    .returning('id')
    .execute();
  return rows.map((row) => Number(row.id));
}

async function rowOf(id: number) {
  return t.database.db.selectFrom('outbox').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
}

function worker(
  now: () => Date,
  handlers: Record<string, OutboxHandler>,
  extra: Partial<OutboxWorkerOptions> = {},
) {
  return createOutboxWorker({ db: t.database.db, handlers, log: silent, now, ...extra });
}

describe('retry rules', () => {
  test('waits double each time from 30 s, never more than an hour', () => {
    assert.deepEqual(
      [1, 2, 3, 4, 7, 8, 12, 50].map((attempt) => retryDelaySeconds(attempt)),
      [30, 60, 120, 240, 1920, 3600, 3600, 3600],
    );
  });

  test('error texts are one bounded line without e-mail addresses', () => {
    const text = errorText(new Error('Recipient command failed: 550 <anna@example.se>\n user unknown'));
    assert.equal(text, 'Error: Recipient command failed: 550 <<address>> user unknown');
    assert.equal(errorText('x'.repeat(5000)).length, 1000);
  });
});

describe('outbox worker', () => {
  test('runs each due job once, in order, and marks it processed with the clock’s time', async () => {
    const clock = testClock();
    const later = new Date(clock.now().getTime() + 60_000);
    const due = await enqueue('test.topic', clock.now(), 3);
    const [notYet] = await enqueue('test.topic', later);
    const seen: number[] = [];
    const w = worker(clock.now, { 'test.topic': async (job) => void seen.push(job.id) }, { batchSize: 10 });
    assert.equal(await w.runOnce(), 3);
    assert.deepEqual(seen, due);
    assert.equal(await w.runOnce(), 0, 'nothing runs twice');
    for (const id of due) {
      const row = await rowOf(id);
      assert.deepEqual(new Date(row.processedAt ?? 0), clock.now());
      assert.equal(row.attempts, 1);
      assert.equal(row.lockedUntil, null);
    }
    clock.advance(60);
    assert.equal(await w.runOnce(), 1);
    assert.deepEqual(seen, [...due, notYet]);
  });

  test('a topic without a handler is marked processed without effect', async () => {
    const clock = testClock();
    const [id] = await enqueue('nobody.listens', clock.now());
    assert.equal(await worker(clock.now, {}).runOnce(), 1);
    assert.ok((await rowOf(id ?? 0)).processedAt);
  });

  test('a failing job is retried with growing waits and given up after the last attempt', async () => {
    const clock = testClock();
    const [id = 0] = await enqueue('test.flaky', clock.now());
    let calls = 0;
    const w = worker(
      clock.now,
      {
        'test.flaky': async () => {
          calls++;
          throw new Error(`refused ${calls}`);
        },
      },
      { maxAttempts: 3 },
    );
    assert.equal(await w.runOnce(), 1);
    let row = await rowOf(id);
    assert.equal(row.attempts, 1);
    assert.equal(row.lastError, 'Error: refused 1');
    assert.equal(row.lockedUntil, null, 'the lease is released');
    assert.equal(row.processedAt, null);
    assert.equal(new Date(row.availableAt).getTime() - clock.now().getTime(), 30_000);
    assert.equal(await w.runOnce(), 0, 'not before the wait is over');
    clock.advance(30);
    await w.runOnce();
    row = await rowOf(id);
    assert.equal(new Date(row.availableAt).getTime() - clock.now().getTime(), 60_000, 'the wait doubles');
    clock.advance(60);
    await w.runOnce();
    row = await rowOf(id);
    assert.equal(row.attempts, 3);
    assert.equal(row.processedAt, null, 'a dead job is not processed');
    assert.deepEqual(new Date(row.availableAt), DEAD_AVAILABLE_AT);
    assert.match(row.lastError ?? '', /^dead after 3 attempts: Error: refused 3/);
    clock.advance(365 * 24 * 3600);
    assert.equal(await w.runOnce(), 0, 'never claimed again');
    assert.equal(calls, 3);
  });

  test('a job whose attempts all died with their worker is given up without running again', async () => {
    const clock = testClock();
    const [id = 0] = await enqueue('test.poison', clock.now());
    await t.database.db.updateTable('outbox').set({ attempts: 3 }).where('id', '=', id).execute();
    let ran = false;
    const poison = async () => {
      ran = true;
    };
    const w = worker(clock.now, { 'test.poison': poison }, { maxAttempts: 3 });
    assert.equal(await w.runOnce(), 1);
    assert.equal(ran, false);
    assert.deepEqual(new Date((await rowOf(id)).availableAt), DEAD_AVAILABLE_AT);
  });

  test('a slow batch gives back the jobs it can no longer start within half its lease', async () => {
    const clock = testClock();
    const ids = await enqueue('test.slow', clock.now(), 3);
    const w = worker(clock.now, { 'test.slow': async () => void clock.advance(20) }, { leaseSeconds: 60 });
    assert.equal(await w.runOnce(), 3);
    const rows = await Promise.all(ids.map(rowOf));
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
    const clock = testClock();
    const started: number[] = [];
    let finish: () => void = () => {};
    let firstStarted: () => void = () => {};
    const firstStartedPromise = new Promise<void>((resolve) => (firstStarted = resolve));
    const w = worker(
      clock.now,
      {
        'test.loop': async (job) => {
          started.push(job.id);
          firstStarted();
          await new Promise<void>((resolve) => (finish = resolve));
        },
      },
      { pollIntervalMs: 10, batchSize: 5 },
    );
    w.start();
    const ids = await enqueue('test.loop', clock.now(), 3);
    await firstStartedPromise;
    const stopped = w.stop();
    finish();
    await stopped;
    assert.deepEqual(started, [ids[0]], 'only the job in hand ran');
    const rows = await Promise.all(ids.map(rowOf));
    assert.ok(rows[0]?.processedAt, 'the job in hand finished');
    assert.deepEqual(
      rows.slice(1).map((row) => [row.processedAt, row.lockedUntil, row.attempts]),
      [
        [null, null, 0],
        [null, null, 0],
      ],
    );
    await worker(clock.now, { 'test.loop': async () => {} }).runOnce();
  });
});
