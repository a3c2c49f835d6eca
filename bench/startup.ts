/**
 * Start-up (issue #4, figure 5): seconds from spawning `node --import tsx src/main.ts` to the first
 * 200 on /healthz, with demo data. A fresh start migrates and seeds an empty database; a warm
 * restart finds it ready. Median of three of each, on PGlite (what `npm start` does on a fresh
 * machine, so that is `startupSeconds`) and on PostgreSQL.
 */
import fs from 'node:fs';
import { type BenchContext, type PartResult, withBenchDatabase } from './lib/context.ts';
import { type ServerOptions, startServer, tempDataDir } from './lib/server.ts';
import { median, round } from './lib/stats.ts';

interface StartupTimes {
  freshSeconds: number[];
  warmSeconds: number[];
}

/** One fresh start and one warm restart of a server; returns seconds to healthy for each. */
async function startTwice(options: ServerOptions): Promise<[number, number]> {
  const fresh = await startServer(options);
  await fresh.stop();
  const warm = await startServer({ ...options, dataDir: fresh.dataDir });
  await warm.stop();
  return [fresh.startupMs / 1000, warm.startupMs / 1000];
}

async function pgliteTimes(rounds: number): Promise<StartupTimes> {
  const times: StartupTimes = { freshSeconds: [], warmSeconds: [] };
  for (let i = 0; i < rounds; i++) {
    const dataDir = tempDataDir('startup');
    try {
      const [fresh, warm] = await startTwice({ dataDir });
      times.freshSeconds.push(fresh);
      times.warmSeconds.push(warm);
    } finally {
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  }
  return times;
}

async function postgresTimes(context: BenchContext, rounds: number): Promise<StartupTimes> {
  const times: StartupTimes = { freshSeconds: [], warmSeconds: [] };
  for (let i = 0; i < rounds; i++) {
    const dataDir = tempDataDir('startup-pg');
    try {
      await withBenchDatabase(context, `ingang_bench_startup_${process.pid}_${i}`, async (databaseUrl) => {
        const [fresh, warm] = await startTwice({ databaseUrl, dataDir });
        times.freshSeconds.push(fresh);
        times.warmSeconds.push(warm);
      });
    } finally {
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  }
  return times;
}

function summary(times: StartupTimes) {
  return {
    freshMedianSeconds: round(median(times.freshSeconds)),
    warmMedianSeconds: round(median(times.warmSeconds)),
    freshSeconds: times.freshSeconds.map((s) => round(s)),
    warmSeconds: times.warmSeconds.map((s) => round(s)),
  };
}

/** Measures fresh and warm start-up on PGlite and on PostgreSQL. */
export async function run(context: BenchContext): Promise<PartResult> {
  const rounds = context.quick ? 1 : 3;
  context.log(`startup: PGlite, ${rounds} fresh + warm`);
  const pglite = summary(await pgliteTimes(rounds));
  context.log(`  PGlite: fresh ${pglite.freshMedianSeconds} s, warm ${pglite.warmMedianSeconds} s`);
  context.log(`startup: PostgreSQL, ${rounds} fresh + warm`);
  const postgres = summary(await postgresTimes(context, rounds));
  context.log(`  PostgreSQL: fresh ${postgres.freshMedianSeconds} s, warm ${postgres.warmMedianSeconds} s`);
  return {
    figures: { startupSeconds: pglite.freshMedianSeconds, startup: { rounds, pglite, postgres } },
    rows: [
      { name: 'startupSeconds (PGlite, fresh, demo seeded)', value: `${pglite.freshMedianSeconds} s` },
      { name: 'Start-up, PGlite, warm restart', value: `${pglite.warmMedianSeconds} s` },
      { name: 'Start-up, PostgreSQL, fresh', value: `${postgres.freshMedianSeconds} s` },
      { name: 'Start-up, PostgreSQL, warm restart', value: `${postgres.warmMedianSeconds} s` },
    ],
  };
}
