/**
 * Bearer secrets the platform hands out once and keeps only as a hash: device tokens (sensors) and
 * client API keys (Open311). 256 random bits, URL-safe, behind a recognisable prefix so that secret
 * scanners find a leaked one.
 */
import crypto from 'node:crypto';

/** A new secret: `prefix` and 32 random bytes in base64url. */
export function newSecret(prefix: string): string {
  return `${prefix}${crypto.randomBytes(32).toString('base64url')}`;
}

/** The SHA-256 (hex) the database keeps of a secret. */
export function secretHash(secret: string): string {
  return crypto.createHash('sha256').update(secret, 'utf8').digest('hex');
}
