/**
 * Scale-invariance (issue #4, figure 2; issue #12): p95 latency of My Pages, the officer queue
 * (filtered, first page and deep pages) and the API's case list (a business system's client reaching
 * the officer's unit) with 1,000,000 cases in the database divided by the same with 10,000.
 * Both databases come from the same SQL generator (bench/lib/generate.ts); the measured resident and
 * officer hold the same data of their own in both, so the ratio shows only the effect of table size.
 * Both servers run at once and the requests alternate between them, so drift on a noisy machine
 * hits both alike. EXPLAIN (ANALYZE, BUFFERS) of the queries behind the pages, on the large database,
 * goes into the figures. BENCH_QUICK=1: 2,000 vs 20,000 cases.
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import type http from 'node:http';
import os from 'node:os';
import { promisify } from 'node:util';
import { CamelCasePlugin, type CompiledQuery, Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import type { Database } from '../src/db/schema.ts';
import {
  decodeCursor,
  parseQueueFilters,
  QUEUE_PAGE_SIZE,
} from '../src/modules/case-handling/queue-model.ts';
import { selectQueuePage } from '../src/modules/case-handling/queue-store.ts';
import { selectCasesInReach, selectCasesOfPerson } from '../src/modules/cases/store.ts';
import { selectCounts } from '../src/modules/messages/store.ts';
import { newSecret, secretHash } from '../src/platform/secrets.ts';
import { type BenchContext, type PartResult, type PartRow, withBenchDatabase } from './lib/context.ts';
import { type GeneratedData, generateCases } from './lib/generate.ts';
import {
  httpRequest,
  keepAliveAgent,
  type RunningServer,
  repoRoot,
  startServer,
  tempDataDir,
} from './lib/server.ts';
import { createSessions } from './lib/sessions.ts';
import { percentile, round } from './lib/stats.ts';

const TARGET_RATIO = 1.5;
const WARM_UP = 30;

export interface Sizes {
  small: number;
  large: number;
  requests: number;
  officerOpen: number;
  officerClosed: number;
  /** "Nästa sida" is followed this many times for the deep page (so it is page deepPages + 1). */
  deepPages: number;
}

const FULL: Sizes = {
  small: 10_000,
  large: 1_000_000,
  requests: 300,
  officerOpen: 30,
  officerClosed: 300,
  deepPages: 20,
};
const QUICK: Sizes = {
  small: 2_000,
  large: 20_000,
  requests: 60,
  officerOpen: 10,
  officerClosed: 100,
  deepPages: 5,
};

/** One database under test: its generated data, a server on it and the measured people's cookies. */
interface Side {
  label: string;
  url: string;
  data: GeneratedData;
  server: RunningServer;
  agent: http.Agent;
  cookies: { resident: string; officer: string; lead: string };
  /** The API key of a client with `cases:read` reaching the officer's unit (issue #12). */
  apiKey: string;
}

type Who = keyof Side['cookies'] | 'apiClient';

/** A measured page: who asks for it and the path on each side (deep pages differ per database). */
interface Query {
  name: string;
  who: Who;
  description: string;
  path: (side: Side) => Promise<string>;
}

const execFileAsync = promisify(execFile);

/** Migrates and seeds the demo into an empty database with the command line (`ingang seed`). */
async function seedDemo(databaseUrl: string, dataDir: string): Promise<void> {
  await execFileAsync(process.execPath, ['--import', './scripts/tsx.mjs', 'src/cli/ingang.ts', 'seed'], {
    cwd: repoRoot,
    env: { PATH: process.env.PATH, HOME: process.env.HOME, DATABASE_URL: databaseUrl, DATA_DIR: dataDir },
  });
}

/** A database ready to measure: generated data and logged-in sessions for the measured people. */
export type PreparedSide = Omit<Side, 'server' | 'agent'>;

