/**
 * Issue #10: automatic decisions and the resident's request for human review.
 * A decision is made by a staff member or, for a service whose definition allows it
 * (`decisionSupport.automaticDecision`), by the rule: then `decided_by_staff_id` is null and the row
 * names the rule instead (the service version and DMN decision), the proposal event it carried out,
 * and the legal basis for deciding automatically that its letter states. Exactly one of the two
 * deciders is recorded (check constraint); a proposal is carried out at most once (unique index).
 * The table stays append-only: `decision_append_only` is untouched.
 * `case.review_requested_at` marks a case whose automatic decision the resident asked a human to
 * review, until a new decision (or closing the case) answers it; the queue filters on it.
 */
import type { Kysely } from 'kysely';
import { executeStatements } from '../migrate-support.ts';

export async function up(db: Kysely<unknown>): Promise<void> {
  await executeStatements(
    db,
    `
    alter table decision alter column decided_by_staff_id drop not null;
    alter table decision
      add column decided_by_service_version_id uuid references service_version(id),
      add column decided_by_rule text check (length(decided_by_rule) between 1 and 500),
      add column proposal_event_id bigint references case_event(id),
      add column automatic_legal_basis text check (length(automatic_legal_basis) between 1 and 2000);
    alter table decision add constraint decision_decider check (
      (decided_by_staff_id is not null
        and decided_by_service_version_id is null and decided_by_rule is null
        and proposal_event_id is null and automatic_legal_basis is null)
      or (decided_by_staff_id is null
        and decided_by_service_version_id is not null and decided_by_rule is not null
        and proposal_event_id is not null and automatic_legal_basis is not null)
    );
    create unique index decision_automatic_proposal on decision (proposal_event_id)
      where proposal_event_id is not null;

    alter table "case" add column review_requested_at timestamptz;
  `,
  );
}
