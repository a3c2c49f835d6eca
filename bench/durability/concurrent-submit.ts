/**
 * Check (b): one complete draft submitted by many requests at once (same session cookie, each on its
 * own connection) makes exactly one case. The contract (applications/service.ts `submit`): the draft
 * row is locked FOR UPDATE, the first request creates the case, every later one finds the draft
 * submitted and returns that case, so every answer is a 303 to the same receipt; a 4xx for a loser
 * would be acceptable, a 5xx or a second case is not.
 */
import { startServer, tempDataDir } from '../lib/server.ts';
import { emptyStats, type FlowContext, fillDraft, openSession, receiptReference } from './fault-report.ts';
import { type HttpAnswer, HttpSession } from './http-session.ts';
import { type CheckResult, openSql, tidy } from './result.ts';

export interface ConcurrentSubmitOptions {
  databaseUrl?: string;
  /** How many drafts to try it with. */
  drafts: number;
  /** Concurrent submits per draft. */
  connections: number;
}

interface Round {
  draftId: string;
  base: string;
  reference: string | undefined;
  answers: (HttpAnswer | Error)[];
}

/** Submits one filled-in draft from `connections` connections at once. */
async function round(session: HttpSession, context: FlowContext, connections: number): Promise<Round> {
  const { base } = await fillDraft(session, context);
  const tabs = Array.from({ length: connections }, () => session.tab(false));
  const answers = await Promise.all(
    tabs.map((tab) => tab.postForm(`${base}/skicka`, {}).catch((error: unknown) => error as Error)),
  );
  const reference = await receiptReference(session, context, base);
  return { draftId: /utkast\/([0-9a-f-]{36})$/.exec(base)?.[1] ?? '', base, reference, answers };
}

/** Runs check (b) against one database kind. */
export async function runConcurrentSubmitCheck(
  context: { log(message: string): void },
  name: string,
  options: ConcurrentSubmitOptions,
): Promise<CheckResult> {
  const dataDir = tempDataDir('durability-concurrent');
  const server = await startServer({ databaseUrl: options.databaseUrl, dataDir });
  const flow: FlowContext = { stats: emptyStats(), awaitServer: async () => undefined, resubmitShare: 0 };
  const session = new HttpSession({ baseUrl: server.url });
  const rounds: Round[] = [];
  try {
    await openSession(session, flow);
    for (let i = 0; i < options.drafts; i++) rounds.push(await round(session, flow, options.connections));
  } finally {
    session.close();
    await server.stop();
  }
  context.log(`${name}: ${rounds.length} drafts submitted ${options.connections} times each`);
  const db = await openSql({ databaseUrl: options.databaseUrl, dataDir });
  try {
    const failures: string[] = [];
    let sameReceipt = 0;
    let refused = 0;
    for (const r of rounds) {
      const { rows } = await db.query('select reference from "case" where draft_id = $1', [r.draftId]);
      if (rows.length !== 1) failures.push(`draft ${r.draftId} became ${rows.length} cases`);
      if (rows[0]?.reference !== r.reference)
        failures.push(`draft ${r.draftId}: receipt shows ${r.reference}, database has ${rows[0]?.reference}`);
      for (const answer of r.answers) {
        if (answer instanceof Error)
          failures.push(`draft ${r.draftId}: a submit broke off: ${answer.message}`);
        else if (answer.status === 303 && answer.location === `${r.base}/kvitto`) sameReceipt++;
        else if (answer.status >= 400 && answer.status < 500) refused++;
        else failures.push(`draft ${r.draftId}: a submit answered ${answer.status} ${answer.location ?? ''}`);
      }
    }
    const total = rounds.length * options.connections;
    return tidy(
      {
        name,
        ok: failures.length === 0 && rounds.length === options.drafts,
        lines: [
          `${rounds.length} drafts × ${options.connections} concurrent submits (same session, one connection each)`,
          `cases made: ${rounds.length - failures.filter((f) => f.includes('cases')).length} drafts → exactly one case each`,
          `answers: ${sameReceipt}/${total} 303 to the same receipt, ${refused} refused with 4xx, ${total - sameReceipt - refused} other`,
        ],
        failures,
        figures: { drafts: rounds.length, connections: options.connections, sameReceipt, refused },
      },
      dataDir,
    );
  } finally {
    await db.close();
  }
}
