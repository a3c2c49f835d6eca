/**
 * The SQL of re-sealing (decision 0034): rows whose sealed values are not under the current data key
 * (`sealed_key_id` differs, '' for a row not yet sealed), a batch at a time. These are the only
 * statements outside the profile, applications and cases modules that read or write person, draft,
 * case and case_event: the rows are handed back exactly as they were, sealed under another key.
 *
 * A batch is selected `for update skip locked`: processes re-sealing side by side take different
 * rows and never wait for one another or for a request that holds a row. Written rows carry the
 * current key, so they no longer match: the work resumes wherever it stopped, with no cursor.
 * `<` or `>` rather than `<>`, so that the (partial) sealed_key_id indexes are range-scanned.
 * Answers are sealed by their version's form, read before the batch's transaction begins (embedded
 * PGlite has one connection: a read beside an open transaction would wait for it forever), so
 * drafts, cases and events are first picked without a lock, then locked by id.
 */
import { type Kysely, sql } from 'kysely';
import type { Database } from '../../db/schema.ts';

export type SealedTable = 'person' | 'draft' | 'case' | 'caseEvent';
export const SEALED_TABLES: readonly SealedTable[] = ['person', 'draft', 'case', 'caseEvent'];

const ids = (rows: readonly { id: string }[]) => rows.map((row) => row.id);

/** Persons whose personnummer is not under `keyId`, locked. */
export async function lockPersonsToReseal(db: Kysely<Database>, keyId: string, limit: number) {
  const result = await sql<{ id: string; personalIdentityNumber: string }>`
    select id, personal_identity_number from person
    where sealed_key_id < ${keyId} or sealed_key_id > ${keyId}
    limit ${limit} for update skip locked`.execute(db);
  return result.rows;
}

export async function updatePersons(
  db: Kysely<Database>,
  keyId: string,
  rows: readonly { id: string; sealed: string; hash: string }[],
) {
  await sql`update person p set personal_identity_number = v.sealed, personal_identity_number_hash = v.hash,
      sealed_key_id = ${keyId}
    from unnest(${ids(rows)}::uuid[], ${rows.map((row) => row.sealed)}::text[], ${rows.map((row) => row.hash)}::text[])
      as v(id, sealed, hash)
    where p.id = v.id`.execute(db);
}

/** Up to `limit` rows of a table with answers not under `keyId`, and their service versions; no lock. */
export async function candidatesToReseal(
  db: Kysely<Database>,
  table: Exclude<SealedTable, 'person'>,
  keyId: string,
  limit: number,
) {
  const query =
    table === 'draft'
      ? sql<{ id: string; serviceVersionId: string }>`select id, service_version_id from draft
          where sealed_key_id < ${keyId} or sealed_key_id > ${keyId} limit ${limit}`
      : table === 'case'
        ? sql<{ id: string; serviceVersionId: string }>`select id, service_version_id from "case"
            where sealed_key_id < ${keyId} or sealed_key_id > ${keyId} limit ${limit}`
        : sql<{ id: string; serviceVersionId: string }>`select e.id, c.service_version_id
            from case_event e join "case" c on c.id = e.case_id
            where e.sealed_key_id < ${keyId} or e.sealed_key_id > ${keyId} limit ${limit}`;
  return (await query.execute(db)).rows.map((row) => ({ ...row, id: String(row.id) }));
}

/** Those of the drafts that still are not under `keyId`, locked. */
export async function lockDraftsToReseal(db: Kysely<Database>, keyId: string, draftIds: readonly string[]) {
  const result = await sql<{ id: string; serviceVersionId: string; answers: Record<string, unknown> }>`
    select id, service_version_id, answers from draft
    where id = any(${[...draftIds]}::uuid[]) and (sealed_key_id < ${keyId} or sealed_key_id > ${keyId})
    for update skip locked`.execute(db);
  return result.rows;
}

export async function updateDrafts(
  db: Kysely<Database>,
  rows: readonly { id: string; answers: string; keyId: string | null }[],
) {
  await sql`update draft d set answers = v.answers::jsonb, sealed_key_id = v.key_id
    from unnest(${ids(rows)}::uuid[], ${rows.map((row) => row.answers)}::text[], ${rows.map((row) => row.keyId)}::text[])
      as v(id, answers, key_id)
    where d.id = v.id`.execute(db);
}

