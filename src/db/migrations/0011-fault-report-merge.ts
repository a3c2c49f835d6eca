/**
 * Issue #11, duplicates: a fault report merged into another (owned by modules/fault-reports,
 * decision 0018). `merged_into` names the kept report's case; it always points at a report that is
 * not merged itself (merging a kept report moves its followers along). The merged report is closed
 * through the back office in the same transaction, so it leaves the partial "open" indexes.
 */
import type { Kysely } from 'kysely';
import { executeStatements } from '../migrate-support.ts';

export async function up(db: Kysely<unknown>): Promise<void> {
  await executeStatements(
    db,
    `
    alter table fault_report
      add column merged_into uuid references fault_report(case_id),
      add column merged_at timestamptz,
      add constraint fault_report_not_merged_into_itself check (merged_into is null or merged_into <> case_id),
      add constraint fault_report_merged_pair check ((merged_into is null) = (merged_at is null));
    create index fault_report_merged_into on fault_report (merged_into) where merged_into is not null;
    create index fault_report_open_category_position on fault_report (tenant_id, category, latitude, longitude)
      where open and latitude is not null;
  `,
  );
}
