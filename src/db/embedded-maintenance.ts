/**
 * Vacuum and analyze for the embedded database. PGlite runs PostgreSQL as a single process, so no
 * autovacuum launcher ever starts (`autovacuum` reads `on`, yet nothing acts on it): dead row
 * versions from every update and delete would stay forever and table statistics would never be
 * refreshed. This does autovacuum's job from the application's own timer, with autovacuum's default
 * thresholds, one table at a time. A PostgreSQL server has its own autovacuum; this is not for it.
 */
import { type Kysely, sql } from 'kysely';

/** autovacuum_vacuum_threshold / _scale_factor and autovacuum_analyze_threshold / _scale_factor. */
const VACUUM_THRESHOLD = 50;
const VACUUM_SCALE = 0.2;
const ANALYZE_THRESHOLD = 50;
const ANALYZE_SCALE = 0.1;

export interface MaintenanceResult {
  /** Tables vacuumed (and analyzed with it). */
  vacuumed: string[];
  /** Tables only analyzed. */
  analyzed: string[];
}

interface TableActivity {
  relname: string;
  deadRows: number;
  modifiedSinceAnalyze: number;
  estimatedRows: number;
}

/** Vacuums and analyzes the tables that autovacuum would by now; cheap when none is due. */
// biome-ignore lint/suspicious/noExplicitAny: runs on the catalogue, whatever the table types
export async function vacuumWhereDue(db: Kysely<any>): Promise<MaintenanceResult> {
  // Statistics reach the shared counters at most once a second per backend; flush ours now.
  await sql`select pg_stat_force_next_flush()`.execute(db);
  const { rows } = await sql<TableActivity>`
    select s.relname,
           s.n_dead_tup::float8 as dead_rows,
           s.n_mod_since_analyze::float8 as modified_since_analyze,
           greatest(c.reltuples, 0)::float8 as estimated_rows
      from pg_stat_user_tables s
      join pg_class c on c.oid = s.relid
     where s.schemaname = 'public'
     order by s.relname`.execute(db);
  const result: MaintenanceResult = { vacuumed: [], analyzed: [] };
  for (const table of rows) {
    if (table.deadRows > VACUUM_THRESHOLD + VACUUM_SCALE * table.estimatedRows) {
      await sql`vacuum (analyze) ${sql.table(table.relname)}`.execute(db);
      result.vacuumed.push(table.relname);
    } else if (table.modifiedSinceAnalyze > ANALYZE_THRESHOLD + ANALYZE_SCALE * table.estimatedRows) {
      await sql`analyze ${sql.table(table.relname)}`.execute(db);
      result.analyzed.push(table.relname);
    }
  }
  return result;
}
