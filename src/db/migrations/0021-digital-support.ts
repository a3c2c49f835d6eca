/**
 * Issue #13, the digital-support directory (modules/digital-support, docs/digital-support.md,
 * decision 0029).
 *
 * - `digital_support_offer`: one offer of digital support in the uniform structure. What residents
 *   filter on and the coordinator counts (status, operating model, provider kind, target groups,
 *   channels, locality) are columns; the rest of the description (service promise, how it works,
 *   resources, indicators, the organisation's contact, …) is one jsonb document the module checks.
 * - `digital_support_interview`: a structured needs interview, stored without the person: code
 *   lists and an optional short note that the module refuses if it holds a personnummer, an e-mail
 *   address or a phone number. No name, no personnummer, no link to a person.
 */
import type { Kysely } from 'kysely';
import { executeStatements } from '../migrate-support.ts';

export async function up(db: Kysely<unknown>): Promise<void> {
  await executeStatements(
    db,
    `
    create table digital_support_offer (
      id uuid primary key default gen_random_uuid(),
      tenant_id uuid not null references tenant(id),
      status text not null default 'draft' check (status in ('draft', 'published')),
      name text not null check (length(name) between 1 and 200),
      provider_name text not null check (length(provider_name) between 1 and 200),
      provider_kind text not null,
      operating_model text not null,
      target_groups jsonb not null check (jsonb_typeof(target_groups) = 'array'),
      channels jsonb not null check (jsonb_typeof(channels) = 'array'),
      locality text not null default '',
      details jsonb not null check (jsonb_typeof(details) = 'object'),
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now()
    );
    create index digital_support_offer_tenant on digital_support_offer (tenant_id, status, name);

    create table digital_support_interview (
      id uuid primary key default gen_random_uuid(),
      tenant_id uuid not null references tenant(id),
      interviewed_on date not null,
      target_group text not null,
      life_situation text not null,
      services_used jsonb not null check (jsonb_typeof(services_used) = 'array'),
      difficulties jsonb not null check (jsonb_typeof(difficulties) = 'array'),
      help_received jsonb not null check (jsonb_typeof(help_received) = 'array'),
      help_missing jsonb not null check (jsonb_typeof(help_missing) = 'array'),
      note text not null default '' check (length(note) <= 500),
      created_at timestamptz not null default now()
    );
    create index digital_support_interview_tenant on digital_support_interview (tenant_id, interviewed_on);
  `,
  );
}
