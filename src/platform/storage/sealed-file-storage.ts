/**
 * The application's file storage: every file sealed at rest (file-sealing.ts, decision 0034) over
 * the storage that keeps the bytes. Sizes and SHA-256 are of the plaintext, as before; reads open.
 * A rotation re-seals the file keys in the headers (resealFiles), and first seals the files stored
 * before sealing, the background work that moves database rows to the current key does the same.
 */
import crypto from 'node:crypto';
import { pipeline } from 'node:stream/promises';
import type { DataProtection } from '../protection/data-protection.ts';
import {
  fileKeyIdOf,
  openingStream,
  resealingStream,
  sealingOverhead,
  sealingStream,
} from './file-sealing.ts';
import { type FileStorage, FileTooLargeError, type StoredFile } from './file-storage.ts';

export interface FileKeyStatus {
  /** Files by the data key their file key is sealed under; `''` = not sealed (stored before sealing). */
  files: Record<string, number>;
}

export interface SealedFileStorage extends FileStorage {
  /** Re-seals every file not under the current data key; how many it rewrote. */
  resealFiles(): Promise<number>;
  fileKeyStatus(): Promise<FileKeyStatus>;
}

/** Counts and hashes the plaintext and refuses it past maxBytes, as the plain storage did. */
function measured(maxBytes: number) {
  const hash = crypto.createHash('sha256');
  let size = 0;
  async function* count(source: AsyncIterable<Buffer>) {
    for await (const chunk of source) {
      size += chunk.length;
      if (size > maxBytes) throw new FileTooLargeError();
      hash.update(chunk);
      yield chunk;
    }
  }
  return { count, result: () => ({ sizeBytes: size, sha256: hash.digest('hex') }) };
}

/** The first bytes of a stored file (enough for its header). */
async function headOf(storage: FileStorage, key: string): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let length = 0;
  for await (const chunk of storage.read(key)) {
    chunks.push(chunk as Buffer);
    length += (chunk as Buffer).length;
    if (length >= 1024) break;
  }
  return Buffer.concat(chunks);
}

export function sealedFileStorage(inner: FileStorage, protection: DataProtection): SealedFileStorage {
  // Once a pass found every file under the current key, later passes of this process skip the walk.
  let sealedUnder: string | undefined;
  const keyIdOf = async (key: string) => fileKeyIdOf(protection, await headOf(inner, key)) ?? '';
  return {
    async put(stream, maxBytes, options): Promise<StoredFile> {
      const plain = measured(maxBytes);
      const seal = sealingStream(protection);
      const sealed = pipeline(stream, plain.count, seal).catch((error: unknown) => {
        seal.destroy(error as Error);
        throw error;
      });
      // Both settle before put does: a refused file (too large) is removed by the inner put, and
      // that removal must be over before the caller answers "nothing stored".
      const [stored, piped] = await Promise.allSettled([
        inner.put(seal, maxBytes + sealingOverhead(maxBytes), options),
        sealed,
      ]);
      if (piped.status === 'rejected') throw piped.reason;
      if (stored.status === 'rejected') throw stored.reason;
      return { key: stored.value.key, ...plain.result() };
    },
    read: (key) => {
      const source = inner.read(key);
      const open = openingStream(protection);
      source.on('error', (error) => open.destroy(error));
      return source.pipe(open);
    },
    remove: (key) => inner.remove(key),
    replace: (key, stream) => inner.replace(key, stream.pipe(sealingStream(protection))),
    keys: () => inner.keys(),
    keysWrittenBefore: (before) => inner.keysWrittenBefore(before),
    async resealFiles() {
      if (sealedUnder === protection.currentKeyId) return 0;
      let rewritten = 0;
      for await (const key of inner.keys()) {
        if ((await keyIdOf(key)) === protection.currentKeyId) continue;
        const source = inner.read(key);
        const reseal = resealingStream(protection);
        source.on('error', (error) => reseal.destroy(error));
        await inner.replace(key, source.pipe(reseal));
        rewritten++;
      }
      sealedUnder = protection.currentKeyId;
      return rewritten;
    },
    async fileKeyStatus() {
      const files: Record<string, number> = {};
      for await (const key of inner.keys()) {
        const keyId = await keyIdOf(key);
        files[keyId] = (files[keyId] ?? 0) + 1;
      }
      return { files };
    },
  };
}
