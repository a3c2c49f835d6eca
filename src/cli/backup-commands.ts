/**
 * `ingang backup <dir>`, `ingang restore <dir>` and `ingang verify-backup <dir>` (docs/backup.md).
 * Unlike the other database commands they neither migrate nor open the database first: a backup of
 * a running embedded installation is taken by that process (asked through its socket), and a
 * restore writes into an empty database that must stay untouched until then.
 */
import { createRequire } from 'node:module';
import path from 'node:path';
import { loadConfig } from '../config.ts';
import {
  checkBackup,
  checkBackupTarget,
  embeddedSource,
  openIdleEmbedded,
  postgresSource,
  restoreBackup,
  takeBackup,
} from '../platform/backup/backup.ts';
import { requestBackup } from '../platform/backup/backup-socket.ts';
import type { BackupManifest } from '../platform/backup/manifest.ts';

const require = createRequire(import.meta.url);
const { version } = require('../../package.json') as { version: string };

/** Runs one of the backup commands; the directory is the first argument. */
export async function runBackupCommand(command: string, args: string[]): Promise<number> {
  const config = loadConfig(process.env, version);
  const backupDir = path.resolve(args[0] ?? '');
  switch (command) {
    case 'backup': {
      const manifest = await backUp(config.databaseUrl, config.dataDir, backupDir);
      console.log(`Backup written to ${backupDir}.`);
      console.log(summary(manifest));
      return 0;
    }
    case 'restore': {
      const manifest = await restoreBackup(backupDir, config);
      console.log(`Restored the backup of ${manifest.snapshotAt} into ${where(config)}.`);
      console.log(summary(manifest));
      console.log('Start Ingång on it; it brings the schema up to date first if it is newer.');
      return 0;
    }
    default: {
      const manifest = await checkBackup(backupDir);
      console.log(`The backup in ${backupDir} is intact: every checksum matches.`);
      console.log(summary(manifest));
      return 0;
    }
  }
}

/** PostgreSQL: pg_dump here. Embedded: the running server, else the database opened here. */
async function backUp(databaseUrl: string | undefined, dataDir: string, backupDir: string) {
  if (databaseUrl) return takeBackup(postgresSource(databaseUrl, dataDir, version), backupDir);
  if (dataDir === ':memory:') throw new Error('DATA_DIR is :memory:: there is nothing on disk to back up');
  const fromServer = await requestBackup(dataDir, backupDir);
  if (fromServer) return fromServer;
  checkBackupTarget(backupDir, dataDir); // before the slow start of the database
  const database = await openIdleEmbedded(dataDir);
  try {
    return await takeBackup(embeddedSource(database, dataDir, version), backupDir);
  } finally {
    await database.close();
  }
}

function where(config: { databaseUrl: string | undefined; dataDir: string }): string {
  if (!config.databaseUrl) return `the embedded database in ${config.dataDir}`;
  const url = new URL(config.databaseUrl);
  return `database ${url.pathname.slice(1)} on ${url.host} and the files in ${config.dataDir}`;
}

function summary(manifest: BackupManifest): string {
  const { database, files } = manifest;
  const megabytes = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;
  const fileBytes = files.reduce((sum, file) => sum + file.sizeBytes, 0);
  return [
    `  database: ${database.kind} ${database.serverVersion}, ${megabytes(database.sizeBytes)}, migration ${database.migration.latest ?? 'none'} (${database.migration.count} run)`,
    ...(database.heldMs === undefined
      ? []
      : [`            (requests waited ${(database.heldMs / 1000).toFixed(1)} s while the image was taken)`]),
    `  files:    ${files.length} (${megabytes(fileBytes)})`,
    `  snapshot: ${manifest.snapshotAt} (every change committed before it is in the backup); finished ${manifest.finishedAt}`,
  ].join('\n');
}
