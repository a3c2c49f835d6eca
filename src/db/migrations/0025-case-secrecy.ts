/**
 * Issue #14, secrecy between units (modules/case-handling, docs/privacy.md, decision 0033).
 *
 * `case_share`: the handling unit shares one case with another unit of the same municipality, with
 * a reason and an end; the other unit's officers read it (and write internal notes) until then or
 * until the share is revoked. A revoked or ended row stays: the case page and the audit log show
 * what was shared, with whom and why. The partial indexes serve the two questions asked on every
 * page: "which active shares does this case have" (the policy check) and "which cases are shared
 * with these units" (the queue).
 *
 * `case_field_reveal`: an officer who gave a reason to see a protected answer (confidentiality 3)
 * sees it on that case until `expires_at`; the reason itself is in the audit log. Both tables go
 * with their case (`on delete cascade`), so disposing of a case leaves nothing behind.
 */
import type { Kysely } from 'kysely';
import { executeStatements } from '../migrate-support.ts';

export async function up(db: Kysely<unknown>): Promise<void> {
  await executeStatements(
    db,
    `
    create table case_share (
      id uuid primary key default gen_random_uuid(),
      tenant_id uuid not null references tenant(id),
      case_id uuid not null references "case"(id) on delete cascade,
      unit_id uuid not null references unit(id),
      reason text not null check (length(reason) between 1 and 1000),
      shared_by_staff_id uuid not null references staff_member(id),
      shared_by_name text not null,
      shared_at timestamptz not null,
      ends_at timestamptz not null,
      revoked_at timestamptz,
      revoked_by_staff_id uuid references staff_member(id),
      revoked_by_name text,
      check (ends_at > shared_at),
      check ((revoked_at is null) = (revoked_by_staff_id is null))
    );
    create index case_share_case on case_share (case_id, ends_at) where revoked_at is null;
    create index case_share_unit on case_share (unit_id, ends_at) where revoked_at is null;

    create table case_field_reveal (
      id uuid primary key default gen_random_uuid(),
      tenant_id uuid not null references tenant(id),
      case_id uuid not null references "case"(id) on delete cascade,
      staff_id uuid not null references staff_member(id),
      field_id text not null,
      revealed_at timestamptz not null,
      expires_at timestamptz not null,
      check (expires_at > revealed_at)
    );
    create index case_field_reveal_staff on case_field_reveal (staff_id, case_id, expires_at);
  `,
  );
}
