/**
 * Compiles every TypeScript module of the repository once, for a test run (scripts/test.sh,
 * decision 0040): `src/app.ts` becomes `src/app.built.mjs` beside it, and its imports of our own
 * `.ts`/`.tsx` modules point at their `.built.mjs` files. Test processes then load plain JavaScript
 * instead of passing each of our modules through tsx's hooks on every start.
 *
 * It is the transform tsx makes (esbuild, this tsconfig), made ahead of time, file by file: nothing
 * is bundled but JSON, whose import attributes the output cannot keep. The files stay beside their
 * sources so that paths built from `import.meta.url` (migrations, demo data, static assets) are the
 * same. Packages stay external and load as Node loads them. The outputs are ignored by git, Biome
 * and tsc, and stay between runs.
 *
 * Only an output whose content changed is written, through a temporary file renamed over it, and an
 * output whose module is gone is removed: so a second run started in the same tree meanwhile never
 * sees a missing or half-written module of the first.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

export const BUILT = '.built.mjs';
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const folders = ['src', 'e2e', 'bench', 'demo', 'bin'];
const skipped = new Set(['node_modules', 'results', 'data']);

/** Every module to compile, and the outputs already there. */
function walk(folder, found = { modules: [], outputs: [] }) {
  for (const entry of fs.readdirSync(folder, { withFileTypes: true })) {
    const file = path.join(folder, entry.name);
    if (entry.isDirectory()) {
      if (!skipped.has(entry.name) && !entry.name.startsWith('.')) walk(file, found);
    } else if (entry.name.endsWith(BUILT)) {
      found.outputs.push(file);
    } else if (/\.tsx?$/.test(entry.name) && !entry.name.endsWith('.d.ts')) {
      found.modules.push(file);
    }
  }
  return found;
}

/** Writes `contents` to `file` unless it holds them already; returns whether it wrote. */
function writeIfChanged(file, contents) {
  try {
    if (fs.readFileSync(file).equals(contents)) return false;
  } catch {
    // not there yet
  }
  const temporary = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(temporary, contents);
  fs.renameSync(temporary, file);
  return true;
}

const ownModule = /^\.\.?\/.*\.tsx?$/;
const ownScript = /^\.\.?\/.*\.m?js$/;

export async function buildTests() {
  const found = { modules: [], outputs: [] };
  for (const folder of folders.map((name) => path.join(root, name)))
    if (fs.existsSync(folder)) walk(folder, found);
  const result = await build({
    absWorkingDir: root,
    entryPoints: found.modules,
    write: false,
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
  const written = result.outputFiles.filter((output) => writeIfChanged(output.path, output.contents)).length;
  const current = new Set(result.outputFiles.map((output) => output.path));
  const stale = found.outputs.filter((file) => !current.has(file));
  for (const file of stale) fs.rmSync(file, { force: true });
  return { modules: found.modules.length, written, removed: stale.length };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const started = performance.now();
  const { modules, written, removed } = await buildTests();
  const took = Math.round(performance.now() - started);
  console.log(`Compiled ${modules} modules for the test run in ${took} ms (${written} written, ${removed} removed).`);
}
