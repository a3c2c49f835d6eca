/**
 * A migrated embedded database, built once per machine and migration set. Each test file starts
 * PGlite from this image instead of running initdb and every migration again, which takes seconds
 * per file and is the most-run piece of PGlite in the suite. The image's name carries a hash of the
 * migrations and of PGlite's version, so a changed migration or PGlite gets a new image; an image
 * that cannot be read is built again. createTestApp still runs migrateToLatest on top (a no-op).
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { PGlite } from '@electric-sql/pglite';
import { Kysely, sql } from 'kysely';
import { migrateToLatest } from '../db/migrate.ts';
import { pgliteDialect } from '../db/pglite-dialect.ts';

const PREFIX = 'ingang-test-pglite-';
const migrationsDir = fileURLToPath(new URL('../db/migrations/', import.meta.url));

function imageKey(): string {
  const hash = crypto.createHash('sha256');
  const require = createRequire(import.meta.url);
  const pgliteDir = path.dirname(path.dirname(require.resolve('@electric-sql/pglite')));
  hash.update(JSON.parse(fs.readFileSync(path.join(pgliteDir, 'package.json'), 'utf8')).version);
  // The sources only: the test run's compiled copies beside them (decision 0040) say nothing more.
  for (const name of fs.readdirSync(migrationsDir).sort()) {
    if (!name.endsWith('.ts')) continue;
    hash.update(name).update(fs.readFileSync(path.join(migrationsDir, name)));
  }
  return hash.digest('hex').slice(0, 16);
}

async function buildImage(): Promise<Blob> {
  const client = await PGlite.create();
  const db = new Kysely<unknown>({ dialect: pgliteDialect(client) });
  try {
    await migrateToLatest(db);
    await sql`checkpoint`.execute(db);
    return await client.dumpDataDir('none');
  } finally {
    await db.destroy();
  }
}

/** The migrated image, building it first if this machine has none for these migrations. */
export async function migratedPgliteImage(): Promise<Blob> {
  const file = path.join(os.tmpdir(), `${PREFIX}${imageKey()}.tar`);
  if (fs.existsSync(file)) return new Blob([fs.readFileSync(file)]);
  return writeImage(file);
}

/**
 * Builds the image unless it is there. scripts/test.sh calls this once before starting the test
 * files in parallel, so they do not each build the same image at the same time.
 */
export async function ensureMigratedPgliteImage(): Promise<void> {
  const file = path.join(os.tmpdir(), `${PREFIX}${imageKey()}.tar`);
  if (!fs.existsSync(file)) await writeImage(file);
}

async function writeImage(file: string): Promise<Blob> {
  const image = await buildImage();
  // Written aside and renamed, so a reader never sees half an image; older images are removed.
  const part = `${file}.${process.pid}.part`;
  fs.writeFileSync(part, Buffer.from(await image.arrayBuffer()));
  fs.renameSync(part, file);
  for (const name of fs.readdirSync(os.tmpdir())) {
    if (name.startsWith(PREFIX) && name.endsWith('.tar') && path.join(os.tmpdir(), name) !== file) {
      fs.rmSync(path.join(os.tmpdir(), name), { force: true });
    }
  }
  return image;
}

/** Forgets an image that failed to load, so the next call builds it again. */
export function discardPgliteImage(): void {
  fs.rmSync(path.join(os.tmpdir(), `${PREFIX}${imageKey()}.tar`), { force: true });
}
