/**
 * Turns the captured SQL of one submission into a pgbench script that runs exactly those
 * statements, in order, for a different draft each transaction, and runs it.
 */
import { spawn } from 'node:child_process';
import type { CapturedStatement } from './pg-capture.ts';
import type { Queryable } from './sessions.ts';

/** The values of the captured submission that differ from one submission to the next. */
export interface SubmissionValues {
  draftId: string;
  caseId: string;
  reference: string;
  /** The reference counter value the submission got (`EXS-2026-000002` → 2). */
  sequence: number;
}

/** SQL for the uuid of pre-created draft number `n` (a pgbench variable or a column). */
export function draftIdSql(n: string): string {
  return `('00000000-0000-4000-8000-' || lpad((${n})::text, 12, '0'))::uuid`;
}

/**
 * A string literal pgbench leaves alone: pgbench reads `:name` anywhere in a command as a
 * variable, so colons (in timestamps, JSON) are written as the octal escape \072 of an E'' string.
 */
function literal(value: string): string {
  const escaped = value
    .replaceAll('\\', '\\\\')
    .replaceAll("'", "\\'")
    .replaceAll('\n', '\\n')
    .replaceAll('\r', '\\r');
  return `E'${escaped.replaceAll(':', '\\072')}'`;
}

/** How the script refers to the new case's reference: from the counter, or as the case insert returned it. */
function referenceSql(values: SubmissionValues, counterSeparate: boolean): string {
  if (!counterSeparate) return ':case_reference';
  const prefix = values.reference.slice(0, values.reference.lastIndexOf('-') + 1);
  const width = values.reference.length - prefix.length;
  return `(${literal(prefix)} || lpad((:last_value)::text, ${width}, '0'))`;
}

/** One captured parameter as SQL: the per-submission values become expressions, the rest literals. */
function parameterSql(value: string | null, values: SubmissionValues, counterSeparate: boolean): string {
  if (value === null) return 'null';
  if (value === values.draftId) return draftIdSql(':n');
  if (value === values.caseId) return ':case_id';
  const reference = referenceSql(values, counterSeparate);
  if (value === values.reference) return reference;
  if (!value.includes(values.caseId) && !value.includes(values.reference)) return literal(value);
  // JSON carrying the case id or reference (history event data, outbox payload).
  const template = literal(value.replaceAll(values.caseId, '@CASE@').replaceAll(values.reference, '@REF@'));
  return `replace(replace(${template}, '@CASE@', :case_id), '@REF@', ${reference})::jsonb`;
}

/** Collapses line breaks and indentation outside string literals: pgbench wants `\gset` on the command's line. */
function oneLine(sql: string): string {
  return sql
    .split("'")
    .map((part, index) => (index % 2 === 0 ? part.replace(/\s+/g, ' ') : part))
    .join("'")
    .trim();
}

const COUNTER = /^\s*insert into "?case_reference_counter"? /;
const CASE_INSERT = /insert into "case" \(/;

/** The captured statement with its parameters inlined, ending in `;` or a `\gset`. */
function commandFor(
  statement: CapturedStatement,
  values: SubmissionValues,
  counterSeparate: boolean,
): string {
  const sql = oneLine(statement.sql).replace(/\$(\d+)/g, (_, index: string) =>
    parameterSql(statement.params[Number(index) - 1] ?? null, values, counterSeparate),
  );
  if (COUNTER.test(statement.sql)) return `${sql} \\gset`;
  if (CASE_INSERT.test(statement.sql)) return `${sql} \\gset case_`;
  return `${sql};`;
}

/**
 * The pgbench script: transaction k of client c submits pre-created draft
 * n = base + 1,000,000·c + k (run pgbench with `-D i=0 -D base=<base>`). The new case's id (and its
 * reference, or the counter value it is made of) are read back with `\gset` for the statements after.
 */
export function pgbenchScript(statements: readonly CapturedStatement[], values: SubmissionValues): string {
  if (!statements.some((statement) => CASE_INSERT.test(statement.sql)))
    throw new Error('the captured submission has no case insert');
  const counterSeparate = statements.some((statement) => COUNTER.test(statement.sql));
  return [
    '-- The SQL of one submission (captured from the server, see bench/submit.ts), one draft per transaction.',
    '\\set i :i + 1',
    '\\set n :base + 1000000 * :client_id + :i',
    ...statements.map((statement) => commandFor(statement, values, counterSeparate)),
    '',
  ].join('\n');
}

/** Clones a complete open draft as drafts n = base + 1,000,000·c + k for c < clients, 1 ≤ k ≤ perClient. */
export async function cloneDrafts(
  db: Queryable,
  templateDraftId: string,
  base: number,
  clients: number,
  perClient: number,
): Promise<void> {
  for (let client = 0; client < clients; client++) {
    const first = base + 1_000_000 * client + 1;
    await db.query(
      `insert into draft (id, tenant_id, service_version_id, person_id, session_id, answers, current_step, status)
       select ${draftIdSql('g')}, tenant_id, service_version_id, person_id, session_id, answers, current_step, 'open'
         from draft, generate_series($2::bigint, $3::bigint) as g
        where draft.id = $1`,
      [templateDraftId, first, first + perClient - 1],
    );
  }
}

export interface PgbenchRun {
  tps: number;
  transactions: number;
  failed: number;
  output: string;
}

/** Runs pgbench on a script file; `args` e.g. ['-t', '100'] or ['-T', '20']. */
export async function runPgbench(
  databaseUrl: string,
  scriptPath: string,
  clients: number,
  base: number,
  args: string[],
): Promise<PgbenchRun> {
  const argv = ['-n', '-M', 'extended', '-c', String(clients), '-j', '2', '-D', 'i=0', '-D', `base=${base}`];
  argv.push(...args, '-f', scriptPath, databaseUrl);
  const output = await new Promise<string>((resolve, reject) => {
    const child = spawn('pgbench', argv, { stdio: ['ignore', 'pipe', 'pipe'] });
    let text = '';
    child.stdout.on('data', (chunk: Buffer) => {
      text += chunk.toString();
    });
    child.stderr.on('data', (chunk: Buffer) => {
      text += chunk.toString();
    });
    child.on('error', (error) =>
      reject(new Error(`pgbench could not run (is it installed?): ${error.message}`)),
    );
    child.on('exit', (code) =>
      code === 0 ? resolve(text) : reject(new Error(`pgbench failed (${code}):\n${text}`)),
    );
  });
  const tps = Number(/tps = ([\d.]+) \(without initial connection time\)/.exec(output)?.[1]);
  const transactions = Number(/number of transactions actually processed: (\d+)/.exec(output)?.[1]);
  const failed = Number(/number of failed transactions: (\d+)/.exec(output)?.[1] ?? 0);
  if (!Number.isFinite(tps)) throw new Error(`no tps in pgbench's output:\n${output}`);
  return { tps, transactions, failed, output };
}
