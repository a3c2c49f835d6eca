/**
 * Migration numbers are reserved for branches built side by side, so one may be merged after a
 * higher one already ran somewhere (0008 fault reports after 0009 sensors): it still runs, once.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Migrator } from 'kysely';
import { openDatabase } from './database.ts';
import { migrateToLatest } from './migrate.ts';
import { migrations } from './migrations/index.ts';

test('a migration merged after a later one already ran is run on the next start, and only then', async () => {
  const handle = await openDatabase({ databaseUrl: undefined, dataDir: ':memory:', poolSize: 1 });
  try {
    // 0011 alters 0008's table, so it cannot have run before it either.
    const { '0008-fault-reports': _later, '0011-fault-report-merge': _builtOnIt, ...before } = migrations;
    const first = await new Migrator({
      db: handle.db,
      provider: { getMigrations: async () => before },
    }).migrateToLatest();
    assert.equal(first.error, undefined);
    assert.ok(first.results?.some((result) => result.migrationName === '0009-sensors'));
    assert.deepEqual(await migrateToLatest(handle.db), ['0008-fault-reports', '0011-fault-report-merge']);
    assert.deepEqual(await migrateToLatest(handle.db), [], 'nothing runs twice');
    const count = await handle.db
      .selectFrom('faultReport')
      .select((eb) => eb.fn.countAll().as('n'))
      .executeTakeFirst();
    assert.equal(Number(count?.n), 0, 'the table exists');
  } finally {
    await handle.close();
  }
});
