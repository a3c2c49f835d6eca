/**
 * The job worker's thread (job-thread.ts, decision 0021): on a PostgreSQL server it makes proposals
 * and automatic decisions woken by the process's job signal, logs through the main thread and stops
 * cleanly; a thread that cannot start is an error, and one that dies is started again.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { startJobThread } from './job-thread.ts';
import { createJobSignal } from './platform/jobs/job-signal.ts';
import type { WorkerLog } from './platform/jobs/job-worker.ts';
import { createTestApp, type TestApp } from './test-support/app.ts';
import {
  AUTOMATIC_BASIS,
  automaticScene,
  decisionsByReference,
  proposalsOf,
  submitWith,
} from './test-support/proposals.ts';

/** A log that keeps every line, for assertions. */
function recordingLog() {
  const lines: { level: string; details: Record<string, unknown>; message: string }[] = [];
  const at =
    (level: string) =>
    (details: object, message: string): void => {
      lines.push({ level, details: details as Record<string, unknown>, message });
    };
  const log: WorkerLog = { debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') };
  return { log, lines };
}

/** Resolves when `check` holds, checking every 50 ms; fails after `ms` with `what`. */
async function until(what: string, check: () => Promise<boolean> | boolean, ms = 20_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > deadline) assert.fail(`gave up waiting: ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

const standIn = new URL('./test-support/job-thread-stand-ins.ts', import.meta.url);

describe('the job thread’s host', () => {
  test('a thread that cannot start makes the start fail with its reason', async () => {
    const { log } = recordingLog();
    await assert.rejects(
      startJobThread({
        version: 'test',
        log,
        signal: createJobSignal(),
        entry: standIn,
        env: { STAND_IN: 'fails' },
      }),
      /the job thread did not start: DATABASE_URL must start with postgres:\/\//,
    );
  });

  test('a thread that dies is started again, and its log lines reach the process log marked as the thread’s', async () => {
    const { log, lines } = recordingLog();
    const signal = createJobSignal();
    const thread = await startJobThread({
      version: 'test',
      log,
      signal,
      entry: standIn,
      env: { STAND_IN: 'ends-when-nudged' },
      restartDelayMs: 10,
    });
    try {
      assert.deepEqual(thread.handlers, ['stand-in']);
      assert.equal(thread.starts, 1);
      signal.notify(); // the stand-in ends with exit code 3 when nudged
      await until('the thread is started again', () => thread.starts === 2);
      const ended = lines.find((line) => line.message === 'the job thread ended; starting it again');
      assert.equal(ended?.level, 'error');
      assert.equal(ended?.details.exitCode, 3);
      const started = lines.filter((line) => line.message === 'stand-in started');
      assert.equal(started.length, 2, 'each start logged through the main thread');
      assert.deepEqual(started[0]?.details, { stage: 'start', thread: 'jobs' });
    } finally {
      await thread.close();
    }
  });
});

describe('the job thread on a PostgreSQL server', {
  skip: !process.env.DATABASE_URL && 'needs DATABASE_URL',
}, () => {
  let t: TestApp;
  let dataDir: string;
  before(async () => {
    t = await createTestApp();
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ingang-job-thread-'));
  });
  after(async () => {
    await t?.close();
    if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
  });

  test('woken by the signal, it makes the proposal and the automatic decision with its letter', async () => {
    const { tenant, anna } = await automaticScene(t);
    const { log, lines } = recordingLog();
    const thread = await startJobThread({
      version: 'test',
      log,
      signal: t.app.services.jobSignal,
      onlyTenants: [tenant.id],
      // Ten minutes: only the signal can make it look again within the test.
      pollIntervalMs: 600_000,
      env: { DATA_DIR: dataDir, DEV_MAILBOX: 'false', LOG_LEVEL: 'debug' },
    });
    try {
      assert.ok(thread.handlers.includes('proposal'), `handlers: ${thread.handlers.join(', ')}`);
      assert.equal(thread.mail, null, 'no mail transport configured');
      // The app's hook notifies the signal after the submission; the thread hears it.
      const reference = await submitWith(anna, tenant, { grade: '5', distanceKm: '4,2' });
      await until(
        'the automatic decision',
        async () => (await decisionsByReference(t, reference)).length > 0,
      );
      const [proposal] = await proposalsOf(t, reference);
      assert.equal(proposal?.proposal.outcome, 'granted');
      const [decision] = await decisionsByReference(t, reference);
      assert.equal(decision?.automaticLegalBasis, AUTOMATIC_BASIS.sv);
      assert.equal(decision?.decidedByStaffId, null);
      // The letter was rendered in the thread (pdfkit loads there on first use) into DATA_DIR/files.
      const files = fs.readdirSync(path.join(dataDir, 'files'), { recursive: true, withFileTypes: true });
      assert.ok(
        files.some((entry) => entry.isFile()),
        'the letter is stored in the thread’s storage',
      );
      // The line is posted after the batch commits, so it may come after the decision is visible.
      await until('the thread’s log lines reach the process log', () =>
        lines.some((line) => /^job (batch )?processed$/.test(line.message) && line.details.thread === 'jobs'),
      );
    } finally {
      await thread.close();
    }
    assert.equal(thread.starts, 1, 'it never had to be started again');
  });
});
