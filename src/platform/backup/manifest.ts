/**
 * A backup's manifest (`manifest.json`, written last: a backup without one is unfinished) and the
 * checks a restore makes against it before it touches anything. docs/backup.md.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';

export const MANIFEST = 'manifest.json';
const FORMAT = 'ingang-backup';
const FORMAT_VERSION = 1;

/** One stored file in the backup, under `files/<aa>/<key>` as in DATA_DIR/files. */
export interface ManifestFile {
  key: string;
  sizeBytes: number;
  sha256: string;
}

export interface DatabaseEntry {
  kind: 'postgres' | 'pglite';
  /** The dump's file name in the backup directory. */
  file: string;
  sizeBytes: number;
  sha256: string;
  /** The server's version (PostgreSQL), or the PGlite package's. */
  serverVersion: string;
  /** pg_dump's version line, or `dumpDataDir` for PGlite. */
  tool: string;
  /** PGlite only: how long the database answered nothing else while its image was taken. */
  heldMs?: number;
  /** The latest migration the database had run, and how many it had. */
  migration: { latest: string | null; count: number };
}

export interface BackupManifest {
  format: typeof FORMAT;
  formatVersion: typeof FORMAT_VERSION;
  appVersion: string;
  startedAt: string;
  /** When the database snapshot began: every commit before it is in the backup. */
  snapshotAt: string;
  finishedAt: string;
  database: DatabaseEntry;
  files: ManifestFile[];
}

export type ManifestBody = Omit<BackupManifest, 'format' | 'formatVersion'>;

/** The SHA-256 (hex) and size of a file. */
export async function hashFile(file: string): Promise<{ sha256: string; sizeBytes: number }> {
  const hash = crypto.createHash('sha256');
  let sizeBytes = 0;
  await pipeline(fs.createReadStream(file), async (source: AsyncIterable<Buffer>) => {
    for await (const chunk of source) {
      sizeBytes += chunk.length;
      hash.update(chunk);
    }
  });
  return { sha256: hash.digest('hex'), sizeBytes };
}

/** Writes the manifest, durably, as the backup's last step. */
export async function writeManifest(dir: string, body: ManifestBody): Promise<BackupManifest> {
  const manifest: BackupManifest = { format: FORMAT, formatVersion: FORMAT_VERSION, ...body };
  const file = path.join(dir, MANIFEST);
  await fs.promises.writeFile(`${file}.part`, `${JSON.stringify(manifest, null, 2)}\n`, { mode: 0o600 });
  const handle = await fs.promises.open(`${file}.part`, 'r');
  await handle.sync();
  await handle.close();
  await fs.promises.rename(`${file}.part`, file);
  return manifest;
}

/** Reads and checks the manifest's shape; throws a message an operator can act on. */
export function readManifest(dir: string): BackupManifest {
  const file = path.join(dir, MANIFEST);
  if (!fs.existsSync(file)) throw new Error(`${file} is missing: not a backup, or an unfinished one`);
  const manifest = JSON.parse(fs.readFileSync(file, 'utf8')) as BackupManifest;
  if (manifest.format !== FORMAT) throw new Error(`${file} is not an Ingång backup manifest`);
  if (manifest.formatVersion !== FORMAT_VERSION)
    throw new Error(
      `backup format ${manifest.formatVersion} is not one this version reads (${FORMAT_VERSION})`,
    );
  const keyPattern = /^[0-9a-f-]{36}$/;
  const shaPattern = /^[0-9a-f]{64}$/;
  const database = manifest.database;
  if (!database || !['postgres', 'pglite'].includes(database.kind) || !/^[\w.-]+$/.test(database.file))
    throw new Error(`${file} names no database dump`);
  for (const entry of manifest.files ?? []) {
    if (!keyPattern.test(entry.key) || !shaPattern.test(entry.sha256))
      throw new Error(`${file} lists a file with a bad key or checksum`);
  }
  return manifest;
}

/** Where a stored file lives below a files directory (DATA_DIR/files, or a backup's files/). */
export function storedFilePath(filesDir: string, key: string): string {
  return path.join(filesDir, key.slice(0, 2), key);
}

/**
 * Checks every checksum in the manifest against the backup's files; returns the problems found
 * (empty when the backup is intact).
 */
export async function verifyBackup(dir: string, manifest: BackupManifest): Promise<string[]> {
  const problems: string[] = [];
  const check = async (file: string, expected: { sha256: string; sizeBytes: number }, what: string) => {
    const actual = await hashFile(file).catch(() => undefined);
    if (!actual) problems.push(`${what}: missing`);
    else if (actual.sha256 !== expected.sha256 || actual.sizeBytes !== expected.sizeBytes)
      problems.push(`${what}: checksum differs (${actual.sizeBytes} bytes)`);
  };
  await check(
    path.join(dir, manifest.database.file),
    manifest.database,
    `database dump ${manifest.database.file}`,
  );
  for (const entry of manifest.files) {
    await check(storedFilePath(path.join(dir, 'files'), entry.key), entry, `file ${entry.key}`);
  }
  return problems;
}
