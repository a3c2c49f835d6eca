/**
 * `npm run durability`: the crash and concurrency checks of issue #4, against the PostgreSQL in
 * DATABASE_URL (default postgres://postgres@127.0.0.1:5432/postgres) and the embedded PGlite.
 *   (a) crash: SIGKILL the server under submission load; every acknowledged submission survives once
 *   (b) concurrent: one draft submitted by 20 connections at once makes one case
 *   (c) outbox: three servers with job workers on one PostgreSQL; two handlers per event (mail,
 *       statistics), SIGKILLs; every effect once (mail: in effect, by Message-ID)
 * Prints each result; exits 1 on any loss. `npm run durability -- crash outbox` runs only those;
 * BENCH_QUICK=1 shortens everything (a smoke run).
 */

import { runConcurrentSubmitCheck } from './durability/concurrent-submit.ts';
import { runCrashCheck } from './durability/crash-check.ts';
import { runOutboxCheck } from './durability/outbox-check.ts';
import type { CheckResult } from './durability/result.ts';
import { type BenchContext, contextFromEnv, withBenchDatabase } from './lib/context.ts';

type Check = { id: string; run: (context: BenchContext, suffix: string) => Promise<CheckResult> };

const CHECKS: Check[] = [
  {
    id: 'crash',
    run: (context, suffix) =>
      withBenchDatabase(context, `ingang_bench_durability_crash_${suffix}`, (databaseUrl) =>
        runCrashCheck(context, '(a) crash under load, PostgreSQL', { databaseUrl, ...crashSizes(context) }),
      ),
  },
  {
    id: 'crash-pglite',
    run: (context) => runCrashCheck(context, '(a) crash under load, embedded PGlite', crashSizes(context)),
  },
  {
    id: 'concurrent',
    run: (context, suffix) =>
      withBenchDatabase(context, `ingang_bench_durability_concurrent_${suffix}`, (databaseUrl) =>
        runConcurrentSubmitCheck(context, '(b) one draft, 20 concurrent submits, PostgreSQL', {
          databaseUrl,
          ...concurrentSizes(context),
        }),
      ),
  },
  {
    id: 'concurrent-pglite',
    run: (context) =>
      runConcurrentSubmitCheck(
        context,
        '(b) one draft, 20 concurrent submits, embedded PGlite',
        concurrentSizes(context),
      ),
  },
  {
    id: 'outbox',
    run: (context, suffix) =>
      withBenchDatabase(context, `ingang_bench_durability_outbox_${suffix}`, (databaseUrl) =>
        runOutboxCheck(
          context,
          '(c) outbox: two handlers per event, each effect once, three servers on PostgreSQL',
          {
            databaseUrl,
            ...outboxSizes(context),
          },
        ),
      ),
  },
];

function crashSizes(context: BenchContext) {
  return context.quick
    ? { clients: 4, kills: 2, killGapMs: [2000, 5000] as [number, number], tailMs: 2000, resubmitShare: 0.2 }
    : {
        clients: 8,
        kills: 5,
        killGapMs: [4000, 14000] as [number, number],
        tailMs: 5000,
        resubmitShare: 0.1,
      };
}

function concurrentSizes(context: BenchContext) {
  return { drafts: context.quick ? 3 : 10, connections: 20 };
}

function outboxSizes(context: BenchContext) {
  return { jobs: context.quick ? 90 : 300, servers: 3, kills: context.quick ? 1 : 2 };
}

function print(result: CheckResult): void {
  const lines = [
    `${result.ok ? 'PASS' : 'FAIL'}  ${result.name}`,
    ...result.lines.map((line) => `      ${line}`),
  ];
  for (const failure of result.failures.slice(0, 50)) lines.push(`  !!  ${failure}`);
  if (result.failures.length > 50) lines.push(`  !!  … and ${result.failures.length - 50} more`);
  console.log(`${lines.join('\n')}\n`);
}

async function main(): Promise<number> {
  const context = contextFromEnv();
  const wanted = process.argv.slice(2);
  const unknown = wanted.filter((id) => !CHECKS.some((check) => check.id === id));
  if (unknown.length > 0) {
    console.error(`unknown check ${unknown.join(', ')}; choose from ${CHECKS.map((c) => c.id).join(', ')}`);
    return 2;
  }
  const suffix = `${process.pid}`;
  const results: CheckResult[] = [];
  for (const check of CHECKS.filter((c) => wanted.length === 0 || wanted.includes(c.id))) {
    context.log(`running ${check.id}`);
    const result = await check.run(context, suffix).catch(
      (error: unknown): CheckResult => ({
        name: check.id,
        ok: false,
        lines: [],
        failures: [
          `the check itself failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`,
        ],
        figures: {},
      }),
    );
    print(result);
    results.push(result);
  }
  const failed = results.filter((result) => !result.ok);
  console.log(
    failed.length === 0
      ? `durability: all ${results.length} checks passed`
      : `durability: ${failed.length} of ${results.length} checks FAILED: ${failed.map((r) => r.name).join('; ')}`,
  );
  return failed.length === 0 ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
