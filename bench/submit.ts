/**
 * Submit throughput (issue #4, figures 1 and 4): submissions per second through HTTP against
 * pgbench running exactly the SQL of one submission on the same PostgreSQL with the same number of
 * connections, and the same HTTP benchmark on the embedded PGlite. On a shared, noisy machine the
 * three are measured back to back in each of several rounds, and the ratios are the rounds' medians.
 * Every submission also gets a decision proposal from the server's job worker (issue #10): after
 * each HTTP phase the part waits until every proposal is stored, and reports how far behind the
 * load they were (bench/lib/proposal-lag.ts). No phase starts while another's backlog is worked off.
 */
import fs from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { type BenchContext, type PartResult, type PartRow, withBenchDatabase } from './lib/context.ts';
import { startPgCapture } from './lib/pg-capture.ts';
import {
  cloneDrafts,
  type PgbenchRun,
  pgbenchScript,
  runPgbench,
  type SubmissionValues,
} from './lib/pgbench-script.ts';
import {
  awaitIdleProcess,
  awaitProposalJobs,
  type ProposalFigures,
  proposalFigures,
  proposalJobsLeft,
  unfinishedProposalJobs,
} from './lib/proposal-lag.ts';
import { type RunningServer, repoRoot, startServer, tempDataDir } from './lib/server.ts';
import { type BenchResident, createResidents, type Queryable } from './lib/sessions.ts';
import { median, round } from './lib/stats.ts';
import {
  type PreparedDraft,
  prepareDraft,
  prepareDrafts,
  type SubmitLoad,
  submitDraft,
  submitLoad,
} from './lib/submit-flow.ts';

/** Share of a load's cases whose proposal was stored by the time the load stopped (issue #10). */
const KEPT_UP_TARGET = 0.95;

/** Connections of the HTTP client, of pgbench, and the server's pool (DB_POOL_SIZE's default). */
export const CONNECTIONS = 10;

interface Sizes {
  residents: number;
  warmupDrafts: number;
  rounds: number;
  secondsPerPhase: number;
}

function sizesFor(context: BenchContext): Sizes {
  return context.quick
    ? { residents: 20, warmupDrafts: 40, rounds: 1, secondsPerPhase: 2 }
    : { residents: 200, warmupDrafts: 400, rounds: 3, secondsPerPhase: 10 };
}

/** The notification worker is off, so that only the submit path is measured (see docs/performance.md). */
const serverEnv = { DEV_MAILBOX: 'false', DB_POOL_SIZE: String(CONNECTIONS) };

const PGBENCH_SCRIPT = 'bench/results/submit-pgbench.sql';

/** A server under test with the rate of its last phase (to size the next) and every timed load. */
interface Target {
  server: RunningServer;
  rate: number;
  loads: SubmitLoad[];
  draftIds: string[];
}

interface Captured {
  script: string;
  statements: number;
  roundTrips: number;
  template: PreparedDraft;
}

/** Submits one draft through a capturing proxy (after one warm-up submit) and builds the pgbench script. */
async function captureSubmission(
  databaseUrl: string,
  db: Queryable,
  resident: BenchResident,
): Promise<Captured> {
  const capture = await startPgCapture(databaseUrl);
  // No job worker (nor disposal run) here: its statements would run between the submit's and be captured with them.
  const server = await startServer({
    databaseUrl: capture.url,
    env: { ...serverEnv, JOB_WORKER: 'false', DISPOSAL_INTERVAL_MINUTES: '0' },
  });
  try {
    const warm = await prepareDraft(server.url, resident);
    const measured = await prepareDraft(server.url, resident);
    const template = await prepareDraft(server.url, resident);
    if ((await submitDraft(server.url, warm)) !== 303) throw new Error('warm-up submit failed');
    // Sealed answers differ from draft to draft (a fresh IV each time, decision 0034) and the
    // submission's guard compares the draft's stored answers: pgbench's drafts, cloned from the
    // template, get the measured draft's answers as they are before its submission.
    await db.query('update draft set answers = (select answers from draft where id = $1) where id = $2', [
      measured.draftId,
      template.draftId,
    ]);
    capture.reset();
    if ((await submitDraft(server.url, measured)) !== 303) throw new Error('captured submit failed');
    const statements = capture.statements();
    const { rows } = await db.query('select id, reference from "case" where draft_id = $1', [
      measured.draftId,
    ]);
    const made = rows[0] as { id: string; reference: string };
    const values: SubmissionValues = {
      draftId: measured.draftId,
      caseId: made.id,
      reference: made.reference,
      sequence: Number(made.reference.slice(made.reference.lastIndexOf('-') + 1)),
    };
    const script = pgbenchScript(statements, values);
    return { script, statements: statements.length, roundTrips: capture.roundTrips(), template };
  } finally {
    await server.stop();
    await capture.close();
  }
}

