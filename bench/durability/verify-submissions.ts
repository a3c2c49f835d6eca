/**
 * After the crashes: every acknowledged submission exists exactly once, with its history event,
 * its outbox job and its photo (row and file, right size and SHA-256); no draft became two cases;
 * no case reference was handed out twice.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { dataKeysFrom } from '../../src/platform/protection/data-keys.ts';
import { createDataProtection } from '../../src/platform/protection/data-protection.ts';
import { createLocalFileStorage, type FileStorage } from '../../src/platform/storage/file-storage.ts';
import { sealedFileStorage } from '../../src/platform/storage/sealed-file-storage.ts';
import type { Acknowledged } from './fault-report.ts';
import type { Sql } from './result.ts';

export interface SubmissionAudit {
  failures: string[];
  /** Interrupted submits whose case had already been committed before the kill (the retry found it). */
  committedBeforeKill: number;
  /** Files in DATA_DIR/files that no attachment row names (stored, then the process died). */
  orphanFiles: number;
  casesInDatabase: number;
}

interface CaseRow {
  id: string;
  reference: string;
  draft_id: string;
  submitted_at: Date | string;
  draft_status: string | null;
  draft_case_id: string | null;
}

interface AttachmentRow {
  case_id: string | null;
  filename: string;
  size_bytes: number;
  sha256: string;
  storage_key: string;
}

type FileFacts = { sizeBytes: number; sha256: string } | undefined;

/**
 * The stored files, read as the application reads them: sealed at rest (decision 0034) under the
 * keys this process's environment gives the servers it starts (the development keys unless
 * DATA_ENCRYPTION_KEYS is set), so a size or hash is of the plaintext and a damaged file fails to open.
 */
function storageOf(filesDir: string) {
  const protection = createDataProtection(dataKeysFrom(process.env, { requiredBecause: undefined }));
  return sealedFileStorage(createLocalFileStorage(filesDir), protection);
}

async function fileFacts(storage: FileStorage, filesDir: string, key: string): Promise<FileFacts> {
  if (!fs.existsSync(path.join(filesDir, key.slice(0, 2), key))) return undefined;
  const hash = crypto.createHash('sha256');
  let sizeBytes = 0;
  try {
    for await (const chunk of storage.read(key) as AsyncIterable<Buffer>) {
      sizeBytes += chunk.length;
      hash.update(chunk);
    }
  } catch {
    return { sizeBytes: -1, sha256: 'does not open' };
  }
  return { sizeBytes, sha256: hash.digest('hex') };
}

/** Facts of every named file, read once. */
async function factsOf(filesDir: string, keys: string[]): Promise<Map<string, FileFacts>> {
  const storage = storageOf(filesDir);
  const facts = new Map<string, FileFacts>();
  for (const key of new Set(keys)) facts.set(key, await fileFacts(storage, filesDir, key));
  return facts;
}

/** Rows of `sql` grouped by `key`. */
function groupBy<T>(rows: T[], key: (row: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const row of rows) groups.set(key(row), [...(groups.get(key(row)) ?? []), row]);
  return groups;
}

async function countsByCase(db: Sql, text: string, caseIds: string[]): Promise<Map<string, number>> {
  const { rows } = await db.query(text, [caseIds]);
  return new Map(rows.map((row: { case_id: string; n: number }) => [row.case_id, Number(row.n)]));
}

/** Checks one acknowledged submission against its rows and file. */
function checkOne(
  ack: Acknowledged,
  found: CaseRow[],
  attachments: AttachmentRow[],
  counts: { events: number; jobs: number },
  files: Map<string, FileFacts>,
): string[] {
  const where = `${ack.reference} (draft ${ack.draftId})`;
  const [row] = found;
  if (!row) return [`LOST: ${where} was acknowledged but is not in the database`];
  const problems: string[] = [];
  if (found.length > 1) problems.push(`${where} exists ${found.length} times`);
  if (row.draft_id !== ack.draftId) problems.push(`${where}: the case belongs to draft ${row.draft_id}`);
  if (row.draft_status !== 'submitted' || row.draft_case_id !== row.id)
    problems.push(`${where}: draft is ${row.draft_status} with case ${row.draft_case_id}`);
  if (counts.events !== 1) problems.push(`${where}: ${counts.events} 'submitted' history events`);
  if (counts.jobs !== 1) problems.push(`${where}: ${counts.jobs} case.submitted outbox jobs`);
  if (attachments.length !== 1) problems.push(`${where}: ${attachments.length} attachment rows, expected 1`);
  const [attachment] = attachments;
  if (!attachment) return problems;
  if (attachment.filename !== ack.photo.filename)
    problems.push(`${where}: attachment is ${attachment.filename}`);
  if (attachment.sha256 !== ack.photo.sha256 || Number(attachment.size_bytes) !== ack.photo.sizeBytes)
    problems.push(`${where}: attachment row has other size or SHA-256 than the upload`);
  const file = files.get(attachment.storage_key);
  if (!file) problems.push(`LOST FILE: ${where}: ${attachment.storage_key} is missing from DATA_DIR/files`);
  else if (file.sha256 !== ack.photo.sha256 || file.sizeBytes !== ack.photo.sizeBytes)
    problems.push(`${where}: the stored file differs from the upload (${file.sizeBytes} bytes)`);
  return problems;
}

