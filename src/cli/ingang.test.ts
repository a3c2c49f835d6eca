/**
 * `ingang` commands that need no database open none (issue #9): help, usage errors and checking a
 * definition file neither connect nor create the embedded database's directory.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const run = promisify(execFile);
const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/** Runs the CLI with DATA_DIR in a fresh temporary folder that must stay absent. */
async function ingang(args: string[], env: Record<string, string> = {}) {
  const parent = fs.mkdtempSync(path.join(os.tmpdir(), 'ingang-cli-'));
  const dataDir = path.join(parent, 'data');
  const { DATABASE_URL: _unset, ...base } = process.env;
  const result = await run(
    process.execPath,
    ['--import', './scripts/tsx.mjs', 'src/cli/ingang.ts', ...args],
    {
      cwd: repo,
      env: { ...base, DATA_DIR: dataDir, ...env },
    },
  ).then(
    ({ stdout, stderr }) => ({ code: 0, stdout, stderr }),
    (error: { code: number; stdout: string; stderr: string }) => error,
  );
  const created = fs.existsSync(dataDir);
  fs.rmSync(parent, { recursive: true, force: true });
  return { ...result, created };
}

test('--help prints the usage and opens no database', async () => {
  const result = await ingang(['--help']);
  assert.equal(result.code, 0);
  assert.match(result.stdout, /^Usage: ingang <command>/);
  assert.equal(result.created, false, 'DATA_DIR was not created');
});

test('an unknown command or missing arguments print the usage and open no database', async () => {
  for (const args of [['frobnicate'], ['import-service', 'exempelstad'], ['versions']]) {
    const result = await ingang(args);
    assert.equal(result.code, 1, args.join(' '));
    assert.match(result.stderr, /Usage: ingang <command>/);
    assert.equal(result.created, false, `${args.join(' ')} left DATA_DIR alone`);
  }
});

test('help works with an unreachable PostgreSQL in DATABASE_URL', async () => {
  const result = await ingang(['--help'], { DATABASE_URL: 'postgres://nobody@127.0.0.1:9/nothing' });
  assert.equal(result.code, 0);
});

test('validate-service checks a definition file without a database', async () => {
  for (const service of ['skolskjuts', 'bygglov-garage']) {
    const valid = await ingang(['validate-service', `demo/services/${service}.json`], {
      DATABASE_URL: 'postgres://nobody@127.0.0.1:9/nothing',
    });
    assert.equal(valid.code, 0, valid.stderr);
    assert.match(valid.stdout, new RegExp(`a valid definition of ${service}`));
    assert.equal(valid.created, false);
  }

  const broken = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'ingang-def-')), 'broken.json');
  fs.writeFileSync(broken, JSON.stringify({ service: 'x' }));
  const invalid = await ingang(['validate-service', broken]);
  assert.equal(invalid.code, 1);
  assert.match(invalid.stderr, /not a valid definition/);
  assert.equal(invalid.created, false);
});

const skolskjutsModel = 'src/modules/decision-rules/fixtures/skolskjuts.dmn';
const tck = 'src/modules/decision-rules/tck/compliance-level-2/0119-multi-collect-hitpolicy';
const unreachable = { DATABASE_URL: 'postgres://nobody@127.0.0.1:9/nothing' };

test('dmn evaluate prints the result, matched rows and explanation as JSON, without a database', async () => {
  const input = JSON.stringify({ årskurs: '5', avstånd: 4.2, 'särskilda behov': false });
  const result = await ingang(
    ['dmn', 'evaluate', skolskjutsModel, '--decision', 'Rätt till skolskjuts', '--input', input],
    unreachable,
  );
  assert.equal(result.code, 0, result.stderr);
  const printed = JSON.parse(result.stdout);
  assert.equal(printed.value, 'beviljas');
  assert.deepEqual(
    printed.tables.map((table: { matched: { index: number }[] }) => table.matched.map((rule) => rule.index)),
    [[2], [2]],
  );
  assert.equal(printed.explanation.sv, 'Avståndet 4,2 km är längre än 3 km, som gäller för årskurs 4–6');
  assert.equal(result.created, false);

  const unknown = await ingang(['dmn', 'evaluate', skolskjutsModel, '--decision', 'nothing']);
  assert.equal(unknown.code, 1);
  assert.match(unknown.stderr, /DMN_DECISION_NOT_FOUND/);
  assert.equal(unknown.created, false);
});

