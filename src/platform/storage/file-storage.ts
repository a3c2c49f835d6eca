/** Where uploaded files live: outside database rows, behind this interface (local disk by default). */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';

export interface StoredFile {
  key: string;
  sizeBytes: number;
  sha256: string;
}

export interface FileStorage {
  /**
   * Stores a stream durably (written and fsynced before it resolves); rejects with
   * `FileTooLargeError` past maxBytes, leaving nothing behind.
   */
  put(stream: Readable, maxBytes: number): Promise<StoredFile>;
  read(key: string): Readable;
  remove(key: string): Promise<void>;
}

export class FileTooLargeError extends Error {}

/** Stores files under `<dir>/<aa>/<uuid>`; a write goes to a temp name, is fsynced, then renamed. */
export function createLocalFileStorage(dir: string): FileStorage {
  const pathFor = (key: string) => {
    if (!/^[0-9a-f-]{36}$/.test(key)) throw new Error('bad storage key');
    return path.join(dir, key.slice(0, 2), key);
  };
  return {
    async put(stream, maxBytes) {
      const key = crypto.randomUUID();
      const target = pathFor(key);
      await fs.promises.mkdir(path.dirname(target), { recursive: true });
      const temp = `${target}.part`;
      const hash = crypto.createHash('sha256');
      let size = 0;
      const out = fs.createWriteStream(temp);
      try {
        await pipeline(
          stream,
          async function* (source: AsyncIterable<Buffer>) {
            for await (const chunk of source) {
              size += chunk.length;
              if (size > maxBytes) throw new FileTooLargeError();
              hash.update(chunk);
              yield chunk;
            }
          },
          out,
        );
        const handle = await fs.promises.open(temp, 'r');
        await handle.sync();
        await handle.close();
        await fs.promises.rename(temp, target);
      } catch (error) {
        await fs.promises.rm(temp, { force: true });
        throw error;
      }
      return { key, sizeBytes: size, sha256: hash.digest('hex') };
    },
    read: (key) => fs.createReadStream(pathFor(key)),
    remove: (key) => fs.promises.rm(pathFor(key), { force: true }),
  };
}
