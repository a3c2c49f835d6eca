/**
 * Stored files (DATA_DIR/files, platform/storage/file-storage.ts) into a backup and back, each copy
 * hashed on the way, written aside, fsynced and renamed, as the storage itself writes them.
 */
import { execFile } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { type BackupManifest, type ManifestFile, storedFilePath } from './manifest.ts';

const KEY = /^[0-9a-f-]{36}$/;
/** Files copied at once: enough to keep the disk busy, few enough to leave requests room. */
const COPIES_AT_ONCE = 8;
const SHARD = /^[0-9a-f]{2}$/;

/**
 * Copies `from` to `to` (through `to.part`), returning the copy's SHA-256 and size. Not fsynced one by
 * one (thousands of fsyncs make a backup crawl): `flushToDisk` flushes them all before the manifest.
 */
async function copyHashed(from: string, to: string): Promise<{ sha256: string; sizeBytes: number }> {
  await fs.promises.mkdir(path.dirname(to), { recursive: true, mode: 0o700 });
  const part = `${to}.part`;
  const hash = crypto.createHash('sha256');
  let sizeBytes = 0;
  try {
    await pipeline(
      fs.createReadStream(from),
      async function* (source: AsyncIterable<Buffer>) {
        for await (const chunk of source) {
          sizeBytes += chunk.length;
          hash.update(chunk);
          yield chunk;
        }
      },
      fs.createWriteStream(part, { mode: 0o600 }),
    );
    await fs.promises.rename(part, to);
  } catch (error) {
    await fs.promises.rm(part, { force: true });
    throw error;
  }
  return { sha256: hash.digest('hex'), sizeBytes };
}

/** Runs `task` over `items`, `limit` at a time, keeping the results in order. */
async function eachLimited<T, R>(items: T[], limit: number, task: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await task(items[index] as T);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

/**
 * Makes everything written below `dir` durable: one syncfs(2) through `sync -f` where coreutils has
 * it (Linux), else an fsync of each file.
 */
export async function flushToDisk(dir: string, files: string[]): Promise<void> {
  const synced = await new Promise<boolean>((resolve) => {
    execFile('sync', ['-f', dir], (error) => resolve(!error));
  });
  if (synced) return;
  await eachLimited(files, COPIES_AT_ONCE, async (file) => {
    const handle = await fs.promises.open(file, 'r');
    await handle.sync();
    await handle.close();
  });
}

/** The keys of the finished files under a files directory (unfinished `.part` writes left out). */
async function storedKeys(filesDir: string): Promise<string[]> {
  const shards = await fs.promises.readdir(filesDir, { withFileTypes: true }).catch(() => []);
  const keys: string[] = [];
  for (const shard of shards) {
    if (!shard.isDirectory() || !SHARD.test(shard.name)) continue;
    for (const name of await fs.promises.readdir(path.join(filesDir, shard.name))) {
      if (KEY.test(name) && name.startsWith(shard.name)) keys.push(name);
    }
  }
  return keys.sort();
}

/**
 * Copies every stored file into `backupFilesDir` (the caller flushes them to disk). A file removed between listing and copying (a
 * draft's upload taken away, a disposed case) is left out: its row is gone or going too.
 */
export async function backUpStoredFiles(filesDir: string, backupFilesDir: string): Promise<ManifestFile[]> {
  const copies = await eachLimited(await storedKeys(filesDir), COPIES_AT_ONCE, async (key) => {
    const target = storedFilePath(backupFilesDir, key);
    const facts = await copyHashed(storedFilePath(filesDir, key), target).catch(
      (error: NodeJS.ErrnoException) => {
        if (error.code === 'ENOENT') return undefined;
        throw error;
      },
    );
    return facts && { key, ...facts };
  });
  return copies.filter((copy): copy is ManifestFile => copy !== undefined);
}

/** Whether a directory is absent or empty (a restore writes into nothing else). */
export function isEmptyDir(dir: string): boolean {
  return !fs.existsSync(dir) || fs.readdirSync(dir).length === 0;
}

/**
 * Copies the backup's files into `filesDir` (which must be empty), checking each copy's checksum
 * against the manifest; throws at the first that differs.
 */
export async function restoreStoredFiles(
  backupDir: string,
  manifest: BackupManifest,
  filesDir: string,
): Promise<{ count: number; bytes: number }> {
  if (!isEmptyDir(filesDir)) throw new Error(`${filesDir} is not empty: restore into an empty DATA_DIR`);
  const backupFiles = path.join(backupDir, 'files');
  const sizes = await eachLimited(manifest.files, COPIES_AT_ONCE, async (entry) => {
    const copy = await copyHashed(
      storedFilePath(backupFiles, entry.key),
      storedFilePath(filesDir, entry.key),
    );
    if (copy.sha256 !== entry.sha256 || copy.sizeBytes !== entry.sizeBytes)
      throw new Error(`file ${entry.key} in the backup does not match its checksum`);
    return copy.sizeBytes;
  });
  await flushToDisk(
    filesDir,
    manifest.files.map((entry) => storedFilePath(filesDir, entry.key)),
  );
  return { count: manifest.files.length, bytes: sizes.reduce((sum, size) => sum + size, 0) };
}
