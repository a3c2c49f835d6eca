/**
 * Idempotency keys of effects already made (`job_effect`), so a job that runs again (its worker died
 * after the effect, before the job was marked done) does not repeat it. Exact for effects in this
 * database (the key commits with the effect or not at all); for effects elsewhere (SMTP, a webhook)
 * it only narrows the repeat window to the time between the effect and the key's commit.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';

/**
 * Runs `effect` in a transaction together with recording `key`; when the key is already recorded
 * the effect is not run and the result is `'repeat'`. Exactly once for database effects.
 */
export async function onceInDatabase(
  db: Kysely<Database>,
  scope: { key: string; tenantId: string },
  effect: (trx: Kysely<Database>) => Promise<void>,
): Promise<'done' | 'repeat'> {
  const made = await onceEachInDatabase(
    db,
    [{ idempotencyKey: scope.key, tenantId: scope.tenantId }],
    effect,
  );
  return made === 1 ? 'done' : 'repeat';
}

/**
 * `onceInDatabase` for a batch: records every key in one statement and runs `effect` with the
 * items whose key was new, in the same transaction (items already made are left out). Resolves to
 * how many were new. Exactly once per key, all or nothing for the batch.
 */
export async function onceEachInDatabase<T extends { idempotencyKey: string; tenantId: string }>(
  db: Kysely<Database>,
  items: readonly T[],
  effect: (trx: Kysely<Database>, fresh: T[]) => Promise<void>,
): Promise<number> {
  if (items.length === 0) return 0;
  return db.transaction().execute(async (trx) => {
    const recorded = await trx
      .insertInto('jobEffect')
      .values(items.map((item) => ({ idempotencyKey: item.idempotencyKey, tenantId: item.tenantId })))
      .onConflict((oc) => oc.column('idempotencyKey').doNothing())
      .returning('idempotencyKey')
      .execute();
    const made = new Set(recorded.map((row) => row.idempotencyKey));
    const fresh = items.filter((item) => made.has(item.idempotencyKey));
    if (fresh.length > 0) await effect(trx, fresh);
    return fresh.length;
  });
}

/** Whether an effect with this key was already made. */
export async function effectMade(db: Kysely<Database>, key: string): Promise<boolean> {
  const row = await db
    .selectFrom('jobEffect')
    .select('idempotencyKey')
    .where('idempotencyKey', '=', key)
    .executeTakeFirst();
  return row !== undefined;
}

/** Records an effect made outside the database (after it was made); a repeat is harmless. */
export async function recordEffect(db: Kysely<Database>, scope: { key: string; tenantId: string }) {
  await db
    .insertInto('jobEffect')
    .values({ idempotencyKey: scope.key, tenantId: scope.tenantId })
    .onConflict((oc) => oc.column('idempotencyKey').doNothing())
    .execute();
}
