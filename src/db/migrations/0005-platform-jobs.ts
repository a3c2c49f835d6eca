/**
 * Issue #9 (platform jobs): the outbox becomes the event log, and each (event, handler) pair is a
 * job of its own. `outbox` keeps the event (topic, payload, the case it concerns); `job` tracks one
 * handler's progress on one event (attempts, lease, backoff, done or dead); `job_effect` holds the
 * idempotency keys of effects already made, so a repeated job never repeats its effect;
 * `event_count` is the statistics handler's effect (events per tenant, topic and day).
 * Events still waiting under the old single-handler scheme are fanned out to today's handlers by the
 * first worker pass (their `fanned_out_at` stays null); done ones count as fanned out.
 */
import type { Kysely } from 'kysely';
import { executeStatements } from '../migrate-support.ts';

export async function up(db: Kysely<unknown>): Promise<void> {
  await executeStatements(
    db,
    `
    alter table outbox add column case_id uuid;
    alter table outbox add column fanned_out_at timestamptz;
    update outbox set fanned_out_at = processed_at where processed_at is not null;
    update outbox set case_id = (payload ->> 'caseId')::uuid
      where payload ->> 'caseId' ~ '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$';
    drop index outbox_pending;
    alter table outbox drop column available_at, drop column attempts, drop column locked_until,
      drop column processed_at, drop column last_error;
    create index outbox_unfanned on outbox (id) where fanned_out_at is null;
    create table job (
      id bigint generated always as identity primary key,
      event_id bigint not null references outbox(id),
      tenant_id uuid not null references tenant(id),
      topic text not null,
      handler text not null,
      ordering_key uuid,
      available_at timestamptz not null,
      attempts int not null default 0,
      locked_until timestamptz,
      processed_at timestamptz,
      dead_at timestamptz,
      failed_at timestamptz,
      last_error text,
      unique (event_id, handler)
    );
    create index job_due on job (available_at, id) where processed_at is null and dead_at is null;
    create index job_ordered on job (handler, ordering_key, event_id)
      where processed_at is null and ordering_key is not null;
    create index job_failed on job (tenant_id, failed_at desc) where processed_at is null and last_error is not null;
    create table job_effect (
      idempotency_key text primary key,
      tenant_id uuid not null references tenant(id),
      created_at timestamptz not null default now()
    );
    create table event_count (
      tenant_id uuid not null references tenant(id),
      topic text not null,
      day text not null check (day ~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}$'),
      count int not null,
      primary key (tenant_id, topic, day)
    );
  `,
  );
}
