/** Database factory: embedded PGlite by default, a PostgreSQL server when DATABASE_URL is set. */
import fs from 'node:fs';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { CamelCasePlugin, Kysely, PostgresDialect, sql } from 'kysely';
import pg from 'pg';
import { lockEmbeddedDatabase } from './embedded-lock.ts';
import { pgliteDialect } from './pglite-dialect.ts';
import type { Database } from './schema.ts';

export type DatabaseKind = 'pglite' | 'postgres';

export interface DatabaseHandle {
  db: Kysely<Database>;
  kind: DatabaseKind;
  close(): Promise<void>;
  /**
   * PGlite only: a consistent image of the data directory (a tar), taken while no other
   * statement runs; `snapshotAt` is when it began: every commit before it is in the image (backups,
   * docs/backup.md).
   */
  dumpEmbedded?(): Promise<{ image: Blob; snapshotAt: Date }>;
}

export interface DatabaseOptions {
  databaseUrl: string | undefined;
  /** Directory for PGlite's files, or ':memory:'. */
  dataDir: string;
  poolSize: number;
  /**
   * PGlite only: start from this data-directory image (PGlite's dumpDataDir) instead of initdb; on
   * disk only when the directory is still empty (a restore, docs/backup.md).
   */
  pgliteImage?: Blob;
  /**
   * PostgreSQL only: called when an idle pooled connection fails (the server restarted, an
   * administrator or a timeout ended the session, the network broke). The pool drops that
   * connection and opens a new one when needed; without a listener pg would crash the process.
   */
  onConnectionError?: (error: Error) => void;
}

// PGlite returns int8 (counts, identity ids) as numbers; make pg do the same so both behave alike.
// Values stay far below 2^53 (ids and counts), so nothing is lost.
const INT8_OID = 20;
const pgTypes = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
    oid === INT8_OID
      ? (value: string) => Number(value)
      : pg.types.getTypeParser(oid, format)) as typeof pg.types.getTypeParser,
};
const plugins = [new CamelCasePlugin({ maintainNestedObjectKeys: true })];

/** Opens the configured database. The caller runs migrations. */
export async function openDatabase(options: DatabaseOptions): Promise<DatabaseHandle> {
  if (options.databaseUrl) {
    const pool = new pg.Pool({
      connectionString: options.databaseUrl,
      max: options.poolSize,
      types: pgTypes,
    });
    pool.on('error', (error) => {
      if (options.onConnectionError) options.onConnectionError(error);
      else console.warn(`database connection lost while idle: ${error.message}`);
    });
    const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }), plugins });
    return { db, kind: 'postgres', close: () => db.destroy() };
  }
  let client: PGlite;
  let unlock = () => {};
  if (options.dataDir === ':memory:') {
    client = await PGlite.create(options.pgliteImage ? { loadDataDir: options.pgliteImage } : {});
  } else {
    const dir = path.join(options.dataDir, 'pglite');
    fs.mkdirSync(dir, { recursive: true });
    // One process at a time: PGlite itself would let a second one write over the first's pages.
    unlock = lockEmbeddedDatabase(options.dataDir);
    const image = options.pgliteImage && fs.readdirSync(dir).length === 0 ? options.pgliteImage : undefined;
    try {
      client = await PGlite.create(image ? { dataDir: dir, loadDataDir: image } : { dataDir: dir });
    } catch (error) {
      unlock();
      throw error;
    }
  }
  const db = new Kysely<Database>({ dialect: pgliteDialect(client), plugins });
  return {
    db,
    kind: 'pglite',
    close: async () => {
      try {
        await db.destroy();
      } finally {
        unlock();
      }
    },
    // Holding the dialect's one connection keeps every other transaction out while the image is taken.
    dumpEmbedded: () =>
      db.connection().execute(async (connection) => {
        const snapshotAt = new Date();
        await sql`checkpoint`.execute(connection);
        return { image: await client.dumpDataDir('none'), snapshotAt };
      }),
  };
}
