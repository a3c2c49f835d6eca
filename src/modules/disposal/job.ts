/**
 * The periodic disposal job (issue #14): main.ts runs it every DISPOSAL_INTERVAL_MINUTES in every
 * process (runs side by side are safe, see run.ts). Its log line says what was done by counts,
 * case references and service slugs only — never a name, a personnummer or an answer.
 */
import { didAnything, summaryForLog } from './model.ts';
import type { RunOptions } from './run.ts';
import type { DisposalService } from './service.ts';

export interface DisposalLog {
  info(object: Record<string, unknown>, message: string): void;
  warn(object: Record<string, unknown>, message: string): void;
}

/** Runs the disposal once and logs what it did, if anything. */
export async function runDisposalJob(
  disposal: Pick<DisposalService, 'run'>,
  log: DisposalLog,
  options: Partial<RunOptions> = {},
): Promise<void> {
  const result = await disposal.run(options);
  if (didAnything(result)) log.info(summaryForLog(result), 'disposal: retention ended');
  // The error text is masked (addresses, quoted values, long digit runs); the next run tries again.
  for (const failure of result.failed) log.warn(failure, 'disposal: a case failed and was rolled back');
}
