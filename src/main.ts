/** Process entry: config → database → migrations (+ demo seed) → app → listen (+ job workers). */

import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import type { FastifyBaseLogger } from 'fastify';
import { buildApp } from './app.ts';
import { demoDir, seedDemo } from './cli/seed.ts';
import { ConfigError, loadConfig } from './config.ts';
import { openDatabase } from './db/database.ts';
import { migrateToLatest } from './db/migrate.ts';
import { createNotificationWorker } from './modules/notifications/worker.ts';
import type { Services } from './services.ts';

const require = createRequire(import.meta.url);
const { version } = require('../package.json') as { version: string };

async function main(): Promise<void> {
  let config: ReturnType<typeof loadConfig>;
  try {
    config = loadConfig(process.env, version);
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(`Configuration error: ${error.message}`);
      process.exit(2);
    }
    throw error;
  }
  const database = await openDatabase({
    databaseUrl: config.databaseUrl,
    dataDir: config.dataDir,
    poolSize: config.dbPoolSize,
  });
  await migrateToLatest(database.db);
  const app = await buildApp({ config, database });
  if (config.seedDemo) await seedDemo(app.services, app.log);
  await app.listen({ port: config.port, host: config.host });
  printWelcome(config.publicUrl, config.devIdp);
  const sweeper = startSessionSweeper(app.services, app.log);
  const fileSweeper = startOrphanFileSweeper(app.services, app.log);
  const notifications = await createNotificationWorker(app.services, config, app.log);
  if (notifications) {
    notifications.start();
    app.log.info({ mail: notifications.mailDestination }, 'notification worker started');
  }
  const shutdown = async () => {
    clearInterval(sweeper);
    clearInterval(fileSweeper);
    // Lets the in-flight mail finish and gives unstarted claims back before the database closes.
    await notifications?.close();
    await app.close();
    await database.close();
    process.exit(0);
  };
  process.once('SIGINT', shutdown);
  process.once('SIGTERM', shutdown);
}

function printWelcome(publicUrl: string, devIdp: boolean): void {
  const lines = [`Ingång is running at ${publicUrl}/`];
  if (devIdp) {
    const personas = JSON.parse(fs.readFileSync(path.join(demoDir, 'personas.json'), 'utf8')) as {
      residents: { givenName: string; familyName: string; personalIdentityNumber: string; note: string }[];
    };
    lines.push('Log in through the development IdP (Logga in) as one of these test personas:');
    for (const person of personas.residents) {
      lines.push(
        `  ${person.givenName} ${person.familyName} (${person.personalIdentityNumber}) – ${person.note}`,
      );
    }
  }
  console.log(lines.join('\n'));
}

/** Deletes expired sessions now and then; every process may do it, the delete is idempotent. */
function startSessionSweeper(services: Services, log: FastifyBaseLogger): NodeJS.Timeout {
  const timer = setInterval(() => {
    services.sessions.sweep().catch((error: unknown) => log.warn({ err: error }, 'session sweep failed'));
  }, 15 * 60_000);
  timer.unref();
  return timer;
}

/**
 * Removes orphan files (stored, then the process died before the row was written) every hour.
 * Every process may do it: a file is only removed when no row names it and it is a day old.
 */
function startOrphanFileSweeper(services: Services, log: FastifyBaseLogger): NodeJS.Timeout {
  const sweep = () =>
    services
      .sweepOrphanFiles()
      .then((result) => {
        if (result.removed > 0) log.info(result, 'orphan files removed');
      })
      .catch((error: unknown) => log.warn({ err: error }, 'orphan file sweep failed'));
  const timer = setInterval(sweep, 60 * 60_000);
  timer.unref();
  setTimeout(sweep, 60_000).unref();
  return timer;
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
