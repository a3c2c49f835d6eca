/** Process entry: config → database → migrations (+ demo seed) → app → listen (+ job workers). */

import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import type { FastifyBaseLogger, FastifyInstance } from 'fastify';
import { buildApp } from './app.ts';
import { demoDir, seedDemo } from './cli/seed.ts';
import { type Config, ConfigError, loadConfig } from './config.ts';
import { openDatabase } from './db/database.ts';
import { vacuumWhereDue } from './db/embedded-maintenance.ts';
import { migrateToLatest } from './db/migrate.ts';
import { createJobRunner } from './job-handlers.ts';
import { startJobThread } from './job-thread.ts';
import { runDisposalJob } from './modules/disposal/job.ts';
import { redactedUrl, startMqttIngest } from './modules/sensors/mqtt.ts';
import { serveEmbeddedBackups } from './platform/backup/backup.ts';

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
  let connectionErrors = (error: Error) =>
    console.warn(`database connection lost while idle: ${error.message}`);
  const database = await openDatabase({
    databaseUrl: config.databaseUrl,
    dataDir: config.dataDir,
    poolSize: config.dbPoolSize,
    // The logger is the app's, which exists only once the database is open.
    onConnectionError: (error) => connectionErrors(error),
  });
  await migrateToLatest(database.db);
  const app = await buildApp({ config, database });
  connectionErrors = (error) =>
    app.log.warn({ err: error }, 'database connection lost while idle; the pool reconnects');
  await prepareDataKeys(config, app);
  if (config.seedDemo) await seedDemo(app.services, app.log);
  await app.listen({ port: config.port, host: config.host });
  printWelcome(config.publicUrl, config.devIdp);
  // Only this process can image the embedded database: `ingang backup` asks it (decision 0036).
  const stopBackups = await serveEmbeddedBackups(database, config.dataDir, version, app.log);
  // Expired sessions are deleted; orphan files (stored, then the process died before the row was
  // written) are removed once a day old and named by no row (platform/storage/orphan-sweeper.ts).
  const stopTimers = [
    every(15 * 60_000, 15 * 60_000, 'session sweep', app.services.sessions.sweep, app.log),
    // Rate-limit counters whose window ended (platform/rate-limit, decision 0035).
    every(60_000, 60_000, 'rate limit sweep', app.rateLimits.sweep, app.log),
    every(
      60 * 60_000,
      60_000,
      'orphan file sweep',
      async () => {
        const result = await app.services.sweepOrphanFiles();
        if (result.removed > 0) app.log.info(result, 'orphan files removed');
      },
      app.log,
    ),
  ];
  // Retention and disposal (issue #14, decision 0031): closed cases whose retention has ended,
  // abandoned drafts, expired sessions. Safe in every process at once (modules/disposal/run.ts).
  const disposalMs = config.disposal.intervalMinutes * 60_000;
  if (disposalMs > 0)
    stopTimers.push(
      every(
        disposalMs,
        Math.min(disposalMs, 2 * 60_000),
        'disposal',
        () => runDisposalJob(app.services.disposal, app.log),
        app.log,
      ),
    );
  // Rows not under the current data key (a rotation, or written before protection at rest) are
  // sealed again in the background, in every process, a batch at a time (decision 0034).
  stopTimers.push(
    every(
      5 * 60_000,
      10_000,
      'data key re-sealing',
      exclusive(() => resealData(app)),
      app.log,
    ),
  );
  // PGlite has no autovacuum of its own (db/embedded-maintenance.ts); a server runs its own.
  if (database.kind === 'pglite') {
    stopTimers.push(
      every(
        60_000,
        60_000,
        'embedded database vacuum',
        async () => {
          const result = await vacuumWhereDue(database.db);
          if (result.vacuumed.length > 0 || result.analyzed.length > 0) {
            app.log.info(result, 'embedded database vacuumed');
          }
        },
        app.log,
      ),
    );
  }
  // Every process runs the job worker unless told not to (JOB_WORKER=false); mail is one of its
  // handlers, run only where mail can be sent (the others' mail jobs wait for such a process). On a
  // PostgreSQL server it runs in a thread of its own (JOB_WORKER_THREAD, job-thread.ts).
  const jobs = await startJobs(config, app);
  if (jobs)
    app.log.info({ handlers: jobs.handlers, mail: jobs.mail, thread: jobs.thread }, 'job worker started');
  else app.log.info('job worker off (JOB_WORKER=false): other processes must run the jobs');
  // Sensors publish to the broker in MQTT_URL (docs/sensors.md); without it readings come over HTTP only.
  const mqtt = config.mqttUrl
    ? startMqttIngest({
        url: config.mqttUrl,
        sensors: app.services.sensors,
        log: app.log,
        topics: config.mqttTopics,
        connections: config.mqttSubscribers,
        clientId: config.mqttClientId,
        // Stored readings are events for the alarm rules: this process's worker looks at once.
        onMessage: (outcome) => {
          if (outcome.kind === 'stored') app.services.jobSignal.notify();
        },
      })
    : undefined;
  if (config.mqttUrl)
    app.log.info({ broker: redactedUrl(config.mqttUrl) }, 'MQTT: connecting for sensor readings');
  const shutdown = async () => {
    for (const stop of stopTimers) stop();
    await mqtt?.close();
    // Lets the in-flight job finish and gives unstarted claims back before the database closes.
    await jobs?.close();
    await app.close();
    await stopBackups?.();
    await database.close();
    process.exit(0);
  };
  process.once('SIGINT', shutdown);
  process.once('SIGTERM', shutdown);
}