/** PGlite's files can only be opened by one process at a time: the server must be stopped. */
async function withPglite<T>(dataDir: string, work: (db: Queryable) => Promise<T>): Promise<T> {
  const { PGlite } = await import('@electric-sql/pglite');
  const db = await PGlite.create({ dataDir: path.join(dataDir, 'pglite') });
  try {
    return await work(db);
  } finally {
    await db.close();
  }
}

/** Every timed 303 must have made exactly one case. */
async function assertCases(db: Queryable, target: Target): Promise<void> {
  const succeeded = target.loads.reduce((sum, load) => sum + load.succeeded, 0);
  const { rows } = await db.query('select count(*)::int as n from "case" where draft_id = any($1::uuid[])', [
    target.draftIds,
  ]);
  if (Number(rows[0].n) !== succeeded)
    throw new Error(`${succeeded} submits answered 303 but ${rows[0].n} cases exist`);
}

const draftUuid = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;

/** pgbench submitted every pre-created draft of its run, each once. */
async function assertPgbenchCases(db: Queryable, base: number, run: PgbenchRun, perClient: number) {
  if (run.failed > 0 || run.transactions !== perClient * CONNECTIONS)
    throw new Error(`pgbench did not complete:\n${run.output}`);
  const { rows } = await db.query(
    `select count(*)::int as n from "case" where draft_id between $1::uuid and $2::uuid`,
    [draftUuid(base), draftUuid(base + 1_000_000 * CONNECTIONS)],
  );
  if (Number(rows[0].n) !== run.transactions)
    throw new Error(`pgbench ran ${run.transactions} transactions but made ${rows[0].n} cases`);
}

async function warmUp(context: BenchContext, target: Target, residents: BenchResident[], count: number) {
  const drafts = await prepareDrafts(target.server.url, residents, count, CONNECTIONS);
  target.rate = (await submitLoad(target.server.url, drafts, CONNECTIONS)).perSecond;
  context.log(`  warm-up ${target.server.url}: ${target.rate.toFixed(0)}/s`);
}

const draftsFor = (rate: number, seconds: number) =>
  Math.min(40_000, Math.max(30, Math.ceil(rate * seconds)));

interface Round {
  postgres: SubmitLoad;
  pgbench: PgbenchRun;
  pglite: SubmitLoad;
  /** The proposals of the PostgreSQL phase's cases (taken once they were all stored). */
  postgresProposals: ProposalFigures;
  /** The PGlite phase's drafts, whose proposals are read once that server has stopped. */
  pgliteDraftIds: string[];
  /** The worker draining pgbench's cases' proposals alone, with no HTTP load. */
  pgbenchDrain: Drain;
}

/** How fast the PostgreSQL server's worker made the proposals left when pgbench ended. */
interface Drain {
  jobs: number;
  seconds: number;
  perSecond: number;
}

/**
 * Waits until the PostgreSQL server's worker has made every proposal, so that no phase runs while
 * another phase's backlog is being worked off on the same two CPUs (docs/performance.md).
 */
async function drainPostgres(pool: Queryable): Promise<Drain> {
  const jobs = await proposalJobsLeft(pool);
  const started = performance.now();
  await awaitProposalJobs(pool);
  const seconds = (performance.now() - started) / 1000;
  return { jobs, seconds, perSecond: seconds > 0 ? jobs / seconds : Number.NaN };
}

/** Waits until the PGlite server's job worker has worked off its backlog (it runs without pause while it has one). */
async function drainPglite(context: BenchContext, target: Target): Promise<void> {
  const pid = target.server.child.pid;
  if (pid === undefined || !(await awaitIdleProcess(pid))) {
    context.log("  (cannot watch the PGlite server's CPU here: its backlog is not waited for)");
  }
}

