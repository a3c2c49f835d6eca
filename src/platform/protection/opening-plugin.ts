/**
 * Reads open what protection at rest sealed (decision 0034): a Kysely plugin on the application's
 * database handle (wired in the composition root) that opens, in every result row,
 *
 * - a `personalIdentityNumber` column holding a sealed text (the person table's personnummer),
 * - the sealed values of an `answers` column (drafts and cases, also a query's aggregate of them),
 * - the sealed values of `data.previousAnswers` (the history event of an answered completion).
 *
 * So every module, raw SQL included, reads plaintext without knowing of the sealing; writes seal
 * explicitly (the stores take StoredAnswers), because only the writer knows the form's fields.
 * Columns are recognised by name and values by their sealed shape, so nothing else is touched.
 */
import type {
  Kysely,
  KyselyPlugin,
  PluginTransformQueryArgs,
  PluginTransformResultArgs,
  QueryResult,
  RootOperationNode,
  UnknownRow,
} from 'kysely';
import type { DataKeySettings } from './data-keys.ts';
import {
  createDataProtection,
  type DataProtection,
  isSealedText,
  PERSON_NUMBER_PURPOSE,
} from './data-protection.ts';

type JsonObject = Record<string, unknown>;

const isObject = (value: unknown): value is JsonObject =>
  typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Date);

/** One row with its sealed columns opened (the same row when it has none). */
export function openRow(protection: DataProtection, row: UnknownRow): UnknownRow {
  let opened: UnknownRow | undefined;
  const set = (key: string, value: unknown) => {
    if (row[key] === value) return;
    opened ??= { ...row };
    opened[key] = value;
  };
  const number = row.personalIdentityNumber;
  if (isSealedText(number)) set('personalIdentityNumber', protection.openText(number, PERSON_NUMBER_PURPOSE));
  if (isObject(row.answers)) set('answers', protection.openAnswers(row.answers));
  const data = row.data;
  if (isObject(data) && isObject(data.previousAnswers)) {
    const previous = protection.openAnswers(data.previousAnswers);
    if (previous !== data.previousAnswers) set('data', { ...data, previousAnswers: previous });
  }
  return opened ?? row;
}

/** The plugin: queries pass unchanged, result rows are opened. */
export function openingPlugin(protection: DataProtection): KyselyPlugin {
  return {
    transformQuery: (args: PluginTransformQueryArgs): RootOperationNode => args.node,
    async transformResult(args: PluginTransformResultArgs): Promise<QueryResult<UnknownRow>> {
      const { result } = args;
      if (result.rows.length === 0) return result;
      return { ...result, rows: result.rows.map((row) => openRow(protection, row)) };
    },
  };
}

/**
 * The application's handle on the database: the codec over the configured keys, and the database
 * whose reads open what it sealed. The composition roots (app.ts, the job thread, the CLI) use it.
 */
export function withDataProtection<DB>(
  db: Kysely<DB>,
  settings: DataKeySettings,
): { db: Kysely<DB>; protection: DataProtection } {
  const protection = createDataProtection(settings);
  return { db: db.withPlugin(openingPlugin(protection)), protection };
}
