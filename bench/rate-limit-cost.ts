/**
 * What one rate-limited request costs in the database (issue #14, decision 0035): the counter's
 * upsert against a trivial select (the floor of a round trip) on PGlite and, with PG set to a
 * PostgreSQL URL, on PostgreSQL; hits a second on one hot key from 8 concurrent clients; and the
 * same upsert on an UNLOGGED table against a logged one. Not part of `npm run bench`:
 *   PG=postgres://postgres@127.0.0.1:5432/scratch node --import ./scripts/tsx.mjs bench/rate-limit-cost.ts
 */
import { type Kysely, sql } from 'kysely';
import { openDatabase } from '../src/db/database.ts';
import { migrateToLatest } from '../src/db/migrate.ts';
import type { Database } from '../src/db/schema.ts';
import { countHit } from '../src/platform/rate-limit/rate-limit-store.ts';

const N = Number(process.env.N ?? 2000);

async function timed(times: number[], work: () => Promise<unknown>): Promise<void> {
  const start = performance.now();
  await work();
  times.push(performance.now() - start);
}

function quantile(times: number[], p: number): string {
  const sorted = [...times].sort((a, b) => a - b);
  return (sorted[Math.floor(p * (sorted.length - 1))] ?? 0).toFixed(3);
}

async function upserts(label: string, db: Kysely<Database>): Promise<void> {
  const upsert: number[] = [];
  const select: number[] = [];
  for (let i = 0; i < N; i++) {
    await timed(upsert, () => countHit(db, `bench|ip:10.0.${i % 50}.1`, new Date(), 60_000));
    await timed(select, () => db.selectFrom('tenant').select('id').limit(1).execute());
  }
  const started = performance.now();
  const client = async () => {
    for (let i = 0; i < N / 8; i++) await countHit(db, 'bench|hot', new Date(), 60_000);
  };
  await Promise.all(Array.from({ length: 8 }, client));
  const rate = N / ((performance.now() - started) / 1000);
  console.log(
    `${label}: upsert p50 ${quantile(upsert, 0.5)} ms, p95 ${quantile(upsert, 0.95)} ms; trivial select p50 ${quantile(select, 0.5)} ms; one key, 8 clients: ${rate.toFixed(0)} hits/s`,
  );
}

async function loggedOrNot(db: Kysely<Database>): Promise<void> {
  for (const kind of ['unlogged', 'logged']) {
    const table = `rate_limit_bench_${kind}`;
    await sql.raw(`drop table if exists ${table}`).execute(db);
    await sql
      .raw(
        `create ${kind === 'unlogged' ? 'unlogged' : ''} table ${table} (key text primary key, hits integer not null)`,
      )
      .execute(db);
    const times: number[] = [];
    for (let i = 0; i < N; i++) {
      await timed(times, () =>
        sql`insert into ${sql.table(table)} (key, hits) values (${`k${i % 50}`}, 1) on conflict (key) do update set hits = ${sql.table(table)}.hits + 1`.execute(
          db,
        ),
      );
    }
    console.log(
      `postgres, ${kind} table: upsert p50 ${quantile(times, 0.5)} ms, p95 ${quantile(times, 0.95)} ms`,
    );
    await sql.raw(`drop table ${table}`).execute(db);
  }
}

for (const databaseUrl of [undefined, process.env.PG].filter((url, index) => index === 0 || url)) {
  const handle = await openDatabase({ databaseUrl, dataDir: ':memory:', poolSize: 10 });
  await migrateToLatest(handle.db);
  await upserts(databaseUrl ? 'postgres' : 'pglite', handle.db);
  if (databaseUrl) await loggedOrNot(handle.db);
  await handle.close();
}
