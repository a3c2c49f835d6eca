/** Queries for the decision table (append-only: there is no update or delete here, and the database refuses both). */
import type { Insertable, Kysely } from 'kysely';
import type { Database, DecisionTable } from '../../db/schema.ts';

const DECISION_COLUMNS = [
  'id',
  'caseId',
  'outcome',
  'justification',
  'legalBasis',
  'validFrom',
  'validTo',
  'appealInformation',
  'decidedByStaffId',
  'decidedByApiClientId',
  'decidedByName',
  'decidedAt',
  'correctsDecisionId',
  'decidedByServiceVersionId',
  'decidedByRule',
  'proposalEventId',
  'automaticLegalBasis',
  // Set when the case was disposed of: the justification and the letter are gone (decision 0031).
  'disposedAt',
] as const;

/** Inserts a decision; returns its id. */
export async function insertDecision(db: Kysely<Database>, row: Insertable<DecisionTable>): Promise<string> {
  const inserted = await db.insertInto('decision').values(row).returning('id').executeTakeFirstOrThrow();
  return inserted.id;
}

/** The decisions of a case, newest first. */
export async function selectDecisionsOfCase(db: Kysely<Database>, caseId: string) {
  return db
    .selectFrom('decision')
    .select(DECISION_COLUMNS)
    .where('caseId', '=', caseId)
    .orderBy('decidedAt', 'desc')
    .orderBy('id', 'desc')
    .execute();
}

/** One decision of a case, with where its letter is stored; undefined when it is not this case's. */
export async function selectDecisionOfCase(db: Kysely<Database>, caseId: string, decisionId: string) {
  return db
    .selectFrom('decision')
    .select([...DECISION_COLUMNS, 'letterStorageKey', 'letterSizeBytes'])
    .where('caseId', '=', caseId)
    .where('id', '=', decisionId)
    .executeTakeFirst();
}

/** Whether a later decision already replaces this one. */
export async function isCorrected(db: Kysely<Database>, decisionId: string): Promise<boolean> {
  const row = await db
    .selectFrom('decision')
    .select('id')
    .where('correctsDecisionId', '=', decisionId)
    .executeTakeFirst();
  return row !== undefined;
}

/** Which of these storage keys name a file of this module (the orphan file sweeper asks). */
export async function selectStorageKeysInUse(db: Kysely<Database>, keys: string[]): Promise<string[]> {
  if (keys.length === 0) return [];
  const rows = await db
    .selectFrom('decision')
    .select('letterStorageKey as key')
    .where('letterStorageKey', 'in', keys)
    .execute();
  return rows.flatMap((row) => row.key ?? []);
}
