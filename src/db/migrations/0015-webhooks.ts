/**
 * Issue #12 (signed webhooks): administrators subscribe an endpoint to case events, and every event a
 * subscription reaches becomes a delivery of its own. Owned by `modules/webhooks` (docs/webhooks.md,
 * decision 0023).
 *
 * - `webhook_subscription`: the endpoint, the event types, the reach (units and/or services, as API
 *   clients have), paused or not. The signing secret must be usable to compute HMACs, so it cannot
 *   be kept only as a hash: `secret_sealed` holds it sealed with AES-256-GCM under WEBHOOK_SECRET_KEY
 *   (`gcm1:…`), or as given (`plain:…`) where no key is configured. `secret_hint` tells secrets apart.
 * - `webhook_delivery`: one (subscription, event) pair. `event_id` is the outbox event's id, the
 *   stable id a receiver deduplicates on and the order of a case's events; `body` is the exact JSON
 *   every attempt sends (so every attempt signs the same bytes). Attempts, the next attempt's time,
 *   a lease, the last status or error, delivered or dead (the dead-letter list).
 */
import type { Kysely } from 'kysely';
import { executeStatements } from '../migrate-support.ts';

export async function up(db: Kysely<unknown>): Promise<void> {
  await executeStatements(
    db,
    `
    create table webhook_subscription (
      id uuid primary key default gen_random_uuid(),
      tenant_id uuid not null references tenant(id),
      name text not null check (length(name) between 1 and 200),
      url text not null check (url ~ '^https?://' and length(url) <= 2000),
      event_types jsonb not null check (jsonb_typeof(event_types) = 'array'),
      unit_ids jsonb not null default '[]' check (jsonb_typeof(unit_ids) = 'array'),
      service_ids jsonb not null default '[]' check (jsonb_typeof(service_ids) = 'array'),
      secret_sealed text not null,
      secret_hint text not null,
      paused_at timestamptz,
      created_at timestamptz not null default now(),
      last_delivered_at timestamptz
    );
    create index webhook_subscription_tenant on webhook_subscription (tenant_id, created_at desc);

    create table webhook_delivery (
      id bigint generated always as identity primary key,
      subscription_id uuid not null references webhook_subscription(id) on delete cascade,
      tenant_id uuid not null references tenant(id),
      event_id bigint not null,
      event_type text not null,
      case_id uuid not null,
      body text not null,
      attempts int not null default 0,
      next_attempt_at timestamptz not null,
      locked_until timestamptz,
      last_attempt_at timestamptz,
      last_status int,
      last_error text,
      delivered_at timestamptz,
      dead_at timestamptz,
      created_at timestamptz not null,
      unique (subscription_id, event_id)
    );
    create index webhook_delivery_due on webhook_delivery (next_attempt_at, id)
      where delivered_at is null and dead_at is null;
    create index webhook_delivery_order on webhook_delivery (subscription_id, case_id, event_id)
      where delivered_at is null;
    create index webhook_delivery_dead on webhook_delivery (subscription_id, dead_at desc)
      where dead_at is not null;
  `,
  );
}
