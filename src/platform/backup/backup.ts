/**
 * Backup and restore of a whole installation: the database (PostgreSQL or the embedded PGlite) and
 * the stored files, with a manifest of checksums. The database is dumped FIRST and the files copied
 * SECOND: a file is written and fsynced before the row that names it commits, so every row in the
 * dump already has its file on disk when the copy starts (decision 0036, docs/backup.md).
 */
import fs from 'node:fs';
import path from 'node:path';
import { type DatabaseHandle, openDatabase } from '../../db/database.ts';
import { serveBackups, socketAddress } from './backup-socket.ts';
import { dumpEmbedded, restoreEmbedded } from './embedded-dump.ts';
import {
  type BackupManifest,
  type DatabaseEntry,
  hashFile,
  readManifest,
  storedFilePath,
  verifyBackup,
  writeManifest,
} from './manifest.ts';
import { dumpPostgres, restorePostgres } from './postgres-dump.ts';
import { backUpStoredFiles, flushToDisk, isEmptyDir, restoreStoredFiles } from './stored-files.ts';

/** What a backup is taken of: the database (dumped into the backup directory) and DATA_DIR/files. */
export interface BackupSource {
  appVersion: string;
  dataDir: string;
  dumpDatabase(backupDir: string): Promise<{ entry: DatabaseEntry; snapshotAt: Date }>;
}

/** Adds the dump file's name, size and checksum to what the dump reported. */
async function described(
  backupDir: string,
  file: string,
  entry: Omit<DatabaseEntry, 'file' | 'sizeBytes' | 'sha256'>,
): Promise<DatabaseEntry> {
  return { ...entry, file, ...(await hashFile(path.join(backupDir, file))) };
}

/** A PostgreSQL server's database (pg_dump) and the files in DATA_DIR/files. */
export function postgresSource(databaseUrl: string, dataDir: string, appVersion: string): BackupSource {
  return {
    appVersion,
    dataDir,
    async dumpDatabase(backupDir) {
      const file = 'database.pgdump';
      const { entry, snapshotAt } = await dumpPostgres(databaseUrl, path.join(backupDir, file));
      return { entry: await described(backupDir, file, entry), snapshotAt };
    },
  };
}

/** The embedded database of this process (its image) and the files in DATA_DIR/files. */
export function embeddedSource(database: DatabaseHandle, dataDir: string, appVersion: string): BackupSource {
  return {
    appVersion,
    dataDir,
    async dumpDatabase(backupDir) {
      const file = 'database.tar.gz';
      const { entry, snapshotAt } = await dumpEmbedded(database, path.join(backupDir, file));
      return { entry: await described(backupDir, file, entry), snapshotAt };
    },
  };
}

/** Refuses a backup directory inside DATA_DIR or one with something in it already. */
export function checkBackupTarget(backupDir: string, dataDir: string): void {
  if (!path.isAbsolute(backupDir)) throw new Error('the backup directory must be an absolute path');
  const inside = path.relative(path.resolve(dataDir), backupDir);
  if (!inside.startsWith('..') && !path.isAbsolute(inside))
    throw new Error('the backup directory must be outside DATA_DIR (a backup belongs on other storage)');
  if (!isEmptyDir(backupDir)) throw new Error(`${backupDir} is not empty: back up into a new directory`);
}

/** Checks the target and creates it, for this user only: it will hold every case's personal data. */
function prepareTarget(backupDir: string, dataDir: string): void {
  checkBackupTarget(backupDir, dataDir);
  fs.mkdirSync(backupDir, { recursive: true, mode: 0o700 });
  fs.chmodSync(backupDir, 0o700);
}