/** Seeds and generates `cases` cases into an empty database. */
async function generateSide(context: BenchContext, label: string, url: string, cases: number, sizes: Sizes) {
  const dataDir = tempDataDir(`scale-${label}`);
  try {
    await seedDemo(url, dataDir);
  } finally {
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
  context.log(`scale: generating ${cases.toLocaleString('en')} cases (${label})`);
  const data = await generateCases(url, {
    cases,
    persons: 20_000,
    officerOpen: sizes.officerOpen,
    officerClosed: sizes.officerClosed,
    now: new Date(),
    log: context.log,
  });
  context.log(`scale: ${label} generated in ${data.seconds.toFixed(0)} s: ${JSON.stringify(data.counts)}`);
  return data;
}

/** Logged-in sessions (inserted in SQL) for the resident, the officer and the unit lead. */
export async function prepareSessions(
  label: string,
  url: string,
  data: GeneratedData,
): Promise<PreparedSide> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const [resident] = await createSessions(client, [data.resident.personId]);
    const [officer, lead] = await createSessions(client, [data.officer.personId, data.lead.personId], {
      realm: 'staff',
    });
    if (!resident || !officer || !lead) throw new Error('sessions were not created');
    const apiKey = newSecret('ingsk_');
    await client.query(
      `insert into api_client (tenant_id, name, scopes, unit_ids, secret_hash, secret_hint)
       select tenant_id, 'Bench', '["cases:read"]', jsonb_build_array(id::text), $2, 'ingsk_…' from unit where id = $1`,
      [data.officer.unitId, secretHash(apiKey)],
    );
    return {
      label,
      url,
      data,
      cookies: { resident: resident.cookie, officer: officer.cookie, lead: lead.cookie },
      apiKey,
    };
  } finally {
    await client.end();
  }
}

async function get(side: Side, who: Who, path: string) {
  const credential: Record<string, string> =
    who === 'apiClient' ? { 'x-api-key': side.apiKey } : { cookie: side.cookies[who] };
  return httpRequest(`${side.server.url}${path}`, {
    agent: side.agent,
    headers: { ...credential, 'accept-encoding': 'identity' },
  });
}

const API_CASES = '/api/v1/cases';

/** Page `pages + 1` of the API's case list, reached by passing each page's `next` cursor on. */
async function followApiPages(side: Side, pages: number): Promise<string> {
  let path = `${API_CASES}?limit=50`;
  for (let page = 1; page <= pages; page++) {
    const response = await get(side, 'apiClient', path);
    const next = response.status === 200 ? (JSON.parse(response.body) as { next?: string }).next : undefined;
    if (!next) throw new Error(`${side.label}: no next cursor on API page ${page}`);
    path = `${API_CASES}?limit=50&cursor=${encodeURIComponent(next)}`;
  }
  return path;
}

/** Case links in a page (queue rows, My Pages entries). */
function caseReferences(body: string): number {
  return new Set(body.match(/EXS-\d{4}-\d{6}/g) ?? []).size;
}

const QUEUE = '/exempelstad/handlaggning/';

/** The "Nästa sida" link of a queue page, HTML entities undone. */
function nextLink(body: string): string | undefined {
  const match = /<a href="([^"]*efter=[^"]*)"[^>]*>\s*Nästa sida/.exec(body);
  return match?.[1]?.replaceAll('&amp;', '&');
}

/** Page `pages + 1` of the closed cases, reached by following "Nästa sida" like an officer would. */
async function followNextPages(side: Side, pages: number): Promise<string> {
  let path = `${QUEUE}?avslutade=ja`;
  for (let page = 1; page <= pages; page++) {
    const response = await get(side, 'officer', path);
    const next = response.status === 200 ? nextLink(response.body) : undefined;
    if (!next) throw new Error(`${side.label}: no "Nästa sida" on page ${page} of ${path}`);
    path = next.startsWith('/') ? next : `${QUEUE}${next}`;
  }
  return path;
}

/** A cursor half-way down the unit's closed cases, built as the app builds it (queue-model encodeCursor). */
async function middleCursorPath(side: Side): Promise<string> {
  const client = new pg.Client({ connectionString: side.url });
  await client.connect();
  try {
    const { rows } = await client.query(
      `select submitted_at, id from "case" where unit_id = $1 and status_category = 'closed'
       order by submitted_at desc, id desc
       offset (select count(*) / 2 from "case" where unit_id = $1 and status_category = 'closed') limit 1`,
      [side.data.officer.unitId],
    );
    const row = rows[0];
    if (!row) throw new Error(`${side.label}: the unit has no closed cases`);
    const cursor = Buffer.from(`${new Date(row.submitted_at).toISOString()}|${row.id}`).toString('base64url');
    if (!decodeCursor(cursor)) throw new Error('the constructed cursor does not decode');
    return `${QUEUE}?avslutade=ja&efter=${cursor}`;
  } finally {
    await client.end();
  }
}

