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
  put(stream: Readable, maxBytes: number, options?: PutOptions): Promise<StoredFile>;
  read(key: string): Readable;
  remove(key: string): Promise<void>;
  /**
   * Writes new bytes for a stored file under the same key, durably and atomically (readers see the
   * old bytes or the new, never a mix): a key rotation re-seals files this way (decision 0034).
   */
  replace(key: string, stream: Readable): Promise<void>;
  /** Every stored key (no side effects). */
  keys(): AsyncIterable<string>;
  /**
   * Keys of the stored files last written before `before`, and removes unfinished writes (a process
   * killed mid-upload) from before then. For the orphan file sweeper.
   */
  keysWrittenBefore(before: Date): AsyncIterable<string>;
}

export class FileTooLargeError extends Error {}

export interface PutOptions {
  /**
   * Runs once every byte is written and synced, before the file takes its name: if it throws, the
   * file is removed and never stored (the virus scan's verdict, platform/virus-scan).
   */
  beforeCommit?: () => Promise<void>;
}

/** Writes a stream to `target` through a temp file, fsynced, then renamed over it. */
async function writeDurably(
  target: string,
  temp: string,
  stream: Readable,
  transform = (source: AsyncIterable<Buffer>) => source,
  beforeCommit?: () => Promise<void>,
) {
  const out = fs.createWriteStream(temp);
  try {
    await pipeline(stream, transform, out);
    const handle = await fs.promises.open(temp, 'r');
    await handle.sync();
    await handle.close();
    await beforeCommit?.();
    await fs.promises.rename(temp, target);
  } catch (error) {
    // The write stream opens its file asynchronously: when the source fails early (too large), the
    // file may appear after a removal made at once, so wait for the stream to close first.
    out.destroy();
    if (!out.closed) await new Promise((resolve) => out.once('close', resolve));
    await fs.promises.rm(temp, { force: true });
    throw error;
  }
}

/** A stored file's name in a shard: its key, or the key of a write in progress (`<key>[.<tag>].part`). */
const FILE_NAME = /^([0-9a-f-]{36})((\.[0-9a-f]+)?\.part)?$/;

/** Stores files under `<dir>/<aa>/<uuid>`; a write goes to a temp name, is fsynced, then renamed. */
export function createLocalFileStorage(dir: string): FileStorage {
  const pathFor = (key: string) => {
    if (!/^[0-9a-f-]{36}$/.test(key)) throw new Error('bad storage key');
    return path.join(dir, key.slice(0, 2), key);
  };
  return {
    async put(stream, maxBytes, options = {}) {
      const key = crypto.randomUUID();
      const target = pathFor(key);
      await fs.promises.mkdir(path.dirname(target), { recursive: true });
      const hash = crypto.createHash('sha256');
      let size = 0;
      await writeDurably(
        target,
        `${target}.part`,
        stream,
        async function* (source: AsyncIterable<Buffer>) {
          for await (const chunk of source) {
            size += chunk.length;
            if (size > maxBytes) throw new FileTooLargeError();
            hash.update(chunk);
            yield chunk;
          }
        },
        options.beforeCommit,
      );
      return { key, sizeBytes: size, sha256: hash.digest('hex') };
    },
    read: (key) => fs.createReadStream(pathFor(key)),
    remove: (key) => fs.promises.rm(pathFor(key), { force: true }),
    async replace(key, stream) {
      const target = pathFor(key);
      // A temp name of its own: two processes may re-seal the same file at once.
      await writeDurably(target, `${target}.${crypto.randomBytes(6).toString('hex')}.part`, stream);
    },
    async *keys() {
      const shards = await fs.promises.readdir(dir, { withFileTypes: true }).catch(() => []);
      for (const shard of shards) {
        if (!shard.isDirectory() || !/^[0-9a-f]{2}$/.test(shard.name)) continue;
        for (const name of await fs.promises.readdir(path.join(dir, shard.name))) {
          const match = FILE_NAME.exec(name);
          if (match?.[1] && !match[2]) yield match[1];
        }
      }
    },
    async *keysWrittenBefore(before) {
      const shards = await fs.promises.readdir(dir, { withFileTypes: true }).catch(() => []);
      for (const shard of shards) {
        if (!shard.isDirectory() || !/^[0-9a-f]{2}$/.test(shard.name)) continue;
        const shardDir = path.join(dir, shard.name);
        for (const name of await fs.promises.readdir(shardDir)) {
          const match = FILE_NAME.exec(name);
          const key = match?.[1];
          if (!key) continue;
          const file = path.join(shardDir, name);
          const stat = await fs.promises.stat(file).catch(() => undefined);
          if (!stat || stat.mtimeMs >= before.getTime()) continue;
          if (match[2]) await fs.promises.rm(file, { force: true });
          else yield key;
        }
      }
    },
  };
}
