/** What every benchmark part gets and returns, and the databases it creates for itself. */
import pg from 'pg';

/** One row of the printed table. */
export interface PartRow {
  name: string;
  value: string;
  target?: string;
  ok?: boolean;
}

/** What a part returns: figures for bench/results/latest.json and rows for the table. */
export interface PartResult {
  figures: Record<string, unknown>;
  rows: PartRow[];
  /** Why the part measured nothing (e.g. no MQTT broker): listed under `skipped` in the results. */
  skipped?: string;
}

export interface BenchContext {
  /** postgres://… of a database on the server under test, used to create and drop databases. */
  adminUrl: string;
  log(message: string): void;
  /** BENCH_QUICK=1: small sizes and short phases, for a smoke run. */
  quick: boolean;
}

/** A benchmark part: `bench/<part>.ts` exports `run`. */
export type BenchPart = (context: BenchContext) => Promise<PartResult>;

const DEFAULT_ADMIN_URL = 'postgres://postgres@127.0.0.1:5432/postgres';

/** The context of a run from the environment (DATABASE_URL, BENCH_QUICK). */
export function contextFromEnv(env: NodeJS.ProcessEnv = process.env): BenchContext {
  const started = Date.now();
  return {
    adminUrl: env.DATABASE_URL || DEFAULT_ADMIN_URL,
    quick: env.BENCH_QUICK === '1' || env.BENCH_QUICK === 'true',
    log: (message) => {
      const seconds = ((Date.now() - started) / 1000).toFixed(1).padStart(6);
      process.stderr.write(`[${seconds}s] ${message}\n`);
    },
  };
}

/** The URL of database `name` on the admin URL's server. */
export function databaseUrlFor(adminUrl: string, name: string): string {
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

function assertBenchName(name: string): void {
  if (!/^ingang_bench_[a-z0-9_]+$/.test(name)) throw new Error(`not a bench database name: ${name}`);
}

/** Runs `work` with a client connected to the admin database. */
export async function withAdmin<T>(adminUrl: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: adminUrl });
  client.on('error', (error) => console.warn(`admin connection lost: ${error.message}`));
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/** Creates a fresh, empty database `ingang_bench_<part>_<suffix>` (dropping a leftover one); returns its URL. */
export async function createBenchDatabase(context: BenchContext, name: string): Promise<string> {
  assertBenchName(name);
  await withAdmin(context.adminUrl, async (client) => {
    await client.query(`drop database if exists ${name} with (force)`);
    await client.query(`create database ${name}`);
  });
  return databaseUrlFor(context.adminUrl, name);
}

/** Drops a bench database (closing anything still connected). */
export async function dropBenchDatabase(context: BenchContext, name: string): Promise<void> {
  assertBenchName(name);
  await withAdmin(context.adminUrl, (client) => client.query(`drop database if exists ${name} with (force)`));
}

/** Creates a bench database, runs `work` with its URL and drops it afterwards, also on failure. */
export async function withBenchDatabase<T>(
  context: BenchContext,
  name: string,
  work: (databaseUrl: string) => Promise<T>,
): Promise<T> {
  const url = await createBenchDatabase(context, name);
  try {
    return await work(url);
  } finally {
    await dropBenchDatabase(context, name).catch((error: unknown) =>
      context.log(`could not drop ${name}: ${String(error)}`),
    );
  }
}
