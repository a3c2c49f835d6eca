/** What each durability check reports, and the database access the checks verify with. */
import fs from 'node:fs';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import type { Queryable } from '../lib/sessions.ts';

export interface CheckResult {
  name: string;
  /** False on any loss, duplicate or broken contract. */
  ok: boolean;
  /** What was measured, one line each. */
  lines: string[];
  /** Why the check failed (empty when ok). */
  failures: string[];
  figures: Record<string, unknown>;
}

export interface Sql extends Queryable {
  close(): Promise<void>;
}

/**
 * Opens the database a server used: the PostgreSQL database, or the PGlite files in DATA_DIR (only
 * once the server process is gone: PGlite allows one process at a time).
 */
export async function openSql(target: { databaseUrl?: string; dataDir: string }): Promise<Sql> {
  if (target.databaseUrl) {
    const pool = new pg.Pool({ connectionString: target.databaseUrl, max: 2 });
    // An idle connection ended by the server (e.g. a bench database dropped WITH (FORCE)) is not a
    // result of the check; unhandled, pg would end the whole run.
    pool.on('error', (error) => console.warn(`verification connection lost while idle: ${error.message}`));
    return { query: (text, params) => pool.query(text, params), close: () => pool.end() };
  }
  const client = await PGlite.create({ dataDir: path.join(target.dataDir, 'pglite') });
  return { query: (text, params) => client.query(text, params), close: () => client.close() };
}

export const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

/** Removes a check's temp DATA_DIR when it passed; keeps it (and says where) when it failed. */
export function tidy(result: CheckResult, dataDir: string): CheckResult {
  if (result.ok) fs.rmSync(dataDir, { recursive: true, force: true });
  else result.lines.push(`DATA_DIR kept for inspection: ${dataDir}`);
  return result;
}
