/**
 * The keys that protect personal data at rest (issue #14, decision 0034), read from the environment:
 *
 * - `DATA_ENCRYPTION_KEYS`: comma-separated `id:base64key`, each key 32 random bytes (AES-256-GCM).
 *   The first is current: everything is sealed under it. The others only open what was sealed
 *   before a rotation, until the background re-sealing has moved every row to the current key.
 * - `DATA_LOOKUP_KEY`: base64 of at least 32 random bytes, the HMAC-SHA256 key of the keyed hashes
 *   that personnummer are looked up by (never the encryption keys: a hash must stay stable across a
 *   rotation of those).
 *
 * Without them, outside production, keys derived from fixed texts are used so the demo and tests run
 * with nothing configured; they protect nothing (anyone can derive them), and main.ts logs so loudly.
 * In production a missing key is a configuration error: config.ts asks for them wherever the
 * production guard applies (NODE_ENV=production or an https PUBLIC_URL), unless INGANG_DEMO=true
 * declares a public demo of test personas (production-guard.ts).
 */
import crypto from 'node:crypto';

export interface DataKey {
  /** Stored with every sealed value: 1–16 letters, digits, `_` or `-`. */
  id: string;
  key: Buffer;
}

export interface DataKeySettings {
  /** The current key first, then older keys still accepted for opening. */
  encryptionKeys: DataKey[];
  lookupKey: Buffer;
  /** True when a key was derived because none was configured (development, demo, tests). */
  development: boolean;
}

/** A configuration error in the key variables; the message names the variable, never key material. */
export class DataKeyConfigError extends Error {}

const KEY_ID = /^[A-Za-z0-9_-]{1,16}$/;
const BASE64 = /^[A-Za-z0-9+/_-]+={0,2}$/;

/** The id of the derived development key (what a fresh demo database is sealed under). */
export const DEVELOPMENT_KEY_ID = 'dev';

function derived(label: string): Buffer {
  return crypto.createHash('sha256').update(`ingang development ${label}, not secret`, 'utf8').digest();
}

function decoded(name: string, text: string, minBytes: number, maxBytes: number): Buffer {
  // Node's base64 decoder reads the URL-safe alphabet too.
  const bytes = BASE64.test(text) ? Buffer.from(text, 'base64') : undefined;
  if (!bytes || bytes.length < minBytes || bytes.length > maxBytes) {
    const size = minBytes === maxBytes ? `${minBytes} bytes` : `${minBytes}–${maxBytes} bytes`;
    throw new DataKeyConfigError(`${name} must hold base64 keys of ${size} (e.g. openssl rand -base64 32)`);
  }
  return bytes;
}

function encryptionKeysFrom(raw: string): DataKey[] {
  const keys = raw.split(',').map((entry, index) => {
    const [id = '', text = '', ...rest] = entry.trim().split(':');
    if (!KEY_ID.test(id) || rest.length > 0)
      throw new DataKeyConfigError(
        `DATA_ENCRYPTION_KEYS entry ${index + 1} must be id:base64key with an id of 1–16 letters, digits, _ or -`,
      );
    return { id, key: decoded('DATA_ENCRYPTION_KEYS', text, 32, 32) };
  });
  const ids = keys.map((key) => key.id);
  const repeated = ids.find((id, index) => ids.indexOf(id) !== index);
  if (repeated) throw new DataKeyConfigError(`DATA_ENCRYPTION_KEYS names key "${repeated}" twice`);
  return keys;
}

/**
 * Reads the data keys; throws DataKeyConfigError naming the variable. `requiredBecause` says why
 * they must be configured (the production signal), undefined where development keys may stand in;
 * without options they are required with NODE_ENV=production.
 */
export function dataKeysFrom(
  env: NodeJS.ProcessEnv,
  options: { requiredBecause: string | undefined } = {
    requiredBecause: env.NODE_ENV === 'production' ? 'NODE_ENV=production' : undefined,
  },
): DataKeySettings {
  const { requiredBecause } = options;
  const rawKeys = (env.DATA_ENCRYPTION_KEYS ?? '').trim();
  const rawLookup = (env.DATA_LOOKUP_KEY ?? '').trim();
  for (const [name, raw] of [
    ['DATA_ENCRYPTION_KEYS', rawKeys],
    ['DATA_LOOKUP_KEY', rawLookup],
  ] as const) {
    if (requiredBecause && raw === '')
      throw new DataKeyConfigError(
        `${name} is required in production (${requiredBecause}): personal data must not be sealed under the development key`,
      );
  }
  const encryptionKeys = rawKeys
    ? encryptionKeysFrom(rawKeys)
    : [{ id: DEVELOPMENT_KEY_ID, key: derived('data encryption key') }];
  const lookupKey = rawLookup ? decoded('DATA_LOOKUP_KEY', rawLookup, 32, 64) : derived('data lookup key');
  if (encryptionKeys.some((key) => key.key.equals(lookupKey)))
    throw new DataKeyConfigError('DATA_LOOKUP_KEY must differ from every key in DATA_ENCRYPTION_KEYS');
  return { encryptionKeys, lookupKey, development: !rawKeys || !rawLookup };
}
