/** SQL for `api_client` and `api_token` (migration 0012, owned by modules/api-clients). */
import { type Kysely, sql } from 'kysely';
import type { Database } from '../../db/schema.ts';

const columns = [
  'id',
  'tenantId',
  'name',
  'scopes',
  'unitIds',
  'serviceIds',
  'secretHint',
  'createdAt',
  'secretRotatedAt',
  'lastUsedAt',
  'revokedAt',
] as const;

export async function insertApiClient(
  db: Kysely<Database>,
  client: {
    tenantId: string;
    name: string;
    scopes: string[];
    unitIds: string[];
    serviceIds: string[];
    secretHash: string;
    secretHint: string;
    at: Date;
  },
): Promise<string> {
  const row = await db
    .insertInto('apiClient')
    .values({
      tenantId: client.tenantId,
      name: client.name,
      scopes: JSON.stringify(client.scopes),
      unitIds: JSON.stringify(client.unitIds),
      serviceIds: JSON.stringify(client.serviceIds),
      secretHash: client.secretHash,
      secretHint: client.secretHint,
      createdAt: client.at,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/** The tenant's clients, newest first (never their secret hashes). */
export async function selectApiClients(db: Kysely<Database>, tenantId: string) {
  return db
    .selectFrom('apiClient')
    .select(columns)
    .where('tenantId', '=', tenantId)
    .orderBy('createdAt', 'desc')
    .orderBy('id')
    .execute();
}

export type ApiClientRow = Awaited<ReturnType<typeof selectApiClients>>[number];

/** One client of the tenant. */
export async function selectApiClient(db: Kysely<Database>, tenantId: string, id: string) {
  return db
    .selectFrom('apiClient')
    .select(columns)
    .where('tenantId', '=', tenantId)
    .where('id', '=', id)
    .executeTakeFirst();
}

/** The live (not revoked) client of a secret hash. */
export async function selectLiveClientBySecret(db: Kysely<Database>, secretHash: string) {
  return db
    .selectFrom('apiClient')
    .select(columns)
    .where('secretHash', '=', secretHash)
    .where('revokedAt', 'is', null)
    .executeTakeFirst();
}

/** The live client of an unexpired token, with the token's scopes. */
export async function selectClientByToken(db: Kysely<Database>, tokenHash: string, now: Date) {
  return db
    .selectFrom('apiToken as t')
    .innerJoin('apiClient as c', 'c.id', 't.clientId')
    .select(['c.id', 'c.tenantId', 'c.name', 'c.unitIds', 'c.serviceIds', 'c.lastUsedAt', 't.scopes'])
    .where('t.tokenHash', '=', tokenHash)
    .where('t.expiresAt', '>', now)
    .where('c.revokedAt', 'is', null)
    .executeTakeFirst();
}

export async function insertApiToken(
  db: Kysely<Database>,
  token: { tokenHash: string; clientId: string; scopes: string[]; at: Date; expiresAt: Date },
): Promise<void> {
  await db
    .insertInto('apiToken')
    .values({
      tokenHash: token.tokenHash,
      clientId: token.clientId,
      scopes: JSON.stringify(token.scopes),
      createdAt: token.at,
      expiresAt: token.expiresAt,
    })
    .execute();
}

/** Deletes a client's tokens (rotation, revocation) and, at the same time, every expired token. */
export async function deleteTokens(db: Kysely<Database>, clientId: string, now: Date): Promise<void> {
  await db
    .deleteFrom('apiToken')
    .where((eb) => eb.or([eb('clientId', '=', clientId), eb('expiresAt', '<=', now)]))
    .execute();
}

/** Replaces a live client's secret; false when the tenant has no such live client. */
export async function updateSecret(
  db: Kysely<Database>,
  tenantId: string,
  id: string,
  secret: { secretHash: string; secretHint: string; at: Date },
): Promise<boolean> {
  const result = await db
    .updateTable('apiClient')
    .set({ secretHash: secret.secretHash, secretHint: secret.secretHint, secretRotatedAt: secret.at })
    .where('tenantId', '=', tenantId)
    .where('id', '=', id)
    .where('revokedAt', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** Revokes a live client of the tenant; false when there is none. */
export async function revokeApiClient(db: Kysely<Database>, tenantId: string, id: string, at: Date) {
  const result = await db
    .updateTable('apiClient')
    .set({ revokedAt: at })
    .where('tenantId', '=', tenantId)
    .where('id', '=', id)
    .where('revokedAt', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/**
 * Records that the client was used, at most once a minute (a busy client would otherwise write its
 * row on every request).
 */
export async function touchLastUsed(db: Kysely<Database>, id: string, at: Date): Promise<void> {
  await db
    .updateTable('apiClient')
    .set({ lastUsedAt: at })
    .where('id', '=', id)
    .where((eb) =>
      eb.or([
        eb('lastUsedAt', 'is', null),
        eb('lastUsedAt', '<', sql<Date>`${at}::timestamptz - interval '1 minute'`),
      ]),
    )
    .execute();
}

/** Deletes a client's expired tokens (each new token clears its client's old ones away). */
export async function deleteExpiredTokens(db: Kysely<Database>, clientId: string, now: Date): Promise<void> {
  await db.deleteFrom('apiToken').where('clientId', '=', clientId).where('expiresAt', '<=', now).execute();
}

/** The case an earlier `POST /api/v1/cases` with this client's `Idempotency-Key` made, if any. */
export async function selectIdempotencyKey(db: Kysely<Database>, apiClientId: string, key: string) {
  return db
    .selectFrom('apiIdempotencyKey')
    .select(['requestSha256', 'caseReference'])
    .where('apiClientId', '=', apiClientId)
    .where('key', '=', key)
    .executeTakeFirst();
}

/**
 * Records the key with the case its request made, in the case's transaction. False when another
 * request with the key got there first (it waits for that one's transaction): the caller then rolls
 * its own case back.
 */
export async function insertIdempotencyKey(
  db: Kysely<Database>,
  row: { apiClientId: string; key: string; requestSha256: string; caseId: string; caseReference: string },
): Promise<boolean> {
  const inserted = await db
    .insertInto('apiIdempotencyKey')
    .values(row)
    .onConflict((conflict) => conflict.columns(['apiClientId', 'key']).doNothing())
    .executeTakeFirst();
  return Number(inserted.numInsertedOrUpdatedRows ?? 0) === 1;
}
