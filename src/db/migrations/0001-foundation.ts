/** Issue #2: tenancy, catalogue, persons, sessions, drafts, attachments, cases, history, outbox. */
import type { Kysely } from 'kysely';
import { executeStatements } from '../migrate-support.ts';

export async function up(db: Kysely<unknown>): Promise<void> {
  await executeStatements(
    db,
    `
    create table tenant (
      id uuid primary key default gen_random_uuid(),
      slug text not null unique check (slug ~ '^[a-z0-9-]+$'),
      name text not null,
      reference_prefix text not null unique check (reference_prefix ~ '^[A-Z]{2,5}$'),
      settings jsonb not null,
      created_at timestamptz not null default now()
    );
    create table life_event (
      id uuid primary key default gen_random_uuid(),
      tenant_id uuid not null references tenant(id),
      slug text not null,
      title jsonb not null,
      description jsonb not null,
      position int not null default 0,
      unique (tenant_id, slug)
    );
    create table service (
      id uuid primary key default gen_random_uuid(),
      tenant_id uuid not null references tenant(id),
      slug text not null,
      created_at timestamptz not null default now(),
      unique (tenant_id, slug)
    );
    create table service_version (
      id uuid primary key default gen_random_uuid(),
      tenant_id uuid not null references tenant(id),
      service_id uuid not null references service(id),
      version int not null check (version > 0),
      status text not null check (status in ('draft', 'published', 'retired')),
      published_from timestamptz,
      definition jsonb not null,
      search_sv tsvector generated always as (
        setweight(to_tsvector('swedish'::regconfig, coalesce(definition #>> '{title,sv}', '')), 'A') ||
        setweight(to_tsvector('swedish'::regconfig, coalesce(definition #>> '{keywords,sv}', '')), 'A') ||
        setweight(to_tsvector('swedish'::regconfig,
          coalesce(definition #>> '{summary,sv}', '') || ' ' || coalesce(definition #>> '{description,sv}', '')), 'B')
      ) stored,
      search_en tsvector generated always as (
        setweight(to_tsvector('english'::regconfig, coalesce(definition #>> '{title,en}', '')), 'A') ||
        setweight(to_tsvector('english'::regconfig, coalesce(definition #>> '{keywords,en}', '')), 'A') ||
        setweight(to_tsvector('english'::regconfig,
          coalesce(definition #>> '{summary,en}', '') || ' ' || coalesce(definition #>> '{description,en}', '')), 'B')
      ) stored,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      unique (service_id, version),
      check (status = 'draft' or published_from is not null)
    );
    create index service_version_search_sv on service_version using gin (search_sv);
    create index service_version_search_en on service_version using gin (search_en);
    create index service_version_live on service_version (tenant_id, service_id) where status = 'published';

    create table person (
      id uuid primary key default gen_random_uuid(),
      personal_identity_number text not null unique check (personal_identity_number ~ '^[0-9]{12}$'),
      given_name text not null,
      family_name text not null,
      email text,
      phone text,
      address jsonb,
      preferred_language text,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now()
    );
    create table session (
      id text primary key,
      person_id uuid references person(id),
      data jsonb not null,
      created_at timestamptz not null default now(),
      expires_at timestamptz not null
    );
    create index session_expires on session (expires_at);

    create table draft (
      id uuid primary key default gen_random_uuid(),
      tenant_id uuid not null references tenant(id),
      service_version_id uuid not null references service_version(id),
      person_id uuid references person(id),
      session_id text,
      answers jsonb not null default '{}',
      current_step text,
      status text not null default 'open' check (status in ('open', 'submitted')),
      case_id uuid,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      check (person_id is not null or session_id is not null)
    );
    create index draft_person on draft (person_id, updated_at desc) where status = 'open';

    create table attachment (
      id uuid primary key default gen_random_uuid(),
      tenant_id uuid not null references tenant(id),
      draft_id uuid not null references draft(id) on delete cascade,
      case_id uuid,
      field_id text not null,
      filename text not null,
      content_type text not null,
      size_bytes int not null check (size_bytes >= 0),
      storage_key text not null unique,
      sha256 text not null,
      created_at timestamptz not null default now()
    );
    create index attachment_draft on attachment (draft_id);
    create index attachment_case on attachment (case_id) where case_id is not null;

    create table case_reference_counter (
      tenant_id uuid not null references tenant(id),
      year int not null,
      last_value int not null,
      primary key (tenant_id, year)
    );

    create table "case" (
      id uuid primary key default gen_random_uuid(),
      tenant_id uuid not null references tenant(id),
      reference text not null unique,
      service_id uuid not null references service(id),
      service_version_id uuid not null references service_version(id),
      draft_id uuid not null unique references draft(id),
      applicant_person_id uuid references person(id),
      anonymous_session_id text,
      answers jsonb not null,
      language text not null,
      status text not null,
      status_category text not null
        check (status_category in ('received', 'inProgress', 'waitingForResident', 'decided', 'closed')),
      submitted_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      closed_at timestamptz
    );
    create index case_applicant on "case" (applicant_person_id, submitted_at desc, id desc);
    alter table draft add constraint draft_case_fk foreign key (case_id) references "case"(id);

    create table case_event (
      id bigint generated always as identity primary key,
      tenant_id uuid not null references tenant(id),
      case_id uuid not null references "case"(id),
      type text not null,
      actor jsonb not null,
      data jsonb not null default '{}',
      created_at timestamptz not null default now()
    );
    create index case_event_case on case_event (case_id, id);

    create table outbox (
      id bigint generated always as identity primary key,
      tenant_id uuid not null references tenant(id),
      topic text not null,
      payload jsonb not null,
      created_at timestamptz not null default now(),
      available_at timestamptz not null default now(),
      attempts int not null default 0,
      locked_until timestamptz,
      processed_at timestamptz,
      last_error text
    );
    create index outbox_pending on outbox (available_at, id) where processed_at is null;
  `,
  );
}
