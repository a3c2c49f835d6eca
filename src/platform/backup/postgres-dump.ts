/**
 * A PostgreSQL server's database out with `pg_dump` (custom format) and in with `pg_restore`, from
 * the PATH (use the server's major version or newer). The password never goes on the command line,
 * where every user of the machine could read it in the process list: it travels in PGPASSWORD.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import pg from 'pg';
import type { DatabaseEntry } from './manifest.ts';

/** The connection as libpq takes it: the URL without its password, and the password apart. */
function libpqTarget(databaseUrl: string): { dbname: string; env: NodeJS.ProcessEnv } {
  const url = new URL(databaseUrl);
  const password = decodeURIComponent(url.password);
  url.password = '';
  return { dbname: url.toString(), env: { ...process.env, ...(password ? { PGPASSWORD: password } : {}) } };
}

/** Runs a PostgreSQL client tool; resolves with its standard output, rejects with its error output. */
function runTool(tool: string, args: string[], env: NodeJS.ProcessEnv): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(tool, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
    });
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    child.on('error', (error) => reject(new Error(`${tool} could not be started: ${error.message}`)));
    child.on('close', (code) =>
      code === 0 ? resolve(stdout) : reject(new Error(`${tool} failed (exit ${code}): ${stderr.trim()}`)),
    );
  });
}

/** Runs `fn` on one connection of its own. */
async function withClient<T>(databaseUrl: string, fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

/** The server's version and the migrations the database has run. */
async function describe(client: pg.Client): Promise<Pick<DatabaseEntry, 'serverVersion' | 'migration'>> {
  const version = await client.query<{ server_version: string }>('show server_version');
  const migrations = await client.query<{ latest: string | null; count: number }>(
    `select max(name) as latest, count(*)::int as count from kysely_migration`,
  );
  const row = migrations.rows[0];
  return {
    serverVersion: version.rows[0]?.server_version ?? 'unknown',
    migration: { latest: row?.latest ?? null, count: row?.count ?? 0 },
  };
}

/**
 * Dumps the database into `file`. `snapshotAt` is taken before pg_dump starts, so it is no later
 * than pg_dump's snapshot: every commit before it is in the dump.
 */
export async function dumpPostgres(
  databaseUrl: string,
  file: string,
): Promise<{ entry: Omit<DatabaseEntry, 'file' | 'sizeBytes' | 'sha256'>; snapshotAt: Date }> {
  const described = await withClient(databaseUrl, describe);
  const { dbname, env } = libpqTarget(databaseUrl);
  const tool = (await runTool('pg_dump', ['--version'], env)).trim();
  const snapshotAt = new Date();
  await runTool('pg_dump', ['--format=custom', '--no-password', `--file=${file}`, `--dbname=${dbname}`], env);
  await fs.promises.chmod(file, 0o600); // pg_dump follows the umask; the dump holds personal data
  return { entry: { kind: 'postgres', tool, ...described }, snapshotAt };
}

/** Refuses a target database that already has tables, views or sequences of its own. */
async function assertEmpty(client: pg.Client): Promise<void> {
  const { rows } = await client.query<{ count: number }>(
    `select count(*)::int as count
       from pg_class c join pg_namespace n on n.oid = c.relnamespace
      where n.nspname not in ('pg_catalog', 'information_schema') and n.nspname not like 'pg\\_toast%'
        and c.relkind in ('r', 'p', 'v', 'm', 'S', 'f')`,
  );
  if ((rows[0]?.count ?? 0) > 0)
    throw new Error('the target database (DATABASE_URL) is not empty: restore into a new, empty database');
}

/** Restores a dump into an empty database, all or nothing, then refreshes the planner's statistics. */
export async function restorePostgres(databaseUrl: string, file: string): Promise<void> {
  await withClient(databaseUrl, assertEmpty);
  const { dbname, env } = libpqTarget(databaseUrl);
  await runTool(
    'pg_restore',
    [
      '--single-transaction',
      '--exit-on-error',
      '--no-owner',
      '--no-privileges',
      '--no-password',
      `--dbname=${dbname}`,
      file,
    ],
    env,
  );
  // pg_restore leaves the statistics empty; without them the first queries plan badly.
  await withClient(databaseUrl, (client) => client.query('analyze'));
}
