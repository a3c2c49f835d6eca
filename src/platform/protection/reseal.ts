/**
 * Re-sealing (issue #14, decision 0034): one mechanism for both
 *
 * - a key rotation: DATA_ENCRYPTION_KEYS gets a new key first; rows still under an older key are
 *   opened and sealed again under the new one, a batch at a time, in the background;
 * - rows written before protection at rest (migration 0026 marked them ''): sealed the first time,
 *   their personnummer hashed. Persons are done before a process serves (look-ups need the hashes);
 *   drafts, cases and history events in the background (reads open either form meanwhile).
 *
 * Answers are sealed again by their form (the version's definition): a value is sealed exactly when
 * a new write would seal it. The database handle must be the one whose reads open sealed values.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { type DataProtection, PERSON_NUMBER_PURPOSE, type SealedFields } from './data-protection.ts';
import {
  anyPersonUnsealed,
  candidatesToReseal,
  countByKey,
  lockCasesToReseal,
  lockDraftsToReseal,
  lockEventsToReseal,
  lockPersonsToReseal,
  SEALED_TABLES,
  type SealedTable,
  updateCases,
  updateDrafts,
  updateEvents,
  updatePersons,
} from './reseal-store.ts';

export interface ResealDeps {
  db: Kysely<Database>;
  protection: DataProtection;
  /** Which answers a service version's form seals. */
  sealedFieldsOfVersion(serviceVersionId: string): Promise<SealedFields>;
}

/** The stored files' side of re-sealing (platform/storage/sealed-file-storage.ts). */
export interface SealedFiles {
  resealFiles(): Promise<number>;
  fileKeyStatus(): Promise<{ files: Record<string, number> }>;
}

/** Rows per table on each key, and what that means for a rotation. */
export interface KeyStatus {
  currentKeyId: string;
  /** Per table: rows by key id ('' = not sealed yet). */
  rows: Record<SealedTable, Record<string, number>>;
  /** Rows not under the current key (older keys and not sealed yet), all tables. */
  pending: number;
  /** Key ids rows are under that DATA_ENCRYPTION_KEYS does not have: those rows cannot be read. */
  unknownKeyIds: string[];
  /** Stored files by key id ('' = not sealed yet), when asked for (reading every file's header). */
  files?: Record<string, number>;
}

export const RESEAL_BATCH = 200;

/** What a batch of answers is sealed by: each version's sealed fields, read before its transaction. */
type FieldsByVersion = ReadonlyMap<string, SealedFields>;

/** Seals again one batch of a table's rows not under the current key; how many it wrote. */
export async function resealBatch(
  deps: ResealDeps,
  table: SealedTable,
  limit = RESEAL_BATCH,
): Promise<number> {
  if (table === 'person')
    return deps.db.transaction().execute((trx) => resealPersons({ ...deps, db: trx }, limit));
  const candidates = await candidatesToReseal(deps.db, table, deps.protection.currentKeyId, limit);
  if (candidates.length === 0) return 0;
  const fields = new Map<string, SealedFields>();
  for (const { serviceVersionId } of candidates)
    if (!fields.has(serviceVersionId))
      fields.set(serviceVersionId, await deps.sealedFieldsOfVersion(serviceVersionId));
  const ids = candidates.map((candidate) => candidate.id);
  return deps.db.transaction().execute(async (trx) => {
    const tx = { ...deps, db: trx };
    if (table === 'draft') return resealDrafts(tx, ids, fields);
    if (table === 'case') return resealCases(tx, ids, fields);
    return resealEvents(tx, ids, fields);
  });
}

async function resealPersons({ db, protection }: ResealDeps, limit: number): Promise<number> {
  const rows = await lockPersonsToReseal(db, protection.currentKeyId, limit);
  if (rows.length === 0) return 0;
  // The read opened the personnummer (or it was never sealed): seal it under the current key.
  const sealed = rows.map((row) => ({
    id: row.id,
    sealed: protection.sealText(row.personalIdentityNumber, PERSON_NUMBER_PURPOSE),
    hash: protection.lookupHash(row.personalIdentityNumber),
  }));
  await updatePersons(db, protection.currentKeyId, sealed);
  return rows.length;
}

/** The answers (as read: opened) sealed as a write of their version seals them now. */
function resealedAnswers(
  deps: ResealDeps,
  fields: FieldsByVersion,
  serviceVersionId: string,
  answers: Record<string, unknown>,
) {
  const sealed = fields.get(serviceVersionId);
  if (!sealed) throw new Error(`the fields of service version ${serviceVersionId} were not read`);
  return deps.protection.sealAnswers(sealed, { ...answers });
}

async function resealDrafts(deps: ResealDeps, ids: string[], fields: FieldsByVersion): Promise<number> {
  const rows = await lockDraftsToReseal(deps.db, deps.protection.currentKeyId, ids);
  if (rows.length === 0) return 0;
  const written = rows.map((row) => {
    const stored = resealedAnswers(deps, fields, row.serviceVersionId, row.answers);
    return { id: row.id, answers: JSON.stringify(stored.answers), keyId: stored.keyId };
  });
  await updateDrafts(deps.db, written);
  return rows.length;
}

