/**
 * Issue #13, representatives (modules/representatives, docs/representatives.md, decision 0028):
 * who may act for whom. A representation belongs to one municipality (services are per tenant, so
 * "all or chosen services" is a tenant's services); `service_ids` null means every service of the
 * tenant, else the chosen ones. Dates are Swedish calendar dates (YYYY-MM-DD), both inclusive;
 * no end date means until revoked. A revoked row stays, so the principal keeps seeing what was.
 * `guardian` rows (vårdnadshavare) are seeded in the demo; in production they would come from the
 * population register (Navet), which is out of scope.
 *
 * A draft started by a representative belongs to the principal (`person_id`) and names the
 * representative who started it, so its ownership is clear on both people's My Pages.
 */
import type { Kysely } from 'kysely';
import { executeStatements } from '../migrate-support.ts';

export async function up(db: Kysely<unknown>): Promise<void> {
  await executeStatements(
    db,
    `
    create table representation (
      id uuid primary key default gen_random_uuid(),
      tenant_id uuid not null references tenant(id),
      principal_person_id uuid not null references person(id),
      representative_person_id uuid not null references person(id),
      kind text not null check (kind in ('representative', 'guardian')),
      service_ids jsonb check (service_ids is null or jsonb_typeof(service_ids) = 'array'),
      valid_from text not null check (valid_from ~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}$'),
      valid_to text check (valid_to ~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}$'),
      revoked_at timestamptz,
      created_by_person_id uuid references person(id),
      created_at timestamptz not null default now(),
      check (principal_person_id <> representative_person_id),
      check (valid_to is null or valid_to >= valid_from)
    );
    create index representation_representative on representation (representative_person_id);
    create index representation_principal on representation (principal_person_id);
    alter table draft add column representative_person_id uuid references person(id);
  `,
  );
}
