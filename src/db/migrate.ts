import { type Kysely, type MigrationProvider, Migrator } from 'kysely';
import { migrations } from './migrations/index.ts';

const provider: MigrationProvider = { getMigrations: async () => migrations };

/** Brings the schema up to date; safe to call from several processes at once (Kysely locks). */
// biome-ignore lint/suspicious/noExplicitAny: migrations run before (and regardless of) the table types
export async function migrateToLatest(db: Kysely<any>): Promise<string[]> {
  // Numbers are reserved for branches built side by side (0008 fault reports was merged after 0009
  // sensors), so a database may have run a later migration before an earlier one arrives; each one
  // touches only its own tables, so running the newcomer afterwards is safe (decision 0015).
  const migrator = new Migrator({ db, provider, allowUnorderedMigrations: true });
  const { error, results } = await migrator.migrateToLatest();
  if (error) {
    const failed = results?.find((result) => result.status === 'Error');
    throw new Error(`Migration ${failed?.migrationName ?? '?'} failed: ${String(error)}`, { cause: error });
  }
  return (results ?? [])
    .filter((result) => result.status === 'Success')
    .map((result) => result.migrationName);
}
