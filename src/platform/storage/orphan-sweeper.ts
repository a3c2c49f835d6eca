/**
 * Removes stored files that no row names. A file is written (and fsynced) before the row that
 * names it, so a process killed between the two leaves a file nobody can reach — often a photo or
 * a document with personal data (docs/performance.md, durability). Files are only considered once
 * they are older than the grace period, far longer than any write takes to reach its row; every
 * module that stores files is asked whether it knows the key, and only a file none of them claims
 * is removed. Idempotent, so every process may run it.
 */
import type { FileStorage } from './file-storage.ts';

/** A module that keeps files in storage: which of these keys are its files. */
export interface FileOwner {
  storageKeysInUse(keys: string[]): Promise<string[]>;
}

export const ORPHAN_GRACE_MS = 24 * 60 * 60_000;
const BATCH = 500;

export interface SweepResult {
  /** Files older than the grace period that were checked. */
  checked: number;
  removed: number;
}

export async function sweepOrphanFiles(
  storage: FileStorage,
  owners: readonly FileOwner[],
  now: Date,
  graceMs = ORPHAN_GRACE_MS,
): Promise<SweepResult> {
  const result: SweepResult = { checked: 0, removed: 0 };
  let batch: string[] = [];
  const flush = async () => {
    const claimed = new Set((await Promise.all(owners.map((owner) => owner.storageKeysInUse(batch)))).flat());
    for (const key of batch) {
      if (claimed.has(key)) continue;
      await storage.remove(key);
      result.removed++;
    }
    result.checked += batch.length;
    batch = [];
  };
  for await (const key of storage.keysWrittenBefore(new Date(now.getTime() - graceMs))) {
    batch.push(key);
    if (batch.length >= BATCH) await flush();
  }
  if (batch.length > 0) await flush();
  return result;
}