const fixed = (path: string) => async () => path;

function queries(sizes: Sizes): Query[] {
  const queue = (
    name: string,
    description: string,
    path: (side: Side) => Promise<string>,
    who: Who = 'officer',
  ): Query => ({ name, who, description, path });
  return [
    {
      name: 'myPages',
      who: 'resident',
      description: 'My Pages, resident with 30 cases',
      path: fixed('/mina-sidor'),
    },
    queue('queueOpen', 'queue, open cases, first page', fixed(QUEUE)),
    queue('queueStatus', 'queue ?status=inProgress, first page', fixed(`${QUEUE}?status=inProgress`)),
    queue('queueAssignedToMe', 'queue ?tilldelad=mig, first page', fixed(`${QUEUE}?tilldelad=mig`)),
    queue(
      'queueSearchName',
      'queue ?sok=<applicant surname> (same 2 hits at any size)',
      async (side) => `${QUEUE}?sok=${encodeURIComponent(side.data.search.rare)}`,
    ),
    queue(
      'queueSearchCommon',
      'queue ?sok=Storgatan (on a quarter of all addresses)',
      async (side) => `${QUEUE}?sok=${encodeURIComponent(side.data.search.common)}`,
    ),
    queue('queueDeepPage', `closed cases, page ${sizes.deepPages + 1} via "Nästa sida"`, (side) =>
      followNextPages(side, sizes.deepPages),
    ),
    queue('queueDeepMiddle', 'closed cases, cursor half-way down the list', middleCursorPath),
    queue('queueTwoUnits', 'unit lead in two units, open cases, first page', fixed(QUEUE), 'lead'),
    queue(
      'apiCaseList',
      'API: the client’s unit’s cases, first page of 50',
      fixed(`${API_CASES}?limit=50`),
      'apiClient',
    ),
    queue(
      'apiCaseListStatus',
      'API: ?status=inProgress, first page of 50',
      fixed(`${API_CASES}?limit=50&status=inProgress`),
      'apiClient',
    ),
    queue(
      'apiCaseListDeep',
      `API: page ${sizes.deepPages + 1} of 50 via the next cursor`,
      (side) => followApiPages(side, sizes.deepPages),
      'apiClient',
    ),
  ];
}

interface Measured {
  small: number[];
  large: number[];
  rows: { small: number; large: number };
  paths: { small: string; large: string };
}

async function timedGet(side: Side, who: Who, path: string): Promise<number> {
  const started = performance.now();
  const response = await get(side, who, path);
  const ms = performance.now() - started;
  if (response.status !== 200) throw new Error(`${side.label} ${path}: HTTP ${response.status}`);
  return ms;
}

/** Warm-up on both sides, then `requests` sequential requests alternating between the sides. */
async function measure(query: Query, small: Side, large: Side, requests: number): Promise<Measured> {
  const paths = { small: await query.path(small), large: await query.path(large) };
  const first = {
    small: await get(small, query.who, paths.small),
    large: await get(large, query.who, paths.large),
  };
  for (const [label, response] of Object.entries(first)) {
    if (response.status !== 200) throw new Error(`${query.name} on ${label}: HTTP ${response.status}`);
  }
  for (let i = 0; i < WARM_UP; i++) {
    await timedGet(small, query.who, paths.small);
    await timedGet(large, query.who, paths.large);
  }
  const times = { small: [] as number[], large: [] as number[] };
  for (let i = 0; i < requests; i++) {
    // Alternate which side goes first so neither always follows the other.
    const order: ['small' | 'large', Side][] =
      i % 2 === 0
        ? [
            ['small', small],
            ['large', large],
          ]
        : [
            ['large', large],
            ['small', small],
          ];
    for (const [label, side] of order) times[label].push(await timedGet(side, query.who, paths[label]));
  }
  return {
    ...times,
    rows: { small: caseReferences(first.small.body), large: caseReferences(first.large.body) },
    paths,
  };
}

function summarise(values: number[]) {
  return {
    p50: round(percentile(values, 50)),
    p95: round(percentile(values, 95)),
    p99: round(percentile(values, 99)),
  };
}

