/** SQL for `open311_client` (migration 0010, owned by modules/open311): client apps and their key hashes. */
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';

const columns = ['id', 'tenantId', 'name', 'createdAt', 'revokedAt'] as const;

export async function insertClient(
  db: Kysely<Database>,
  client: { tenantId: string; name: string; keyHash: string; at: Date },
) {
  const row = await db
    .insertInto('open311Client')
    .values({ tenantId: client.tenantId, name: client.name, keyHash: client.keyHash, createdAt: client.at })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/** The tenant's clients, newest first (never their key hashes). */
export async function selectClients(db: Kysely<Database>, tenantId: string) {
  return db
    .selectFrom('open311Client')
    .select(columns)
    .where('tenantId', '=', tenantId)
    .orderBy('createdAt', 'desc')
    .execute();
}

export type ClientRow = Awaited<ReturnType<typeof selectClients>>[number];

/** The live (not revoked) client of a key hash. */
export async function selectClientByKeyHash(db: Kysely<Database>, keyHash: string) {
  return db
    .selectFrom('open311Client')
    .select(columns)
    .where('keyHash', '=', keyHash)
    .where('revokedAt', 'is', null)
    .executeTakeFirst();
}

/** Whether a client of this name already exists in the tenant (the demo seed runs on every start). */
export async function selectClientByName(db: Kysely<Database>, tenantId: string, name: string) {
  return db
    .selectFrom('open311Client')
    .select(columns)
    .where('tenantId', '=', tenantId)
    .where('name', '=', name)
    .executeTakeFirst();
}

/** Revokes a live client of the tenant; false when there is none. */
export async function revokeClient(db: Kysely<Database>, tenantId: string, id: string, at: Date) {
  const result = await db
    .updateTable('open311Client')
    .set({ revokedAt: at })
    .where('tenantId', '=', tenantId)
    .where('id', '=', id)
    .where('revokedAt', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}
