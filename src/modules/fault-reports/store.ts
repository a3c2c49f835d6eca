/** SQL for `fault_report` (issue #11, decision 0015): written with the case, kept with its status, searched by place. */
import { type Kysely, type RawBuilder, sql } from 'kysely';
import type { Database, StatusCategory } from '../../db/schema.ts';
import { boxAround, EARTH_RADIUS_M } from './model.ts';

/** The values of a new report; the case's id and reference come from the case's own statement. */
export interface NewFaultReport {
  tenantId: string;
  category: string;
  latitude: number | null;
  longitude: number | null;
  status: string;
  statusCategory: StatusCategory;
  submittedAt: Date;
  expectedAt: Date | null;
}

/**
 * The report's row, written in the statement that makes its case (decision 0005): nothing when the
 * statement makes no case (its guard found no draft), so the id is null.
 */
export function insertFaultReportSql(
  caseId: RawBuilder<string>,
  reference: RawBuilder<string>,
  report: NewFaultReport,
): RawBuilder<unknown> {
  return sql`insert into fault_report (case_id, tenant_id, reference, category, latitude, longitude, status,
      status_category, submitted_at, updated_at, expected_at)
    select ${caseId}, ${report.tenantId}::uuid, ${reference}, ${report.category}, ${report.latitude}::double precision,
      ${report.longitude}::double precision, ${report.status}, ${report.statusCategory},
      ${report.submittedAt}::timestamptz, ${report.submittedAt}::timestamptz, ${report.expectedAt}::timestamptz
    where ${caseId} is not null`;
}

const reportColumns = [
  'caseId',
  'tenantId',
  'reference',
  'category',
  'latitude',
  'longitude',
  'status',
  'statusCategory',
  'open',
  'submittedAt',
  'updatedAt',
  'expectedAt',
  'fixedAt',
  'notFixedCount',
  'mergedInto',
  'mergedAt',
] as const;

export async function selectFaultReport(db: Kysely<Database>, caseId: string) {
  return db.selectFrom('faultReport').select(reportColumns).where('caseId', '=', caseId).executeTakeFirst();
}

export type FaultReportRow = NonNullable<Awaited<ReturnType<typeof selectFaultReport>>>;

/** The report of a follow-up token's hash in a tenant; undefined for a token of no report there. */
export async function selectFaultReportByToken(db: Kysely<Database>, tenantId: string, tokenHash: string) {
  return db
    .selectFrom('faultReport')
    .select(reportColumns)
    .where('followTokenHash', '=', tokenHash)
    .where('tenantId', '=', tenantId)
    .executeTakeFirst();
}

/** Whether the tenant has any fault report at all. */
export async function selectAnyReport(db: Kysely<Database>, tenantId: string) {
  return db
    .selectFrom('faultReport')
    .select('caseId')
    .where('tenantId', '=', tenantId)
    .limit(1)
    .executeTakeFirst();
}

/** Whether the report's follow-up token has this hash. */
export async function tokenHashMatches(db: Kysely<Database>, caseId: string, tokenHash: string) {
  const row = await db
    .selectFrom('faultReport')
    .select('caseId')
    .where('caseId', '=', caseId)
    .where('followTokenHash', '=', tokenHash)
    .executeTakeFirst();
  return row !== undefined;
}

