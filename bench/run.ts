/**
 * `npm run bench`: runs every benchmark part in order against the PostgreSQL of DATABASE_URL (and
 * the embedded PGlite where a part says so), prints one table and writes bench/results/latest.json.
 * BENCH_QUICK=1 makes every phase short, for a smoke run, and writes bench/results/quick.json instead,
 * so that a smoke run (CI runs one) never replaces the figures of a real run. `npm run bench -- submit
 * scale` runs only the named parts and writes bench/results/partial.json.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { type BenchContext, type BenchPart, contextFromEnv, type PartRow, withAdmin } from './lib/context.ts';
import { repoRoot } from './lib/server.ts';
import { formatTable } from './lib/stats.ts';

/** The parts, in the order they run. Each is `bench/<name>.ts` exporting `run`. */
const PARTS = [
  'startup',
  'submit',
  'scale',
  'page-weight',
  'sensors',
  'fault-reports',
  'webhooks',
  'swefaq',
  'routing',
] as const;

async function loadPart(name: string): Promise<BenchPart | undefined> {
  const file = path.join(repoRoot, 'bench', `${name}.ts`);
  if (!fs.existsSync(file)) return undefined;
  const module = (await import(file)) as { run?: BenchPart };
  if (typeof module.run !== 'function') throw new Error(`bench/${name}.ts does not export run()`);
  return module.run;
}

function pgbenchVersion(): string | null {
  try {
    return execFileSync('pgbench', ['--version'], { encoding: 'utf8' }).trim();
  } catch {
    return null;
  }
}

async function machine(context: BenchContext) {
  const postgres = await withAdmin(context.adminUrl, async (client) => {
    const { rows } = await client.query('select version() as version');
    return String(rows[0].version);
  });
  const cpus = os.cpus();
  return {
    os: `${os.type()} ${os.release()} (${os.platform()}/${os.arch()})`,
    cpus: cpus.length,
    cpuModel: cpus[0]?.model ?? 'unknown',
    memoryGB: Math.round(os.totalmem() / 2 ** 30),
    node: process.version,
    postgres,
    pgbench: pgbenchVersion(),
  };
}

async function main(): Promise<number> {
  const context = contextFromEnv();
  const wanted = process.argv.slice(2);
  const unknown = wanted.filter((name) => !(PARTS as readonly string[]).includes(name));
  if (unknown.length > 0) {
    console.error(`unknown part ${unknown.join(', ')}; choose from ${PARTS.join(', ')}`);
    return 2;
  }
  const figures: Record<string, unknown> = {};
  const rows: PartRow[] = [];
  const skipped: string[] = [];
  const failed: Record<string, string> = {};
  const started = new Date();
  for (const name of PARTS.filter((part) => wanted.length === 0 || wanted.includes(part))) {
    const part = await loadPart(name);
    if (!part) {
      context.log(`bench/${name}.ts does not exist yet: skipped`);
      skipped.push(name);
      continue;
    }
    context.log(`--- ${name}`);
    try {
      const result = await part(context);
      Object.assign(figures, result.figures);
      rows.push(...result.rows);
      if (result.skipped !== undefined) skipped.push(name);
    } catch (error) {
      const message = error instanceof Error ? (error.stack ?? error.message) : String(error);
      context.log(`${name} FAILED: ${message}`);
      failed[name] = message.split('\n')[0] ?? message;
      rows.push({
        name: `${name}: failed (see above)`,
        value: (failed[name] as string).slice(0, 60),
        ok: false,
      });
    }
  }
  const record = {
    date: started.toISOString(),
    command: `${context.quick ? 'BENCH_QUICK=1 ' : ''}npm run bench${wanted.length ? ` -- ${wanted.join(' ')}` : ''}`,
    quick: context.quick,
    durationSeconds: Math.round((Date.now() - started.getTime()) / 1000),
    machine: await machine(context),
    ...figures,
    skipped,
    failed,
  };
  const resultsDir = path.join(repoRoot, 'bench/results');
  fs.mkdirSync(resultsDir, { recursive: true });
  const file = context.quick ? 'quick.json' : wanted.length > 0 ? 'partial.json' : 'latest.json';
  fs.writeFileSync(path.join(resultsDir, file), `${JSON.stringify(record, null, 2)}\n`);
  console.log(`\n${formatTable(rows)}\n`);
  console.log(
    `Machine: ${record.machine.os}, ${record.machine.cpus} × ${record.machine.cpuModel}, Node ${record.machine.node}`,
  );
  console.log(`Written: bench/results/${file}${skipped.length ? ` (skipped: ${skipped.join(', ')})` : ''}`);
  return Object.keys(failed).length > 0 ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
