/**
 * Issue #3: organisation (units, staff, which unit handles which service), case handling columns,
 * internal history, messages, completion requests, decisions, the audit log and the dev mailbox.
 */
import type { Kysely } from 'kysely';
import { executeStatements } from '../migrate-support.ts';

export async function up(db: Kysely<unknown>): Promise<void> {
  await executeStatements(
    db,
    `
    create function ingang_append_only() returns trigger language plpgsql as $$ begin raise exception '% is append-only', tg_table_name using errcode = 'restrict_violation'; end $$;

    create table unit (
      id uuid primary key default gen_random_uuid(),
      tenant_id uuid not null references tenant(id),
      name text not null check (length(name) between 1 and 120),
      created_at timestamptz not null default now(),
      unique (tenant_id, name)
    );

    create table staff_member (
      id uuid primary key default gen_random_uuid(),
      tenant_id uuid not null references tenant(id),
      person_id uuid not null references person(id),
      role text not null check (role in ('officer', 'unitLead', 'admin', 'customerCentre')),
      active boolean not null default true,
      created_at timestamptz not null default now(),
      unique (tenant_id, person_id)
    );

    create table unit_membership (
      unit_id uuid not null references unit(id) on delete cascade,
      staff_member_id uuid not null references staff_member(id) on delete cascade,
      tenant_id uuid not null references tenant(id),
      primary key (unit_id, staff_member_id)
    );
    create index unit_membership_staff on unit_membership (staff_member_id);

    create table service_handling (
      service_id uuid primary key references service(id),
      tenant_id uuid not null references tenant(id),
      unit_id uuid not null references unit(id)
    );

    alter table "case"
      add column unit_id uuid references unit(id),
      add column assigned_staff_id uuid references staff_member(id),
      add column applicant_name text,
      add column status_changed_at timestamptz,
      add column due_at timestamptz,
      add column search tsvector generated always as (
        to_tsvector('swedish', reference || ' ' || coalesce(applicant_name, ''))
        || jsonb_to_tsvector('swedish', answers, '["string", "numeric"]')
      ) stored;
    update "case" set status_changed_at = submitted_at where status_changed_at is null;
    create index case_queue_submitted on "case" (unit_id, submitted_at desc, id desc);
    create index case_queue_open on "case" (unit_id, submitted_at desc, id desc) where status_category <> 'closed';
    create index case_queue_status on "case" (unit_id, status, submitted_at desc, id desc);
    create index case_queue_assigned on "case" (unit_id, assigned_staff_id, submitted_at desc, id desc);
    create index case_queue_due on "case" (unit_id, due_at, id) where due_at is not null;
    create index case_search on "case" using gin (search);

    alter table draft add column completes_case_id uuid references "case"(id);

    alter table case_event add column visibility text not null default 'resident'
      check (visibility in ('resident', 'internal'));

    create table case_message (
      id uuid primary key default gen_random_uuid(),
      tenant_id uuid not null references tenant(id),
      case_id uuid not null references "case"(id),
      author_kind text not null check (author_kind in ('resident', 'officer')),
      author_person_id uuid references person(id),
      author_staff_id uuid references staff_member(id),
      author_name text not null,
      body text not null check (length(body) between 1 and 10000),
      created_at timestamptz not null default now(),
      read_at timestamptz
    );
    create index case_message_case on case_message (case_id, created_at, id);
    create index case_message_unread on case_message (case_id, author_kind) where read_at is null;

    create table message_attachment (
      id uuid primary key default gen_random_uuid(),
      tenant_id uuid not null references tenant(id),
      message_id uuid not null references case_message(id),
      filename text not null,
      content_type text not null,
      size_bytes int not null check (size_bytes >= 0),
      storage_key text not null unique,
      sha256 text not null,
      created_at timestamptz not null default now()
    );
    create index message_attachment_message on message_attachment (message_id);

    create table completion_request (
      id uuid primary key default gen_random_uuid(),
      tenant_id uuid not null references tenant(id),
      case_id uuid not null references "case"(id),
      step_ids jsonb not null,
      message text not null,
      previous_status text not null,
      requested_by_staff_id uuid not null references staff_member(id),
      requested_at timestamptz not null,
      answered_at timestamptz
    );
    create unique index completion_request_open on completion_request (case_id) where answered_at is null;
    create index completion_request_case on completion_request (case_id, requested_at);

    create table decision (
      id uuid primary key default gen_random_uuid(),
      tenant_id uuid not null references tenant(id),
      case_id uuid not null references "case"(id),
      outcome text not null check (outcome in ('granted', 'partlyGranted', 'rejected', 'dismissed')),
      justification text not null,
      legal_basis text not null,
      valid_from text check (valid_from ~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}$'),
      valid_to text check (valid_to ~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}$'),
      appeal_information text,
      decided_by_staff_id uuid not null references staff_member(id),
      decided_by_name text not null,
      decided_at timestamptz not null,
      corrects_decision_id uuid references decision(id),
      letter_storage_key text not null unique,
      letter_sha256 text not null,
      letter_size_bytes int not null,
      check (valid_to is null or valid_from is null or valid_to >= valid_from),
      check (outcome <> 'rejected' or appeal_information is not null)
    );
    create index decision_case on decision (case_id, decided_at);
    create trigger decision_append_only before update or delete on decision
      for each row execute function ingang_append_only();

    create table audit_log (
      id bigint generated always as identity primary key,
      tenant_id uuid not null references tenant(id),
      at timestamptz not null default now(),
      actor_staff_id uuid references staff_member(id),
      actor_person_id uuid references person(id),
      actor_name text not null,
      actor_units jsonb not null default '[]',
      action text not null,
      case_id uuid references "case"(id),
      subject_person_id uuid references person(id),
      details jsonb not null default '{}'
    );
    create index audit_log_case on audit_log (tenant_id, case_id, id) where case_id is not null;
    create index audit_log_subject on audit_log (tenant_id, subject_person_id, id) where subject_person_id is not null;
    create trigger audit_log_append_only before update or delete on audit_log
      for each row execute function ingang_append_only();

    create table dev_mail (
      id bigint generated always as identity primary key,
      message_id text not null,
      envelope_from text not null,
      envelope_to text not null,
      subject text not null,
      text_body text not null,
      received_at timestamptz not null default now()
    );
  `,
  );
}
