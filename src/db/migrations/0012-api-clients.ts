/**
 * Issue #12 (API for business systems): API clients per tenant, their short-lived access tokens, and
 * the audit log naming the client that acted. Owned by `modules/api-clients` (docs/api.md).
 *
 * - A client's secret (its API key, and its OAuth 2.0 client secret) is stored only as its SHA-256
 *   (hex); the secret is shown once, when it is created or rotated. `secret_hint` keeps its first
 *   characters so an administrator can tell which secret a system holds.
 * - Scopes say what the client may do; `unit_ids` and `service_ids` which cases it reaches (a case of
 *   one of the units, or of one of the services).
 * - An access token is stored only as its SHA-256; it names its client and expires (15 minutes).
 *   Rotating or revoking a client deletes its tokens.
 * - A revoked client keeps its row: the audit log and the cases it registered name it.
 */
import type { Kysely } from 'kysely';
import { executeStatements } from '../migrate-support.ts';

export async function up(db: Kysely<unknown>): Promise<void> {
  await executeStatements(
    db,
    `
    create table api_client (
      id uuid primary key default gen_random_uuid(),
      tenant_id uuid not null references tenant(id),
      name text not null check (length(name) between 1 and 200),
      scopes jsonb not null check (jsonb_typeof(scopes) = 'array'),
      unit_ids jsonb not null default '[]' check (jsonb_typeof(unit_ids) = 'array'),
      service_ids jsonb not null default '[]' check (jsonb_typeof(service_ids) = 'array'),
      secret_hash text not null check (secret_hash ~ '^[0-9a-f]{64}$'),
      secret_hint text not null,
      created_at timestamptz not null default now(),
      secret_rotated_at timestamptz,
      last_used_at timestamptz,
      revoked_at timestamptz
    );
    create unique index api_client_secret on api_client (secret_hash);
    create index api_client_tenant on api_client (tenant_id, created_at desc);

    create table api_token (
      token_hash text primary key check (token_hash ~ '^[0-9a-f]{64}$'),
      client_id uuid not null references api_client(id),
      scopes jsonb not null check (jsonb_typeof(scopes) = 'array'),
      created_at timestamptz not null,
      expires_at timestamptz not null
    );
    create index api_token_client on api_token (client_id);
    create index api_token_expiry on api_token (expires_at);

    alter table audit_log add column actor_api_client_id uuid references api_client(id);
  `,
  );
}
