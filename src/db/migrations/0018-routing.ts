/**
 * Issue #13, plain-language routing (modules/routing, docs/plain-language-search.md):
 * - `routing_synonym`: per tenant, a phrase residents use → an e-service, or → words that mean the
 *   same here (admins keep them; audited).
 * - `routing_example`: the municipality's own history the classifier learns from: a scrubbed query
 *   (no personnummer, phone number or e-mail) and the service residents chose after it (+1), or an
 *   officer's correction (+1 for the new service, −1 for the old one). `session_id` (the hashed
 *   session) and `person_id` only link a choice to the case it led to, so a correction can find its
 *   query; they are cleared once used and never kept beyond 30 days (decision 0026).
 * - `case.placed_individually_at`: set when an officer moves one case to another unit or service, so
 *   a later bulk reassignment of the service's open cases leaves it where it was put.
 */
import type { Kysely } from 'kysely';
import { executeStatements } from '../migrate-support.ts';

export async function up(db: Kysely<unknown>): Promise<void> {
  await executeStatements(
    db,
    `
    create table routing_synonym (
      id uuid primary key default gen_random_uuid(),
      tenant_id uuid not null references tenant(id),
      phrase text not null check (length(phrase) between 2 and 100),
      service_id uuid references service(id),
      words text not null default '' check (length(words) <= 300),
      created_at timestamptz not null default now(),
      check (service_id is not null or length(words) > 0)
    );
    create index routing_synonym_tenant on routing_synonym (tenant_id);

    create table routing_example (
      id bigint generated always as identity primary key,
      tenant_id uuid not null references tenant(id),
      query text not null check (length(query) between 1 and 200),
      service_id uuid not null references service(id),
      source text not null check (source in ('choice', 'correction')),
      weight smallint not null check (weight in (-1, 1)),
      session_id text,
      person_id uuid,
      case_id uuid,
      created_at timestamptz not null default now()
    );
    create index routing_example_tenant on routing_example (tenant_id, id desc);
    create index routing_example_session on routing_example (session_id) where session_id is not null;
    create index routing_example_person on routing_example (person_id) where person_id is not null;

    alter table "case" add column placed_individually_at timestamptz;
  `,
  );
}
