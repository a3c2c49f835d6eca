/**
 * Fault reports at scale (issue #11): p95 of the nearby-reports query
 * (`services.faultReports.nearbyOpenReports`, the map and the duplicate search) and of Open311
 * `GET requests` (through a real server, over HTTP) with 1,000,000 fault reports divided by the
 * same with 10,000 (target ≤ 1.5). Each side is a fresh database: a server migrates it and seeds the
 * demo, then set-based SQL (generate_series) writes the cases and their `fault_report` rows straight
 * into the tables, spread over exempelstad's area and the last three years, a tenth of them open
 * (most of the recent ones). Both sides are measured alternately with the same query points.
 * BENCH_QUICK=1: 1,000 vs 10,000 reports and fewer requests — a smoke figure, not the measurement.
 */
import fs from 'node:fs';
import type http from 'node:http';
import path from 'node:path';
import { CamelCasePlugin, type CompiledQuery, Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import type { Database } from '../src/db/schema.ts';
import { createFaultReportService } from '../src/modules/fault-reports/service.ts';
import { type BenchContext, type PartResult, type PartRow, withBenchDatabase } from './lib/context.ts';
import {
  httpRequest,
  keepAliveAgent,
  type RunningServer,
  repoRoot,
  startServer,
  tempDataDir,
} from './lib/server.ts';
import { percentile, round } from './lib/stats.ts';

const TARGET_RATIO = 1.5;
const TENANT = 'exempelstad';
/** exempelstad's bounding box (demo/tenants.json); the reports are spread over it. */
const AREA = demoBox(TENANT);

function demoBox(slug: string): { south: number; west: number; north: number; east: number } {
  const file = path.join(repoRoot, 'demo/tenants.json');
  const tenants = (
    JSON.parse(fs.readFileSync(file, 'utf8')) as {
      tenants: {
        slug: string;
        area?: { boundingBox: { south: number; west: number; north: number; east: number } };
      }[];
    }
  ).tenants;
  const box = tenants.find((tenant) => tenant.slug === slug)?.area?.boundingBox;
  if (!box) throw new Error(`demo/tenants.json: ${slug} has no area`);
  return box;
}
const RADIUS_M = 300;
const NEARBY_LIMIT = 50;

interface Sizes {
  small: number;
  large: number;
  requests: number;
  warmUp: number;
}
const FULL: Sizes = { small: 10_000, large: 1_000_000, requests: 400, warmUp: 50 };
const QUICK: Sizes = { small: 1_000, large: 10_000, requests: 60, warmUp: 10 };

interface Side {
  label: string;
  url: string;
  reports: number;
  tenantId: string;
  server: RunningServer;
  agent: http.Agent;
  db: Kysely<Database>;
  pool: pg.Pool;
  nearby: ReturnType<typeof createFaultReportService>['nearbyOpenReports'];
  listReports: ReturnType<typeof createFaultReportService>['reports'];
  /** The SQL the store functions ran last (for EXPLAIN). */
  captured: CompiledQuery[];
}

/**
 * `count` fault reports of exempelstad's felanmalan: a case row each (channel web, anonymous) and
 * its `fault_report` row, in two statements. Deterministic: row n gets the same place, age and
 * status on every run and at every size.
 */
async function generate(client: pg.Client, tenantId: string, count: number): Promise<void> {
  await client.query(`create function pg_temp.r(n bigint, salt int) returns double precision
    language sql immutable as $$ select (('x' || substr(md5(n || ':' || salt), 1, 8))::bit(32)::bigint)::double precision / 4294967296 $$`);
  const service = await client.query(
    `select s.id as service_id, v.id as version_id from service s join service_version v on v.service_id = s.id
     where s.tenant_id = $1 and s.slug = 'felanmalan' and v.status = 'published' order by v.version desc limit 1`,
    [tenantId],
  );
  const row = service.rows[0];
  if (!row) throw new Error('exempelstad has no published felanmalan');
  const categories = `(array['street-lighting','street-pavement','park-playground','graffiti','litter-bin','snow-ice','other'])`;
  await client.query(
    `create temp table gen as
     select n, md5(n || ':fault')::uuid as id,
       'EXS-1999-' || lpad(n::text, 7, '0') as reference,
       ${categories}[1 + floor(pg_temp.r(n, 1) * 7)::int] as category,
       ${AREA.south} + pg_temp.r(n, 2) * ${AREA.north - AREA.south} as latitude,
       ${AREA.west} + pg_temp.r(n, 3) * ${AREA.east - AREA.west} as longitude,
       now() - make_interval(secs => pg_temp.r(n, 4) * 3 * 365 * 86400) as submitted_at,
       pg_temp.r(n, 5) as chance
     from generate_series(1, $1::int) n`,
    [count],
  );
  // Open: 80 % of the last 30 days, 3 % of older ones (about a tenth over three years).
  await client.query(`alter table gen add column status text, add column status_category text`);
  await client.query(`update gen set (status, status_category) = (
      select case when (submitted_at > now() - interval '30 days' and chance < 0.8) or chance < 0.03
        then case when chance < 0.015 then 'inProgress' else 'received' end else case when chance < 0.5 then 'fixed' else 'closed' end end,
      case when (submitted_at > now() - interval '30 days' and chance < 0.8) or chance < 0.03
        then case when chance < 0.015 then 'inProgress' else 'received' end else case when chance < 0.5 then 'decided' else 'closed' end end)`);
  await client.query(
    `insert into "case" (id, tenant_id, reference, service_id, service_version_id, answers, language, status,
       status_category, submitted_at, updated_at, closed_at, channel, registered_by_kind, applicant_kind)
     select id, $1, reference, $2, $3,
       jsonb_build_object('category', category, 'description', 'Genererad felanmälan',
         'location', jsonb_build_object('address', 'Genererad plats', 'latitude', latitude, 'longitude', longitude),
         'wantsContact', false),
       'sv', status, status_category, submitted_at, submitted_at,
       case when status_category = 'closed' then submitted_at + interval '5 days' end,
       'web', 'anonymous', 'anonymous'
     from gen order by submitted_at`,
    [tenantId, row.service_id, row.version_id],
  );
  await client.query(
    `insert into fault_report (case_id, tenant_id, reference, category, latitude, longitude, status,
       status_category, submitted_at, updated_at, expected_at, fixed_at)
     select id, $1, reference, category, latitude, longitude, status, status_category, submitted_at,
       submitted_at, submitted_at + interval '5 days', case when status = 'fixed' then submitted_at + interval '4 days' end
     from gen order by submitted_at`,
    [tenantId],
  );
  await client.query('drop table gen');
  await client.query('analyze "case"; analyze fault_report');
}

async function prepareSide(
  context: BenchContext,
  label: string,
  url: string,
  reports: number,
): Promise<Side> {
  const server = await startServer({ databaseUrl: url, dataDir: tempDataDir(`faults-${label}`) });
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const tenant = await client.query('select id from tenant where slug = $1', [TENANT]);
    const tenantId = tenant.rows[0]?.id as string | undefined;
    if (!tenantId) throw new Error('the demo has no exempelstad');
    context.log(`fault-reports: generating ${reports.toLocaleString('en')} reports (${label})`);
    const started = performance.now();
    await generate(client, tenantId, reports);
    const open = await client.query(
      'select count(*) filter (where open) as open, count(*) as all from fault_report',
    );
    context.log(
      `fault-reports: ${label} generated in ${((performance.now() - started) / 1000).toFixed(0)} s (${open.rows[0].open} open of ${open.rows[0].all})`,
    );
    const pool = new pg.Pool({ connectionString: url, max: 1 });
    const captured: CompiledQuery[] = [];
    const db = new Kysely<Database>({
      dialect: new PostgresDialect({ pool }),
      plugins: [new CamelCasePlugin({ maintainNestedObjectKeys: true })],
      log: (event) => {
        if (event.level === 'query') captured.push(event.query);
      },
    });
    // Only `db` is used by nearbyOpenReports; the other ports are not reached.
    const service = createFaultReportService({
      db,
      cases: {} as never,
      caseHandling: {} as never,
      catalogue: {} as never,
      now: () => new Date(),
    });
    return {
      label,
      url,
      reports,
      tenantId,
      server,
      agent: keepAliveAgent(1),
      db,
      pool,
      nearby: service.nearbyOpenReports,
      listReports: service.reports,
      captured,
    };
  } catch (error) {
    await server.stop();
    throw error;
  } finally {
    await client.end();
  }
}

