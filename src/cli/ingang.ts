/** The `ingang` command line: migrate, seed, import and publish e-service definitions, run DMN models. */
import { loadConfig } from '../config.ts';
import { openDatabase } from '../db/database.ts';
import { migrateToLatest } from '../db/migrate.ts';
import { decisionModelErrors } from '../modules/catalogue/decision-model-check.ts';
import { validateDefinition } from '../modules/forms/validate-definition.ts';
import { createSessionService } from '../platform/sessions/session-service.ts';
import { createLocalFileStorage } from '../platform/storage/file-storage.ts';
import { createTenantService } from '../platform/tenancy/tenant-service.ts';
import { createServices } from '../services.ts';
import { readDefinitionFile } from './definition-file.ts';
import { dmnUsage, runDmnCommand } from './dmn.ts';
import { seedDemo } from './seed.ts';

const usage = `Usage: ingang <command>
  migrate                                   bring the database schema up to date
  seed                                      load the demo municipalities and e-services
  import-service <tenant> <file.json> [--publish-from YYYY-MM-DD]
                                            validate a definition and save it as the service's draft,
                                            optionally publishing it from a date
  versions <tenant> <service>               list a service's versions
  sweep-files                               remove stored files that no row names (older than a day)
  validate-service <file.json>              check a definition without saving it (no database)
${dmnUsage}`;

/** The database commands and how many arguments each needs at least. */
const DATABASE_COMMANDS: Record<string, number> = {
  migrate: 0,
  seed: 0,
  'import-service': 2,
  versions: 2,
  'sweep-files': 0,
};

/** Checks a definition file as `import-service` would, without opening the database. */
async function validateServiceFile(file: string): Promise<number> {
  const checked = validateDefinition(readDefinitionFile(file));
  const support = checked.ok ? checked.definition.decisionSupport : undefined;
  const modelErrors = support ? await decisionModelErrors(support) : [];
  const result = checked.ok && modelErrors.length > 0 ? { ok: false as const, errors: modelErrors } : checked;
  if (result.ok) {
    console.log(`${file}: a valid definition of ${result.definition.service}.`);
    return 0;
  }
  console.error(`${file}: not a valid definition:`);
  for (const error of result.errors) console.error(`  - ${error}`);
  return 1;
}

async function main(argv: string[]): Promise<number> {
  const [command, ...args] = argv;
  // Help, usage errors and file checks need no database: they neither open nor create one.
  if (!command || command === '--help' || command === 'help') {
    console.log(usage);
    return command ? 0 : 1;
  }
  if (command === 'validate-service' && args[0]) return validateServiceFile(args[0]);
  if (command === 'dmn') {
    const code = await runDmnCommand(args);
    if (code >= 0) return code;
    console.error(usage);
    return 1;
  }
  const needed = DATABASE_COMMANDS[command];
  if (needed === undefined || args.length < needed) {
    console.error(usage);
    return 1;
  }
  const config = loadConfig(process.env);
  const database = await openDatabase({
    databaseUrl: config.databaseUrl,
    dataDir: config.dataDir,
    poolSize: 2,
  });
  try {
    await migrateToLatest(database.db);
    const tenants = createTenantService(database.db);
    const services = createServices({
      db: database.db,
      config,
      storage: createLocalFileStorage(`${config.dataDir}/files`),
      tenants,
      sessions: createSessionService(database.db, config.sessionTtlHours, () => new Date()),
      now: () => new Date(),
    });
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
    default:
      console.error(usage);
      return 1;
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: Error & { errors?: { message: string }[]; code?: unknown }) => {
    const code = typeof error.code === 'string' && error.code.startsWith('DMN_') ? `${error.code}: ` : '';
    console.error(`ingang: ${code}${error.message}`);
    for (const issue of error.errors ?? []) console.error(`  - ${issue.message}`);
    process.exit(1);
  },
);
