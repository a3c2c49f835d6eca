/**
 * Secrets the server must be able to use again, not only recognise (a webhook's signing secret: the
 * server computes HMACs with it), so a hash (secrets.ts) will not do. Sealed with AES-256-GCM under a
 * key from the environment (WEBHOOK_SECRET_KEY), so a copy of the database alone does not reveal
 * them; without a key they are kept as given, marked `plain:` so a key added later still reads them.
 */
import crypto from 'node:crypto';

/** A 256-bit key from the configured text (any length; 32 random bytes in base64 are recommended). */
export function sealingKey(configured: string | undefined): Buffer | undefined {
  return configured ? crypto.createHash('sha256').update(configured, 'utf8').digest() : undefined;
}

/** Seals a secret: `gcm1:<iv>.<tag>.<ciphertext>` (base64url) under the key, or `plain:<secret>`. */
export function sealSecret(secret: string, key: Buffer | undefined): string {
  if (!key) return `plain:${secret}`;
  const iv = crypto.randomBytes(12);
  const cipher = crypto.createCipheriv('aes-256-gcm', key, iv);
  const sealed = Buffer.concat([cipher.update(secret, 'utf8'), cipher.final()]);
  const parts = [iv, cipher.getAuthTag(), sealed].map((part) => part.toString('base64url'));
  return `gcm1:${parts.join('.')}`;
}

/** Opens a sealed secret; throws when it was sealed under another key (or no key is configured). */
export function unsealSecret(sealed: string, key: Buffer | undefined): string {
  if (sealed.startsWith('plain:')) return sealed.slice('plain:'.length);
  const [iv, tag, data] = sealed.slice('gcm1:'.length).split('.');
  if (!sealed.startsWith('gcm1:') || !iv || !tag || data === undefined)
    throw new Error('not a sealed secret');
  if (!key) throw new Error('the secret is sealed, but WEBHOOK_SECRET_KEY is not set');
  const decipher = crypto.createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url'));
  decipher.setAuthTag(Buffer.from(tag, 'base64url'));
  return Buffer.concat([decipher.update(Buffer.from(data, 'base64url')), decipher.final()]).toString('utf8');
}
