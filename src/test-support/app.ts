/**
 * Test harness: one migrated database per test file (PGlite in memory, or the PostgreSQL in
 * DATABASE_URL), and a fresh tenant per test so tests never see each other's rows.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import pg from 'pg';
import { type AppDeps, buildApp } from '../app.ts';
import { loadConfig } from '../config.ts';
import { type DatabaseHandle, openDatabase } from '../db/database.ts';
import { migrateToLatest } from '../db/migrate.ts';
import { createLocalFileStorage } from '../platform/storage/file-storage.ts';
import { discardPgliteImage, migratedPgliteImage } from './pglite-image.ts';
import { markQueries, markStep, startWatchdog } from './watchdog.ts';

export interface TestApp {
  app: FastifyInstance;
  database: DatabaseHandle;
  filesDir: string;
  close(): Promise<void>;
}

export interface TestAppOptions {
  /**
   * Test files run in parallel. On a shared PostgreSQL, files that act on every tenant's rows at
   * once (an outbox worker claims any due job, whoever's) name the same lock here, and run one at a
   * time while every other file still runs beside them. PGlite files have a database of their own.
   */
  exclusive?: string;
  /** pino options, for tests that read the log. */
  logger?: AppDeps['logger'];
  /**
   * The rate-limit key prefix; by default one of this app's own, so that test files sharing a
   * PostgreSQL database do not count each other's requests from 127.0.0.1 (platform/rate-limit).
   */
  rateLimitScope?: string;
  /** The clock; by default the real one. */
  now?: () => Date;
}

/** Builds an app on a migrated test database; `logger` (pino options) for tests that read the log. */
export async function createTestApp(
  env: Record<string, string> = {},
  options: TestAppOptions = {},
): Promise<TestApp> {
  const config = testConfig(env);
  startWatchdog();
  const release = await holdLock(config.databaseUrl, options.exclusive);
  markStep('setup', 'opening the test database');
  const opened = await openTestDatabase(config.databaseUrl, config.dbPoolSize).catch(async (error) => {
    await release();
    throw error;
  });
  const database = { ...opened, db: opened.db.withPlugin(markQueries) };
  const filesDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ingang-files-'));
  let app: FastifyInstance;
  try {
    markStep('setup', 'migrating');
    await migrateToLatest(database.db);
    markStep('setup', 'building the app');
    app = await buildApp({
      config,
      database,
      storage: createLocalFileStorage(filesDir),
      logger: options.logger ?? false,
      rateLimitScope: options.rateLimitScope ?? `test-${crypto.randomUUID()}|`,
      now: options.now,
    });
    await app.ready();
  } catch (error) {
    // A failed set-up closes what it opened, so the test file ends with the error at once.
    await database.close().catch(() => undefined);
    await release();
    fs.rmSync(filesDir, { recursive: true, force: true });
    throw error;
  }
  markStep('setup', 'done');
  return {
    app,
    database,
    filesDir,
    async close() {
      markStep('setup', 'closing');
      await app.close();
      await database.close();
      await release();
      fs.rmSync(filesDir, { recursive: true, force: true });
    },
  };
}

/**
 * The test configuration: an in-memory data directory, the DATABASE_URL of the environment. The
 * rate limiter runs as in production, with budgets no test reaches unless it sets its own: every
 * request of a test comes from 127.0.0.1, and a browser test logs in and posts quickly.
 */
function testConfig(env: Record<string, string>) {
  return loadConfig({
    DATA_DIR: ':memory:',
    PUBLIC_URL: 'http://localhost:3000',
    DATABASE_URL: process.env.DATABASE_URL ?? '',
    DB_POOL_SIZE: '5',
    RATE_LIMIT_LOGIN_PER_MINUTE: '100000',
    RATE_LIMIT_SUBMIT_PER_MINUTE: '100000',
    RATE_LIMIT_SEARCH_PER_MINUTE: '100000',
    ...env,
  });
}

/**
 * Another app on `t`'s database, as a second process of the same installation would be: its own
 * configuration (`env` over the test one), clock and rate-limit scope; closed by the caller.
 */
export async function siblingApp(
  t: TestApp,
  env: Record<string, string> = {},
  options: Pick<TestAppOptions, 'rateLimitScope' | 'now' | 'logger'> = {},
): Promise<FastifyInstance> {
  const app = await buildApp({
    config: testConfig(env),
    database: t.database,
    storage: createLocalFileStorage(t.filesDir),
    logger: options.logger ?? false,
    rateLimitScope: options.rateLimitScope ?? `test-${crypto.randomUUID()}|`,
    now: options.now,
  });
  await app.ready();
  return app;
}

/**
 * Waits for and holds a PostgreSQL session advisory lock named `name` (in a key space of its own,
 * apart from Kysely's migration lock) on a connection of its own; the returned function releases it.
 */
async function holdLock(
  databaseUrl: string | undefined,
  name: string | undefined,
): Promise<() => Promise<void>> {
  if (!databaseUrl || !name) return async () => undefined;
  markStep('setup', `waiting for the test lock "${name}" (another test file holds it)`);
  const client = new pg.Client({ connectionString: databaseUrl });
  client.on('error', () => undefined); // a lost connection only ends the lock early
  const release = () => client.end().catch(() => undefined);
  try {
    await client.connect();
    await client.query('select pg_advisory_lock(1784, hashtext($1))', [name]);
  } catch (error) {
    await release();
    throw error;
  }
  return release;
}

/** PostgreSQL as configured, or PGlite started from the migrated image (see pglite-image.ts). */
async function openTestDatabase(databaseUrl: string | undefined, poolSize: number): Promise<DatabaseHandle> {
  const options = { databaseUrl, dataDir: ':memory:', poolSize };
  if (databaseUrl) return openDatabase(options);
  try {
    return await openDatabase({ ...options, pgliteImage: await migratedPgliteImage() });
  } catch (error) {
    discardPgliteImage();
    console.warn('The migrated PGlite image could not be used; starting from an empty database', error);
    return openDatabase(options);
  }
}

/** A unique, valid tenant slug and reference prefix for one test. */
export function uniqueTenantIdentity(): { slug: string; prefix: string } {
  const random = crypto.randomBytes(4).toString('hex');
  const letters = Array.from(crypto.randomBytes(5), (byte) => String.fromCharCode(65 + (byte % 26))).join('');
  return { slug: `test-${random}`, prefix: letters };
}
