/**
 * A node:test reporter that lists how long each test file took (its process, start to end), the
 * slowest first, when the run ends. It shows where a slow run's time goes without a second run.
 * TEST_FILE_TIMES=all lists every file; by default the ten slowest.
 */
import path from 'node:path';

export default async function* testFileTimes(source) {
  const times = [];
  for await (const event of source) {
    // Each file runs as one top-level test named by its path; its duration is the whole process.
    if (event.type === 'test:complete' && event.data.nesting === 0 && event.data.name === event.data.file) {
      times.push({ file: path.relative(process.cwd(), event.data.file).replace(/\.built\.mjs$/, '.ts'), ms: event.data.details.duration_ms });
    }
  }
  if (times.length === 0) return;
  times.sort((a, b) => b.ms - a.ms);
  const shown = process.env.TEST_FILE_TIMES === 'all' ? times : times.slice(0, 10);
  const total = times.reduce((sum, time) => sum + time.ms, 0);
  yield `\nSlowest test files (${times.length} files, ${Math.round(total / 1000)} s in all):\n`;
  for (const { file, ms } of shown) yield `${(ms / 1000).toFixed(1).padStart(7)} s  ${file}\n`;
}
