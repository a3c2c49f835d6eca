/**
 * The DMN engine stays pure (ARCHITECTURE.md: "a pure engine behind a service"): no file of the
 * module imports node built-ins, a framework, the database or another layer; the CLI does the I/O.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';

const dir = path.dirname(fileURLToPath(import.meta.url));

function engineFiles(folder: string): string[] {
  return fs.readdirSync(folder, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(folder, entry.name);
    if (entry.isDirectory()) return entry.name === 'tck' ? [] : engineFiles(full);
    return /\.ts$/.test(entry.name) && !entry.name.endsWith('.test.ts') ? [full] : [];
  });
}

test('engine files import only the engine, dmn-moddle, feelin and saxen', () => {
  const files = engineFiles(dir);
  assert.ok(files.length >= 8, 'the engine files were found');
  const offending = files.flatMap((file) =>
    [...fs.readFileSync(file, 'utf8').matchAll(/^(?:import|export)\s[^'";]*?from\s+'([^']+)';/gms)]
      .map((match) => match[1] ?? '')
      .filter((target) => !target.startsWith('./') && !['dmn-moddle', 'feelin', 'saxen'].includes(target))
      .map((target) => `${path.relative(dir, file)} → ${target}`),
  );
  assert.deepEqual(offending, []);
});
