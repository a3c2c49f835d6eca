/**
 * Issue #14, the record of processing (modules/privacy, docs/privacy.md, decision 0030): a staff
 * role for the municipality's data protection officer (dataskyddsombud, GDPR art. 37–39), who reads
 * the record of processing and the data inventory without administering the organisation.
 * The role check of `staff_member` (migration 0002, named by PostgreSQL) gains the new role.
 */
import type { Kysely } from 'kysely';
import { executeStatements } from '../migrate-support.ts';

export async function up(db: Kysely<unknown>): Promise<void> {
  await executeStatements(
    db,
    `
    alter table staff_member drop constraint staff_member_role_check;
    alter table staff_member add constraint staff_member_role_check
      check (role in ('officer', 'unitLead', 'admin', 'customerCentre', 'dataProtectionOfficer'));
    `,
  );
}
