/**
 * Protection at rest (issue #14, decision 0034): personnummer and the answers a form marks as
 * confidentiality level 3 (or as a personnummer) are stored sealed with AES-256-GCM under the current
 * data key; a personnummer is found again through its keyed hash (HMAC-SHA256) only.
 *
 * A sealed text is `aes1:<key id>:<base64url(iv ‖ ciphertext ‖ tag)>`: the key id travels with it, so
 * a rotation can open what older keys sealed. Its purpose (the column, or `answer:<field id>`) is the
 * GCM associated data: a sealed value copied into another field or column does not open.
 * In answers a sealed value is the object `{"$sealed": "<sealed text>"}`, which no form answer is.
 */
import crypto from 'node:crypto';
import { gcmOpen, gcmSeal } from '../secret-box.ts';
import type { DataKeySettings } from './data-keys.ts';

/** The marker of a sealed value in an answers object. */
export const SEALED = '$sealed';
export type SealedValue = { [SEALED]: string };

/** How a field's answer is kept: sealed, or sealed and hashed for look-ups (a personnummer). */
export type SealedFieldKind = 'confidential' | 'personalIdentityNumber';
/** The fields of a form whose answers are sealed, by id. */
export type SealedFields = ReadonlyMap<string, SealedFieldKind>;

/** Answers ready to store: sealed values in place, the key that sealed them, the personnummer hashes. */
export interface StoredAnswers {
  readonly answers: Readonly<Record<string, unknown>>;
  /** The key the sealed values are under; null when nothing is sealed. */
  readonly keyId: string | null;
  /** Keyed hashes of the personnummer answers (the officers' search by personnummer). */
  readonly personalIdentityNumberHashes: readonly string[];
}

/** A sealed value that does not open: its key is not configured, or it was altered. */
export class SealedDataError extends Error {
  readonly code = 'SEALED_DATA_UNREADABLE';
}

const PREFIX = 'aes1:';
/** The purpose of the person table's personnummer column. */
export const PERSON_NUMBER_PURPOSE = 'person.personalIdentityNumber';
const STORED_FORM = Symbol('stored form');

export interface DataProtection {
  /** The id of the key new data is sealed under. */
  readonly currentKeyId: string;
  /** The ids of every configured key, current first. */
  readonly keyIds: readonly string[];
  sealText(plaintext: string, purpose: string): string;
  /** Opens a sealed text; a text that is not sealed (written before protection at rest) is returned as is. */
  openText(stored: string, purpose: string): string;
  /** The key id a sealed text names, or undefined for a text that is not sealed. */
  keyIdOf(stored: string): string | undefined;
  /** The keyed hash (hex) a personnummer (12 digits) is looked up by. */
  lookupHash(personalIdentityNumber: string): string;
  /** Seals the answers of the sealed fields; other answers are kept as they are. */
  sealAnswers(fields: SealedFields, answers: Readonly<Record<string, unknown>>): StoredAnswers;
  /** The answers with every sealed value opened (the stored form kept for storedFormOf). */
  openAnswers<T extends Record<string, unknown>>(answers: T): T;
  /** Stored answers sealed again under the current key; the personnummer hashes are not touched. */
  resealAnswers(answers: Readonly<Record<string, unknown>>): Record<string, unknown>;
}

export function isSealedText(value: unknown): value is string {
  return typeof value === 'string' && value.startsWith(PREFIX);
}

/** `{"$sealed": "aes1:…"}` and nothing else: no answer a form accepts has this shape. */
export function isSealedValue(value: unknown): value is SealedValue {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const keys = Object.keys(value);
  return keys.length === 1 && keys[0] === SEALED && isSealedText((value as Record<string, unknown>)[SEALED]);
}

/**
 * The answers as stored (sealed values sealed) when they were read from the database with sealed
 * values, else the answers themselves: for SQL that compares a row's answers with what was read.
 */
export function storedFormOf<T extends object>(answers: T): T {
  return ((answers as { [STORED_FORM]?: T })[STORED_FORM] ?? answers) as T;
}

