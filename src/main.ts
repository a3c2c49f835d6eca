/** Process entry: config → database → migrations (+ demo seed) → app → listen. */
import { createRequire } from 'node:module';
import { buildApp } from './app.ts';
import { ConfigError, loadConfig } from './config.ts';
import { openDatabase } from './db/database.ts';
import { migrateToLatest } from './db/migrate.ts';
import { seedDemo } from './cli/seed.ts';

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
  const shutdown = async () => {
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
    lines.push(
      'Log in through the development IdP as one of the test personas (demo/personas.json), e.g.:',
      '  Anna Andersson (resident, 198501012382) – school transport',
      '  Erik Eriksson (resident, 197901012398) – building permit',
      '  Margit Lindqvist (resident, 193801029202) – färdtjänst',
    );
  }
  console.log(lines.join('\n'));
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
