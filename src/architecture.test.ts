/**
 * The dependency rule (ARCHITECTURE.md), checked rather than hoped for: routes and views never
 * reach a store, models import no I/O or framework, and no module reads another module's store.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';

const srcDir = path.dirname(fileURLToPath(import.meta.url));

interface Import {
  from: string;
  target: string;
  typeOnly: boolean;
}

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(full);
    return /\.tsx?$/.test(entry.name) && !entry.name.endsWith('.test.ts') ? [full] : [];
  });
}

function importsOf(file: string): Import[] {
  const text = fs.readFileSync(file, 'utf8');
  return [...text.matchAll(/^import\s+(type\s+)?[^'"]*?from\s+'([^']+)';/gms)].map((match) => {
    const specifier = match[2] ?? '';
    const target = specifier.startsWith('.') ? path.resolve(path.dirname(file), specifier) : specifier;
    return { from: file, target, typeOnly: Boolean(match[1]) };
  });
}

const all = sourceFiles(srcDir).flatMap(importsOf);
const rel = (file: string) => path.relative(srcDir, file);
const moduleOf = (file: string) => /^modules\/([^/]+)\//.exec(rel(file))?.[1];
const isStore = (file: string) => /(^|\/)(store|[a-z-]+-store)\.ts$/.test(rel(file));
const isRouteOrView = (file: string) =>
  /(^|\/)(([a-z-]+-)?routes\.tsx?|views\/.*)$/.test(rel(file)) && rel(file).startsWith('modules/');
/** Pure files: models, policies, workflows (`model.ts`, `queue-model.ts`, `officer-policy.ts`, …). */
const isPure = (file: string) => /(^|\/)(([a-z-]+-)?model|([a-z-]+-)?policy|workflow)\.ts$/.test(rel(file));

test('routes and views never import a store', () => {
  const offending = all.filter((imp) => isRouteOrView(imp.from) && isStore(imp.target));
  assert.deepEqual(
    offending.map((imp) => `${rel(imp.from)} → ${rel(imp.target)}`),
    [],
  );
});

test('a module never imports another module’s store', () => {
  const offending = all.filter(
    (imp) => isStore(imp.target) && moduleOf(imp.target) && moduleOf(imp.from) !== moduleOf(imp.target),
  );
  assert.deepEqual(
    offending.map((imp) => `${rel(imp.from)} → ${rel(imp.target)}`),
    [],
  );
});

test('model files are pure: no I/O, no framework, no store or service (type imports aside)', () => {
  const forbidden =
    /^(node:|fastify|kysely|pg$|@electric-sql|pdfkit|preact)|\/(([a-z-]+-)?store|([a-z-]+-)?service|([a-z-]+-)?routes)\.tsx?$/;
  const offending = all.filter(
    (imp) =>
      isPure(imp.from) &&
      !imp.typeOnly &&
      forbidden.test(imp.target.startsWith('/') ? rel(imp.target) : imp.target),
  );
  assert.deepEqual(
    offending.map((imp) => `${rel(imp.from)} → ${imp.target}`),
    [],
  );
});

test('the form engine stays pure (no I/O or framework imports)', () => {
  const offending = all.filter(
    (imp) =>
      rel(imp.from).startsWith('modules/forms/') && /^(node:|fastify|kysely|pg$|preact)/.test(imp.target),
  );
  assert.deepEqual(
    offending.map((imp) => `${rel(imp.from)} → ${imp.target}`),
    [],
  );
});

test('the checker sees the code it guards', () => {
  assert.ok(all.length > 50, 'imports were found');
  assert.ok(
    all.some((imp) => isStore(imp.target)),
    'store imports were found',
  );
});
