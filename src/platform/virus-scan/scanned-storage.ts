/**
 * Uploads scanned by clamd before they are stored (issue #14, docs/security.md): the bytes go to
 * clamd as they are written to storage, and the file takes its name only once clamd has called it
 * clean. An infected file is InfectedFileError; no verdict (clamd down, slow or in error) is
 * ScannerUnavailableError and is logged: the upload is refused either way, nothing is kept.
 */
import { Readable } from 'node:stream';
import type { FastifyBaseLogger } from 'fastify';
import type { FileStorage } from '../storage/file-storage.ts';
import { ScannerUnavailableError, type ScanSession, type VirusScanner } from './clamd.ts';

export { ScannerUnavailableError } from './clamd.ts';

/** clamd found malware in the file. */
export class InfectedFileError extends Error {
  constructor(readonly signature: string) {
    super(`infected: ${signature}`);
  }
}

/** The chunks of `source`, each passed to the scan before it goes on to storage. */
async function* teeToScan(source: AsyncIterable<Buffer>, scan: ScanSession): AsyncGenerator<Buffer> {
  for await (const chunk of source) {
    await scan.write(chunk);
    yield chunk;
  }
}

/** `storage` whose `put` scans what it stores; reads and removals pass through. */
export function scannedStorage(
  storage: FileStorage,
  scanner: VirusScanner,
  log: Pick<FastifyBaseLogger, 'warn' | 'error'>,
): FileStorage {
  return {
    ...storage,
    async put(stream, maxBytes, options = {}) {
      const scan = scanner.open();
      const verdict = async () => {
        const result = await scan.finish();
        // The signature's name is not personal data; the file's name may be, so it is not logged.
        if (!result.clean) {
          log.warn({ signature: result.signature }, 'upload refused: malware found');
          throw new InfectedFileError(result.signature);
        }
        await options.beforeCommit?.();
      };
      try {
        return await storage.put(Readable.from(teeToScan(stream, scan)), maxBytes, { beforeCommit: verdict });
      } catch (error) {
        scan.abort();
        if (error instanceof ScannerUnavailableError)
          log.error({ err: error }, 'upload refused: the virus scanner (clamd) gave no verdict');
        throw error;
      }
    },
  };
}
