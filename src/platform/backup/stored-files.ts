/**
 * Stored files (DATA_DIR/files, platform/storage/file-storage.ts) into a backup and back, each copy
 * hashed on the way, written aside, fsynced and renamed, as the storage itself writes them.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { type BackupManifest, type ManifestFile, storedFilePath } from './manifest.ts';

const KEY = /^[0-9a-f-]{36}$/;
const SHARD = /^[0-9a-f]{2}$/;

/** Copies `from` to `to` (through `to.part`), returning the copy's SHA-256 and size. */
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
    const handle = await fs.promises.open(part, 'r');
    await handle.sync();
    await handle.close();
    await fs.promises.rename(part, to);
  } catch (error) {
    await fs.promises.rm(part, { force: true });
    throw error;
  }
  return { sha256: hash.digest('hex'), sizeBytes };
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
 * Copies every stored file into `backupFilesDir`. A file removed between listing and copying (a
 * draft's upload taken away, a disposed case) is left out: its row is gone or going too.
 */
export async function backUpStoredFiles(filesDir: string, backupFilesDir: string): Promise<ManifestFile[]> {
  const copied: ManifestFile[] = [];
  for (const key of await storedKeys(filesDir)) {
    const facts = await copyHashed(storedFilePath(filesDir, key), storedFilePath(backupFilesDir, key)).catch(
      (error: NodeJS.ErrnoException) => {
        if (error.code === 'ENOENT') return undefined;
        throw error;
      },
    );
    if (facts) copied.push({ key, ...facts });
  }
  return copied;
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
  let bytes = 0;
  for (const entry of manifest.files) {
    const copy = await copyHashed(
      storedFilePath(path.join(backupDir, 'files'), entry.key),
      storedFilePath(filesDir, entry.key),
    );
    if (copy.sha256 !== entry.sha256 || copy.sizeBytes !== entry.sizeBytes)
      throw new Error(`file ${entry.key} in the backup does not match its checksum`);
    bytes += copy.sizeBytes;
  }
  return { count: manifest.files.length, bytes };
}
