/**
 * Issue #14, retention and disposal (gallring): modules/disposal, docs/privacy.md, decision 0031.
 *
 * - `case.disposed_at`: the case's personal data was disposed of at the end of its retention; the
 *   row stays with what statistics and open data read (service, unit, dates, status, channel).
 *   The applicant check (0004) no longer holds for such a row: its person link is gone.
 * - `case.archived_at`: the case was kept for the archive at the end of its retention; the row is
 *   then read-only (a trigger refuses UPDATE and DELETE) and is listed for transfer to the e-archive.
 * - `decision.disposed_at`: a disposed case's decision keeps the record of the act (outcome, legal
 *   basis, dates, who decided) while its justification and letter go.
 * - The append-only triggers of `decision` and `audit_log` (0002) gain one narrow exception: inside
 *   a transaction that set `ingang.disposal = 'on'` (SET LOCAL), rows of a case already marked
 *   disposed may have exactly these columns changed — the person links only to null, names and
 *   details (audit), justification and letter (decision). Every other UPDATE and every DELETE is
 *   refused as before.
 * - `outbox_case_person`: finds the events of a disposed case that still name a person.
 * - `disposal_log`: what each disposal run did per case (reference, service, counts; never a name).
 * - `disposal_file`: stored files whose rows a disposal removed, deleted after the commit; a file
 *   still listed (the process died in between) is deleted by the next run.
 */
import { type Kysely, sql } from 'kysely';

/** `true` inside a disposal transaction of a case already marked disposed (see the triggers). */
const DISPOSING = `coalesce(current_setting('ingang.disposal', true), '') = 'on'
  and exists (select 1 from "case" c where c.id = old.case_id and c.disposed_at is not null)`;

const statements = [
  `alter table "case" add column disposed_at timestamptz, add column archived_at timestamptz`,
  `alter table "case" drop constraint case_applicant_kind`,
  `alter table "case" add constraint case_applicant_kind check (
    disposed_at is not null
    or (applicant_kind = 'person' and applicant_person_id is not null and applicant_organisation_number is null)
    or (applicant_kind = 'organisation' and applicant_person_id is null and applicant_organisation_number is not null)
    or (applicant_kind = 'anonymous' and applicant_person_id is null and applicant_organisation_number is null)
  )`,
  `alter table "case" add constraint case_disposed_or_archived check (disposed_at is null or archived_at is null)`,
  // The job's search for due cases: per tenant and service version, by closing time.
  `create index case_retention_pending on "case" (tenant_id, service_version_id, closed_at)
    where status_category = 'closed' and disposed_at is null and archived_at is null`,
  `create index case_archived on "case" (tenant_id, archived_at desc, id) where archived_at is not null`,
  // Abandoned drafts: open drafts untouched for a while, oldest first.
  `create index draft_open_untouched on draft (updated_at) where status = 'open'`,
  // A case's completion drafts (few: only cases asked for completion have any).
  `create index draft_completes_case on draft (completes_case_id) where completes_case_id is not null`,

  `alter table decision add column disposed_at timestamptz`,
  `alter table decision alter column letter_storage_key drop not null`,
  `alter table decision add constraint decision_letter_kept
    check (letter_storage_key is not null or disposed_at is not null)`,
  `create function ingang_decision_guard() returns trigger language plpgsql as $$
  begin
    if tg_op = 'UPDATE' and ${DISPOSING}
      and new.letter_storage_key is null and new.disposed_at is not null
      and (to_jsonb(new) - array['justification', 'letter_storage_key', 'disposed_at'])
        = (to_jsonb(old) - array['justification', 'letter_storage_key', 'disposed_at'])
    then
      return new;
    end if;
    raise exception '% is append-only', tg_table_name using errcode = 'restrict_violation';
  end $$`,
  `drop trigger decision_append_only on decision`,
  `create trigger decision_append_only before update or delete on decision
    for each row execute function ingang_decision_guard()`,

  `create function ingang_audit_log_guard() returns trigger language plpgsql as $$
  begin
    if tg_op = 'UPDATE' and old.case_id is not null and ${DISPOSING}
      and (new.actor_person_id is null or new.actor_person_id = old.actor_person_id)
      and (new.subject_person_id is null or new.subject_person_id = old.subject_person_id)
      and (to_jsonb(new) - array['actor_person_id', 'actor_name', 'subject_person_id', 'details'])
        = (to_jsonb(old) - array['actor_person_id', 'actor_name', 'subject_person_id', 'details'])
    then
      return new;
    end if;
    raise exception '% is append-only', tg_table_name using errcode = 'restrict_violation';
  end $$`,
  `drop trigger audit_log_append_only on audit_log`,
  `create trigger audit_log_append_only before update or delete on audit_log
    for each row execute function ingang_audit_log_guard()`,

  `create function ingang_archived_case_guard() returns trigger language plpgsql as $$
  begin
    raise exception 'case % is archived and read-only', old.reference using errcode = 'restrict_violation';
  end $$`,
  `create trigger case_archived_read_only before update or delete on "case"
    for each row when (old.archived_at is not null) execute function ingang_archived_case_guard()`,

  // The events of a case that name a person, whose ids a disposal removes (platform/jobs/outbox-disposal.ts).
  `create index outbox_case_person on outbox (case_id) where payload ? 'personId'`,

  `create table disposal_log (
    id bigint generated always as identity primary key,
    tenant_id uuid not null references tenant(id),
    at timestamptz not null,
    action text not null check (action in ('case.disposed', 'case.archived', 'drafts.removed')),
    case_id uuid references "case"(id),
    case_reference text,
    service_id uuid references service(id),
    counts jsonb not null default '{}' check (jsonb_typeof(counts) = 'object'),
    check ((action = 'drafts.removed') = (case_id is null))
  )`,
  `create index disposal_log_tenant on disposal_log (tenant_id, id desc)`,
  `create table disposal_file (
    storage_key text primary key,
    queued_at timestamptz not null
  )`,
];

export async function up(db: Kysely<unknown>): Promise<void> {
  // One statement at a time: PGlite's extended protocol takes one, and the function bodies hold
  // semicolons that executeStatements would split at.
  for (const statement of statements) await sql.raw(statement).execute(db);
}