async function startSide(prepared: Omit<Side, 'server' | 'agent'>): Promise<Side> {
  const server = await startServer({
    databaseUrl: prepared.url,
    dataDir: tempDataDir(`scale-${prepared.label}`),
    // The API probes make hundreds of requests a minute with one client: the limit is not measured here.
    env: { API_RATE_LIMIT_PER_MINUTE: '1000000' },
  });
  return { ...prepared, server, agent: keepAliveAgent(1) };
}

async function stopSide(side: Side | undefined): Promise<void> {
  if (!side) return;
  side.agent.destroy();
  await side.server.stop();
  fs.rmSync(side.server.dataDir, { recursive: true, force: true });
}

/** Measures every query on both sides; returns the figures and table rows. */
async function measureAll(context: BenchContext, small: Side, large: Side, sizes: Sizes) {
  const results: Record<string, unknown> = {};
  const ratios: Record<string, number> = {};
  // The servers' first requests compile code paths; run every page a few times before any is timed.
  for (const query of queries(sizes)) {
    const paths = [await query.path(small), await query.path(large)];
    for (let i = 0; i < WARM_UP / 3; i++) {
      await timedGet(small, query.who, paths[0] as string);
      await timedGet(large, query.who, paths[1] as string);
    }
  }
  for (const query of queries(sizes)) {
    const measured = await measure(query, small, large, sizes.requests);
    const s = summarise(measured.small);
    const l = summarise(measured.large);
    ratios[query.name] = round(l.p95 / s.p95);
    results[query.name] = {
      description: query.description,
      ratio: ratios[query.name],
      p95Ms: { small: s.p95, large: l.p95 },
      p50Ms: { small: s.p50, large: l.p50 },
      p99Ms: { small: s.p99, large: l.p99 },
      rowsShown: measured.rows,
      paths: measured.paths,
    };
    context.log(
      `scale: ${query.name}: p95 ${s.p95} ms → ${l.p95} ms (×${ratios[query.name]}), rows ${measured.rows.small}/${measured.rows.large}`,
    );
  }
  return { results, ratios };
}

/** The SQL the app runs for My Pages and the queue, captured from the real store functions. */
async function captureQueries(side: Side): Promise<Record<string, CompiledQuery>> {
  const captured: CompiledQuery[] = [];
  const pool = new pg.Pool({ connectionString: side.url, max: 1 });
  const db = new Kysely<Database>({
    dialect: new PostgresDialect({ pool }),
    plugins: [new CamelCasePlugin({ maintainNestedObjectKeys: true })],
    log: (event) => {
      if (event.level === 'query') captured.push(event.query);
    },
  });
  const last = () => captured.at(-1) as CompiledQuery;
  const out: Record<string, CompiledQuery> = {};
  try {
    const { officer, lead, resident, search } = side.data;
    const scope = (unitIds: string[], staffId: string) => ({ unitIds, staffId, now: new Date() });
    const queue = async (
      name: string,
      query: Record<string, string>,
      unitIds = [officer.unitId],
      staffId = officer.staffId,
    ) => {
      const filters = parseQueueFilters(query);
      const rows = await selectQueuePage(
        db,
        scope(unitIds, staffId),
        filters,
        decodeCursor(query.efter),
        QUEUE_PAGE_SIZE + 1,
      );
      out[name] = last();
      return rows;
    };
    const open = await queue('queueOpen', {});
    await queue('queueStatus', { status: 'inProgress' });
    await queue('queueAssignedToMe', { tilldelad: 'mig' });
    await queue('queueSearchName', { sok: search.rare });
    await queue('queueSearchCommon', { sok: search.common });
    const middle = new URL(await middleCursorPath(side), 'http://x').searchParams;
    await queue('queueDeepMiddle', { avslutade: 'ja', efter: middle.get('efter') ?? '' });
    await queue('queueTwoUnits', {}, lead.unitIds, lead.staffId);
    const tenant = await db
      .selectFrom('unit')
      .select('tenantId')
      .where('id', '=', officer.unitId)
      .executeTakeFirstOrThrow();
    await selectCasesInReach(
      db,
      { tenantId: tenant.tenantId, unitIds: [officer.unitId], serviceIds: [] },
      {},
      undefined,
      51,
    );
    out.apiCaseList = last();
    await selectCounts(
      db,
      open.map((row) => row.id),
      'resident',
    );
    out.queueUnreadCounts = last();
    const cases = await selectCasesOfPerson(db, resident.personId, 200);
    out.myPages = last();
    await selectCounts(
      db,
      cases.map((row) => row.id),
      'officer',
    );
    out.myPagesUnreadCounts = last();
  } finally {
    await db.destroy();
  }
  return out;
}

