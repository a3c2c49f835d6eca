#!/usr/bin/env node
// Runs the TypeScript CLI through tsx (scripts/tsx.mjs), so `npx ingang …` works without a build step.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
// tsx with the installed packages loaded by Node itself (scripts/tsx.mjs).
const loader = pathToFileURL(path.join(here, '../scripts/tsx.mjs')).href;
const result = spawnSync(
  process.execPath,
  ['--import', loader, path.join(here, '../src/cli/ingang.ts'), ...process.argv.slice(2)],
  {
    stdio: 'inherit',
  },
);
process.exit(result.status ?? 1);
