/** SQL for tenants and their life events. */
import type { Kysely } from 'kysely';
import type { Database, TenantSettings } from '../../db/schema.ts';
import type { LocalizedText } from '../i18n/i18n.ts';

export interface Tenant {
  id: string;
  slug: string;
  name: string;
  referencePrefix: string;
  settings: TenantSettings;
}

export interface LifeEvent {
  id: string;
  slug: string;
  title: LocalizedText;
  description: LocalizedText;
  position: number;
}

export async function selectTenants(db: Kysely<Database>): Promise<Tenant[]> {
  return db
    .selectFrom('tenant')
    .select(['id', 'slug', 'name', 'referencePrefix', 'settings'])
    .orderBy('name')
    .execute();
}

export async function upsertTenant(db: Kysely<Database>, tenant: Omit<Tenant, 'id'>): Promise<string> {
  const row = await db
    .insertInto('tenant')
    .values({ ...tenant, settings: JSON.stringify(tenant.settings) })
    .onConflict((conflict) =>
      conflict.column('slug').doUpdateSet({
        name: tenant.name,
        referencePrefix: tenant.referencePrefix,
        settings: JSON.stringify(tenant.settings),
      }),
    )
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export async function selectLifeEvents(db: Kysely<Database>, tenantId: string): Promise<LifeEvent[]> {
  return db
    .selectFrom('lifeEvent')
    .select(['id', 'slug', 'title', 'description', 'position'])
    .where('tenantId', '=', tenantId)
    .orderBy('position')
    .execute();
}

export async function upsertLifeEvent(
  db: Kysely<Database>,
  tenantId: string,
  event: Omit<LifeEvent, 'id'>,
): Promise<void> {
  const values = {
    title: JSON.stringify(event.title),
    description: JSON.stringify(event.description),
    position: event.position,
  };
  await db
    .insertInto('lifeEvent')
    .values({ tenantId, slug: event.slug, ...values })
    .onConflict((conflict) => conflict.columns(['tenantId', 'slug']).doUpdateSet(values))
    .execute();
}

/** Replaces a tenant's settings (the contact page's details, issue #13). */
export async function updateTenantSettings(
  db: Kysely<Database>,
  tenantId: string,
  settings: TenantSettings,
): Promise<boolean> {
  const result = await db
    .updateTable('tenant')
    .set({ settings: JSON.stringify(settings) })
    .where('id', '=', tenantId)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}