/** A text[] literal of hashes (hex digits only, so nothing needs quoting), or null. */
const arrayLiteral = (hashes: readonly string[]) => (hashes.length > 0 ? `{${hashes.join(',')}}` : null);

async function resealCases(deps: ResealDeps, ids: string[], fields: FieldsByVersion): Promise<number> {
  const rows = await lockCasesToReseal(deps.db, deps.protection.currentKeyId, ids);
  if (rows.length === 0) return 0;
  const written = rows.map((row) => {
    const stored = resealedAnswers(deps, fields, row.serviceVersionId, row.answers);
    return {
      id: row.id,
      answers: JSON.stringify(stored.answers),
      keyId: stored.keyId,
      hashes: arrayLiteral(stored.personalIdentityNumberHashes),
    };
  });
  await updateCases(deps.db, written);
  return rows.length;
}

async function resealEvents(deps: ResealDeps, ids: string[], fields: FieldsByVersion): Promise<number> {
  const rows = await lockEventsToReseal(deps.db, deps.protection.currentKeyId, ids);
  if (rows.length === 0) return 0;
  const written = rows.map((row) => {
    const previous = row.data.previousAnswers as Record<string, unknown> | undefined;
    const stored = previous ? resealedAnswers(deps, fields, row.serviceVersionId, previous) : undefined;
    const data = stored ? { ...row.data, previousAnswers: stored.answers } : row.data;
    return { id: row.id, data: JSON.stringify(data), keyId: stored?.keyId ?? null };
  });
  await updateEvents(deps.db, written);
  return rows.length;
}

/** Re-seals every table until no batch finds a free row; rows written per table. */
export async function resealAll(
  deps: ResealDeps,
  options: { batch?: number; tables?: readonly SealedTable[] } = {},
): Promise<Record<SealedTable, number>> {
  const written: Record<SealedTable, number> = { person: 0, draft: 0, case: 0, caseEvent: 0 };
  for (const table of options.tables ?? SEALED_TABLES) {
    for (;;) {
      const count = await resealBatch(deps, table, options.batch);
      written[table] += count;
      if (count === 0) break;
      // Let requests in between batches (PGlite has one connection, the main thread one event loop).
      await new Promise((resolve) => setImmediate(resolve));
    }
  }
  return written;
}

/**
 * Seals the persons not sealed yet, before the process serves: a look-up by personnummer finds a
 * person only by the hash. Another process doing the same holds some rows: wait until they are done.
 */
export async function sealPersonsBeforeServing(deps: ResealDeps, waitMs = 200): Promise<number> {
  let written = 0;
  while (await anyPersonUnsealed(deps.db)) {
    const count = (await resealAll(deps, { tables: ['person'] })).person;
    written += count;
    if (count === 0) await new Promise((resolve) => setTimeout(resolve, waitMs));
  }
  return written;
}

/** How many rows (and, given `files`, stored files) are under which key. */
export async function keyStatus(
  deps: Pick<ResealDeps, 'db' | 'protection'>,
  files?: SealedFiles,
): Promise<KeyStatus> {
  const rows = await countByKey(deps.db);
  const stored = files ? (await files.fileKeyStatus()).files : undefined;
  const { currentKeyId, keyIds } = deps.protection;
  let pending = 0;
  const unknown = new Set<string>();
  for (const byKey of [...Object.values(rows), ...(stored ? [stored] : [])]) {
    for (const [keyId, count] of Object.entries(byKey)) {
      if (keyId !== currentKeyId) pending += count;
      if (keyId !== '' && !keyIds.includes(keyId)) unknown.add(keyId);
    }
  }
  return {
    currentKeyId,
    rows,
    pending,
    unknownKeyIds: [...unknown].sort(),
    ...(stored ? { files: stored } : {}),
  };
}

/** The data-key work of a process (main.ts, the CLI), over its database and keys. */
export interface DataKeyJobs {
  /** Before serving: every person sealed and hashed (blocks until done). */
  sealPersonsBeforeServing(): Promise<number>;
  /** The background pass: every table and stored file re-sealed under the current key; how many of each. */
  resealAll(): Promise<Record<SealedTable | 'files', number>>;
  /** Rows per key; with `files`, stored files too (reads each file's header). */
  status(options?: { files?: boolean }): Promise<KeyStatus>;
}

export function createDataKeyJobs(deps: ResealDeps & { files?: SealedFiles }): DataKeyJobs {
  // A version's form never changes once stored, so what it seals is read once per process.
  const known = new Map<string, Promise<SealedFields>>();
  const cached: ResealDeps = {
    ...deps,
    sealedFieldsOfVersion(id) {
      let fields = known.get(id);
      if (!fields) {
        fields = deps.sealedFieldsOfVersion(id);
        fields.catch(() => known.delete(id));
        known.set(id, fields);
      }
      return fields;
    },
  };
  return {
    sealPersonsBeforeServing: () => sealPersonsBeforeServing(cached),
    async resealAll() {
      const rows = await resealAll(cached);
      return { ...rows, files: deps.files ? await deps.files.resealFiles() : 0 };
    },
    status: (options) => keyStatus(cached, options?.files ? deps.files : undefined),
  };
}
