/** The `ingang` commands that work on the database: migrate, seed, import-service, versions, sweep-files, dispose, keys. */
import { loadConfig } from '../config.ts';
import { openDatabase } from '../db/database.ts';
import { migrateToLatest } from '../db/migrate.ts';
import { summaryForLog } from '../modules/disposal/model.ts';
import { withDataProtection } from '../platform/protection/opening-plugin.ts';
import { createSessionService, sessionLimits } from '../platform/sessions/session-service.ts';
import { createLocalFileStorage } from '../platform/storage/file-storage.ts';
import { createTenantService } from '../platform/tenancy/tenant-service.ts';
import { createServices } from '../services.ts';
import { readDefinitionFile } from './definition-file.ts';
import { seedDemo } from './seed.ts';
import { usage } from './usage.ts';

/** Opens the database (migrating it), runs the command and closes the database. */
export async function runDatabaseCommand(command: string, args: string[]): Promise<number> {
  const config = loadConfig(process.env);
  const database = await openDatabase({
    databaseUrl: config.databaseUrl,
    dataDir: config.dataDir,
    poolSize: 2,
  });
  try {
    await migrateToLatest(database.db);
    const { db, protection } = withDataProtection(database.db, config.dataKeys);
    const tenants = createTenantService(db);
    const services = createServices({
      db,
      config,
      storage: createLocalFileStorage(`${config.dataDir}/files`),
      tenants,
      sessions: createSessionService(db, sessionLimits(config), () => new Date()),
      now: () => new Date(),
      protection,
    });
    // A look-up by personnummer finds only sealed, hashed persons (decision 0034): seal any first.
    await services.dataKeys.sealPersonsBeforeServing();
    return await run(command, args, services);
  } finally {
    await database.close();
  }
}

async function run(
  command: string,
  args: string[],
  services: ReturnType<typeof createServices>,
): Promise<number> {
  switch (command) {
    case 'migrate':
      console.log('Database schema is up to date.');
      return 0;
    case 'seed':
      await seedDemo(services);
      console.log('Demo data loaded.');
      return 0;
    case 'import-service': {
      const [tenantSlug, file, flag, date] = args;
      if (!tenantSlug || !file) throw new Error(usage);
      const tenant = await services.tenants.bySlug(tenantSlug);
      const draft = await services.catalogue.saveDraft(tenant.id, readDefinitionFile(file));
      console.log(`Saved ${draft.definition.service} version ${draft.version} as a draft.`);
      if (flag === '--publish-from' && date) {
        await services.catalogue.publish(tenant.id, draft.id, new Date(`${date}T00:00:00+01:00`));
        console.log(`Published from ${date}.`);
      }
      return 0;
    }
    case 'versions': {
      const [tenantSlug, serviceSlug] = args;
      if (!tenantSlug || !serviceSlug) throw new Error(usage);
      const tenant = await services.tenants.bySlug(tenantSlug);
      for (const version of await services.catalogue.versions(tenant.id, serviceSlug)) {
        console.log(`${version.version}\t${version.status}\t${version.publishedFrom?.toISOString() ?? '-'}`);
      }
      return 0;
    }
    case 'sweep-files': {
      const { checked, removed } = await services.sweepOrphanFiles();
      console.log(`Checked ${checked} files older than a day; removed ${removed} that no row names.`);
      return 0;
    }
    case 'dispose': {
      // The same run as the hourly job's (issue #14): counts and references only, never a name.
      const result = await services.disposal.run();
      console.log(JSON.stringify(summaryForLog(result)));
      for (const failure of result.failed) console.error(JSON.stringify(failure));
      return result.failed.length > 0 ? 1 : 0;
    }
    case 'keys':
      return keysCommand(args[0], services);
    default:
      console.error(usage);
      return 1;
  }
}

/** `keys status`: rows per data key; `keys reseal`: every row sealed under the current key now. */
async function keysCommand(action: string | undefined, services: ReturnType<typeof createServices>) {
  if (action === 'reseal') {
    const written = await services.dataKeys.resealAll();
    console.log(`Sealed again under the current key: ${JSON.stringify(written)}`);
  } else if (action !== 'status') {
    console.error(usage);
    return 1;
  }
  const status = await services.dataKeys.status({ files: true });
  console.log(`Current key: ${status.currentKeyId}`);
  for (const [table, byKey] of Object.entries({ ...status.rows, files: status.files ?? {} }))
    for (const [keyId, count] of Object.entries(byKey))
      console.log(`${table}\t${keyId === '' ? '(not sealed yet)' : keyId}\t${count}`);
  console.log(`Rows not on the current key: ${status.pending}`);
  if (status.unknownKeyIds.length > 0) {
    console.error(`Rows under keys DATA_ENCRYPTION_KEYS lacks: ${status.unknownKeyIds.join(', ')}`);
    return 1;
  }
  return 0;
}
