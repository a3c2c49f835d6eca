/**
 * Issue #10 (rule simulation): an admin simulates a new rule version against the service's past
 * cases, newest first, in one query (`selectAnswersOfService`). Without an index on the service that
 * query reads every case of the installation; with this one it reads only the service's cases, in
 * the order it returns them.
 */
import type { Kysely } from 'kysely';
import { executeStatements } from '../migrate-support.ts';

export async function up(db: Kysely<unknown>): Promise<void> {
  await executeStatements(
    db,
    `
    create index case_service on "case" (service_id, submitted_at desc, id desc);
  `,
  );
}
