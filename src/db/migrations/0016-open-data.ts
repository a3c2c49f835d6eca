/**
 * Issue #12, open data (modules/open-data, docs/open-data.md): per tenant, which datasets it
 * publishes and who publishes them. The publisher is what the DCAT-AP-SE catalogue names
 * (`dcterms:publisher`, a foaf:Agent): the municipality's URI, its organisation number (Swedish
 * municipalities have 212000-xxxx), and a contact point (name and e-mail, vcard). The licence is an
 * URI, CC0 unless the tenant chooses otherwise. One row per tenant; no row means nothing is
 * published and the catalogue answers 404.
 */
import type { Kysely } from 'kysely';
import { executeStatements } from '../migrate-support.ts';

export async function up(db: Kysely<unknown>): Promise<void> {
  await executeStatements(
    db,
    `
    create table open_data_settings (
      tenant_id uuid primary key references tenant(id),
      datasets jsonb not null default '[]' check (jsonb_typeof(datasets) = 'array'),
      publisher_uri text not null check (publisher_uri ~ '^https?://'),
      organisation_number text not null check (organisation_number ~ '^[0-9]{6}-[0-9]{4}$'),
      contact_name text not null check (length(contact_name) between 1 and 200),
      contact_email text not null check (length(contact_email) between 3 and 254),
      licence_uri text not null default 'http://creativecommons.org/publicdomain/zero/1.0/',
      updated_at timestamptz not null default now()
    );
  `,
  );
}