/** Creates the codec over the configured keys. */
export function createDataProtection(settings: DataKeySettings): DataProtection {
  const [first, ...older] = settings.encryptionKeys;
  if (!first) throw new Error('no data encryption key');
  const current = first;
  const keys = new Map([current, ...older].map((key) => [key.id, key.key]));

  function keyIdOf(stored: string): string | undefined {
    if (!isSealedText(stored)) return undefined;
    return stored.slice(PREFIX.length, stored.indexOf(':', PREFIX.length));
  }

  function sealText(plaintext: string, purpose: string): string {
    const sealed = gcmSeal(current.key, Buffer.from(plaintext, 'utf8'), Buffer.from(purpose, 'utf8'));
    return `${PREFIX}${current.id}:${sealed.toString('base64url')}`;
  }

  function openText(stored: string, purpose: string): string {
    if (!isSealedText(stored)) return stored;
    const keyId = keyIdOf(stored) ?? '';
    const key = keys.get(keyId);
    if (!key)
      throw new SealedDataError(
        `data sealed under key "${keyId}" cannot be opened: DATA_ENCRYPTION_KEYS has no key with that id (it has ${[...keys.keys()].join(', ')})`,
      );
    try {
      const body = Buffer.from(stored.slice(PREFIX.length + keyId.length + 1), 'base64url');
      return gcmOpen(key, body, Buffer.from(purpose, 'utf8')).toString('utf8');
    } catch {
      throw new SealedDataError(
        `data sealed under key "${keyId}" does not open (${purpose}): the key differs from the one it was sealed with, or the data was altered`,
      );
    }
  }

  const sealValue = (fieldId: string, value: unknown): SealedValue => ({
    [SEALED]: sealText(JSON.stringify(value), `answer:${fieldId}`),
  });
  const openValue = (fieldId: string, value: SealedValue): unknown =>
    JSON.parse(openText(value[SEALED], `answer:${fieldId}`));

  const lookupHash = (number: string) =>
    crypto.createHmac('sha256', settings.lookupKey).update(`personalIdentityNumber:${number}`).digest('hex');

  return {
    currentKeyId: current.id,
    keyIds: [...keys.keys()],
    sealText,
    openText,
    keyIdOf,
    lookupHash,
    sealAnswers(fields, answers) {
      const stored: Record<string, unknown> = {};
      const hashes: string[] = [];
      let sealedAny = false;
      for (const [fieldId, value] of Object.entries(answers)) {
        const kind = fields.get(fieldId);
        // A caller passing stored answers again, or input shaped like a sealed value: never stored.
        if (isSealedValue(value))
          throw new SealedDataError(`answer ${fieldId} is shaped like a sealed value`);
        if (!kind || value === undefined || value === null || value === '') {
          stored[fieldId] = value;
          continue;
        }
        stored[fieldId] = sealValue(fieldId, value);
        sealedAny = true;
        if (kind === 'personalIdentityNumber' && typeof value === 'string' && /^\d{12}$/.test(value))
          hashes.push(lookupHash(value));
      }
      return {
        answers: stored,
        keyId: sealedAny ? current.id : null,
        personalIdentityNumberHashes: [...new Set(hashes)],
      };
    },
    openAnswers<T extends Record<string, unknown>>(answers: T): T {
      if (!Object.values(answers).some(isSealedValue)) return answers;
      const opened: Record<string, unknown> = {};
      for (const [fieldId, value] of Object.entries(answers))
        opened[fieldId] = isSealedValue(value) ? openValue(fieldId, value) : value;
      Object.defineProperty(opened, STORED_FORM, { value: answers, enumerable: false });
      return opened as T;
    },
    resealAnswers(answers) {
      const resealed: Record<string, unknown> = {};
      for (const [fieldId, value] of Object.entries(answers))
        resealed[fieldId] = isSealedValue(value) ? sealValue(fieldId, openValue(fieldId, value)) : value;
      return resealed;
    },
  };
}
