/**
 * Stored files sealed at rest (issue #14, decision 0034): uploads (a confidentiality-3 medical
 * certificate among them), message attachments and decision letters are kept encrypted, whatever
 * module stored them.
 *
 * Envelope encryption: each file has a random 256-bit file key; the file key is sealed under the
 * current data key (platform/protection) in the file's header, so a key rotation rewrites a header,
 * never a file's contents. The contents are AES-256-GCM records of 64 KiB (nonce = the record's
 * number, the last record marked as last in its associated data), so a file is opened as it streams
 * and a record altered, reordered or cut off fails rather than yield wrong bytes.
 *
 *   "INGANGF1" ‖ u16 length ‖ sealed file key ‖ record ‖ record ‖ … ‖ last record
 *
 * A file without the header was stored before files were sealed and is read as it is.
 */
import crypto from 'node:crypto';
import { Transform, type TransformCallback } from 'node:stream';
import type { DataProtection } from '../protection/data-protection.ts';

const MAGIC = Buffer.from('INGANGF1', 'ascii');
const RECORD = 64 * 1024;
const TAG = 16;
const FILE_KEY_PURPOSE = 'storage.fileKey';

/** The most bytes sealing adds to a file of `size` bytes (the header and a tag per record). */
export function sealingOverhead(size: number): number {
  return MAGIC.length + 2 + 512 + TAG * (Math.ceil(size / RECORD) + 1);
}

function nonce(index: number): Buffer {
  const bytes = Buffer.alloc(12);
  bytes.writeBigUInt64BE(BigInt(index), 4);
  return bytes;
}

function sealRecord(fileKey: Buffer, index: number, plaintext: Buffer, last: boolean): Buffer {
  const cipher = crypto.createCipheriv('aes-256-gcm', fileKey, nonce(index));
  cipher.setAAD(Buffer.from([last ? 1 : 0]));
  return Buffer.concat([cipher.update(plaintext), cipher.final(), cipher.getAuthTag()]);
}

function openRecord(fileKey: Buffer, index: number, record: Buffer, last: boolean): Buffer {
  const decipher = crypto.createDecipheriv('aes-256-gcm', fileKey, nonce(index));
  decipher.setAAD(Buffer.from([last ? 1 : 0]));
  decipher.setAuthTag(record.subarray(record.length - TAG));
  try {
    return Buffer.concat([decipher.update(record.subarray(0, record.length - TAG)), decipher.final()]);
  } catch {
    throw new Error('a stored file does not open: it was altered or cut off');
  }
}

function header(protection: DataProtection, fileKey: Buffer): Buffer {
  const sealed = Buffer.from(protection.sealText(fileKey.toString('base64'), FILE_KEY_PURPOSE), 'ascii');
  const length = Buffer.alloc(2);
  length.writeUInt16BE(sealed.length);
  return Buffer.concat([MAGIC, length, sealed]);
}

/** Plaintext in, a sealed file out (under a new file key, sealed under the current data key). */
export function sealingStream(protection: DataProtection): Transform {
  const fileKey = crypto.randomBytes(32);
  let pending = Buffer.alloc(0);
  let index = 0;
  return new Transform({
    construct(callback) {
      this.push(header(protection, fileKey));
      callback();
    },
    transform(chunk: Buffer, _encoding, callback: TransformCallback) {
      pending = Buffer.concat([pending, chunk]);
      // A record is written only when more follows, so that the last one is known to be last.
      while (pending.length > RECORD) {
        this.push(sealRecord(fileKey, index++, pending.subarray(0, RECORD), false));
        pending = pending.subarray(RECORD);
      }
      callback();
    },
    flush(callback) {
      this.push(sealRecord(fileKey, index, pending, true));
      callback();
    },
  });
}

type Header = { kind: 'sealed'; sealedKey: string; length: number } | { kind: 'plain' } | { kind: 'short' };

