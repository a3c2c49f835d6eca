/**
 * Explains duplicate deliveries: a copy is inside the documented duplicate window when it came from a
 * process that was SIGKILLed after delivering it (SMTP accepted, its idempotency key not yet committed).
 * Every other copy must be the single effective delivery; anything beyond that is unexplained.
 */
import type { ReceivedMail } from '../../src/platform/mail/smtp-receiver.ts';

export interface KillEvent {
  /** The killed process's MAIL_FROM address (each incarnation has its own). */
  sender: string;
  at: number;
}

export interface DuplicateAnalysis {
  /** Jobs whose extra copies all fall in the window. */
  inWindow: number;
  unexplained: string[];
  lines: string[];
}

type Copy = ReceivedMail & { at: number };

/** Sorts each duplicated job's copies into window copies and the rest. */
export function explainDuplicates(
  duplicated: { jobId: number; copies: Copy[] }[],
  kills: KillEvent[],
): DuplicateAnalysis {
  const killOf = new Map(kills.map((kill) => [kill.sender, kill.at]));
  const unexplained: string[] = [];
  const lines: string[] = [];
  let inWindow = 0;
  for (const { jobId, copies } of duplicated) {
    const windowCopies = copies.filter((copy) => {
      const killedAt = killOf.get(copy.envelopeFrom);
      return killedAt !== undefined && copy.at <= killedAt;
    });
    const effective = copies.length - windowCopies.length;
    const story = copies
      .map((copy) => {
        const killedAt = killOf.get(copy.envelopeFrom);
        const after =
          killedAt !== undefined && copy.at <= killedAt ? `, SIGKILLed ${killedAt - copy.at} ms later` : '';
        return `${copy.envelopeFrom}${after}`;
      })
      .join(' → ');
    if (effective === 1 || (effective === 0 && windowCopies.length > 0)) {
      inWindow++;
      lines.push(`duplicate in the documented window: job ${jobId}: ${story}`);
    } else {
      unexplained.push(`UNEXPLAINED DUPLICATE: job ${jobId} delivered ${copies.length} times: ${story}`);
    }
  }
  if (duplicated.length === 0) lines.push('no job was delivered twice');
  return { inWindow, unexplained, lines };
}
