/**
 * Secrets the server must be able to use again, not only recognise (a webhook's signing secret: the
 * server computes HMACs with it), so a hash (secrets.ts) will not do. Sealed with AES-256-GCM under a
 * key from the environment (WEBHOOK_SECRET_KEY), so a copy of the database alone does not reveal
 * them; without a key they are kept as given, marked `plain:` so a key added later still reads them.
 * The AES-256-GCM primitive here (gcmSeal, gcmOpen) also seals personal data at rest under the data
 * keys (platform/protection, decision 0034).
 */
import crypto from 'node:crypto';

const IV_BYTES = 12;
const TAG_BYTES = 16;

/** A 256-bit key from the configured text (any length; 32 random bytes in base64 are recommended). */
export function sealingKey(configured: string | undefined): Buffer | undefined {
  return configured ? crypto.createHash('sha256').update(configured, 'utf8').digest() : undefined;
}

/** AES-256-GCM under a fresh random 96-bit IV: `iv ‖ ciphertext ‖ tag`; `aad` is authenticated, not stored. */
export function gcmSeal(key: Buffer, plaintext: Buffer, aad?: Buffer): Buffer {
  const iv = crypto.randomBytes(IV_BYTES);
  const cipher = crypto.createCipheriv('aes-256-gcm', key, iv);
  if (aad) cipher.setAAD(aad);
  const data = Buffer.concat([cipher.update(plaintext), cipher.final()]);
  return Buffer.concat([iv, data, cipher.getAuthTag()]);
}

/** Opens gcmSeal's output; throws when the key, the AAD or any byte differs. */
export function gcmOpen(key: Buffer, sealed: Buffer, aad?: Buffer): Buffer {
  if (sealed.length < IV_BYTES + TAG_BYTES) throw new Error('sealed data is too short');
  const iv = sealed.subarray(0, IV_BYTES);
  const tag = sealed.subarray(sealed.length - TAG_BYTES);
  const decipher = crypto.createDecipheriv('aes-256-gcm', key, iv);
  if (aad) decipher.setAAD(aad);
  decipher.setAuthTag(tag);
  return Buffer.concat([
    decipher.update(sealed.subarray(IV_BYTES, sealed.length - TAG_BYTES)),
    decipher.final(),
  ]);
}

/** Seals a secret: `gcm1:<iv>.<tag>.<ciphertext>` (base64url) under the key, or `plain:<secret>`. */
export function sealSecret(secret: string, key: Buffer | undefined): string {
  if (!key) return `plain:${secret}`;
  const sealed = gcmSeal(key, Buffer.from(secret, 'utf8'));
  const iv = sealed.subarray(0, IV_BYTES);
  const tag = sealed.subarray(sealed.length - TAG_BYTES);
  const data = sealed.subarray(IV_BYTES, sealed.length - TAG_BYTES);
  return `gcm1:${[iv, tag, data].map((part) => part.toString('base64url')).join('.')}`;
}

/** Opens a sealed secret; throws when it was sealed under another key (or no key is configured). */
export function unsealSecret(sealed: string, key: Buffer | undefined): string {
  if (sealed.startsWith('plain:')) return sealed.slice('plain:'.length);
  const [iv, tag, data] = sealed.slice('gcm1:'.length).split('.');
  if (!sealed.startsWith('gcm1:') || !iv || !tag || data === undefined)
    throw new Error('not a sealed secret');
  if (!key) throw new Error('the secret is sealed, but WEBHOOK_SECRET_KEY is not set');
  const parts = [iv, data, tag].map((part) => Buffer.from(part, 'base64url'));
  return gcmOpen(key, Buffer.concat(parts)).toString('utf8');
}