async function stopSide(side: Side | undefined) {
  if (!side) return;
  side.agent.destroy();
  await side.db.destroy();
  await side.server.stop();
  fs.rmSync(side.server.dataDir, { recursive: true, force: true });
}

/** The same pseudo-random points inside the area on both sides. */
function points(count: number): { latitude: number; longitude: number }[] {
  let seed = 17;
  const next = () => {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    return seed / 2147483648;
  };
  return Array.from({ length: count }, () => ({
    latitude: AREA.south + 0.02 + next() * (AREA.north - AREA.south - 0.04),
    longitude: AREA.west + 0.05 + next() * (AREA.east - AREA.west - 0.1),
  }));
}

type Probe = { name: string; description: string; run: (side: Side, i: number) => Promise<number> };

async function timedHttp(side: Side, path: string): Promise<number> {
  const started = performance.now();
  const response = await httpRequest(`${side.server.url}${path}`, {
    agent: side.agent,
    headers: { 'accept-encoding': 'identity' },
  });
  const ms = performance.now() - started;
  if (response.status !== 200)
    throw new Error(`${side.label} ${path}: HTTP ${response.status} ${response.body.slice(0, 200)}`);
  return ms;
}

function probes(sizes: Sizes): Probe[] {
  const at = points(sizes.requests + sizes.warmUp);
  return [
    {
      name: 'nearbyOpenReports',
      description: `nearbyOpenReports, ${RADIUS_M} m, at most ${NEARBY_LIMIT}`,
      run: async (side, i) => {
        const point = at[i % at.length] as { latitude: number; longitude: number };
        const started = performance.now();
        await side.nearby(side.tenantId, point.latitude, point.longitude, RADIUS_M, NEARBY_LIMIT);
        return performance.now() - started;
      },
    },
    {
      name: 'open311Requests',
      description: 'GET requests.json (newest 100 of the last 90 days)',
      run: (side) => timedHttp(side, `/${TENANT}/open311/v2/requests.json`),
    },
    {
      name: 'open311RequestsOpenXml',
      description: 'GET requests.xml?status=open&service_code=street-lighting',
      run: (side) =>
        timedHttp(side, `/${TENANT}/open311/v2/requests.xml?status=open&service_code=street-lighting`),
    },
  ];
}