/** One round: drafts for all three prepared first, then the three timed phases back to back. */
async function measureRound(
  context: BenchContext,
  round: number,
  targets: { postgres: Target; pglite: Target; pool: Queryable; databaseUrl: string; captured: Captured },
  residents: { postgres: BenchResident[]; pglite: BenchResident[] },
  state: { pgbenchTps: number },
  seconds: number,
): Promise<Round> {
  const { postgres, pglite, pool } = targets;
  const pgDrafts = await prepareDrafts(
    postgres.server.url,
    residents.postgres,
    draftsFor(postgres.rate, seconds),
    CONNECTIONS,
  );
  const liteDrafts = await prepareDrafts(
    pglite.server.url,
    residents.pglite,
    draftsFor(pglite.rate, seconds),
    CONNECTIONS,
  );
  const perClient = Math.max(10, Math.ceil((state.pgbenchTps * seconds) / CONNECTIONS));
  const base = (round + 2) * 1_000_000_000;
  await cloneDrafts(pool, targets.captured.template.draftId, base, CONNECTIONS, perClient);
  const script = path.join(repoRoot, PGBENCH_SCRIPT);
  const timed = async (target: Target, drafts: PreparedDraft[]) => {
    const load = await submitLoad(target.server.url, drafts, CONNECTIONS);
    target.rate = load.perSecond;
    target.loads.push(load);
    target.draftIds.push(...drafts.map((draft) => draft.draftId));
    return load;
  };
  const pgLoad = await timed(postgres, pgDrafts);
  await drainPostgres(pool);
  const postgresProposals = await proposalFigures(
    pool,
    pgDrafts.map((draft) => draft.draftId),
    pgLoad.endedAt,
  );
  const pgbench = await runPgbench(targets.databaseUrl, script, CONNECTIONS, base, ['-t', String(perClient)]);
  state.pgbenchTps = pgbench.tps;
  const pgbenchDrain = await drainPostgres(pool);
  const liteLoad = await timed(pglite, liteDrafts);
  await drainPglite(context, pglite);
  await assertPgbenchCases(pool, base, pgbench, perClient);
  context.log(
    `  round ${round + 1}: PostgreSQL ${pgLoad.perSecond.toFixed(1)}/s, pgbench ${pgbench.tps.toFixed(1)} tps, PGlite ${liteLoad.perSecond.toFixed(1)}/s; proposals on PostgreSQL: lag p95 ${postgresProposals.lagP95Ms.toFixed(0)} ms, ${postgresProposals.backlogAtEnd} left at the end, drained in ${postgresProposals.drainSeconds.toFixed(1)} s; pgbench's ${pgbenchDrain.jobs} drained at ${pgbenchDrain.perSecond.toFixed(0)}/s`,
  );
  return {
    postgres: pgLoad,
    pgbench,
    pglite: liteLoad,
    postgresProposals,
    pgliteDraftIds: liteDrafts.map((draft) => draft.draftId),
    pgbenchDrain,
  };
}

/** Prepares both databases and runs the rounds; servers stopped and databases checked at the end. */
async function measure(context: BenchContext, sizes: Sizes, databaseUrl: string, liteDir: string) {
  const pool = new pg.Pool({ connectionString: databaseUrl, max: 2 });
  pool.on('error', () => undefined);
  try {
    context.log('submit: seeding PostgreSQL and PGlite, capturing the SQL of one submission');
    await (await startServer({ databaseUrl, env: serverEnv })).stop();
    const pgResidents = await createResidents(pool, sizes.residents);
    const captured = await captureSubmission(databaseUrl, pool, pgResidents[0] as BenchResident);
    fs.writeFileSync(path.join(repoRoot, PGBENCH_SCRIPT), captured.script);
    context.log(`  ${captured.statements} statements, ${captured.roundTrips} round trips per submission`);
    await (await startServer({ dataDir: liteDir, env: serverEnv })).stop();
    const liteResidents = await withPglite(liteDir, (db) => createResidents(db, sizes.residents));
    const target = (server: RunningServer): Target => ({ server, rate: 0, loads: [], draftIds: [] });
    const postgres = target(await startServer({ databaseUrl, env: serverEnv }));
    let pglite: Target | undefined;
    const rounds: Round[] = [];
    try {
      pglite = target(await startServer({ dataDir: liteDir, env: serverEnv }));
      await warmUp(context, postgres, pgResidents, sizes.warmupDrafts);
      await warmUp(context, pglite, liteResidents, sizes.warmupDrafts);
      const probeBase = 1_000_000_000;
      const probeCount = Math.max(10, Math.ceil(sizes.warmupDrafts / CONNECTIONS));
      await cloneDrafts(pool, captured.template.draftId, probeBase, CONNECTIONS, probeCount);
      const probe = await runPgbench(
        databaseUrl,
        path.join(repoRoot, PGBENCH_SCRIPT),
        CONNECTIONS,
        probeBase,
        ['-t', String(probeCount)],
      );
      await assertPgbenchCases(pool, probeBase, probe, probeCount);
      await drainPostgres(pool);
      await drainPglite(context, pglite);
      const state = { pgbenchTps: probe.tps };
      const targets = { postgres, pglite, pool, databaseUrl, captured };
      const residents = { postgres: pgResidents, pglite: liteResidents };
      for (let i = 0; i < sizes.rounds; i++)
        rounds.push(await measureRound(context, i, targets, residents, state, sizes.secondsPerPhase));
    } finally {
      await postgres.server.stop();
      await pglite?.server.stop();
    }
    await assertCases(pool, postgres);
    const lite = pglite as Target;
    const pgliteProposals = await withPglite(liteDir, async (db) => {
      await assertCases(db, lite);
      const figures: ProposalFigures[] = [];
      for (const [i, round] of rounds.entries()) {
        const made = await proposalFigures(db, round.pgliteDraftIds, round.pglite.endedAt);
        if (made.proposed < made.cases) {
          context.log(`  round ${i + 1}: ${made.cases - made.proposed} PGlite cases have no proposal`);
          context.log(
            `  their proposal jobs: ${JSON.stringify(await unfinishedProposalJobs(db, round.pgliteDraftIds))}`,
          );
          context.log(`  the PGlite server's last output:\n${lite.server.output().slice(-3000)}`);
        }
        figures.push(made);
      }
      return figures;
    });
    return { rounds, captured, pgliteProposals };
  } finally {
    await pool.end();
  }
}

