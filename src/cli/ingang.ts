/**
 * The `ingang` command line: migrate, seed, import and publish e-service definitions, run DMN models,
 * back up and restore.
 * Each command loads only what it needs: help and usage errors load nothing, file checks and DMN
 * commands no database code, so they start in a fraction of the time (and open no database).
 */
import { usage } from './usage.ts';

/** The database commands and how many arguments each needs at least. */
const DATABASE_COMMANDS: Record<string, number> = {
  migrate: 0,
  seed: 0,
  'import-service': 2,
  versions: 2,
  'sweep-files': 0,
  dispose: 0,
  keys: 1,
};

async function main(argv: string[]): Promise<number> {
  const [command, ...args] = argv;
  // Help, usage errors and file checks need no database: they neither open nor create one.
  if (!command || command === '--help' || command === 'help') {
    console.log(usage);
    return command ? 0 : 1;
  }
  if (command === 'validate-service' && args[0]) {
    const { validateServiceFile } = await import('./validate-service.ts');
    return validateServiceFile(args[0]);
  }
  if (command === 'dmn') {
    const { runDmnCommand } = await import('./dmn.ts');
    const code = await runDmnCommand(args);
    if (code >= 0) return code;
    console.error(usage);
    return 1;
  }
  if (command === 'kb') {
    const { runKbCommand } = await import('./kb.ts');
    const code = await runKbCommand(args);
    if (code >= 0) return code;
    console.error(usage);
    return 1;
  }
  // Backups open the database their own way (a running embedded server takes its own; decision 0036).
  if (['backup', 'restore', 'verify-backup'].includes(command)) {
    if (!args[0]) {
      console.error(usage);
      return 1;
    }
    const { runBackupCommand } = await import('./backup-commands.ts');
    return runBackupCommand(command, args);
  }
  const needed = DATABASE_COMMANDS[command];
  if (needed === undefined || args.length < needed) {
    console.error(usage);
    return 1;
  }
  const { runDatabaseCommand } = await import('./database-commands.ts');
  return runDatabaseCommand(command, args);
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
