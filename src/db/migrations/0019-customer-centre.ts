/**
 * Issue #13, the customer centre (modules/customer-centre, docs/customer-centre.md): one row per
 * contact the customer centre handled, for statistics of what people ask about and how they reach
 * the municipality. A contact closed without a case has a category (a life event's slug of the
 * tenant, or `other`) and an outcome code, never free text and never the person: the row is
 * statistics only (docs/decisions/0027-customer-centre-contacts.md). A contact that registered a
 * case names the case; who the person is stays on the case. Who did it is in the audit log.
 */
import type { Kysely } from 'kysely';
import { executeStatements } from '../migrate-support.ts';

export async function up(db: Kysely<unknown>): Promise<void> {
  await executeStatements(
    db,
    `
    create table customer_centre_contact (
      id uuid primary key default gen_random_uuid(),
      tenant_id uuid not null references tenant(id),
      channel text not null check (channel in ('phone', 'visit', 'letter', 'email')),
      category text not null check (category ~ '^[a-z0-9][a-z0-9-]{0,59}$'),
      outcome text not null check (outcome ~ '^[a-zA-Z]{1,40}$'),
      case_id uuid references "case"(id) on delete set null,
      created_at timestamptz not null default now()
    );
    create index customer_centre_contact_tenant_created on customer_centre_contact (tenant_id, created_at);
  `,
  );
}