/** Whole-database invariants: one case per draft, unique references, counters ahead of every number. */
async function checkInvariants(
  db: Sql,
  filesDir: string,
): Promise<{ failures: string[]; orphanFiles: number; files: Map<string, FileFacts> }> {
  const failures: string[] = [];
  const twice = async (what: string, text: string) => {
    const { rows } = await db.query(text);
    for (const row of rows) failures.push(`${what}: ${JSON.stringify(row)}`);
  };
  await twice(
    'a draft with more than one case',
    // Cases opened without a draft (the demo's seeded fault reports, other channels) have none.
    'select draft_id, count(*)::int as n from "case" where draft_id is not null group by 1 having count(*) > 1',
  );
  await twice(
    'a reference given twice',
    'select reference, count(*)::int as n from "case" group by 1 having count(*) > 1',
  );
  await twice(
    'a sequence number given twice',
    `select tenant_id, split_part(reference, '-', 2) as year, split_part(reference, '-', 3) as number, count(*)::int as n
       from "case" group by 1, 2, 3 having count(*) > 1`,
  );
  await twice(
    'a reference counter behind its cases',
    `select c.tenant_id, max(split_part(c.reference, '-', 3)::int) as highest, r.last_value
       from "case" c left join case_reference_counter r
         on r.tenant_id = c.tenant_id and r.year = split_part(c.reference, '-', 2)::int
      group by c.tenant_id, split_part(c.reference, '-', 2), r.last_value
     having r.last_value is null or max(split_part(c.reference, '-', 3)::int) > r.last_value`,
  );
  await twice(
    'a submitted draft without its case',
    `select d.id from draft d left join "case" c on c.draft_id = d.id
      where d.status = 'submitted' and d.completes_case_id is null and (c.id is null or d.case_id <> c.id)`,
  );
  const { rows } = await db.query('select storage_key, size_bytes from attachment');
  const keys = new Set<string>();
  const attachmentRows = rows as { storage_key: string; size_bytes: number }[];
  const files = await factsOf(
    filesDir,
    attachmentRows.map((row) => row.storage_key),
  );
  for (const row of attachmentRows) {
    keys.add(row.storage_key);
    const file = files.get(row.storage_key);
    if (!file || file.sizeBytes !== Number(row.size_bytes))
      failures.push(`attachment row ${row.storage_key} has no intact file (${file?.sizeBytes ?? 'missing'})`);
  }
  const onDisk = fs.existsSync(filesDir)
    ? fs.readdirSync(filesDir).flatMap((dir) => fs.readdirSync(path.join(filesDir, dir)))
    : [];
  return { failures, orphanFiles: onDisk.filter((name) => !keys.has(name)).length, files };
}

/** Verifies the acknowledged submissions in the database and DATA_DIR/files. */
export async function auditSubmissions(
  db: Sql,
  dataDir: string,
  acknowledged: Acknowledged[],
): Promise<SubmissionAudit> {
  const filesDir = path.join(dataDir, 'files');
  const references = acknowledged.map((ack) => ack.reference);
  const { rows: caseRows } = await db.query(
    `select c.id, c.reference, c.draft_id, c.submitted_at, d.status as draft_status, d.case_id as draft_case_id
       from "case" c left join draft d on d.id = c.draft_id where c.reference = any($1::text[])`,
    [references],
  );
  const cases = groupBy(caseRows as CaseRow[], (row) => row.reference);
  const caseIds = (caseRows as CaseRow[]).map((row) => row.id);
  const { rows: attachmentRows } = await db.query(
    'select case_id, filename, size_bytes, sha256, storage_key from attachment where case_id = any($1::uuid[])',
    [caseIds],
  );
  const attachments = groupBy(attachmentRows as AttachmentRow[], (row) => String(row.case_id));
  const events = await countsByCase(
    db,
    `select case_id, count(*)::int as n from case_event where type = 'submitted' and case_id = any($1::uuid[]) group by 1`,
    caseIds,
  );
  const jobs = await countsByCase(
    db,
    `select payload->>'caseId' as case_id, count(*)::int as n from outbox
      where topic = 'case.submitted' and payload->>'caseId' = any($1::text[]) group by 1`,
    caseIds,
  );
  // Every attachment's file is read once, by the whole-database checks, and looked up here.
  const invariants = await checkInvariants(db, filesDir);
  const { files } = invariants;
  const failures: string[] = [];
  let committedBeforeKill = 0;
  for (const ack of acknowledged) {
    const found = cases.get(ack.reference) ?? [];
    const id = found[0]?.id ?? '';
    failures.push(
      ...checkOne(
        ack,
        found,
        attachments.get(id) ?? [],
        { events: events.get(id) ?? 0, jobs: jobs.get(id) ?? 0 },
        files,
      ),
    );
    const firstBreak = ack.interruptedSubmits[0];
    if (found[0] && firstBreak !== undefined && new Date(found[0].submitted_at).getTime() < firstBreak)
      committedBeforeKill++;
  }
  const { rows: total } = await db.query('select count(*)::int as n from "case"');
  return {
    failures: [...failures, ...invariants.failures],
    committedBeforeKill,
    orphanFiles: invariants.orphanFiles,
    casesInDatabase: Number(total[0]?.n ?? 0),
  };
}
