/**
 * Issue #13, the knowledge base ("Frågor och svar", modules/knowledge-base, docs/knowledge-base.md,
 * decision 0025): per tenant, questions and answers that residents search from the home page and
 * each e-service, and customer-centre staff search while on the phone.
 *
 * - `knowledge_base_entry`: the question, the answer (plain text; blank lines separate paragraphs),
 *   a category (free text, so a municipality names its own), the e-services it concerns (service
 *   ids of the tenant, as API clients and webhooks keep theirs), the owner unit, draft / published /
 *   archived, and the review cycle: when it was last reviewed, every how many months, and when the
 *   next review is due (kept beside the interval so the due list is one indexed range scan).
 *   Who created, last changed and last reviewed it is kept by name as well as by staff id.
 */
import type { Kysely } from 'kysely';
import { executeStatements } from '../migrate-support.ts';

export async function up(db: Kysely<unknown>): Promise<void> {
  await executeStatements(
    db,
    `
    create table knowledge_base_entry (
      id uuid primary key default gen_random_uuid(),
      tenant_id uuid not null references tenant(id),
      question text not null check (length(question) between 1 and 300),
      answer text not null check (length(answer) between 1 and 10000),
      category text not null check (length(category) between 1 and 80),
      service_ids jsonb not null default '[]' check (jsonb_typeof(service_ids) = 'array'),
      owner_unit_id uuid references unit(id),
      status text not null check (status in ('draft', 'published', 'archived')),
      review_interval_months int not null check (review_interval_months between 1 and 60),
      last_reviewed_at timestamptz not null,
      next_review_at timestamptz not null,
      last_reviewed_by_name text,
      created_at timestamptz not null default now(),
      created_by_staff_id uuid references staff_member(id),
      created_by_name text not null,
      updated_at timestamptz not null,
      updated_by_staff_id uuid references staff_member(id),
      updated_by_name text not null
    );
    create index knowledge_base_entry_tenant on knowledge_base_entry (tenant_id, status);
    create index knowledge_base_entry_review on knowledge_base_entry (tenant_id, next_review_at)
      where status <> 'archived';
  `,
  );
}
