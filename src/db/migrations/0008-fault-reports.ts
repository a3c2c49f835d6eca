/**
 * Issue #11: fault reports. `fault_report` (owned by modules/fault-reports) holds what the map, the
 * public list, Open311 and the duplicate search ask of a report without reading the case: its
 * category, its place as WGS 84 coordinates in columns of their own, a copy of the case's status
 * kept in the same transaction as every status change, the times the reporter is told about, and
 * the hash of the anonymous reporter's follow-up token. PGlite has no PostGIS, so places are found
 * with a bounding box on a btree index and then the exact distance (decision 0015).
 */
import type { Kysely } from 'kysely';
import { executeStatements } from '../migrate-support.ts';

export async function up(db: Kysely<unknown>): Promise<void> {
  await executeStatements(
    db,
    `
    create table fault_report (
      case_id uuid primary key references "case"(id),
      tenant_id uuid not null references tenant(id),
      reference text not null,
      category text not null,
      latitude double precision check (latitude between -90 and 90),
      longitude double precision check (longitude between -180 and 180),
      status text not null,
      status_category text not null
        check (status_category in ('received', 'inProgress', 'waitingForResident', 'decided', 'closed')),
      open boolean generated always as (status_category in ('received', 'inProgress', 'waitingForResident')) stored,
      submitted_at timestamptz not null,
      updated_at timestamptz not null,
      expected_at timestamptz,
      fixed_at timestamptz,
      not_fixed_count int not null default 0,
      follow_token_hash text unique,
      constraint fault_report_coordinate_pair check ((latitude is null) = (longitude is null))
    );
    create index fault_report_open_position on fault_report (tenant_id, latitude, longitude)
      where open and latitude is not null;
    create index fault_report_open_recent on fault_report (tenant_id, submitted_at desc, case_id desc) where open;
    create index fault_report_recent on fault_report (tenant_id, submitted_at desc, case_id desc);
  `,
  );
}
