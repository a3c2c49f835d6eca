import { type Kysely, sql } from 'kysely';

/**
 * Runs a script of statements one by one. PGlite's extended-protocol query() takes one
 * statement at a time, so a migration script is split at statement-ending semicolons.
 */
export async function executeStatements(db: Kysely<unknown>, script: string): Promise<void> {
  const statements = script
    .split(/;\s*\n/)
    .map((statement) => statement.trim())
    .filter((statement) => statement.length > 0);
  for (const statement of statements) {
    await sql.raw(statement).execute(db);
  }
}
