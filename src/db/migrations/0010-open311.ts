/**
 * Issue #11 (Open311 GeoReport v2): the client apps registered per tenant and their API keys
 * (docs/open311.md, decision 0017). Owned by `modules/open311`.
 *
 * - A key is stored only as its SHA-256 (hex); the key itself is shown once, when it is created.
 * - A revoked client keeps its row (cases name it as their registrar) with `revoked_at` set; its
 *   key no longer authenticates.
 */
import type { Kysely } from 'kysely';
import { executeStatements } from '../migrate-support.ts';

export async function up(db: Kysely<unknown>): Promise<void> {
  await executeStatements(
    db,
    `
    create table open311_client (
      id uuid primary key default gen_random_uuid(),
      tenant_id uuid not null references tenant(id),
      name text not null check (length(name) between 1 and 200),
      key_hash text not null check (key_hash ~ '^[0-9a-f]{64}$'),
      created_at timestamptz not null default now(),
      revoked_at timestamptz
    );
    create unique index open311_client_key on open311_client (key_hash);
    create index open311_client_tenant on open311_client (tenant_id, created_at desc);
  `,
  );
}
