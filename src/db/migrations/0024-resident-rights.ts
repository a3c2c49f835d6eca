/**
 * Issue #14, residents' rights on My Pages (modules/data-rights, docs/privacy.md, decision 0032).
 *
 * - The audit log outlives the person it names. It is append-only (its trigger refuses UPDATE and
 *   DELETE), so a foreign key from it to `person` would make a profile undeletable as soon as any
 *   read of it had been logged. The two keys are dropped: the audit log keeps the person's former
 *   id, which after a deletion resolves to nobody.
 * - `actor_role`: the staff member's role when the entry was written, so a resident's access log
 *   shows the role the reader had then (null for residents, API clients, the system and entries
 *   written before this migration).
 * - Indexes for deleting a person: PostgreSQL checks every foreign key to `person` on delete, and
 *   these three columns had none, so each deletion would scan the whole table.
 */
import type { Kysely } from 'kysely';
import { executeStatements } from '../migrate-support.ts';

export async function up(db: Kysely<unknown>): Promise<void> {
  await executeStatements(
    db,
    `
    alter table audit_log drop constraint if exists audit_log_actor_person_id_fkey;
    alter table audit_log drop constraint if exists audit_log_subject_person_id_fkey;
    alter table audit_log add column actor_role text;
    create index session_person on session (person_id) where person_id is not null;
    create index draft_representative on draft (representative_person_id) where representative_person_id is not null;
    create index case_message_author_person on case_message (author_person_id) where author_person_id is not null;
  `,
  );
}