/**
 * Before serving: warn loudly about development keys, say which rows are on which key, and seal the
 * persons not sealed yet (a look-up by personnummer goes through the hash only; decision 0034).
 */
async function prepareDataKeys(config: Config, app: FastifyInstance): Promise<void> {
  if (config.dataKeys.development)
    app.log.warn(
      'DATA_ENCRYPTION_KEYS or DATA_LOOKUP_KEY is not set: personal data is sealed under a DEVELOPMENT KEY that anyone can derive. Never run like this with real data (NODE_ENV=production or an https PUBLIC_URL refuses to start without them, unless INGANG_DEMO=true).',
    );
  const sealed = await app.services.dataKeys.sealPersonsBeforeServing();
  if (sealed > 0) app.log.info({ persons: sealed }, 'data keys: persons sealed and hashed before serving');
  const status = await app.services.dataKeys.status();
  if (status.unknownKeyIds.length > 0)
    app.log.error(
      status,
      'data keys: rows are sealed under keys DATA_ENCRYPTION_KEYS lacks; they cannot be read',
    );
  else app.log.info(status, 'data keys: status');
}

/** One background pass of re-sealing; logs what it did and what is left. */
async function resealData(app: FastifyInstance): Promise<void> {
  const written = await app.services.dataKeys.resealAll();
  if (Object.values(written).every((count) => count === 0)) return;
  const status = await app.services.dataKeys.status();
  app.log.info({ resealed: written, ...status }, 'data keys: rows sealed again under the current key');
}

/** A task that skips a run while its previous run is still going. */
function exclusive(task: () => Promise<void>): () => Promise<void> {
  let running = false;
  return async () => {
    if (running) return;
    running = true;
    try {
      await task();
    } finally {
      running = false;
    }
  };
}

/** The job worker, in a thread of its own or on this thread, as configured; undefined when off. */
async function startJobs(
  config: Config,
  app: FastifyInstance,
): Promise<{ handlers: string[]; mail: string | null; thread: boolean; close(): Promise<void> } | undefined> {
  if (!config.jobWorker) return undefined;
  if (config.jobWorkerThread) {
    const thread = await startJobThread({ version, log: app.log, signal: app.services.jobSignal });
    return { handlers: thread.handlers, mail: thread.mail, thread: true, close: () => thread.close() };
  }
  const runner = await createJobRunner(app.services, config, app.log);
  runner.start();
  return {
    handlers: runner.handlers.handlers.map((handler) => handler.name),
    mail: runner.handlers.mailDestination ?? null,
    thread: false,
    close: () => runner.close(),
  };
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

/**
 * Runs a background task every `ms` in every process (the tasks are idempotent), the first time
 * after `firstAfterMs`; a failure is logged and the next run tries again. Returns a stop function.
 */
function every(
  ms: number,
  firstAfterMs: number,
  name: string,
  task: () => Promise<unknown>,
  log: FastifyBaseLogger,
) {
  const run = () => {
    task().catch((error: unknown) => log.warn({ err: error }, `${name} failed`));
  };
  const first = setTimeout(run, firstAfterMs).unref();
  const timer = setInterval(run, ms).unref();
  return () => {
    clearTimeout(first);
    clearInterval(timer);
  };
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
