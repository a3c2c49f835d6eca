/**
 * The webhook signature (issue #12): `Ingang-Signature: t=<unix seconds>,v1=<hex>` where the hex is
 * HMAC-SHA256 with the subscription's secret over `<t>.<body>`. The time is signed with the body, so
 * a captured request cannot be replayed later with a fresh time; receivers refuse old times.
 */
import crypto from 'node:crypto';

export const SIGNATURE_HEADER = 'ingang-signature';

/** The hex HMAC-SHA256 of `<t>.<body>` under the secret. */
export function signatureOf(secret: string, timestamp: number, body: string): string {
  return crypto.createHmac('sha256', secret).update(`${timestamp}.${body}`, 'utf8').digest('hex');
}

/** The signature header's value for a body sent at `at`. */
export function signatureHeader(secret: string, body: string, at: Date): string {
  const timestamp = Math.floor(at.getTime() / 1000);
  return `t=${timestamp},v1=${signatureOf(secret, timestamp, body)}`;
}

/**
 * Verifies a signature header as a receiver should: a `v1` that matches in constant time and a time
 * within `toleranceSeconds` of `now` (default five minutes).
 */
export function verifySignature(
  secret: string,
  header: string,
  body: string,
  options: { now?: Date; toleranceSeconds?: number } = {},
): boolean {
  const parts = new Map(
    header.split(',').map((part) => {
      const at = part.indexOf('=');
      return [part.slice(0, at).trim(), part.slice(at + 1).trim()] as const;
    }),
  );
  const timestamp = Number(parts.get('t'));
  const given = parts.get('v1') ?? '';
  if (!Number.isInteger(timestamp) || !/^[0-9a-f]{64}$/.test(given)) return false;
  const now = (options.now ?? new Date()).getTime() / 1000;
  if (Math.abs(now - timestamp) > (options.toleranceSeconds ?? 300)) return false;
  const expected = Buffer.from(signatureOf(secret, timestamp, body), 'hex');
  return crypto.timingSafeEqual(expected, Buffer.from(given, 'hex'));
}