test('dmn test runs a TCK file: one line per case, the count last, exit code by result', async () => {
  const passing = await ingang(
    [
      'dmn',
      'test',
      `${tck}/0119-multi-collect-hitpolicy.dmn`,
      `${tck}/0119-multi-collect-hitpolicy-test-01.xml`,
    ],
    unreachable,
  );
  assert.equal(passing.code, 0, passing.stderr);
  assert.deepEqual(passing.stdout.trim().split('\n'), [
    'PASS 001',
    'PASS 002',
    'PASS 003',
    '3 passed, 0 failed',
  ]);
  assert.equal(passing.created, false);

  // The same tests against another model: the decision is not there, so every case errs.
  const failing = await ingang([
    'dmn',
    'test',
    skolskjutsModel,
    `${tck}/0119-multi-collect-hitpolicy-test-01.xml`,
  ]);
  assert.equal(failing.code, 1);
  const lines = failing.stdout.trim().split('\n');
  assert.match(lines[0] ?? '', /^ERROR 001: Approval Status: DMN_DECISION_NOT_FOUND/);
  assert.equal(lines.at(-1), '0 passed, 3 failed');
  assert.equal(failing.created, false);
});

test('dmn validate names row and column; dmn without arguments prints the usage', async () => {
  const valid = await ingang(['dmn', 'validate', skolskjutsModel]);
  assert.equal(valid.code, 0);
  assert.match(valid.stdout, /no errors/);
  const broken = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'ingang-dmn-')), 'broken.dmn');
  fs.writeFileSync(
    broken,
    fs
      .readFileSync(skolskjutsModel, 'utf8')
      .replace('<text>&gt; Avståndsgräns.gräns</text>', '<text>&gt; </text>'),
  );
  const invalid = await ingang(['dmn', 'validate', broken]);
  assert.equal(invalid.code, 1);
  assert.match(
    invalid.stderr,
    /FEEL_SYNTAX \(decision «Rätt till skolskjuts», row 2, column «Avstånd \(km\)»\)/,
  );
  for (const args of [['dmn'], ['dmn', 'test', skolskjutsModel], ['dmn', 'evaluate', skolskjutsModel]]) {
    const usage = await ingang(args);
    assert.equal(usage.code, 1, args.join(' '));
    assert.match(usage.stderr, /Usage: ingang <command>/);
    assert.equal(usage.created, false);
  }
});

test('kb evaluate ranks SweFAQ answers without a database and ends with the accuracy; a bad file fails', async () => {
  const result = await ingang(['kb', 'evaluate', '../shared/data/swefaq/swefaq_dev.jsonl'], unreachable);
  assert.equal(result.code, 0, result.stderr);
  const last = result.stdout.trimEnd().split('\n').at(-1) ?? '';
  const match = /^accuracy: (\d\.\d{3}) \((\d+) of 110\)$/.exec(last);
  assert.ok(match, last);
  // Measured 0.709 (78 of 110); the floor is two questions under it (docs/knowledge-base-ranking.md).
  assert.ok(Number(match[2]) >= 77, last);
  assert.equal(result.created, false);
  const broken = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'ingang-kb-')), 'broken.jsonl');
  fs.writeFileSync(
    broken,
    '{"category_id": 1, "question": "Vad kostar det?", "candidate_answers": ["Inget."], "label": 3}\n',
  );
  const invalid = await ingang(['kb', 'evaluate', broken]);
  assert.equal(invalid.code, 1);
  assert.match(invalid.stderr, /line 1: "label" must be an index/);
});
