/**
 * Where a loaded server spends its time on submits (not a bench part; no figures are recorded):
 *
 *   node --import ./scripts/tsx.mjs bench/profile-submit.ts [drafts per round, default 1500]
 *
 * Drafts are prepared on one server, which is then stopped; a second server on the same PostgreSQL
 * database runs with `--cpu-prof` and only receives the submits (three rounds, 10 connections, as
 * `bench/submit.ts` sends them), so the profile holds the submit path and the job worker's
 * proposals, not the steps before. Prints each round's rate and the main thread's sampled time by
 * package (our modules by `src/<layer>/<module>`), and leaves the profile in a temp directory to open
 * in Chrome's DevTools.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { contextFromEnv, withBenchDatabase } from './lib/context.ts';
import { startServer } from './lib/server.ts';
import { createResidents } from './lib/sessions.ts';
import { type PreparedDraft, prepareDrafts, submitLoad } from './lib/submit-flow.ts';
import { CONNECTIONS } from './submit.ts';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string };
}

interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

/** What a frame counts under: an npm package, one of our modules, a Node internal, or V8's own. */
export function ownerOf(frame: ProfileNode['callFrame']): string {
  const { url, functionName } = frame;
  const packaged = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (packaged) return packaged[1] as string;
  const ours = /\/src\/([^/]+(?:\/[^/.]+)?)/.exec(url);
  if (ours) return `src/${ours[1]}`;
  if (url.startsWith('node:')) return url;
  return url === '' ? functionName || '(native)' : url;
}

/** Sampled milliseconds per owner, largest first. */
export function timeByOwner(profile: CpuProfile): [string, number][] {
  const owners = new Map(profile.nodes.map((node) => [node.id, ownerOf(node.callFrame)]));
  const totals = new Map<string, number>();
  profile.samples.forEach((id, index) => {
    const owner = owners.get(id) ?? '(unknown)';
    totals.set(owner, (totals.get(owner) ?? 0) + (profile.timeDeltas[index] ?? 0) / 1000);
  });
  return [...totals].sort((a, b) => b[1] - a[1]);
}

async function main(): Promise<void> {
  const perRound = Number(process.argv[2] ?? 1500);
  const context = contextFromEnv();
  const profileDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ingang-submit-profile-'));
  const env = { DEV_MAILBOX: 'false', DB_POOL_SIZE: String(CONNECTIONS) };
  await withBenchDatabase(context, `ingang_bench_profile_${process.pid}`, async (databaseUrl) => {
    await (await startServer({ databaseUrl, env })).stop();
    const pool = new pg.Pool({ connectionString: databaseUrl, max: 2 });
    try {
      const residents = await createResidents(pool, 200);
      const preparer = await startServer({ databaseUrl, env });
      const rounds: PreparedDraft[][] = [];
      try {
        for (let round = 0; round < 3; round += 1)
          rounds.push(await prepareDrafts(preparer.url, residents, perRound, CONNECTIONS));
      } finally {
        await preparer.stop();
      }
      const server = await startServer({
        databaseUrl,
        env,
        nodeArgs: ['--cpu-prof', `--cpu-prof-dir=${profileDir}`],
      });
      try {
        for (const [index, drafts] of rounds.entries()) {
          const load = await submitLoad(server.url, drafts, CONNECTIONS);
          console.log(
            `round ${index + 1}: ${load.succeeded} of ${load.attempted} submits answered 303, ` +
              `${load.perSecond.toFixed(1)}/s, p50 ${load.p50Ms.toFixed(1)} ms`,
          );
        }
      } finally {
        await server.stop(30_000);
      }
    } finally {
      await pool.end();
    }
  });
  // The main thread's profile is the one numbered 0 (worker threads, e.g. the job thread, follow).
  const file = fs
    .readdirSync(profileDir)
    .filter((name) => name.endsWith('.cpuprofile'))
    .sort()
    .find((name) => /\.0\.\d+\.cpuprofile$/.test(name));
  if (!file) throw new Error(`no profile of the main thread in ${profileDir}`);
  const profile = JSON.parse(fs.readFileSync(path.join(profileDir, file), 'utf8')) as CpuProfile;
  const owners = timeByOwner(profile);
  const total = owners.reduce((sum, [, ms]) => sum + ms, 0);
  console.log(`\nmain thread, ${(total / 1000).toFixed(1)} s sampled (${path.join(profileDir, file)}):`);
  for (const [owner, ms] of owners.slice(0, 20))
    console.log(`${ms.toFixed(0).padStart(8)} ms ${((100 * ms) / total).toFixed(1).padStart(5)} %  ${owner}`);
}

if (import.meta.url === `file://${process.argv[1]}`) await main();
