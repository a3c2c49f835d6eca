/**
 * Check (a): crash safety under load. Several anonymous residents file fault reports with photos
 * without pause while the server is SIGKILLed at random moments and restarted on the same database
 * and DATA_DIR; afterwards every acknowledged submission must exist exactly once, with its photo.
 */
import crypto from 'node:crypto';
import type { BenchContext } from '../lib/context.ts';
import { freePort, tempDataDir } from '../lib/server.ts';
import { emptyStats, type FlowContext, fileFaultReport, openSession } from './fault-report.ts';
import { HttpSession, InFlight } from './http-session.ts';
import { type CheckResult, openSql, seconds, tidy } from './result.ts';
import { Supervisor } from './supervisor.ts';
import { auditSubmissions } from './verify-submissions.ts';

export interface CrashCheckOptions {
  /** PostgreSQL database to use; undefined → embedded PGlite in the temp DATA_DIR. */
  databaseUrl?: string;
  clients: number;
  kills: number;
  /** Random pause before each kill, in milliseconds [min, max). */
  killGapMs: [number, number];
  /** Load after the last restart before the clients finish. */
  tailMs: number;
  resubmitShare: number;
}

interface KillReport {
  inFlight: Record<string, number>;
  restartMs: number;
}

const randomBetween = ([min, max]: [number, number]) => min + crypto.randomInt(Math.max(1, max - min));
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Runs the clients until `stopping()`, each finishing the report it is filing. */
async function runClients(supervisor: Supervisor, options: CrashCheckOptions, stopping: () => boolean) {
  const inFlight = new InFlight();
  const stats = emptyStats();
  const context: FlowContext = {
    stats,
    awaitServer: supervisor.awaitServer,
    resubmitShare: options.resubmitShare,
  };
  const clientErrors: string[] = [];
  const client = async () => {
    const session = new HttpSession({ baseUrl: supervisor.url, inFlight });
    try {
      await openSession(session, context);
      while (!stopping()) await fileFaultReport(session, context);
    } catch (error) {
      clientErrors.push(String(error instanceof Error ? error.message : error).slice(0, 500));
    } finally {
      session.close();
    }
  };
  const done = Promise.all(Array.from({ length: options.clients }, client));
  return { inFlight, stats, clientErrors, done };
}

/** Runs check (a) against one database kind. */
export async function runCrashCheck(
  context: BenchContext,
  name: string,
  options: CrashCheckOptions,
): Promise<CheckResult> {
  const dataDir = tempDataDir('durability-crash');
  const port = await freePort();
  const env = { DB_POOL_SIZE: '10' };
  const supervisor = await Supervisor.start({ databaseUrl: options.databaseUrl, dataDir, port, env });
  context.log(`${name}: server up on ${supervisor.url} (DATA_DIR ${dataDir}); ${options.clients} clients`);
  let stop = false;
  const started = Date.now();
  const load = await runClients(supervisor, options, () => stop);
  const kills: KillReport[] = [];
  const failures: string[] = [];
  try {
    for (let i = 0; i < options.kills; i++) {
      await pause(randomBetween(options.killGapMs));
      let inFlight: Record<string, number> = {};
      const record = await supervisor.killAndRestart(() => {
        inFlight = load.inFlight.snapshot();
      });
      kills.push({ inFlight, restartMs: record.restartMs });
      context.log(
        `${name}: kill ${i + 1}/${options.kills} after ${load.stats.acknowledged.length} acknowledged; ` +
          `in flight ${JSON.stringify(inFlight)}; back in ${seconds(record.restartMs)}`,
      );
    }
    await pause(options.tailMs);
  } catch (error) {
    failures.push(`the server did not come back after a SIGKILL: ${String(error).slice(0, 2000)}`);
  }
  stop = true;
  await load.done;
  const loadSeconds = (Date.now() - started) / 1000;
  // The data is checked as one last crash leaves it.
  await supervisor.killForGood();
  const db = await openSql({ databaseUrl: options.databaseUrl, dataDir });
  try {
    const audit = await auditSubmissions(db, dataDir, load.stats.acknowledged);
    return tidy(report(name, { loadSeconds, kills, load, audit, failures }), dataDir);
  } finally {
    await db.close();
  }
}

function report(
  name: string,
  run: {
    loadSeconds: number;
    kills: KillReport[];
    load: Awaited<ReturnType<typeof runClients>>;
    audit: Awaited<ReturnType<typeof auditSubmissions>>;
    failures: string[];
  },
): CheckResult {
  const { stats, clientErrors } = run.load;
  const acknowledged = stats.acknowledged.length;
  const inFlightAtKills = run.kills.reduce(
    (sum, kill) => sum + Object.values(kill.inFlight).reduce((a, b) => a + b, 0),
    0,
  );
  const submitsAtKills = run.kills.reduce((sum, kill) => sum + (kill.inFlight.submit ?? 0), 0);
  const interrupted = stats.acknowledged.filter((ack) => ack.interruptedSubmits.length > 0).length;
  const failures = [
    ...run.failures,
    ...stats.lost.map((loss) => `LOST: ${loss}`),
    ...stats.resubmitMismatches.map((text) => `second submit: ${text}`),
    ...stats.flowErrors.map((text) => `unexpected answer: ${text}`),
    ...clientErrors.map((text) => `client stopped: ${text}`),
    ...run.audit.failures,
  ];
  if (acknowledged === 0) failures.push('no submission was acknowledged: the load did not run');
  const lines = [
    `${acknowledged} submissions acknowledged in ${run.loadSeconds.toFixed(0)} s of load, ${run.kills.length} SIGKILL(s)`,
    `in flight at the kills: ${inFlightAtKills} requests, of them ${submitsAtKills} submits (${run.kills
      .map((kill) => JSON.stringify(kill.inFlight))
      .join(' ')})`,
    `${interrupted} acknowledged drafts had a submit cut off by a kill; ${run.audit.committedBeforeKill} of them had committed before the kill and the re-submit returned that case`,
    `${stats.resubmitsChecked} acknowledged drafts submitted again (double click): ${stats.resubmitMismatches.length} led elsewhere`,
    `restart after SIGKILL: ${run.kills.map((kill) => seconds(kill.restartMs)).join(', ')}`,
    `cases in the database: ${run.audit.casesInDatabase} (acknowledged: ${acknowledged}); files without a row (stored, then killed): ${run.audit.orphanFiles}`,
    `broken connections retried: ${stats.connectionErrors}; 5xx answers: ${stats.serverErrors.length}`,
  ];
  if (run.audit.casesInDatabase !== acknowledged)
    lines.push(
      '(a case the client never saw acknowledged is not a loss: its submit was cut off and not retried)',
    );
  return {
    name,
    ok: failures.length === 0,
    lines,
    failures,
    figures: {
      acknowledged,
      kills: run.kills.length,
      inFlightAtKills,
      submitsInFlightAtKills: submitsAtKills,
      interruptedSubmits: interrupted,
      committedBeforeKill: run.audit.committedBeforeKill,
      resubmitsChecked: stats.resubmitsChecked,
      restartSeconds: run.kills.map((kill) => kill.restartMs / 1000),
      casesInDatabase: run.audit.casesInDatabase,
      orphanFiles: run.audit.orphanFiles,
      serverErrors: stats.serverErrors.slice(0, 20),
    },
  };
}
