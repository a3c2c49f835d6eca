/**
 * Issue #12, what business systems write:
 * - An API client may record a decision (with its letter) on a case in its reach, so a decision
 *   names exactly one decider: a staff member, the rule (an automatic decision, migration 0006), or
 *   an API client. The table stays append-only (`decision_append_only`).
 * - `POST /api/v1/cases` takes an `Idempotency-Key`: the key, a hash of the request it came with and
 *   the case it made are stored in the case's transaction, so a retried request finds its case
 *   instead of making a second one, and two requests racing with one key make one case.
 */
import type { Kysely } from 'kysely';
import { executeStatements } from '../migrate-support.ts';

export async function up(db: Kysely<unknown>): Promise<void> {
  await executeStatements(
    db,
    `
    alter table decision add column decided_by_api_client_id uuid references api_client(id);
    alter table decision drop constraint decision_decider;
    alter table decision add constraint decision_decider check (
      (decided_by_staff_id is not null and decided_by_api_client_id is null
        and decided_by_service_version_id is null and decided_by_rule is null
        and proposal_event_id is null and automatic_legal_basis is null)
      or (decided_by_api_client_id is not null and decided_by_staff_id is null
        and decided_by_service_version_id is null and decided_by_rule is null
        and proposal_event_id is null and automatic_legal_basis is null)
      or (decided_by_staff_id is null and decided_by_api_client_id is null
        and decided_by_service_version_id is not null and decided_by_rule is not null
        and proposal_event_id is not null and automatic_legal_basis is not null)
    );

    create table api_idempotency_key (
      api_client_id uuid not null references api_client(id),
      key text not null check (length(key) between 1 and 255),
      request_sha256 text not null check (request_sha256 ~ '^[0-9a-f]{64}$'),
      case_id uuid not null references "case"(id),
      case_reference text not null,
      created_at timestamptz not null default now(),
      primary key (api_client_id, key)
    );
  `,
  );
}
