/** One process at a time in an embedded database's directory (src/db/embedded-lock.ts). */
import assert from 'node:assert/strict';
import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, test } from 'node:test';
import { sql } from 'kysely';
import { openDatabase } from './database.ts';
import { EmbeddedDatabaseInUse, lockEmbeddedDatabase } from './embedded-lock.ts';

const dirs: string[] = [];
const children: ChildProcess[] = [];
after(() => {
  for (const child of children) child.kill('SIGKILL');
  for (const dir of dirs) fs.rmSync(dir, { recursive: true, force: true });
});

function dataDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ingang-lock-'));
  dirs.push(dir);
  return dir;
}

/** A process that runs until the test ends, and its pid. */
async function liveProcess(): Promise<number> {
  const child = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { stdio: 'ignore' });
  children.push(child);
  await new Promise((resolve) => child.once('spawn', resolve));
  assert.ok(child.pid);
  return child.pid;
}

/** The pid of a process that has exited and been reaped. */
async function goneProcess(): Promise<number> {
  const child = spawn(process.execPath, ['-e', ''], { stdio: 'ignore' });
  await new Promise((resolve) => child.once('exit', resolve));
  assert.ok(child.pid);
  return child.pid;
}

test('a second open of the same embedded database is refused until the first is closed', async () => {
  const dir = dataDir();
  const first = await openDatabase({ databaseUrl: undefined, dataDir: dir, poolSize: 1 });
  await sql`create table kept (id int)`.execute(first.db);
  await assert.rejects(
    openDatabase({ databaseUrl: undefined, dataDir: dir, poolSize: 1 }),
    (error: Error) => {
      assert.ok(error instanceof EmbeddedDatabaseInUse);
      assert.match(error.message, new RegExp(`is open in process ${process.pid} \\(a running server\\?\\)`));
      return true;
    },
  );
  await first.close();
  assert.equal(fs.existsSync(path.join(dir, 'pglite.lock')), false, 'closing gives the lock back');

  const again = await openDatabase({ databaseUrl: undefined, dataDir: dir, poolSize: 1 });
  const { rows } = await sql<{ n: number }>`select count(*)::int as n from kept`.execute(again.db);
  assert.deepEqual(rows, [{ n: 0 }], 'the same database, whole');
  await again.close();
});

test('a lock held by another running process is refused, naming it; the lock file is left alone', async () => {
  const dir = dataDir();
  const pid = await liveProcess();
  const lock = path.join(dir, 'pglite.lock');
  fs.writeFileSync(lock, `${pid}\n`);
  assert.throws(() => lockEmbeddedDatabase(dir), new RegExp(`is open in process ${pid} .*remove ${lock}`));
  assert.equal(fs.readFileSync(lock, 'utf8'), `${pid}\n`);
});

test('a lock left by a process that is gone, or with a recycled pid, is taken over', async () => {
  const dir = dataDir();
  const lock = path.join(dir, 'pglite.lock');
  for (const stale of [`${await goneProcess()}\n`, `${await liveProcess()} 1\n`, 'not a pid\n', '']) {
    fs.writeFileSync(lock, stale);
    const unlock = lockEmbeddedDatabase(dir);
    assert.match(fs.readFileSync(lock, 'utf8'), new RegExp(`^${process.pid}\\b`), JSON.stringify(stale));
    unlock();
    assert.equal(fs.existsSync(lock), false);
  }
});