/**
 * EXPLAIN (ANALYZE, BUFFERS) on the large database of the nearby query at the first measured point
 * and of the query behind `GET requests` (open street lighting, 90 days), as the store functions
 * run them: the plan lines that name an index or a scan, and the execution time.
 */
async function explainLarge(side: Side) {
  const [point] = points(1);
  if (!point) throw new Error('no point');
  side.captured.length = 0;
  await side.nearby(side.tenantId, point.latitude, point.longitude, RADIUS_M, NEARBY_LIMIT);
  await side.listReports(side.tenantId, {
    open: true,
    categories: ['street-lighting'],
    from: new Date(Date.now() - 90 * 86_400_000),
    limit: 101,
  });
  const [nearby, requests] = side.captured;
  const client = new pg.Client({ connectionString: side.url });
  await client.connect();
  const plans: Record<string, { executionMs: number; plan: string[] }> = {};
  try {
    for (const [name, query] of [
      ['nearbyOpenReports', nearby],
      ['open311RequestsOpen', requests],
    ] as const) {
      if (!query) continue;
      const { rows } = await client.query(
        `explain (analyze, buffers) ${query.sql}`,
        query.parameters as unknown[],
      );
      const plan = rows.map((row) => String(row['QUERY PLAN']));
      plans[name] = {
        executionMs: Number(/Execution Time: ([\d.]+)/.exec(plan.join('\n'))?.[1] ?? Number.NaN),
        plan: plan
          .filter((line) => /Scan|Index Cond|Rows Removed|Execution Time/.test(line))
          .map((line) => line.trim()),
      };
    }
  } finally {
    await client.end();
  }
  return plans;
}

async function measure(probe: Probe, small: Side, large: Side, sizes: Sizes) {
  for (let i = 0; i < sizes.warmUp; i++) {
    await probe.run(small, i);
    await probe.run(large, i);
  }
  const times = { small: [] as number[], large: [] as number[] };
  for (let i = 0; i < sizes.requests; i++) {
    const j = sizes.warmUp + i;
    if (i % 2 === 0) {
      times.small.push(await probe.run(small, j));
      times.large.push(await probe.run(large, j));
    } else {
      times.large.push(await probe.run(large, j));
      times.small.push(await probe.run(small, j));
    }
  }
  const p95 = { small: round(percentile(times.small, 95)), large: round(percentile(times.large, 95)) };
  const p50 = { small: round(percentile(times.small, 50)), large: round(percentile(times.large, 50)) };
  return { p95, p50, ratio: round(p95.large / p95.small) };
}

export async function run(context: BenchContext): Promise<PartResult> {
  const sizes = context.quick ? QUICK : FULL;
  return withBenchDatabase(context, 'ingang_bench_faults_small', (smallUrl) =>
    withBenchDatabase(context, 'ingang_bench_faults_large', async (largeUrl) => {
      let small: Side | undefined;
      let large: Side | undefined;
      try {
        small = await prepareSide(context, 'small', smallUrl, sizes.small);
        large = await prepareSide(context, 'large', largeUrl, sizes.large);
        const figures: Record<string, unknown> = {};
        const rows: PartRow[] = [];
        const label = (n: number) => (n >= 1_000_000 ? `${n / 1_000_000}M` : `${n / 1000}k`);
        for (const probe of probes(sizes)) {
          const result = await measure(probe, small, large, sizes);
          figures[probe.name] = { description: probe.description, ...result };
          context.log(
            `fault-reports: ${probe.name}: p95 ${result.p95.small} ms → ${result.p95.large} ms (×${result.ratio})`,
          );
          rows.push({
            name: `${probe.description}: p95 ${label(sizes.large)} / ${label(sizes.small)}${context.quick ? ' (smoke figure)' : ''}`,
            value: `×${result.ratio} (${result.p95.small} → ${result.p95.large} ms)`,
            target: `≤ ${TARGET_RATIO}`,
            ok: result.ratio <= TARGET_RATIO,
          });
        }
        const explain = await explainLarge(large);
        for (const [name, plan] of Object.entries(explain))
          context.log(
            `fault-reports: EXPLAIN ${name} on ${label(sizes.large)}: ${plan.executionMs} ms\n  ${plan.plan.join('\n  ')}`,
          );
        return {
          figures: {
            faultReports: {
              sizes: { small: sizes.small, large: sizes.large },
              requests: sizes.requests,
              smoke: context.quick,
              ...figures,
              explainLarge: explain,
            },
          },
          rows,
        };
      } finally {
        await stopSide(small);
        await stopSide(large);
      }
    }),
  );
}