/** Stores a new follow-up token's hash (the old token stops working); false when there is no report. */
export async function updateTokenHash(db: Kysely<Database>, caseId: string, tokenHash: string) {
  const result = await db
    .updateTable('faultReport')
    .set({ followTokenHash: tokenHash })
    .where('caseId', '=', caseId)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** Keeps the report's copy of its case's status (and the fixed time) in the change's transaction. */
export async function updateReportStatus(
  db: Kysely<Database>,
  caseId: string,
  change: { status: string; statusCategory: StatusCategory; fixedAt: Date | null; at: Date },
) {
  await db
    .updateTable('faultReport')
    .set({
      status: change.status,
      statusCategory: change.statusCategory,
      fixedAt: change.fixedAt,
      updatedAt: change.at,
    })
    .where('caseId', '=', caseId)
    .execute();
}

/** Counts one more "not fixed" from the reporter. */
export async function incrementNotFixed(db: Kysely<Database>, caseId: string) {
  await db
    .updateTable('faultReport')
    .set((eb) => ({ notFixedCount: eb('notFixedCount', '+', 1) }))
    .where('caseId', '=', caseId)
    .execute();
}

/** A changed place or category (a completion replaced the answers). */
export async function updateReportedFault(
  db: Kysely<Database>,
  caseId: string,
  fault: { category: string; latitude: number | null; longitude: number | null; at: Date },
) {
  await db
    .updateTable('faultReport')
    .set({
      category: fault.category,
      latitude: fault.latitude,
      longitude: fault.longitude,
      updatedAt: fault.at,
    })
    .where('caseId', '=', caseId)
    .execute();
}

/** The position of a page of the public list: the last row's submission time and case id. */
export interface OpenReportCursor {
  submittedAt: Date;
  caseId: string;
}

/** The partial indexes' own predicate, written as they are (a bound `= true` would not match them). */
const openOnly = sql<boolean>`fault_report.open`;

const publicColumns = [
  'caseId',
  'reference',
  'category',
  'latitude',
  'longitude',
  'status',
  'statusCategory',
  'submittedAt',
  'updatedAt',
] as const;

/**
 * One page of a tenant's open reports, newest first, after the cursor (keyset on the partial index
 * fault_report_open_recent); only columns that may be shown to anyone.
 */
export async function selectOpenReports(
  db: Kysely<Database>,
  tenantId: string,
  filter: { category?: string; cursor?: OpenReportCursor; limit: number },
) {
  let query = db
    .selectFrom('faultReport')
    .select(publicColumns)
    .where('tenantId', '=', tenantId)
    .where(openOnly);
  if (filter.category) query = query.where('category', '=', filter.category);
  if (filter.cursor)
    query = query.where(
      sql<boolean>`(submitted_at, case_id) < (${filter.cursor.submittedAt}::timestamptz, ${filter.cursor.caseId}::uuid)`,
    );
  return query.orderBy('submittedAt', 'desc').orderBy('caseId', 'desc').limit(filter.limit).execute();
}

/** What else a nearby search may require (the duplicate suggestions): all on the indexed row. */
export interface NearbyFilter {
  category?: string;
  submittedFrom?: Date;
  submittedTo?: Date;
  exceptCaseId?: string;
}

/** One report of a tenant by its reference, open or not, in the public columns only. */
export function selectPublicReport(db: Kysely<Database>, tenantId: string, reference: string) {
  return db
    .selectFrom('faultReport')
    .select(publicColumns)
    .where('tenantId', '=', tenantId)
    .where('reference', '=', reference)
    .executeTakeFirst();
}

/**
 * Open reports within `radiusMeters` of a point, nearest first: the bounding box on the index
 * fault_report_open_position narrows the rows, then the exact (haversine) distance decides.
 */
export async function selectNearbyOpenReports(
  db: Kysely<Database>,
  tenantId: string,
  centre: { latitude: number; longitude: number; radiusMeters: number; limit: number },
  only: NearbyFilter = {},
) {
  const box = boxAround(centre.latitude, centre.longitude, centre.radiusMeters);
  const lat = sql`${centre.latitude}::double precision`;
  const lon = sql`${centre.longitude}::double precision`;
  const distance = sql<number>`2 * ${EARTH_RADIUS_M}::double precision * asin(least(1, sqrt(
      power(sin(radians(latitude - ${lat}) / 2), 2)
      + cos(radians(${lat})) * cos(radians(latitude)) * power(sin(radians(longitude - ${lon}) / 2), 2))))`;
  return db
    .selectFrom((eb) =>
      eb
        .selectFrom('faultReport')
        .select([...publicColumns, distance.as('distanceMeters')])
        .where('tenantId', '=', tenantId)
        .where(openOnly)
        .where('latitude', 'is not', null)
        .where('latitude', '>=', box.south)
        .where('latitude', '<=', box.north)
        .where('longitude', '>=', box.west)
        .where('longitude', '<=', box.east)
        .$if(only.category !== undefined, (query) => query.where('category', '=', only.category as string))
        .$if(only.submittedFrom !== undefined, (query) =>
          query.where('submittedAt', '>=', only.submittedFrom as Date),
        )
        .$if(only.submittedTo !== undefined, (query) =>
          query.where('submittedAt', '<=', only.submittedTo as Date),
        )
        .$if(only.exceptCaseId !== undefined, (query) =>
          query.where('caseId', '<>', only.exceptCaseId as string),
        )
        .as('candidate'),
    )
    .selectAll()
    .where('distanceMeters', '<=', centre.radiusMeters)
    .orderBy('distanceMeters')
    .orderBy('caseId')
    .limit(centre.limit)
    .execute();
}

/** What Open311 `GET requests` filters by (all optional); `cursor` continues after a page's last row. */
export interface ReportFilter {
  /** Case ids (the primary key; at least one): Open311 ids are looked up as case references first. */
  caseIds?: string[];
  categories?: string[];
  /** true: open reports only (the partial index); false: closed ones only. */
  open?: boolean;
  from?: Date;
  to?: Date;
  cursor?: OpenReportCursor;
  limit: number;
}

/**
 * A page of a tenant's reports, newest first (keyset on fault_report_recent or, for open ones,
 * fault_report_open_recent): public columns plus the reference and the expected time.
 */
export async function selectReports(db: Kysely<Database>, tenantId: string, filter: ReportFilter) {
  let query = db
    .selectFrom('faultReport')
    .select([...publicColumns, 'reference', 'expectedAt'])
    .where('tenantId', '=', tenantId);
  if (filter.open === true) query = query.where(openOnly);
  if (filter.open === false) query = query.where(sql<boolean>`not fault_report.open`);
  if (filter.caseIds) query = query.where('caseId', 'in', filter.caseIds);
  if (filter.categories) query = query.where('category', 'in', filter.categories);
  if (filter.from) query = query.where('submittedAt', '>=', filter.from);
  if (filter.to) query = query.where('submittedAt', '<=', filter.to);
  if (filter.cursor)
    query = query.where(
      sql<boolean>`(submitted_at, case_id) < (${filter.cursor.submittedAt}::timestamptz, ${filter.cursor.caseId}::uuid)`,
    );
  return query.orderBy('submittedAt', 'desc').orderBy('caseId', 'desc').limit(filter.limit).execute();
}

export type ReportListRow = Awaited<ReturnType<typeof selectReports>>[number];

/** Records that a report was merged into the kept one (decision 0018). */
export async function markMerged(db: Kysely<Database>, caseId: string, keptCaseId: string, at: Date) {
  await db
    .updateTable('faultReport')
    .set({ mergedInto: keptCaseId, mergedAt: at, updatedAt: at })
    .where('caseId', '=', caseId)
    .execute();
}

/**
 * Reports merged into `fromCaseId` now follow `toCaseId` (a kept report merged in turn), so that
 * `merged_into` always names a report that is not merged itself; their references.
 */
export async function moveMergedReports(db: Kysely<Database>, fromCaseId: string, toCaseId: string) {
  const moved = await db
    .updateTable('faultReport')
    .set({ mergedInto: toCaseId })
    .where('mergedInto', '=', fromCaseId)
    .returning('reference')
    .execute();
  return moved.map((row) => row.reference);
}

/**
 * The cases these reports are followed in: a merged report's kept case, any other its own (merged
 * reports always name a kept report that is not merged itself). Ids of no report are left out.
 */
export async function selectFollowedCaseIds(db: Kysely<Database>, caseIds: readonly string[]) {
  if (caseIds.length === 0) return [];
  const rows = await db
    .selectFrom('faultReport')
    .select((eb) => eb.fn.coalesce('mergedInto', 'caseId').as('followed'))
    .where('caseId', 'in', [...caseIds])
    .execute();
  return rows.map((row) => row.followed);
}

/** An officer reopened a merged report: it stands on its own again. */
export async function clearMerged(db: Kysely<Database>, caseId: string) {
  await db
    .updateTable('faultReport')
    .set({ mergedInto: null, mergedAt: null })
    .where('caseId', '=', caseId)
    .execute();
}
