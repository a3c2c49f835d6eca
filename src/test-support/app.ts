/**
 * Test harness: one migrated database per test file (PGlite in memory, or the PostgreSQL in
 * DATABASE_URL), and a fresh tenant per test so tests never see each other's rows.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../app.ts';
import { loadConfig } from '../config.ts';
import { type DatabaseHandle, openDatabase } from '../db/database.ts';
import { migrateToLatest } from '../db/migrate.ts';
import { createLocalFileStorage } from '../platform/storage/file-storage.ts';

export interface TestApp {
  app: FastifyInstance;
  database: DatabaseHandle;
  filesDir: string;
  close(): Promise<void>;
}

/** Builds an app on a migrated test database. */
export async function createTestApp(env: Record<string, string> = {}): Promise<TestApp> {
  const config = loadConfig({
    DATA_DIR: ':memory:',
    PUBLIC_URL: 'http://localhost:3000',
    DATABASE_URL: process.env.DATABASE_URL ?? '',
    DB_POOL_SIZE: '5',
    ...env,
  });
  const database = await openDatabase({
    databaseUrl: config.databaseUrl,
    dataDir: ':memory:',
    poolSize: config.dbPoolSize,
  });
  await migrateToLatest(database.db);
  const filesDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ingang-files-'));
  const app = await buildApp({ config, database, storage: createLocalFileStorage(filesDir), logger: false });
  await app.ready();
  return {
    app,
    database,
    filesDir,
    async close() {
      await app.close();
      await database.close();
      fs.rmSync(filesDir, { recursive: true, force: true });
    },
  };
}

/** A unique, valid tenant slug and reference prefix for one test. */
export function uniqueTenantIdentity(): { slug: string; prefix: string } {
  const random = crypto.randomBytes(4).toString('hex');
  const letters = Array.from(crypto.randomBytes(5), (byte) => String.fromCharCode(65 + (byte % 26))).join('');
  return { slug: `test-${random}`, prefix: letters };
}
