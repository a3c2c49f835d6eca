/**
 * Compiles every TypeScript module of the repository once, for a test run (scripts/test.sh,
 * decision 0040): `src/app.ts` becomes `src/app.built.mjs` beside it, and its imports of our own
 * `.ts`/`.tsx` modules point at their `.built.mjs` files. Test processes then load plain JavaScript
 * instead of passing each of our modules through tsx's hooks on every start.
 *
 * It is the transform tsx makes (esbuild, this tsconfig), made ahead of time, file by file: nothing
 * is bundled but JSON, whose import attributes the output cannot keep. The files stay beside their
 * sources so that paths built from `import.meta.url` (migrations, demo data, static assets) are the
 * same. Packages stay external and load as Node loads them. Earlier outputs are removed first, so a
 * deleted or renamed module leaves nothing behind. The outputs are ignored by git, Biome and tsc.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

export const BUILT = '.built.mjs';
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const folders = ['src', 'e2e', 'bench', 'demo', 'bin'];
const skipped = new Set(['node_modules', 'results', 'data']);

/** Every module to compile; earlier outputs are removed on the way. */
function modules(folder, found = []) {
  for (const entry of fs.readdirSync(folder, { withFileTypes: true })) {
    const file = path.join(folder, entry.name);
    if (entry.isDirectory()) {
      if (!skipped.has(entry.name) && !entry.name.startsWith('.')) modules(file, found);
    } else if (entry.name.endsWith(BUILT)) {
      fs.rmSync(file);
    } else if (/\.tsx?$/.test(entry.name) && !entry.name.endsWith('.d.ts')) {
      found.push(file);
    }
  }
  return found;
}

const ownModule = /^\.\.?\/.*\.tsx?$/;
const ownScript = /^\.\.?\/.*\.m?js$/;

export async function buildTests() {
  const entryPoints = folders
    .map((folder) => path.join(root, folder))
    .filter((folder) => fs.existsSync(folder))
    .flatMap((folder) => modules(folder));
  await build({
    absWorkingDir: root,
    entryPoints,
    outdir: root,
    outbase: root,
    outExtension: { '.js': BUILT },
    bundle: true,
    packages: 'external',
    platform: 'node',
    format: 'esm',
    target: 'node20',
    tsconfig: path.join(root, 'tsconfig.json'),
    logLevel: 'warning',
    plugins: [
      {
        name: 'one-output-per-module',
        setup(builder) {
          // Our modules stay separate files: an import names the other module's output.
          builder.onResolve({ filter: ownModule }, (args) =>
            args.kind === 'entry-point' ? undefined : { path: args.path.replace(/\.tsx?$/, BUILT), external: true },
          );
          // Plain JavaScript of ours (scripts/*.mjs) is imported as it is.
          builder.onResolve({ filter: ownScript }, (args) =>
            args.kind === 'entry-point' ? undefined : { path: args.path, external: true },
          );
        },
      },
    ],
  });
  return entryPoints.length;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const started = performance.now();
  const count = await buildTests();
  console.log(`Compiled ${count} modules for the test run in ${Math.round(performance.now() - started)} ms.`);
}
