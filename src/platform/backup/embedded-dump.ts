/**
 * The embedded database (PGlite) out as an image of its data directory (PGlite's dumpDataDir, a
 * gzipped tar) and in by starting PGlite on an empty directory from that image. The image must be
 * taken by the process that has the database open (decision 0036): it is the only one that can.
 */
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { promisify } from 'node:util';
import zlib from 'node:zlib';
import { type Kysely, sql } from 'kysely';
import { type DatabaseHandle, openDatabase } from '../../db/database.ts';
import type { DatabaseEntry } from './manifest.ts';
import { isEmptyDir } from './stored-files.ts';

const require = createRequire(import.meta.url);
const gzip = promisify(zlib.gzip);

function pgliteVersion(): string {
  const main = require.resolve('@electric-sql/pglite');
  const packageJson = path.join(path.dirname(path.dirname(main)), 'package.json');
  return `PGlite ${(JSON.parse(fs.readFileSync(packageJson, 'utf8')) as { version: string }).version}`;
}

// biome-ignore lint/suspicious/noExplicitAny: reads the migrator's own table, whatever the schema
async function migrationLevel(db: Kysely<any>): Promise<DatabaseEntry['migration']> {
  const { rows } = await sql<{ latest: string | null; count: number }>`
    select max(name) as latest, count(*)::int as count from kysely_migration`.execute(db);
  return { latest: rows[0]?.latest ?? null, count: rows[0]?.count ?? 0 };
}

/** Writes this process's embedded database image to `file`. */
export async function dumpEmbedded(
  database: DatabaseHandle,
  file: string,
): Promise<{ entry: Omit<DatabaseEntry, 'file' | 'sizeBytes' | 'sha256'>; snapshotAt: Date }> {
  if (!database.dumpEmbedded) throw new Error('not an embedded database');
  const migration = await migrationLevel(database.db);
  const { image, snapshotAt } = await database.dumpEmbedded();
  const heldMs = Date.now() - snapshotAt.getTime();
  // Compressed after the lock is released, in libuv's threads: requests wait only for the copy.
  const gzipped = await gzip(Buffer.from(await image.arrayBuffer()));
  await fs.promises.writeFile(file, gzipped, { mode: 0o600 });
  const handle = await fs.promises.open(file, 'r');
  await handle.sync();
  await handle.close();
  const version = pgliteVersion();
  return {
    entry: { kind: 'pglite', serverVersion: version, tool: 'dumpDataDir', heldMs, migration },
    snapshotAt,
  };
}

/** Starts an embedded database in `dataDir` (whose pglite/ must be empty) from an image. */
export async function restoreEmbedded(dataDir: string, file: string): Promise<void> {
  if (!isEmptyDir(path.join(dataDir, 'pglite')))
    throw new Error(`${path.join(dataDir, 'pglite')} is not empty: restore into an empty DATA_DIR`);
  const image = new Blob([await fs.promises.readFile(file)]);
  const database = await openDatabase({ databaseUrl: undefined, dataDir, poolSize: 1, pgliteImage: image });
  try {
    // Reading the migrations proves the image started as a database, not merely unpacked.
    await migrationLevel(database.db);
  } finally {
    await database.close();
  }
}
