/**
 * What a backup and a restore refuse (issue #14, decision 0036), without a database: a target inside
 * DATA_DIR or not empty, a damaged or unfinished backup, a restore into another kind of database or
 * a used DATA_DIR, and requests on the backup socket that are not backups.
 */
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, test } from 'node:test';
import { checkBackup, checkBackupTarget, restoreBackup } from './backup.ts';
import { requestBackup, serveBackups } from './backup-socket.ts';
import { writeManifest } from './manifest.ts';

const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'ingang-backup-refusals-'));
const cleanups: (() => Promise<unknown>)[] = [];
after(async () => {
  for (const cleanup of cleanups) await cleanup();
  fs.rmSync(scratch, { recursive: true, force: true });
});

test('a backup goes into a new, empty directory outside DATA_DIR', async () => {
  const dataDir = path.join(scratch, 'refusals', 'data');
  const refused = (dir: string) => assert.throws(() => checkBackupTarget(dir, dataDir));
  refused('relative/backup');
  refused(path.join(dataDir, 'backups', 'today'));
  fs.mkdirSync(path.join(scratch, 'refusals', 'full'), { recursive: true });
  fs.writeFileSync(path.join(scratch, 'refusals', 'full', 'old.txt'), 'x');
  refused(path.join(scratch, 'refusals', 'full'));
  checkBackupTarget(path.join(scratch, 'refusals', 'new'), dataDir);
  checkBackupTarget(path.join(scratch, 'refusals', 'data-backup'), dataDir); // a sibling, not inside
});

/** A backup directory by hand: a manifest, a "dump" and one stored file. */
async function handMadeBackup(name: string, kind: 'postgres' | 'pglite') {
  const dir = path.join(scratch, name);
  const key = crypto.randomUUID();
  fs.mkdirSync(path.join(dir, 'files', key.slice(0, 2)), { recursive: true });
  fs.writeFileSync(path.join(dir, 'database.dump'), 'not really a dump');
  fs.writeFileSync(path.join(dir, 'files', key.slice(0, 2), key), 'a photo');
  const sha = (text: string) => crypto.createHash('sha256').update(text).digest('hex');
  const now = new Date().toISOString();
  await writeManifest(dir, {
    appVersion: 'test',
    startedAt: now,
    snapshotAt: now,
    finishedAt: now,
    database: {
      kind,
      file: 'database.dump',
      sizeBytes: 17,
      sha256: sha('not really a dump'),
      serverVersion: '15',
      tool: 'test',
      migration: { latest: null, count: 0 },
    },
    files: [{ key, sizeBytes: 7, sha256: sha('a photo') }],
  });
  return { dir, file: path.join(dir, 'files', key.slice(0, 2), key) };
}

test('a damaged or unfinished backup is refused before anything is restored', async () => {
  const backup = await handMadeBackup('damaged', 'pglite');
  assert.equal((await checkBackup(backup.dir)).files.length, 1, 'intact as written');
  fs.writeFileSync(backup.file, 'another photo');
  await assert.rejects(checkBackup(backup.dir), /damaged:\n {2}file .*: checksum differs/);
  const target = path.join(scratch, 'damaged-target');
  await assert.rejects(restoreBackup(backup.dir, { databaseUrl: undefined, dataDir: target }), /damaged/);
  assert.equal(fs.existsSync(target), false, 'the target was not touched');
  fs.rmSync(path.join(backup.dir, 'manifest.json'));
  await assert.rejects(checkBackup(backup.dir), /missing: not a backup, or an unfinished one/);
});

test('a restore refuses another kind of database and a DATA_DIR with files in it', async () => {
  const backup = await handMadeBackup('kinds', 'pglite');
  const target = {
    databaseUrl: 'postgres://nobody@127.0.0.1:9/none',
    dataDir: path.join(scratch, 'kinds-target'),
  };
  await assert.rejects(
    restoreBackup(backup.dir, target),
    /holds a pglite database and the target is postgres/,
  );
  const used = path.join(scratch, 'used-target');
  fs.mkdirSync(path.join(used, 'files', 'ab'), { recursive: true });
  await assert.rejects(restoreBackup(backup.dir, { databaseUrl: undefined, dataDir: used }), /is not empty/);
  assert.equal(fs.existsSync(path.join(used, 'pglite')), false, 'no database was started');
});

test('the backup socket answers its owner only and refuses what is not a backup request', async () => {
  const dataDir = path.join(scratch, 'socket');
  assert.equal(await requestBackup(dataDir, '/tmp/x'), undefined, 'no server: no answer');
  const asked: string[] = [];
  const silent = { info: () => undefined, warn: () => undefined };
  const close = await serveBackups(
    dataDir,
    async (dir) => {
      asked.push(dir);
      throw new Error(`cannot write ${dir}`);
    },
    silent,
  );
  assert.ok(close);
  cleanups.push(close);
  assert.equal(fs.statSync(path.join(dataDir, 'backup.sock')).mode & 0o777, 0o600);
  await assert.rejects(requestBackup(dataDir, 'relative/dir'), /absolute/);
  await assert.rejects(requestBackup(dataDir, '/tmp/elsewhere'), /cannot write \/tmp\/elsewhere/);
  assert.deepEqual(asked, ['/tmp/elsewhere']);
  await assert.rejects(
    serveBackups(dataDir, async () => assert.fail(), silent),
    /serves backups/,
  );
});
