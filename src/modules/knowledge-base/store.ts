/** SQL for `knowledge_base_entry` (migration 0017, owned by modules/knowledge-base). */
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import type { EntryInput, EntryStatus } from './model.ts';

/** One entry as the module uses it (timestamps as Dates whatever the driver returns). */
export interface EntryRow {
  id: string;
  tenantId: string;
  question: string;
  answer: string;
  category: string;
  serviceIds: string[];
  ownerUnitId: string | null;
  status: EntryStatus;
  reviewIntervalMonths: number;
  lastReviewedAt: Date;
  nextReviewAt: Date;
  lastReviewedByName: string | null;
  createdAt: Date;
  createdByName: string;
  updatedAt: Date;
  updatedByName: string;
}

const COLUMNS = [
  'id',
  'tenantId',
  'question',
  'answer',
  'category',
  'serviceIds',
  'ownerUnitId',
  'status',
  'reviewIntervalMonths',
  'lastReviewedAt',
  'nextReviewAt',
  'lastReviewedByName',
  'createdAt',
  'createdByName',
  'updatedAt',
  'updatedByName',
] as const;

type Selected = Omit<EntryRow, 'lastReviewedAt' | 'nextReviewAt' | 'createdAt' | 'updatedAt'> & {
  lastReviewedAt: Date | string;
  nextReviewAt: Date | string;
  createdAt: Date | string;
  updatedAt: Date | string;
};

function toRow(row: Selected): EntryRow {
  return {
    ...row,
    lastReviewedAt: new Date(row.lastReviewedAt),
    nextReviewAt: new Date(row.nextReviewAt),
    createdAt: new Date(row.createdAt),
    updatedAt: new Date(row.updatedAt),
  };
}

/** Who wrote a change (a staff member, or the demo seed with no staff id). */
export interface Writer {
  staffId: string | null;
  name: string;
}

/** The tenant's entries of these statuses, by category then question. */
export async function selectEntries(
  db: Kysely<Database>,
  tenantId: string,
  statuses: readonly EntryStatus[],
): Promise<EntryRow[]> {
  if (statuses.length === 0) return [];
  const rows = await db
    .selectFrom('knowledgeBaseEntry')
    .select(COLUMNS)
    .where('tenantId', '=', tenantId)
    .where('status', 'in', statuses)
    .orderBy('category')
    .orderBy('question')
    .execute();
  return rows.map(toRow);
}

/** One entry of the tenant. */
export async function selectEntry(
  db: Kysely<Database>,
  tenantId: string,
  id: string,
): Promise<EntryRow | undefined> {
  const row = await db
    .selectFrom('knowledgeBaseEntry')
    .select(COLUMNS)
    .where('tenantId', '=', tenantId)
    .where('id', '=', id)
    .executeTakeFirst();
  return row ? toRow(row) : undefined;
}

/** Entries not archived whose review is due by `at`, the longest overdue first. */
export async function selectDue(db: Kysely<Database>, tenantId: string, at: Date): Promise<EntryRow[]> {
  const rows = await db
    .selectFrom('knowledgeBaseEntry')
    .select(COLUMNS)
    .where('tenantId', '=', tenantId)
    .where('status', '<>', 'archived')
    .where('nextReviewAt', '<=', at)
    .orderBy('nextReviewAt')
    .orderBy('id')
    .execute();
  return rows.map(toRow);
}

/** Adds an entry, reviewed `at`; returns its id. */
export async function insertEntry(
  db: Kysely<Database>,
  row: { tenantId: string; input: EntryInput; writer: Writer; at: Date; nextReviewAt: Date },
): Promise<string> {
  const { input, writer } = row;
  const created = await db
    .insertInto('knowledgeBaseEntry')
    .values({
      tenantId: row.tenantId,
      ...input,
      serviceIds: JSON.stringify(input.serviceIds),
      lastReviewedAt: row.at,
      nextReviewAt: row.nextReviewAt,
      lastReviewedByName: writer.name,
      createdAt: row.at,
      createdByStaffId: writer.staffId,
      createdByName: writer.name,
      updatedAt: row.at,
      updatedByStaffId: writer.staffId,
      updatedByName: writer.name,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return created.id;
}

/** Changes an entry's content (the review dates follow a changed interval); false when not found. */
export async function updateEntry(
  db: Kysely<Database>,
  row: { tenantId: string; id: string; input: EntryInput; writer: Writer; at: Date; nextReviewAt: Date },
): Promise<boolean> {
  const { input, writer } = row;
  const result = await db
    .updateTable('knowledgeBaseEntry')
    .set({
      ...input,
      serviceIds: JSON.stringify(input.serviceIds),
      nextReviewAt: row.nextReviewAt,
      updatedAt: row.at,
      updatedByStaffId: writer.staffId,
      updatedByName: writer.name,
    })
    .where('tenantId', '=', row.tenantId)
    .where('id', '=', row.id)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

/** Records a review: reviewed now, next review after the entry's interval. */
export async function updateReviewed(
  db: Kysely<Database>,
  row: { tenantId: string; id: string; name: string; at: Date; nextReviewAt: Date },
): Promise<void> {
  await db
    .updateTable('knowledgeBaseEntry')
    .set({ lastReviewedAt: row.at, nextReviewAt: row.nextReviewAt, lastReviewedByName: row.name })
    .where('tenantId', '=', row.tenantId)
    .where('id', '=', row.id)
    .execute();
}

/** Whether the tenant has an entry with this question (the demo seed's idempotence). */
export async function questionExists(db: Kysely<Database>, tenantId: string, question: string) {
  const row = await db
    .selectFrom('knowledgeBaseEntry')
    .select('id')
    .where('tenantId', '=', tenantId)
    .where('question', '=', question)
    .executeTakeFirst();
  return row !== undefined;
}