function loadFigures(load: SubmitLoad) {
  return {
    submitted: load.succeeded,
    seconds: round(load.seconds),
    perSecond: round(load.perSecond, 1),
    p50Ms: round(load.p50Ms, 1),
    p95Ms: round(load.p95Ms, 1),
    ...(load.succeeded === load.attempted ? {} : { attempted: load.attempted, statuses: load.statuses }),
  };
}

/** A round's proposal figures for latest.json. */
function proposalRound(p: ProposalFigures) {
  return {
    cases: p.cases,
    proposed: p.proposed,
    backlogAtEnd: p.backlogAtEnd,
    keptUp: round(p.keptUp, 3),
    lagP50Ms: round(p.lagP50Ms, 1),
    lagP95Ms: round(p.lagP95Ms, 1),
    lagMaxMs: round(p.lagMaxMs, 1),
    drainSeconds: round(p.drainSeconds, 2),
  };
}

/** Runs the submit benchmark on PostgreSQL (with pgbench) and on PGlite. */
export async function run(context: BenchContext): Promise<PartResult> {
  const sizes = sizesFor(context);
  const liteDir = tempDataDir('submit-pglite');
  const { rounds, captured, pgliteProposals } = await withBenchDatabase(
    context,
    `ingang_bench_submit_${process.pid}`,
    (databaseUrl) => measure(context, sizes, databaseUrl, liteDir),
  ).finally(() => fs.rmSync(liteDir, { recursive: true, force: true }));
  const submitVsPgbench = median(rounds.map((r) => r.postgres.perSecond / r.pgbench.tps));
  const pgliteVsPostgres = median(rounds.map((r) => r.pglite.perSecond / r.postgres.perSecond));
  const medianOf = (pick: (r: Round) => number) => median(rounds.map(pick));
  // Rounds with a proposal missing have no lag or drain figure (NaN): the median is of the others.
  const known = (values: number[]) => median(values.filter(Number.isFinite));
  const pgP = (pick: (p: ProposalFigures) => number) => known(rounds.map((r) => pick(r.postgresProposals)));
  const liteP = (pick: (p: ProposalFigures) => number) => known(pgliteProposals.map(pick));
  const proposals = {
    proposalLagP50Ms: round(
      pgP((p) => p.lagP50Ms),
      1,
    ),
    proposalLagP95Ms: round(
      pgP((p) => p.lagP95Ms),
      1,
    ),
    proposalBacklogAtEnd: pgP((p) => p.backlogAtEnd),
    proposalDrainSeconds: round(
      pgP((p) => p.drainSeconds),
      2,
    ),
    proposalKeptUp: round(
      pgP((p) => p.keptUp),
      3,
    ),
    proposalWorkerPerSecond: round(
      medianOf((r) => r.pgbenchDrain.perSecond),
      1,
    ),
    proposalCapacityVsSubmits: round(
      medianOf((r) => r.pgbenchDrain.perSecond / r.postgres.perSecond),
      3,
    ),
    pgliteProposalLagP50Ms: round(
      liteP((p) => p.lagP50Ms),
      1,
    ),
    pgliteProposalLagP95Ms: round(
      liteP((p) => p.lagP95Ms),
      1,
    ),
    pgliteProposalBacklogAtEnd: liteP((p) => p.backlogAtEnd),
    pgliteProposalDrainSeconds: round(
      liteP((p) => p.drainSeconds),
      2,
    ),
    pgliteProposalKeptUp: round(
      liteP((p) => p.keptUp),
      3,
    ),
  };
  const rows: PartRow[] = [
    {
      name: 'Submits/s, HTTP, PostgreSQL (median of rounds)',
      value: medianOf((r) => r.postgres.perSecond).toFixed(1),
    },
    { name: 'pgbench tps, same SQL (median of rounds)', value: medianOf((r) => r.pgbench.tps).toFixed(1) },
    {
      name: 'submitVsPgbench',
      value: submitVsPgbench.toFixed(2),
      target: '≥ 0.6',
      ok: submitVsPgbench >= 0.6,
    },
    { name: 'Statements / round trips per submit', value: `${captured.statements} / ${captured.roundTrips}` },
    {
      name: 'Submits/s, HTTP, PGlite (median of rounds)',
      value: medianOf((r) => r.pglite.perSecond).toFixed(1),
    },
    { name: 'pgliteVsPostgres', value: pgliteVsPostgres.toFixed(2) },
    {
      name: 'Proposal lag p50 / p95, PostgreSQL (ms)',
      value: `${proposals.proposalLagP50Ms.toFixed(0)} / ${proposals.proposalLagP95Ms.toFixed(0)}`,
    },
    {
      name: 'Proposals left at the end / drained in, PostgreSQL',
      value: `${proposals.proposalBacklogAtEnd} / ${proposals.proposalDrainSeconds.toFixed(1)} s`,
    },
    {
      name: 'proposalKeptUp (PostgreSQL)',
      value: proposals.proposalKeptUp.toFixed(3),
      target: `≥ ${KEPT_UP_TARGET}`,
      ok: proposals.proposalKeptUp >= KEPT_UP_TARGET,
    },
    {
      name: 'Proposals/s, worker with no HTTP load, PostgreSQL',
      value: proposals.proposalWorkerPerSecond.toFixed(0),
    },
    { name: 'proposalCapacityVsSubmits (PostgreSQL)', value: proposals.proposalCapacityVsSubmits.toFixed(2) },
    {
      name: 'Proposal lag p50 / p95, PGlite (ms)',
      value: `${proposals.pgliteProposalLagP50Ms.toFixed(0)} / ${proposals.pgliteProposalLagP95Ms.toFixed(0)}`,
    },
    {
      name: 'Proposals left at the end / drained in, PGlite',
      value: `${proposals.pgliteProposalBacklogAtEnd} / ${proposals.pgliteProposalDrainSeconds.toFixed(1)} s`,
    },
    { name: 'pgliteProposalKeptUp', value: proposals.pgliteProposalKeptUp.toFixed(3) },
  ];
  return {
    rows,
    figures: {
      submitVsPgbench: round(submitVsPgbench, 3),
      pgliteVsPostgres: round(pgliteVsPostgres, 3),
      ...proposals,
      submit: {
        service: 'exempelstad/skolskjuts (logged in, loa3), answers as the browser posts them',
        connections: CONNECTIONS,
        statementsPerSubmit: captured.statements,
        roundTripsPerSubmit: captured.roundTrips,
        pgbenchScript: PGBENCH_SCRIPT,
        rounds: rounds.map((r, i) => ({
          postgres: loadFigures(r.postgres),
          pgbench: { tps: round(r.pgbench.tps, 1), transactions: r.pgbench.transactions },
          pglite: loadFigures(r.pglite),
          submitVsPgbench: round(r.postgres.perSecond / r.pgbench.tps, 3),
          pgliteVsPostgres: round(r.pglite.perSecond / r.postgres.perSecond, 3),
          postgresProposals: proposalRound(r.postgresProposals),
          pgliteProposals: proposalRound(pgliteProposals[i] as ProposalFigures),
          pgbenchProposalsDrained: {
            jobs: r.pgbenchDrain.jobs,
            seconds: round(r.pgbenchDrain.seconds),
            perSecond: round(r.pgbenchDrain.perSecond, 1),
          },
        })),
      },
    },
  };
}