/** The header at the start of `bytes`: sealed (its sealed file key, its length), plain, or too short to tell. */
function parseHeader(bytes: Buffer): Header {
  const probe = bytes.subarray(0, MAGIC.length);
  if (!MAGIC.subarray(0, probe.length).equals(probe)) return { kind: 'plain' };
  if (bytes.length < MAGIC.length + 2) return { kind: 'short' };
  const size = bytes.readUInt16BE(MAGIC.length);
  const length = MAGIC.length + 2 + size;
  if (bytes.length < length) return { kind: 'short' };
  return { kind: 'sealed', sealedKey: bytes.subarray(MAGIC.length + 2, length).toString('ascii'), length };
}

/** The data key a stored file's key is sealed under, from its first bytes; null for a file not sealed. */
export function fileKeyIdOf(protection: DataProtection, head: Buffer): string | null | undefined {
  const parsed = parseHeader(head);
  if (parsed.kind === 'plain') return null;
  if (parsed.kind === 'short') return undefined;
  return protection.keyIdOf(parsed.sealedKey) ?? null;
}

/**
 * A transform over a stored file's bytes: reads its header, then hands the rest to `body` (records
 * of a sealed file, or every byte of a file stored before sealing).
 */
function afterHeader(
  onHeader: (stream: Transform, header: Header, head: Buffer) => (chunk: Buffer, stream: Transform) => void,
  onEnd: (stream: Transform) => void | Promise<void>,
): Transform {
  let head: Buffer | undefined = Buffer.alloc(0);
  let body: ((chunk: Buffer, stream: Transform) => void) | undefined;
  const start = (stream: Transform, parsed: Header) => {
    const bytes = head ?? Buffer.alloc(0);
    head = undefined;
    body = onHeader(stream, parsed, bytes);
    const rest = parsed.kind === 'sealed' ? bytes.subarray(parsed.length) : bytes;
    if (rest.length > 0) body(rest, stream);
  };
  return new Transform({
    transform(chunk: Buffer, _encoding, callback: TransformCallback) {
      try {
        if (body) body(chunk, this);
        else {
          head = Buffer.concat([head ?? Buffer.alloc(0), chunk]);
          const parsed = parseHeader(head);
          if (parsed.kind !== 'short') start(this, parsed);
        }
        callback();
      } catch (error) {
        callback(error as Error);
      }
    },
    flush(callback) {
      try {
        if (!body) start(this, { kind: 'plain' });
        Promise.resolve(onEnd(this)).then(() => callback(), callback);
      } catch (error) {
        callback(error as Error);
      }
    },
  });
}

/** A stored file's bytes in, its plaintext out (a file stored before sealing passes as it is). */
export function openingStream(protection: DataProtection): Transform {
  let fileKey: Buffer | undefined;
  let pending = Buffer.alloc(0);
  let index = 0;
  return afterHeader(
    (_stream, parsed) => {
      if (parsed.kind === 'sealed')
        fileKey = Buffer.from(protection.openText(parsed.sealedKey, FILE_KEY_PURPOSE), 'base64');
      return (chunk, stream) => {
        if (!fileKey) {
          stream.push(chunk);
          return;
        }
        pending = Buffer.concat([pending, chunk]);
        while (pending.length > RECORD + TAG) {
          stream.push(openRecord(fileKey, index++, pending.subarray(0, RECORD + TAG), false));
          pending = pending.subarray(RECORD + TAG);
        }
      };
    },
    (stream) => {
      if (fileKey) stream.push(openRecord(fileKey, index, pending, true));
    },
  );
}

/**
 * A stored file's bytes in, the same file out with its file key sealed under the current data key
 * (the records untouched); a file stored before sealing comes out sealed.
 */
export function resealingStream(protection: DataProtection): Transform {
  let sealing: Transform | undefined;
  return afterHeader(
    (stream, parsed) => {
      if (parsed.kind === 'sealed') {
        const fileKey = Buffer.from(protection.openText(parsed.sealedKey, FILE_KEY_PURPOSE), 'base64');
        stream.push(header(protection, fileKey));
        return (chunk) => stream.push(chunk);
      }
      const seal = sealingStream(protection);
      sealing = seal;
      seal.on('data', (bytes: Buffer) => stream.push(bytes));
      return (chunk) => seal.write(chunk);
    },
    () =>
      new Promise<void>((resolve, reject) => {
        if (!sealing) return resolve();
        sealing.once('end', resolve).once('error', reject);
        sealing.end();
      }),
  );
}