/** The lines of a plan worth reading: nodes with their row counts, conditions, rows removed, time. */
function keyLines(plan: string[]): string[] {
  const buffers = plan.find((line) => line.includes('Buffers: shared'));
  return [
    ...plan.filter((line) =>
      /->|^Limit|Index Cond|Recheck Cond|Filter:|Rows Removed|Sort Key|Sort Method|Execution Time/.test(line),
    ),
    ...(buffers ? [`(top node) ${buffers.trim()}`] : []),
  ]
    .map((line) => line.replace(/\s+$/, '').replace(/\(cost=[^)]*\) /, ''))
    .slice(0, 30);
}

/** EXPLAIN (ANALYZE, BUFFERS) of each captured query; warns about sequential scans and big sorts. */
async function explainAll(side: Side) {
  const captured = await captureQueries(side);
  const client = new pg.Client({ connectionString: side.url });
  await client.connect();
  const plans: Record<string, { executionMs: number; keyLines: string[]; warnings: string[] }> = {};
  try {
    for (const [name, query] of Object.entries(captured)) {
      await client.query(query.sql, query.parameters as unknown[]); // warm, as the measured pages are
      const { rows } = await client.query(
        `explain (analyze, buffers) ${query.sql}`,
        query.parameters as unknown[],
      );
      const plan = rows.map((row) => row['QUERY PLAN'] as string);
      const warnings = plan.filter(
        (line) =>
          /Seq Scan on (case|draft|case_event|case_message|person)\b/.test(line) ||
          (/Sort {2}\(/.test(line) &&
            Number(/actual time=[\d.]+\.\.[\d.]+ rows=(\d+)/.exec(line)?.[1] ?? 0) > 1000),
      );
      const executionMs = Number(/Execution Time: ([\d.]+)/.exec(plan.join('\n'))?.[1] ?? Number.NaN);
      plans[name] = { executionMs, keyLines: keyLines(plan), warnings: warnings.map((line) => line.trim()) };
    }
  } finally {
    await client.end();
  }
  return plans;
}

function rowsOf(ratios: Record<string, number>, results: Record<string, unknown>, sizes: Sizes): PartRow[] {
  const queueNames = Object.keys(ratios).filter((name) => name.startsWith('queue'));
  const worst = queueNames.reduce((a, b) => ((ratios[a] ?? 0) >= (ratios[b] ?? 0) ? a : b));
  const p95 = (name: string) => (results[name] as { p95Ms: { small: number; large: number } }).p95Ms;
  const label = `${sizes.large.toLocaleString('en')} vs ${sizes.small.toLocaleString('en')} cases`;
  return [
    {
      name: `myPagesP95Ratio (${label})`,
      value: `${ratios.myPages} (${p95('myPages').small} → ${p95('myPages').large} ms)`,
      target: `≤ ${TARGET_RATIO}`,
      ok: (ratios.myPages ?? Number.POSITIVE_INFINITY) <= TARGET_RATIO,
    },
    {
      name: `queueP95Ratio (worst: ${worst})`,
      value: `${ratios[worst]} (${p95(worst).small} → ${p95(worst).large} ms)`,
      target: `≤ ${TARGET_RATIO}`,
      ok: (ratios[worst] ?? Number.POSITIVE_INFINITY) <= TARGET_RATIO,
    },
    ...queueNames
      .filter((name) => name !== worst)
      .map((name) => ({
        name: `  ${name}`,
        value: `${ratios[name]} (${p95(name).small} → ${p95(name).large} ms)`,
      })),
    ...apiRows(ratios, p95),
  ];
}

/** The API case list's rows (issue #12): the worst of its pages against the target, then the others. */
function apiRows(
  ratios: Record<string, number>,
  p95: (name: string) => { small: number; large: number },
): PartRow[] {
  const names = Object.keys(ratios).filter((name) => name.startsWith('apiCaseList'));
  if (names.length === 0) return [];
  const worst = names.reduce((a, b) => ((ratios[a] ?? 0) >= (ratios[b] ?? 0) ? a : b));
  return [
    {
      name: `caseListApiP95Ratio (worst: ${worst})`,
      value: `${ratios[worst]} (${p95(worst).small} → ${p95(worst).large} ms)`,
      target: `≤ ${TARGET_RATIO}`,
      ok: (ratios[worst] ?? Number.POSITIVE_INFINITY) <= TARGET_RATIO,
    },
    ...names
      .filter((name) => name !== worst)
      .map((name) => ({
        name: `  ${name}`,
        value: `${ratios[name]} (${p95(name).small} → ${p95(name).large} ms)`,
      })),
  ];
}

/** Starts a server on each database, measures every page on both, explains the large one's SQL. */
export async function measureSides(
  context: BenchContext,
  preparedSmall: PreparedSide,
  preparedLarge: PreparedSide,
  sizes: Sizes,
): Promise<PartResult> {
  let small: Side | undefined;
  let large: Side | undefined;
  try {
    small = await startSide(preparedSmall);
    large = await startSide(preparedLarge);
    const loadBefore = os.loadavg()[0] ?? 0;
    const { results, ratios } = await measureAll(context, small, large, sizes);
    const loadAverage = {
      before: round(loadBefore),
      after: round(os.loadavg()[0] ?? 0),
      cpus: os.cpus().length,
    };
    context.log('scale: EXPLAIN (ANALYZE, BUFFERS) on the large database');
    const explain = await explainAll(large);
    for (const [name, plan] of Object.entries(explain)) {
      const warnings = plan.warnings.length ? ` WARN ${plan.warnings.join(' | ')}` : '';
      context.log(`  ${name}: ${plan.executionMs} ms${warnings}`);
    }
    const queueRatios = Object.entries(ratios).filter(([name]) => name.startsWith('queue'));
    return {
      figures: {
        myPagesP95Ratio: ratios.myPages,
        queueP95Ratio: Math.max(...queueRatios.map(([, ratio]) => ratio)),
        caseListApiP95Ratio: Math.max(
          ...Object.entries(ratios)
            .filter(([name]) => name.startsWith('apiCaseList'))
            .map(([, ratio]) => ratio),
        ),
        scale: {
          cases: { small: sizes.small, large: sizes.large },
          requestsPerQuery: sizes.requests,
          warmUp: WARM_UP,
          /** One-minute load average of the machine around the timed requests (other work adds noise). */
          loadAverage,
          generated: {
            small: { seconds: round(preparedSmall.data.seconds, 1), counts: preparedSmall.data.counts },
            large: { seconds: round(preparedLarge.data.seconds, 1), counts: preparedLarge.data.counts },
          },
          measuredOfficer: {
            unit: 'Skolskjutsenheten',
            assignedOpen: preparedLarge.data.officer.assignedOpen,
            assignedClosed: preparedLarge.data.officer.assignedClosed,
          },
          queries: results,
          explainLarge: explain,
        },
      },
      rows: rowsOf(ratios, results, sizes),
    };
  } finally {
    await stopSide(small);
    await stopSide(large);
  }
}

/** Sizes of a run: full (10,000 vs 1,000,000 cases) or quick (BENCH_QUICK=1). */
export function sizesFor(context: BenchContext): Sizes {
  return context.quick ? QUICK : FULL;
}

/** Generates both databases, measures, explains, and drops them (also on failure). */
export async function run(context: BenchContext): Promise<PartResult> {
  const sizes = sizesFor(context);
  // The process id in the names keeps two runs on one server (two engineers, CI) out of each other's way.
  return withBenchDatabase(context, `ingang_bench_scale_small_${process.pid}`, (smallUrl) =>
    withBenchDatabase(context, `ingang_bench_scale_large_${process.pid}`, async (largeUrl) => {
      const smallData = await generateSide(context, 'small', smallUrl, sizes.small, sizes);
      const largeData = await generateSide(context, 'large', largeUrl, sizes.large, sizes);
      return measureSides(
        context,
        await prepareSessions('small', smallUrl, smallData),
        await prepareSessions('large', largeUrl, largeData),
        sizes,
      );
    }),
  );
}
