/**
 * Backup and restore of a RUNNING installation under write load (issue #14, decision 0036): residents
 * keep filing fault reports with a photo while `ingang backup` runs (a process of its own, as an
 * operator runs it); the backup is restored into a fresh DATA_DIR and database, and every report
 * acknowledged before the backup's snapshot began must be there with its photo's exact bytes. The
 * PGlite variant runs on the embedded run, the PostgreSQL one when DATABASE_URL is set.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import type { FastifyInstance } from 'fastify';
import pg from 'pg';
import { buildApp } from '../../app.ts';
import { loadConfig } from '../../config.ts';
import { type DatabaseHandle, openDatabase } from '../../db/database.ts';
import { migrateToLatest } from '../../db/migrate.ts';
import { TestClient, TINY_PNG } from '../../test-support/client.ts';
import { createTestTenant } from '../../test-support/fixtures.ts';
import { migratedPgliteImage } from '../../test-support/pglite-image.ts';
import type { Tenant } from '../tenancy/tenant-service.ts';
import { serveEmbeddedBackups } from './backup.ts';
import { type BackupManifest, readManifest, storedFilePath } from './manifest.ts';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const postgres = process.env.DATABASE_URL || undefined;
const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'ingang-backup-test-'));
const cleanups: (() => Promise<unknown>)[] = [];
after(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup().catch(() => undefined);
  fs.rmSync(scratch, { recursive: true, force: true });
});

interface Installation {
  app: FastifyInstance;
  database: DatabaseHandle;
  dataDir: string;
}

/**
 * An installation as main.ts builds one: its database, DATA_DIR/files, the backup socket. A source
 * on PGlite keeps its pages in memory, started from the migrated image as in every test file (PGlite
 * unpacking an image onto disk in a process this size costs some 10 s of CPU); the backup takes the
 * same path either way: the dump under the connection's lock, then DATA_DIR/files.
 */
async function startInstallation(
  databaseUrl: string | undefined,
  dataDir: string,
  pagesInMemory = false,
): Promise<Installation> {
  const database = await openDatabase({
    databaseUrl,
    dataDir: pagesInMemory ? ':memory:' : dataDir,
    poolSize: 5,
    pgliteImage: pagesInMemory ? await migratedPgliteImage() : undefined,
  });
  cleanups.push(() => database.close()); // closed last: cleanups run in reverse
  await migrateToLatest(database.db);
  const env = {
    DATA_DIR: dataDir,
    DATABASE_URL: databaseUrl ?? '',
    PUBLIC_URL: 'http://localhost:3000',
    // The write load files far more than a person would from one address; the limiter still runs.
    RATE_LIMIT_SUBMIT_PER_MINUTE: '1000000',
  };
  const config = loadConfig(env);
  const app = await buildApp({ config, database, logger: false });
  cleanups.push(() => app.close());
  await app.ready();
  const silent = { info: () => undefined, warn: () => undefined };
  const stopBackups = await serveEmbeddedBackups(database, dataDir, config.version, silent);
  if (stopBackups) cleanups.push(stopBackups);
  return { app, database, dataDir };
}

interface Filed {
  reference: string;
  sha256: string;
  startedAt: number;
  acknowledgedAt: number;
}

/** One anonymous resident filing a fault report with a photo of unique bytes, as a browser without JavaScript. */
async function fileReport(app: FastifyInstance, tenant: Tenant): Promise<Filed> {
  const startedAt = Date.now();
  const client = new TestClient(app);
  const start = `/${tenant.slug}/e-tjanster/felanmalan`;
  await client.get(start);
  const base = String((await client.post(`${start}/starta`)).headers.location).replace(/\/steg\/[^/]+$/, '');
  const what = await client.post(`${base}/steg/what`, { category: 'street-lighting', description: 'Släckt' });
  assert.equal(what.statusCode, 303, what.body);
  const photo = Buffer.concat([TINY_PNG, crypto.randomBytes(2048 + crypto.randomInt(8192))]);
  const where = await client.postMultipart(`${base}/steg/where`, { 'location.address': 'Storgatan 3' }, [
    { field: 'photos', filename: 'lampa.png', contentType: 'image/png', content: photo },
  ]);
  assert.equal(where.statusCode, 303, where.body);
  assert.equal((await client.post(`${base}/steg/contact`, { wantsContact: 'no' })).statusCode, 303);
  const submitted = await client.post(`${base}/skicka`);
  assert.equal(submitted.statusCode, 303, submitted.body);
  const acknowledgedAt = Date.now();
  const reference = /([A-Z]+-\d{4}-\d{6})/.exec((await client.get(`${base}/kvitto`)).body)?.[1];
  assert.ok(reference, 'the receipt names the case');
  const sha256 = crypto.createHash('sha256').update(photo).digest('hex');
  return { reference, sha256, startedAt, acknowledgedAt };
}

/** Residents filing without pause until stopped; `reached(n)` resolves once n are acknowledged. */
function writeLoad(app: FastifyInstance, tenant: Tenant, residents: number) {
  const filed: Filed[] = [];
  let stopped = false;
  const waiting: { count: number; resolve: () => void }[] = [];
  const resident = async () => {
    while (!stopped) {
      filed.push(await fileReport(app, tenant));
      for (const wait of waiting.filter((w) => filed.length >= w.count)) wait.resolve();
    }
  };
  const done = Promise.all(Array.from({ length: residents }, resident));
  done.catch(() => undefined); // awaited in stop(); a failure also ends reached() below
  return {
    filed,
    reached: (count: number) =>
      Promise.race([
        new Promise<void>((resolve) => waiting.push({ count, resolve })),
        done.then(() => undefined),
      ]),
    stop: async () => {
      stopped = true;
      await done;
      return filed;
    },
  };
}

