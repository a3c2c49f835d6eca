/**
 * Issue #9: one intake for every channel. A case no longer needs a resident's web draft: it records
 * the channel it came in by, who registered it, and whether the applicant is a person, an
 * organisation or an anonymous reporter. An attachment belongs to a draft or to a case.
 * Existing cases came from the web, registered by the resident (or an anonymous visitor).
 */
import type { Kysely } from 'kysely';
import { executeStatements } from '../migrate-support.ts';

export async function up(db: Kysely<unknown>): Promise<void> {
  await executeStatements(
    db,
    `
    alter table "case" alter column draft_id drop not null;

    alter table attachment alter column draft_id drop not null;
    alter table attachment add constraint attachment_owner check (draft_id is not null or case_id is not null);

    alter table "case"
      add column channel text not null default 'web'
        check (channel in ('web', 'customerCentre', 'open311', 'sensor', 'api')),
      add column channel_detail text check (channel_detail in ('phone', 'visit', 'letter', 'email')),
      add column registered_by_kind text not null default 'resident'
        check (registered_by_kind in ('resident', 'anonymous', 'staff', 'representative', 'apiClient', 'device')),
      add column registered_by_id text,
      add column registered_by_label text,
      add column applicant_kind text not null default 'person'
        check (applicant_kind in ('person', 'organisation', 'anonymous')),
      add column applicant_organisation_number text check (applicant_organisation_number ~ '^[0-9]{10}$'),
      add column applicant_contact jsonb;

    update "case" set
      registered_by_kind = case when applicant_person_id is null then 'anonymous' else 'resident' end,
      registered_by_id = applicant_person_id::text,
      registered_by_label = applicant_name,
      applicant_kind = case when applicant_person_id is null then 'anonymous' else 'person' end;

    alter table "case"
      alter column channel drop default,
      alter column registered_by_kind drop default,
      alter column applicant_kind drop default,
      add constraint case_channel_detail check ((channel = 'customerCentre') = (channel_detail is not null)),
      add constraint case_applicant_kind check (
        (applicant_kind = 'person' and applicant_person_id is not null and applicant_organisation_number is null)
        or (applicant_kind = 'organisation' and applicant_person_id is null and applicant_organisation_number is not null)
        or (applicant_kind = 'anonymous' and applicant_person_id is null and applicant_organisation_number is null)
      );

    create index case_queue_channel on "case" (unit_id, channel, submitted_at desc, id desc) where channel <> 'web';
  `,
  );
}
