/** SQL for `digital_support_offer` and `digital_support_interview` (migration 0021, modules/digital-support). */
import { type Kysely, sql } from 'kysely';
import type { Database } from '../../db/schema.ts';
import type { Interview } from './interview-model.ts';
import type { CheckedOffer, Offer, OfferDetails } from './model.ts';

const OFFER_COLUMNS = [
  'id',
  'tenantId',
  'status',
  'name',
  'providerName',
  'providerKind',
  'operatingModel',
  'targetGroups',
  'channels',
  'locality',
  'details',
  'updatedAt',
] as const;

type OfferRow = Awaited<ReturnType<typeof offerQuery>>[number];
const offerQuery = (db: Kysely<Database>, tenantId: string) =>
  db.selectFrom('digitalSupportOffer').select(OFFER_COLUMNS).where('tenantId', '=', tenantId).execute();

// The codes were checked on the way in (model.ts checkOffer); the row is read back as the model's type.
const toOffer = (row: OfferRow): Offer =>
  ({ ...row, details: row.details as unknown as OfferDetails, updatedAt: new Date(row.updatedAt) }) as Offer;

/** The tenant's offers, optionally only the published ones, by name. */
export async function selectOffers(
  db: Kysely<Database>,
  tenantId: string,
  publishedOnly: boolean,
): Promise<Offer[]> {
  let query = db.selectFrom('digitalSupportOffer').select(OFFER_COLUMNS).where('tenantId', '=', tenantId);
  if (publishedOnly) query = query.where('status', '=', 'published');
  const rows = await query.orderBy('name').orderBy('id').execute();
  return rows.map(toOffer);
}

/** One offer of the tenant, if it exists. */
export async function selectOffer(
  db: Kysely<Database>,
  tenantId: string,
  id: string,
): Promise<Offer | undefined> {
  const row = await db
    .selectFrom('digitalSupportOffer')
    .select(OFFER_COLUMNS)
    .where('tenantId', '=', tenantId)
    .where('id', '=', id)
    .executeTakeFirst();
  return row ? toOffer(row) : undefined;
}

const offerValues = (offer: CheckedOffer) => ({
  status: offer.status,
  name: offer.name,
  providerName: offer.providerName,
  providerKind: offer.providerKind,
  operatingModel: offer.operatingModel,
  targetGroups: JSON.stringify(offer.targetGroups),
  channels: JSON.stringify(offer.channels),
  locality: offer.locality,
  details: JSON.stringify(offer.details),
});

/** Adds an offer; returns its id. */
export async function insertOffer(
  db: Kysely<Database>,
  tenantId: string,
  offer: CheckedOffer,
  at: Date,
): Promise<string> {
  const row = await db
    .insertInto('digitalSupportOffer')
    .values({ tenantId, ...offerValues(offer), createdAt: at, updatedAt: at })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/** Replaces an offer of the tenant; false when there is none with that id. */
export async function updateOffer(
  db: Kysely<Database>,
  tenantId: string,
  id: string,
  offer: CheckedOffer,
  at: Date,
): Promise<boolean> {
  const result = await db
    .updateTable('digitalSupportOffer')
    .set({ ...offerValues(offer), updatedAt: at })
    .where('tenantId', '=', tenantId)
    .where('id', '=', id)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

/** Whether the tenant has any offer (the demo seeds only an empty directory). */
export async function hasOffers(db: Kysely<Database>, tenantId: string): Promise<boolean> {
  const row = await db
    .selectFrom('digitalSupportOffer')
    .select('id')
    .where('tenantId', '=', tenantId)
    .limit(1)
    .executeTakeFirst();
  return row !== undefined;
}

/** Stores one interview. */
export async function insertInterview(
  db: Kysely<Database>,
  tenantId: string,
  interview: Interview,
  at: Date,
): Promise<void> {
  await db
    .insertInto('digitalSupportInterview')
    .values({
      tenantId,
      interviewedOn: interview.interviewedOn,
      targetGroup: interview.targetGroup,
      lifeSituation: interview.lifeSituation,
      servicesUsed: JSON.stringify(interview.servicesUsed),
      difficulties: JSON.stringify(interview.difficulties),
      helpReceived: JSON.stringify(interview.helpReceived),
      helpMissing: JSON.stringify(interview.helpMissing),
      note: interview.note,
      createdAt: at,
    })
    .execute();
}

/** The tenant's interviews, newest first (codes only; at most `limit`). */
export async function selectInterviews(
  db: Kysely<Database>,
  tenantId: string,
  limit = 10_000,
): Promise<Interview[]> {
  const rows = await db
    .selectFrom('digitalSupportInterview')
    .select([
      sql<string>`interviewed_on::text`.as('interviewedOn'),
      'targetGroup',
      'lifeSituation',
      'servicesUsed',
      'difficulties',
      'helpReceived',
      'helpMissing',
      'note',
    ])
    .where('tenantId', '=', tenantId)
    .orderBy('interviewedOn', 'desc')
    .orderBy('createdAt', 'desc')
    .limit(limit)
    .execute();
  // The codes were checked on the way in (interview-model.ts checkInterview).
  return rows as Interview[];
}
