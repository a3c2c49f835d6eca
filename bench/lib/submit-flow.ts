/**
 * A realistic submission through HTTP: a logged-in resident fills in the school-transport
 * application (`skolskjuts` of `exempelstad`, login level loa3) step by step, then submits it.
 * Drafts are prepared before a timed phase so that only the submit POST is measured.
 */
import type http from 'node:http';
import { schoolTransportSteps } from '../../src/test-support/school-transport.ts';
import { forEachConcurrent, formBody, httpRequest, keepAliveAgent } from './server.ts';
import type { BenchSession } from './sessions.ts';
import { percentile } from './stats.ts';

export const TENANT = 'exempelstad';
export const SERVICE = 'skolskjuts';

export interface PreparedDraft {
  /** `/exempelstad/e-tjanster/skolskjuts/utkast/<id>` */
  path: string;
  draftId: string;
  session: BenchSession;
}

async function post(
  baseUrl: string,
  path: string,
  session: BenchSession,
  fields: Record<string, string>,
  agent?: http.Agent,
) {
  return httpRequest(`${baseUrl}${path}`, {
    method: 'POST',
    headers: { cookie: session.cookie },
    body: formBody({ _csrf: session.csrfToken, ...fields }),
    agent,
  });
}

/** Starts a draft and answers every step; the draft is then ready to submit. */
export async function prepareDraft(
  baseUrl: string,
  session: BenchSession,
  agent?: http.Agent,
): Promise<PreparedDraft> {
  const started = await post(baseUrl, `/${TENANT}/e-tjanster/${SERVICE}/starta`, session, {}, agent);
  const location = String(started.headers.location ?? '');
  const match = /^(\/[^?]+\/utkast\/([0-9a-f-]{36}))\/steg\//.exec(location);
  if (started.status !== 303 || !match) throw new Error(`start refused: ${started.status} ${location}`);
  const path = match[1] as string;
  for (const [step, answers] of schoolTransportSteps()) {
    const response = await post(baseUrl, `${path}/steg/${step}`, session, answers, agent);
    if (response.status !== 303)
      throw new Error(`step ${step} refused: ${response.status} ${response.body.slice(0, 300)}`);
  }
  return { path, draftId: match[2] as string, session };
}

/** Prepares `count` drafts, spread round-robin over the sessions, `concurrency` at a time. */
export async function prepareDrafts(
  baseUrl: string,
  sessions: readonly BenchSession[],
  count: number,
  concurrency: number,
): Promise<PreparedDraft[]> {
  const agent = keepAliveAgent(concurrency);
  const drafts: PreparedDraft[] = [];
  const owners = Array.from({ length: count }, (_, i) => sessions[i % sessions.length] as BenchSession);
  try {
    await forEachConcurrent(owners, concurrency, async (session, i) => {
      drafts[i] = await prepareDraft(baseUrl, session, agent);
    });
  } finally {
    agent.destroy();
  }
  return drafts;
}

/** Submits one prepared draft; resolves with the HTTP status. */
export async function submitDraft(
  baseUrl: string,
  draft: PreparedDraft,
  agent?: http.Agent,
): Promise<number> {
  const response = await post(baseUrl, `${draft.path}/skicka`, draft.session, {}, agent);
  return response.status;
}

export interface SubmitLoad {
  attempted: number;
  /** Responses 303 → the receipt: a case was made. */
  succeeded: number;
  seconds: number;
  perSecond: number;
  p50Ms: number;
  p95Ms: number;
  /** Status code → count, for anything that went wrong. */
  statuses: Record<string, number>;
  /** Wall-clock times (epoch ms) of the first request and the last response. */
  startedAt: number;
  endedAt: number;
}

/** Submits every draft over exactly `connections` keep-alive connections; only these POSTs are timed. */
export async function submitLoad(
  baseUrl: string,
  drafts: readonly PreparedDraft[],
  connections: number,
): Promise<SubmitLoad> {
  const agent = keepAliveAgent(connections);
  const latencies: number[] = [];
  const statuses: Record<string, number> = {};
  let succeeded = 0;
  const startedAt = Date.now();
  const start = performance.now();
  try {
    await forEachConcurrent(drafts, connections, async (draft) => {
      const sent = performance.now();
      const status = await submitDraft(baseUrl, draft, agent).catch(() => 0);
      latencies.push(performance.now() - sent);
      statuses[status] = (statuses[status] ?? 0) + 1;
      if (status === 303) succeeded++;
    });
  } finally {
    agent.destroy();
  }
  const seconds = (performance.now() - start) / 1000;
  const endedAt = Date.now();
  return {
    startedAt,
    endedAt,
    attempted: drafts.length,
    succeeded,
    seconds,
    perSecond: succeeded / seconds,
    p50Ms: percentile(latencies, 50),
    p95Ms: percentile(latencies, 95),
    statuses,
  };
}
