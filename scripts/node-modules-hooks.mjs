/**
 * Module hooks that run in front of tsx's (scripts/tsx.mjs registers them) and hand the installed
 * packages' JavaScript straight to Node, so that tsx's hooks see only our TypeScript.
 *
 * Why: under Node 20 tsx resolves and loads every ES module of every package too, about 3 ms each,
 * and the app loads some 950 package modules (kysely 263, typebox 373, oidc-provider 183 …). That
 * was about a third of every test process's start (docs/performance.md#ci-run-time).
 *
 * What they do, and only for files under a node_modules folder:
 * - resolve: a relative specifier with a JavaScript extension, imported from such a file, is joined
 *   to its parent's URL, as Node's own resolver does for it (ES modules name files in full).
 * - load: `.mjs` is an ES module, `.cjs` CommonJS, `.js` what the nearest package.json's `type`
 *   says (CommonJS without one), as Node decides; CommonJS goes to Node's own CommonJS loader.
 * Everything else (bare specifiers, our sources, JSON, WebAssembly) goes on to tsx and Node.
 */
import { readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const scriptExtension = /\.(?:m|c)?js$/;

function inNodeModules(url) {
  return typeof url === 'string' && url.startsWith('file:') && url.includes('/node_modules/');
}

/** The package type of a folder, from the nearest package.json up the tree; cached per folder. */
const typeOfFolder = new Map();
function packageType(folder) {
  const visited = [];
  let current = folder;
  let type;
  for (;;) {
    type = typeOfFolder.get(current);
    if (type !== undefined) break;
    visited.push(current);
    let manifest;
    try {
      manifest = JSON.parse(readFileSync(path.join(current, 'package.json'), 'utf8'));
    } catch {
      manifest = undefined;
    }
    if (manifest !== undefined) {
      type = manifest.type === 'module' ? 'module' : 'commonjs';
      break;
    }
    const parent = path.dirname(current);
    if (parent === current) {
      type = 'commonjs';
      break;
    }
    current = parent;
  }
  for (const folderSeen of visited) typeOfFolder.set(folderSeen, type);
  return type;
}

export async function resolve(specifier, context, nextResolve) {
  if (
    (specifier.startsWith('./') || specifier.startsWith('../')) &&
    scriptExtension.test(specifier) &&
    inNodeModules(context.parentURL)
  ) {
    return { url: new URL(specifier, context.parentURL).href, shortCircuit: true };
  }
  return nextResolve(specifier, context);
}

export async function load(url, context, nextLoad) {
  if (inNodeModules(url)) {
    const file = fileURLToPath(url);
    const extension = path.extname(file);
    const format =
      extension === '.mjs'
        ? 'module'
        : extension === '.cjs'
          ? 'commonjs'
          : extension === '.js'
            ? packageType(path.dirname(file))
            : undefined;
    // No source for CommonJS: Node then loads it with its own require, as it does without hooks.
    if (format === 'commonjs') return { format, shortCircuit: true };
    if (format === 'module') return { format, source: await readFile(file), shortCircuit: true };
  }
  return nextLoad(url, context);
}
