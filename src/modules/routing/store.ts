/** SQL for plain-language routing: admins' synonyms and the history examples. */
import { type Kysely, sql } from 'kysely';
import type { Database } from '../../db/schema.ts';

/** The classifier reads at most this many of a tenant's newest examples. */
export const HISTORY_LIMIT = 5000;

export async function selectSynonyms(db: Kysely<Database>, tenantId: string) {
  return db
    .selectFrom('routingSynonym')
    .where('tenantId', '=', tenantId)
    .select(['id', 'phrase', 'serviceId', 'words', 'createdAt'])
    .orderBy('phrase')
    .execute();
}

export type SynonymRow = Awaited<ReturnType<typeof selectSynonyms>>[number];

export async function insertSynonym(
  db: Kysely<Database>,
  values: { tenantId: string; phrase: string; serviceId: string | null; words: string },
): Promise<string> {
  const row = await db.insertInto('routingSynonym').values(values).returning('id').executeTakeFirstOrThrow();
  return row.id;
}

/** Deletes one of the tenant's synonyms; returns what it was, or undefined when there was none. */
export async function deleteSynonym(db: Kysely<Database>, tenantId: string, id: string) {
  return db
    .deleteFrom('routingSynonym')
    .where('tenantId', '=', tenantId)
    .where('id', '=', id)
    .returning(['phrase', 'serviceId', 'words'])
    .executeTakeFirst();
}

export async function selectExamples(db: Kysely<Database>, tenantId: string) {
  return db
    .selectFrom('routingExample')
    .where('tenantId', '=', tenantId)
    .select(['query', 'serviceId', 'weight'])
    .orderBy('id', 'desc')
    .limit(HISTORY_LIMIT)
    .execute();
}

export async function insertExamples(
  db: Kysely<Database>,
  rows: readonly {
    tenantId: string;
    query: string;
    serviceId: string;
    source: 'choice' | 'correction';
    weight: number;
    sessionId?: string | null;
    personId?: string | null;
    caseId?: string | null;
    createdAt: Date;
  }[],
): Promise<void> {
  if (rows.length > 0)
    await db
      .insertInto('routingExample')
      .values([...rows])
      .execute();
}

/** How many choices one session recorded since `since`, and whether it already chose this pair. */
export async function sessionChoices(
  db: Kysely<Database>,
  sessionId: string,
  since: Date,
  pair: { query: string; serviceId: string },
) {
  const row = await db
    .selectFrom('routingExample')
    .where('sessionId', '=', sessionId)
    .where('createdAt', '>=', since)
    .select([
      sql<number>`count(*)::int`.as('count'),
      sql<boolean>`coalesce(bool_or(query = ${pair.query} and service_id = ${pair.serviceId}), false)`.as(
        'repeated',
      ),
    ])
    .executeTakeFirstOrThrow();
  return { count: Number(row.count), repeated: Boolean(row.repeated) };
}

/**
 * The newest choice of `serviceId` by the case's applicant (person, or the anonymous session) in the
 * day before its submission: the search that led to the case.
 */
export async function selectChoiceOfCase(
  db: Kysely<Database>,
  facts: {
    tenantId: string;
    serviceId: string;
    personId: string | null;
    sessionId: string | null;
    submittedAt: Date;
  },
) {
  if (!facts.personId && !facts.sessionId) return undefined;
  return db
    .selectFrom('routingExample')
    .where('tenantId', '=', facts.tenantId)
    .where('serviceId', '=', facts.serviceId)
    .where('source', '=', 'choice')
    .where('createdAt', '<=', facts.submittedAt)
    .where('createdAt', '>=', new Date(facts.submittedAt.getTime() - 24 * 3600_000))
    .where((eb) =>
      eb.or([
        ...(facts.personId ? [eb('personId', '=', facts.personId)] : []),
        ...(facts.sessionId ? [eb('sessionId', '=', facts.sessionId)] : []),
      ]),
    )
    .select(['id', 'query'])
    .orderBy('id', 'desc')
    .limit(1)
    .executeTakeFirst();
}

/** Forgets which session or person made a choice (once used, or after `before`). */
export async function clearLinks(db: Kysely<Database>, by: { id?: string; before?: Date }): Promise<void> {
  let query = db.updateTable('routingExample').set({ sessionId: null, personId: null });
  if (by.id) query = query.where('id', '=', by.id);
  if (by.before)
    query = query
      .where('createdAt', '<', by.before)
      .where((eb) => eb.or([eb('sessionId', 'is not', null), eb('personId', 'is not', null)]));
  await query.execute();
}