/** Those of the cases that still are not under `keyId`, locked. */
export async function lockCasesToReseal(db: Kysely<Database>, keyId: string, caseIds: readonly string[]) {
  const result = await sql<{ id: string; serviceVersionId: string; answers: Record<string, unknown> }>`
    select id, service_version_id, answers from "case"
    where id = any(${[...caseIds]}::uuid[]) and (sealed_key_id < ${keyId} or sealed_key_id > ${keyId})
    for update skip locked`.execute(db);
  return result.rows;
}

export async function updateCases(
  db: Kysely<Database>,
  rows: readonly { id: string; answers: string; keyId: string | null; hashes: string | null }[],
) {
  // An archived case is read-only but for this (migration 0026): the same answers, sealed anew.
  await sql`select set_config('ingang.reseal', 'on', true)`.execute(db);
  // The hashes travel as one text each ('{…}' array literals): unnest cannot take an array of arrays.
  await sql`update "case" c set answers = v.answers::jsonb, sealed_key_id = v.key_id,
      personal_identity_number_hashes = v.hashes::text[]
    from unnest(${ids(rows)}::uuid[], ${rows.map((row) => row.answers)}::text[],
      ${rows.map((row) => row.keyId)}::text[], ${rows.map((row) => row.hashes)}::text[]) as v(id, answers, key_id, hashes)
    where c.id = v.id`.execute(db);
}

/** Those of the history events that still are not under `keyId`, with their case's version, locked. */
export async function lockEventsToReseal(db: Kysely<Database>, keyId: string, eventIds: readonly string[]) {
  const result = await sql<{ id: string; serviceVersionId: string; data: Record<string, unknown> }>`
    select e.id, c.service_version_id, e.data from case_event e join "case" c on c.id = e.case_id
    where e.id = any(${[...eventIds]}::bigint[]) and (e.sealed_key_id < ${keyId} or e.sealed_key_id > ${keyId})
    for update of e skip locked`.execute(db);
  return result.rows;
}

export async function updateEvents(
  db: Kysely<Database>,
  rows: readonly { id: string; data: string; keyId: string | null }[],
) {
  await sql`update case_event e set data = v.data::jsonb, sealed_key_id = v.key_id
    from unnest(${rows.map((row) => String(row.id))}::bigint[], ${rows.map((row) => row.data)}::text[],
      ${rows.map((row) => row.keyId)}::text[]) as v(id, data, key_id)
    where e.id = v.id`.execute(db);
}

/** Rows per sealed_key_id of each table ('' = not sealed yet); rows with nothing sealed are not counted. */
export async function countByKey(db: Kysely<Database>): Promise<Record<SealedTable, Record<string, number>>> {
  const result = await sql<{ kind: SealedTable; keyId: string; n: number }>`
    select 'person' as kind, sealed_key_id as key_id, count(*)::int as n from person
      where sealed_key_id is not null group by sealed_key_id
    union all select 'draft', sealed_key_id, count(*)::int from draft
      where sealed_key_id is not null group by sealed_key_id
    union all select 'case', sealed_key_id, count(*)::int from "case"
      where sealed_key_id is not null group by sealed_key_id
    union all select 'caseEvent', sealed_key_id, count(*)::int from case_event
      where sealed_key_id is not null group by sealed_key_id`.execute(db);
  const counts: Record<SealedTable, Record<string, number>> = {
    person: {},
    draft: {},
    case: {},
    caseEvent: {},
  };
  for (const row of result.rows) counts[row.kind][row.keyId] = row.n;
  return counts;
}

/** Whether any person is not sealed yet ('' : rows from before migration 0026, or written unsealed). */
export async function anyPersonUnsealed(db: Kysely<Database>): Promise<boolean> {
  const result = await sql<{ found: boolean }>`
    select exists (select 1 from person where sealed_key_id = '') as found`.execute(db);
  return result.rows[0]?.found ?? false;
}