/** Takes a backup into `backupDir`: database first, files second, manifest last. */
export async function takeBackup(source: BackupSource, backupDir: string): Promise<BackupManifest> {
  prepareTarget(backupDir, source.dataDir);
  const startedAt = new Date();
  const { entry, snapshotAt } = await source.dumpDatabase(backupDir);
  const backupFiles = path.join(backupDir, 'files');
  const files = await backUpStoredFiles(path.join(source.dataDir, 'files'), backupFiles);
  const written = [entry.file, ...files.map((file) => storedFilePath(backupFiles, file.key))];
  await flushToDisk(
    backupDir,
    written.map((file) => path.resolve(backupDir, file)),
  );
  return writeManifest(backupDir, {
    appVersion: source.appVersion,
    startedAt: startedAt.toISOString(),
    snapshotAt: snapshotAt.toISOString(),
    finishedAt: new Date().toISOString(),
    database: entry,
    files,
  });
}

/** Reads a backup's manifest and checks every checksum; throws listing what is wrong. */
export async function checkBackup(backupDir: string): Promise<BackupManifest> {
  const manifest = readManifest(backupDir);
  const problems = await verifyBackup(backupDir, manifest);
  if (problems.length > 0) {
    const listed = problems.slice(0, 10).join('\n  ');
    const more = problems.length > 10 ? `\n  … and ${problems.length - 10} more` : '';
    throw new Error(`the backup in ${backupDir} is damaged:\n  ${listed}${more}`);
  }
  return manifest;
}

export interface RestoreTarget {
  databaseUrl: string | undefined;
  dataDir: string;
}

/**
 * Restores a checked backup into an empty database and an empty DATA_DIR/files. Every check is made
 * before anything is written, so a refused restore leaves the target as it was.
 */
export async function restoreBackup(backupDir: string, target: RestoreTarget): Promise<BackupManifest> {
  const manifest = await checkBackup(backupDir);
  const kind = target.databaseUrl ? 'postgres' : 'pglite';
  if (manifest.database.kind !== kind)
    throw new Error(
      `the backup holds a ${manifest.database.kind} database and the target is ${kind}: restore into the same kind (DATABASE_URL set for postgres, unset for the embedded database)`,
    );
  if (target.dataDir === ':memory:') throw new Error('DATA_DIR is :memory:: restore into a directory');
  const filesDir = path.join(target.dataDir, 'files');
  if (!isEmptyDir(filesDir)) throw new Error(`${filesDir} is not empty: restore into an empty DATA_DIR`);
  const dump = path.join(backupDir, manifest.database.file);
  if (target.databaseUrl) await restorePostgres(target.databaseUrl, dump);
  else await restoreEmbedded(target.dataDir, dump);
  await restoreStoredFiles(backupDir, manifest, filesDir);
  return manifest;
}

/**
 * Opens the embedded database in DATA_DIR for a backup when no server answered on its backup
 * socket. Every server on the embedded database listens there, so silence means none runs: opening
 * the database beside a live process would corrupt it. (PGlite's postmaster.pid cannot tell: a
 * killed process leaves it behind.)
 */
export async function openIdleEmbedded(dataDir: string): Promise<DatabaseHandle> {
  if (!socketAddress(dataDir))
    throw new Error(
      `DATA_DIR (${dataDir}) is too long a path for the backup socket, so a running server cannot be told apart: use a shorter DATA_DIR, or run ingang from a directory nearer to it`,
    );
  const dir = path.join(dataDir, 'pglite');
  if (isEmptyDir(dir)) throw new Error(`there is no embedded database in ${dir}`);
  return openDatabase({ databaseUrl: undefined, dataDir, poolSize: 1 });
}

/**
 * On the embedded database, lets `ingang backup` ask this process for a backup through
 * DATA_DIR/backup.sock (decision 0036); resolves with a close function, or undefined.
 */
export async function serveEmbeddedBackups(
  database: DatabaseHandle,
  dataDir: string,
  appVersion: string,
  log: Parameters<typeof serveBackups>[2],
): Promise<(() => Promise<void>) | undefined> {
  if (database.kind !== 'pglite' || dataDir === ':memory:') return undefined;
  const source = embeddedSource(database, dataDir, appVersion);
  return serveBackups(dataDir, (backupDir) => takeBackup(source, backupDir), log);
}
