/**
 * Issue #12: a business system's API client may ask the applicant for completion, so a completion
 * request names either the staff member or the API client who asked (exactly one of them).
 */
import type { Kysely } from 'kysely';
import { executeStatements } from '../migrate-support.ts';

export async function up(db: Kysely<unknown>): Promise<void> {
  await executeStatements(
    db,
    `
    alter table completion_request alter column requested_by_staff_id drop not null;
    alter table completion_request add column requested_by_api_client_id uuid references api_client(id);
    alter table completion_request add constraint completion_request_one_requester
      check ((requested_by_staff_id is null) <> (requested_by_api_client_id is null));
  `,
  );
}
