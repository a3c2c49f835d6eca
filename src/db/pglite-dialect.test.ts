/** The embedded database's dialect: one connection, shared safely; closing waits for work in progress. */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { sql } from 'kysely';
import { type DatabaseHandle, openDatabase } from './database.ts';

let handle: DatabaseHandle;
before(async () => {
  handle = await openDatabase({ databaseUrl: undefined, dataDir: ':memory:', poolSize: 1 });
  await sql`create table counter (id int primary key, value int not null)`.execute(handle.db);
});
after(async () => {
  await handle.close();
});

test('concurrent transactions on the one connection never interleave', async () => {
  await sql`insert into counter values (1, 0)`.execute(handle.db);
  // Read-then-write in each transaction: interleaved, two would read the same value and lose an update.
  await Promise.all(
    Array.from({ length: 20 }, () =>
      handle.db.transaction().execute(async (trx) => {
        const { rows } = await sql<{ value: number }>`select value from counter where id = 1`.execute(trx);
        await sql`update counter set value = ${(rows[0]?.value ?? 0) + 1} where id = 1`.execute(trx);
      }),
    ),
  );
  const { rows } = await sql<{ value: number }>`select value from counter where id = 1`.execute(handle.db);
  assert.equal(rows[0]?.value, 20);
});

test('closing waits for the transaction in progress, which commits; later queries are refused', async () => {
  const own = await openDatabase({ databaseUrl: undefined, dataDir: ':memory:', poolSize: 1 });
  await sql`create table t (id int)`.execute(own.db);
  let releaseTransaction!: () => void;
  const holding = new Promise<void>((resolve) => {
    releaseTransaction = resolve;
  });
  let inserted!: () => void;
  const insertedOne = new Promise<void>((resolve) => {
    inserted = resolve;
  });
  const work = own.db.transaction().execute(async (trx) => {
    await sql`insert into t values (1)`.execute(trx);
    inserted();
    await holding;
    await sql`insert into t select generate_series(2, 50000)`.execute(trx);
    const { rows } = await sql<{ n: number }>`select count(*)::int as n from t`.execute(trx);
    return rows[0]?.n;
  });
  await insertedOne;
  let closed = false;
  const closing = own.close().then(() => {
    closed = true;
  });
  // close() is now waiting for the transaction; nothing was cut off under it.
  await new Promise((resolve) => setImmediate(resolve));
  assert.equal(closed, false, 'close must wait for the transaction');
  releaseTransaction();
  assert.equal(await work, 50000, 'the transaction ran to its end');
  await closing;
  assert.equal(closed, true);
  await assert.rejects(sql`select 1`.execute(own.db), /destroyed|closed/);
});
