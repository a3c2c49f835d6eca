/** The embedded database is vacuumed and analyzed as autovacuum would, since PGlite has none. */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { sql } from 'kysely';
import { type DatabaseHandle, openDatabase } from './database.ts';
import { vacuumWhereDue } from './embedded-maintenance.ts';

let handle: DatabaseHandle;
before(async () => {
  handle = await openDatabase({ databaseUrl: undefined, dataDir: ':memory:', poolSize: 1 });
  await sql`create table busy (id int primary key, value int not null)`.execute(handle.db);
  await sql`create table quiet (id int primary key)`.execute(handle.db);
  await sql`insert into busy select i, 0 from generate_series(1, 1000) i`.execute(handle.db);
  await sql`insert into quiet select i from generate_series(1, 1000) i`.execute(handle.db);
});
after(async () => {
  await handle.close();
});

async function activity(table: string) {
  await sql`select pg_stat_force_next_flush()`.execute(handle.db);
  const { rows } = await sql<{ deadRows: number; vacuums: number; analyzes: number }>`
    select n_dead_tup::int as dead_rows, vacuum_count::int as vacuums, analyze_count::int as analyzes
      from pg_stat_user_tables where relname = ${table}`.execute(handle.db);
  return rows[0];
}

test('PGlite runs no autovacuum of its own', async () => {
  const { rows } = await sql<{ n: number }>`
    select count(*)::int as n from pg_stat_activity where backend_type = 'autovacuum launcher'`.execute(
    handle.db,
  );
  assert.equal(rows[0]?.n, 0);
});

test('new tables are analyzed; a table with many dead rows is vacuumed; an idle one is left alone', async () => {
  const first = await vacuumWhereDue(handle.db);
  assert.deepEqual(first, { vacuumed: [], analyzed: ['busy', 'quiet'] }, '1,000 new rows each');
  assert.deepEqual(await vacuumWhereDue(handle.db), { vacuumed: [], analyzed: [] }, 'nothing is due now');

  // 3 × 1,000 updates leave up to 3,000 dead row versions (page pruning reclaims a few on its own):
  // far above 50 + 20 % of 1,000.
  for (let i = 0; i < 3; i++) await sql`update busy set value = value + 1`.execute(handle.db);
  assert.ok(((await activity('busy'))?.deadRows ?? 0) > 2000);
  assert.deepEqual(await vacuumWhereDue(handle.db), { vacuumed: ['busy'], analyzed: [] });
  const busy = await activity('busy');
  assert.equal(busy?.deadRows, 0);
  assert.equal(busy?.vacuums, 1);
  assert.equal((await activity('quiet'))?.vacuums, 0);
});

test('a few changes stay below the thresholds', async () => {
  await sql`update busy set value = value + 1 where id <= 40`.execute(handle.db);
  assert.deepEqual(await vacuumWhereDue(handle.db), { vacuumed: [], analyzed: [] });
});
