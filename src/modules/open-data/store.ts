/** SQL for `open_data_settings` (migration 0016, owned by modules/open-data). */
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';

export interface SettingsRow {
  datasets: string[];
  publisherUri: string;
  organisationNumber: string;
  contactName: string;
  contactEmail: string;
  licenceUri: string;
  updatedAt: Date;
}

/** The tenant's open data settings, if it has any. */
export async function selectSettings(
  db: Kysely<Database>,
  tenantId: string,
): Promise<SettingsRow | undefined> {
  const row = await db
    .selectFrom('openDataSettings')
    .select([
      'datasets',
      'publisherUri',
      'organisationNumber',
      'contactName',
      'contactEmail',
      'licenceUri',
      'updatedAt',
    ])
    .where('tenantId', '=', tenantId)
    .executeTakeFirst();
  return row ? { ...row, updatedAt: new Date(row.updatedAt) } : undefined;
}

/** Creates or replaces the tenant's settings (the licence is kept unless given). */
export async function upsertSettings(
  db: Kysely<Database>,
  tenantId: string,
  settings: Omit<SettingsRow, 'updatedAt' | 'licenceUri'> & { licenceUri?: string },
  at: Date,
): Promise<void> {
  const values = {
    datasets: JSON.stringify(settings.datasets),
    publisherUri: settings.publisherUri,
    organisationNumber: settings.organisationNumber,
    contactName: settings.contactName,
    contactEmail: settings.contactEmail,
    ...(settings.licenceUri ? { licenceUri: settings.licenceUri } : {}),
    updatedAt: at,
  };
  await db
    .insertInto('openDataSettings')
    .values({ tenantId, ...values })
    .onConflict((oc) => oc.column('tenantId').doUpdateSet(values))
    .execute();
}
