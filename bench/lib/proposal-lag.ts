/**
 * How the proposal handler keeps up with a submit load (issue #10): for the cases of one timed load,
 * the lag from each case's submission to its stored `proposal` event, how many were not yet stored
 * when the load stopped, and how long after it the last one was. Computed from the rows' own
 * timestamps (both written by the server's clock), so it works on PostgreSQL while the server runs
 * and on PGlite once it has stopped.
 */
import fs from 'node:fs';
import type { Queryable } from './sessions.ts';
import { percentile } from './stats.ts';

export interface ProposalFigures {
  /** Cases the load made. */
  cases: number;
  /** Of them, cases with a stored proposal (all of them once drained). */
  proposed: number;
  /** Cases whose proposal was not stored yet when the load's last response came. */
  backlogAtEnd: number;
  /** Share of the load's cases proposed by the time the load stopped (1 = kept up). */
  keptUp: number;
  /** Submission → stored proposal, per case, in ms (NaN when some proposal is missing). */
  lagP50Ms: number;
  lagP95Ms: number;
  lagMaxMs: number;
  /** From the load's last response to the last proposal stored (0 when none was left); NaN when some are missing. */
  drainSeconds: number;
}

interface Row {
  submitted: number;
  proposed: number | null;
}

/** The proposal figures of the cases made from `draftIds` by a load that ended at `endedAt` (epoch ms). */
export async function proposalFigures(
  db: Queryable,
  draftIds: readonly string[],
  endedAt: number,
): Promise<ProposalFigures> {
  const { rows } = await db.query(
    `select extract(epoch from c.submitted_at)::float8 * 1000 as submitted,
            (select extract(epoch from min(e.created_at))::float8 * 1000 from case_event e
              where e.case_id = c.id and e.type = 'proposal') as proposed
       from "case" c where c.draft_id = any($1::uuid[])`,
    [[...draftIds]],
  );
  const cases = (rows as Row[]).map((row) => ({
    submitted: Number(row.submitted),
    proposed: row.proposed === null ? null : Number(row.proposed),
  }));
  const done = cases.filter((row): row is { submitted: number; proposed: number } => row.proposed !== null);
  const lags = done.map((row) => row.proposed - row.submitted);
  const backlogAtEnd = cases.filter((row) => row.proposed === null || row.proposed > endedAt).length;
  const last = Math.max(endedAt, ...done.map((row) => row.proposed));
  // With a proposal missing, the lags known are the short ones: no lag or drain figure then.
  const complete = done.length === cases.length && cases.length > 0;
  return {
    cases: cases.length,
    proposed: done.length,
    backlogAtEnd,
    keptUp: cases.length ? (cases.length - backlogAtEnd) / cases.length : Number.NaN,
    lagP50Ms: complete ? percentile(lags, 50) : Number.NaN,
    lagP95Ms: complete ? percentile(lags, 95) : Number.NaN,
    lagMaxMs: complete ? Math.max(...lags) : Number.NaN,
    drainSeconds: complete ? (last - endedAt) / 1000 : Number.NaN,
  };
}

/** The state of the proposal jobs not done for these drafts' cases, grouped (for a failed wait's message). */
export async function unfinishedProposalJobs(db: Queryable, draftIds: readonly string[]) {
  const { rows } = await db.query(
    `select (j.id is null) as "noJob", j.attempts, j.locked_until is not null as leased,
            j.dead_at is not null as dead, left(j.last_error, 200) as "lastError", count(*)::int as n
       from "case" c
       join outbox o on o.case_id = c.id and o.topic = 'case.submitted'
       left join job j on j.event_id = o.id and j.handler = 'proposal'
      where c.draft_id = any($1::uuid[]) and j.processed_at is null
      group by 1, 2, 3, 4, 5`,
    [[...draftIds]],
  );
  return rows;
}

/** Jobs of the proposal handler not done yet, counting events not yet fanned out (PostgreSQL, live). */
export async function proposalJobsLeft(db: Queryable): Promise<number> {
  const { rows } = await db.query(
    `select (select count(*) from job where handler = 'proposal' and processed_at is null and dead_at is null)
          + (select count(*) from outbox where fanned_out_at is null and topic in ('case.submitted', 'case.completed'))
          as n`,
  );
  return Number(rows[0].n);
}

/** Waits until the proposal handler has no job left (PostgreSQL); throws after `timeoutMs`. */
export async function awaitProposalJobs(db: Queryable, timeoutMs = 600_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const left = await proposalJobsLeft(db);
    if (left === 0) return;
    if (Date.now() > deadline) throw new Error(`${left} proposal jobs still open after ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** CPU time (user + system) of a process in clock ticks, from /proc; undefined where there is none. */
function cpuTicks(pid: number): number | undefined {
  try {
    const fields = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
    // After "pid (comm) ": state is field 0, utime 11 and stime 12.
    return Number(fields[11]) + Number(fields[12]);
  } catch {
    return undefined;
  }
}

/**
 * Waits until a server process has used (almost) no CPU for `quietMs`: an embedded-PGlite server
 * cannot be asked how many jobs it has left while it runs (its database is open in that process
 * only), but its job worker runs without pause while it has a backlog and polls every 2 s when it
 * has none. The quiet window is longer than that poll, and CPU is sampled twice a second, because on
 * a shared machine a busy server was seen getting as little as 10 % of a CPU for a second. The
 * figures are taken from the rows once the server has stopped, so a wait that ended too early shows
 * as cases without a proposal (and no lag or drain figure for that round), never as a better one.
 * Resolves to false when /proc cannot be read.
 */
export async function awaitIdleProcess(
  pid: number,
  options: { quietMs?: number; timeoutMs?: number } = {},
): Promise<boolean> {
  const quietMs = options.quietMs ?? 3000;
  const stepMs = 500;
  const deadline = Date.now() + (options.timeoutMs ?? 600_000);
  // 100 ticks a second on Linux: at most 3 % of one CPU over the window counts as idle.
  const allowed = Math.max(1, Math.round((quietMs / 1000) * 100 * 0.03));
  const samples: number[] = [];
  for (;;) {
    const ticks = cpuTicks(pid);
    if (ticks === undefined) return false;
    samples.push(ticks);
    const window = samples.slice(-(quietMs / stepMs + 1));
    if (window.length > quietMs / stepMs && (window.at(-1) as number) - (window[0] as number) <= allowed) {
      return true;
    }
    if (Date.now() > deadline) throw new Error(`server ${pid} still busy after ${options.timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, stepMs));
  }
}
