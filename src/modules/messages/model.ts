/** Rules for case messages and their attachments (issue #3). Pure: no I/O. */
import { type Language, translate } from '../../platform/i18n/i18n.ts';
import { messageTexts } from './message-texts.ts';

/** The database allows 1–10 000 characters (`case_message.body`). */
export const MAX_BODY_LENGTH = 10_000;
export const MAX_FILES = 3;
export const MAX_FILE_BYTES = 10 * 1024 * 1024;
/** Types we accept, as sniffed from the file's first bytes (never the name or the declared type). */
export const ACCEPTED_TYPES: readonly string[] = ['application/pdf', 'image/jpeg', 'image/png'];

/** Who wrote a message; the other side is who reads it. */
export type MessageSide = 'resident' | 'officer';

export type FileProblemKind = 'wrongType' | 'tooLarge' | 'tooMany' | 'infected' | 'notScanned';

/** A file already written to storage, waiting for its message row (removed again if that fails). */
export interface StagedFile {
  filename: string;
  contentType: string;
  storageKey: string;
  sizeBytes: number;
  sha256: string;
}

/** A file that was not stored, and why. */
export interface RefusedFile {
  filename: string;
  problem: FileProblemKind;
}

export interface MessageFiles {
  staged: StagedFile[];
  refused: RefusedFile[];
}

export const NO_FILES: MessageFiles = { staged: [], refused: [] };

export type MessageProblemKey =
  | 'bodyMissing'
  | 'bodyTooLong'
  | 'fileWrongType'
  | 'fileTooLarge'
  | 'fileInfected'
  | 'fileNotScanned'
  | 'tooManyFiles'
  | 'noApplicant';

/** One validation problem: the form field it belongs to, a text key and its parameters. */
export interface MessageProblem {
  field: 'body' | 'files';
  key: MessageProblemKey;
  params: Record<string, string | number>;
}

/** The side whose messages are unread for `reader` (a resident reads the officers' messages). */
export function authorReadBy(reader: MessageSide): MessageSide {
  return reader === 'resident' ? 'officer' : 'resident';
}

/** Line breaks as `\n`, surrounding blank space removed; inner line breaks are kept. */
export function normaliseBody(raw: string): string {
  return raw.replace(/\r\n?/g, '\n').trim();
}

/** Characters as the database counts them (code points, not UTF-16 units). */
export function characterCount(text: string): number {
  return [...text].length;
}

export function isAcceptedAttachmentType(contentType: string): boolean {
  return ACCEPTED_TYPES.includes(contentType.split(';')[0]?.trim().toLowerCase() ?? '');
}

const FILE_KEYS: Record<Exclude<FileProblemKind, 'tooMany'>, MessageProblemKey> = {
  wrongType: 'fileWrongType',
  tooLarge: 'fileTooLarge',
  infected: 'fileInfected',
  notScanned: 'fileNotScanned',
};

/** Everything wrong with a message about to be sent (empty when it may be sent). */
export function validateMessage(body: string, files: MessageFiles): MessageProblem[] {
  const problems: MessageProblem[] = [];
  const length = characterCount(body);
  if (length === 0) problems.push({ field: 'body', key: 'bodyMissing', params: {} });
  if (length > MAX_BODY_LENGTH) {
    problems.push({ field: 'body', key: 'bodyTooLong', params: { max: MAX_BODY_LENGTH, length } });
  }
  for (const file of files.refused) {
    if (file.problem !== 'tooMany') {
      problems.push({ field: 'files', key: FILE_KEYS[file.problem], params: { name: file.filename } });
    }
  }
  if (files.staged.length + files.refused.length > MAX_FILES) {
    problems.push({ field: 'files', key: 'tooManyFiles', params: { max: MAX_FILES } });
  }
  return problems;
}

/** A problem in words. */
export function problemText(problem: MessageProblem, lang: Language): string {
  const params = { ...problem.params };
  if (typeof params.max === 'number')
    params.max = params.max.toLocaleString(lang === 'sv' ? 'sv-SE' : 'en-GB');
  return translate(messageTexts, lang, problem.key, params);
}

/** Whether an id can be a row id (anything else is simply not found). */
export function isRowId(id: string): boolean {
  return /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(id);
}