/** `ingang <command> <dir>` as an operator runs it, in a process of its own. */
async function ingang(command: 'backup' | 'restore', dir: string, dataDir: string, databaseUrl?: string) {
  const { DATABASE_URL: _unset, ...base } = process.env;
  const env = { ...base, DATA_DIR: dataDir, ...(databaseUrl ? { DATABASE_URL: databaseUrl } : {}) };
  await promisify(execFile)(
    process.execPath,
    ['--import', './scripts/tsx.mjs', 'src/cli/ingang.ts', command, dir],
    {
      cwd: repo,
      env,
    },
  );
}

/** Every report acknowledged before the snapshot, with its photo; every restored attachment with its file. */
async function checkRestored(
  restored: Installation,
  tenant: Tenant,
  filed: Filed[],
  manifest: BackupManifest,
) {
  const snapshot = Date.parse(manifest.snapshotAt);
  const before = filed.filter((report) => report.acknowledgedAt < snapshot);
  assert.ok(before.length >= 3, `${before.length} reports were acknowledged before the snapshot`);
  const straddling = filed.filter((r) => r.startedAt < snapshot && r.acknowledgedAt > snapshot);
  assert.ok(straddling.length >= 1, 'reports were being filed while the snapshot began');
  const db = restored.database.db;
  const rows = await db
    .selectFrom('case')
    .innerJoin('attachment', 'attachment.caseId', 'case.id')
    .select(['case.reference', 'attachment.storageKey', 'attachment.sha256'])
    .where('case.tenantId', '=', tenant.id)
    .execute();
  const byReference = new Map(rows.map((row) => [row.reference, row]));
  // Read as the restored installation reads them: the stored bytes are sealed (decision 0034), so
  // the photo's hash is the hash of what opens, under the keys the restore is configured with.
  const storage = restored.app.services.storage;
  const fileSha = async (key: string) => {
    const hash = crypto.createHash('sha256');
    try {
      for await (const chunk of storage.read(key)) hash.update(chunk as Buffer);
    } catch {
      return 'the file is missing';
    }
    return hash.digest('hex');
  };
  for (const report of before) {
    const row = byReference.get(report.reference);
    assert.ok(row, `${report.reference}, acknowledged before the snapshot, is in the restore`);
    assert.equal(row.sha256, report.sha256, `${report.reference}: the attachment row is the upload's`);
    assert.equal(await fileSha(row.storageKey), report.sha256, `${report.reference}: the file's bytes`);
  }
  // Database first, files second: every attachment the dump holds (drafts in flight too) has its file.
  const attachments = await db
    .selectFrom('attachment')
    .select(['storageKey', 'sha256'])
    .where('tenantId', '=', tenant.id)
    .execute();
  for (const attachment of attachments)
    assert.equal(await fileSha(attachment.storageKey), attachment.sha256, `file ${attachment.storageKey}`);
  const health = await restored.app.inject({ method: 'GET', url: '/healthz' });
  assert.equal(health.statusCode, 200);
  return { before: before.length, after: filed.length - before.length, attachments: attachments.length };
}

/** Runs the whole scene against one kind of database; `restoreUrl` is the empty target database. */
async function backUpUnderLoadAndRestore(sourceUrl: string | undefined, restoreUrl: string | undefined) {
  const source = await startInstallation(sourceUrl, path.join(scratch, 'source'), !sourceUrl);
  const tenant = await createTestTenant(source, ['felanmalan']);
  const load = writeLoad(source.app, tenant, 2);
  await load.reached(4);
  const backupDir = path.join(scratch, 'backup');
  await ingang('backup', backupDir, source.dataDir, sourceUrl);
  const manifest = readManifest(backupDir);
  // The backup holds every case's personal data: for the installation's user alone.
  assert.equal(fs.statSync(backupDir).mode & 0o777, 0o700);
  assert.equal(fs.statSync(path.join(backupDir, manifest.database.file)).mode & 0o777, 0o600);
  // Its files are copied as stored: sealed (decision 0034), no photo in clear.
  for (const entry of manifest.files) {
    const stored = fs.readFileSync(storedFilePath(path.join(backupDir, 'files'), entry.key));
    assert.equal(stored.indexOf(TINY_PNG.subarray(0, 8)), -1, `file ${entry.key} is sealed`);
  }
  await load.reached(load.filed.length + 2); // the load goes on after the backup, too
  const filed = await load.stop();
  const restoredDir = path.join(scratch, 'restored');
  await ingang('restore', backupDir, restoredDir, restoreUrl);
  const restored = await startInstallation(restoreUrl, restoredDir);
  return checkRestored(restored, tenant, filed, manifest);
}

test('a running embedded installation, backed up under write load, restores with every acknowledged case and its files', {
  skip: postgres ? 'the PGlite run covers it' : false,
}, async () => {
  const counts = await backUpUnderLoadAndRestore(undefined, undefined);
  assert.ok(counts.attachments >= counts.before);
});

test('a running PostgreSQL installation, backed up under write load, restores with every acknowledged case and its files', {
  skip: postgres ? false : 'needs DATABASE_URL',
}, async () => {
  const admin = new pg.Client({ connectionString: postgres });
  await admin.connect();
  const name = `${new URL(postgres as string).pathname.slice(1)}_restore_${crypto.randomBytes(4).toString('hex')}`;
  await admin.query(`create database "${name}"`);
  cleanups.push(async () => {
    await admin.query(`drop database if exists "${name}" with (force)`);
    await admin.end();
  });
  const target = new URL(postgres as string);
  target.pathname = `/${name}`;
  // The source is the shared test database: other files' tenants are in the dump too; ours are checked.
  const counts = await backUpUnderLoadAndRestore(postgres, target.toString());
  assert.ok(counts.attachments >= counts.before);
});
