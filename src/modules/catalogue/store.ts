/** SQL for services and their versions. */
import { type Kysely, sql } from 'kysely';
import type { Database } from '../../db/schema.ts';
import type { ServiceDefinition } from '../forms/definition.ts';
import type { ServiceVersion } from './model.ts';

const versionColumns = [
  'id',
  'serviceId',
  'tenantId',
  'version',
  'status',
  'publishedFrom',
  'definition',
] as const;

/** A version's columns with its service's slug, for queries of `serviceVersion as v` joined to `service as s`. */
const sluggedVersionColumns = [
  's.slug',
  'v.id',
  'v.serviceId',
  'v.tenantId',
  'v.version',
  'v.status',
  'v.publishedFrom',
  'v.definition',
] as const;

/** The live version of every service of a tenant (one query). */
export async function selectLiveVersions(db: Kysely<Database>, tenantId: string, now: Date) {
  return db
    .selectFrom('serviceVersion as v')
    .innerJoin('service as s', 's.id', 'v.serviceId')
    .select(sluggedVersionColumns)
    .where('v.tenantId', '=', tenantId)
    .where('v.status', '=', 'published')
    .where('v.publishedFrom', '<=', now)
    .where(({ not, exists, selectFrom }) =>
      not(
        exists(
          selectFrom('serviceVersion as newer')
            .select('newer.id')
            .whereRef('newer.serviceId', '=', 'v.serviceId')
            .where('newer.status', '=', 'published')
            .where('newer.publishedFrom', '<=', now)
            .whereRef('newer.version', '>', 'v.version'),
        ),
      ),
    )
    .execute();
}

export async function selectServiceSlugById(
  db: Kysely<Database>,
  serviceId: string,
): Promise<string | undefined> {
  const row = await db.selectFrom('service').select('slug').where('id', '=', serviceId).executeTakeFirst();
  return row?.slug;
}

/** The tenant a service belongs to, or undefined. */
export async function selectServiceTenant(
  db: Kysely<Database>,
  serviceId: string,
): Promise<string | undefined> {
  const row = await db
    .selectFrom('service')
    .select('tenantId')
    .where('id', '=', serviceId)
    .executeTakeFirst();
  return row?.tenantId;
}

export async function selectServiceBySlug(db: Kysely<Database>, tenantId: string, slug: string) {
  return db
    .selectFrom('service')
    .select(['id', 'slug', 'tenantId'])
    .where('tenantId', '=', tenantId)
    .where('slug', '=', slug)
    .executeTakeFirst();
}

export async function selectVersions(db: Kysely<Database>, serviceId: string): Promise<ServiceVersion[]> {
  return db
    .selectFrom('serviceVersion')
    .select(versionColumns)
    .where('serviceId', '=', serviceId)
    .orderBy('version')
    .execute();
}

/** Every version of every service of a tenant with the service's slug (one query), by slug and version. */
export async function selectTenantVersions(db: Kysely<Database>, tenantId: string) {
  return db
    .selectFrom('serviceVersion as v')
    .innerJoin('service as s', 's.id', 'v.serviceId')
    .select(sluggedVersionColumns)
    .where('v.tenantId', '=', tenantId)
    .orderBy('s.slug')
    .orderBy('v.version')
    .execute();
}

export async function selectVersionById(
  db: Kysely<Database>,
  id: string,
): Promise<ServiceVersion | undefined> {
  return db.selectFrom('serviceVersion').select(versionColumns).where('id', '=', id).executeTakeFirst();
}

export async function insertService(db: Kysely<Database>, tenantId: string, slug: string): Promise<string> {
  const row = await db
    .insertInto('service')
    .values({ tenantId, slug })
    .onConflict((conflict) => conflict.columns(['tenantId', 'slug']).doUpdateSet({ slug }))
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export async function insertDraftVersion(
  db: Kysely<Database>,
  tenantId: string,
  serviceId: string,
  definition: ServiceDefinition,
): Promise<ServiceVersion> {
  const next = await db
    .selectFrom('serviceVersion')
    .select(sql<number>`coalesce(max(version), 0) + 1`.as('next'))
    .where('serviceId', '=', serviceId)
    .executeTakeFirstOrThrow();
  return db
    .insertInto('serviceVersion')
    .values({
      tenantId,
      serviceId,
      version: next.next,
      status: 'draft',
      definition: JSON.stringify(definition),
    })
    .returning(versionColumns)
    .executeTakeFirstOrThrow();
}

export async function updateDraftDefinition(
  db: Kysely<Database>,
  versionId: string,
  definition: ServiceDefinition,
  now: Date,
) {
  return db
    .updateTable('serviceVersion')
    .set({ definition: JSON.stringify(definition), updatedAt: now })
    .where('id', '=', versionId)
    .where('status', '=', 'draft')
    .executeTakeFirst();
}

/** Publishes a version only while it is still a draft; false when it no longer is. */
export async function publishDraftVersion(
  db: Kysely<Database>,
  versionId: string,
  publishedFrom: Date,
  now: Date,
): Promise<boolean> {
  const result = await db
    .updateTable('serviceVersion')
    .set({ status: 'published', publishedFrom, updatedAt: now })
    .where('id', '=', versionId)
    .where('status', '=', 'draft')
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

export async function updateVersionStatus(
  db: Kysely<Database>,
  versionId: string,
  status: 'published' | 'retired',
  publishedFrom: Date | undefined,
  now: Date,
) {
  return db
    .updateTable('serviceVersion')
    .set({ status, updatedAt: now, ...(publishedFrom ? { publishedFrom } : {}) })
    .where('id', '=', versionId)
    .executeTakeFirst();
}

/** Full-text search over live versions, Swedish and English configurations, best match first. */
export async function searchLiveVersions(
  db: Kysely<Database>,
  tenantId: string,
  prefixQuery: string,
  now: Date,
) {
  const sv = sql`to_tsquery('swedish', ${prefixQuery})`;
  const en = sql`to_tsquery('english', ${prefixQuery})`;
  const live = await selectLiveVersions(db, tenantId, now);
  if (live.length === 0) return [];
  const ranked = await db
    .selectFrom('serviceVersion')
    .select(['id', sql<number>`greatest(ts_rank(search_sv, ${sv}), ts_rank(search_en, ${en}))`.as('rank')])
    .where(
      'id',
      'in',
      live.map((version) => version.id),
    )
    .where(sql<boolean>`search_sv @@ ${sv} or search_en @@ ${en}`)
    .orderBy('rank', 'desc')
    .execute();
  const byId = new Map(live.map((version) => [version.id, version]));
  return ranked.map((row) => byId.get(row.id)).filter((version) => version !== undefined);
}
