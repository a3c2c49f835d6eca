/** The test watchdog ends a process whose event loop is blocked and says what it was doing. */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { test } from 'node:test';

const watchdog = new URL('./watchdog.ts', import.meta.url).href;

function runChild(source: string) {
  return spawnSync(
    process.execPath,
    ['--import', new URL('../../scripts/tsx.mjs', import.meta.url).href, '--input-type=module', '-e', source],
    {
      env: { ...process.env, TEST_WATCHDOG_SECONDS: '2' },
      encoding: 'utf8',
      timeout: 60_000,
    },
  );
}

test('a blocked event loop is reported with the last marked steps and the process ended', () => {
  const child = runChild(`
    import { markStep, startWatchdog } from ${JSON.stringify(watchdog)};
    startWatchdog();
    markStep('request', 'GET /mina-sidor');
    markStep('query', 'SelectQueryNode session');
    const until = Date.now() + 30_000;
    while (Date.now() < until) {}
    console.log('the loop was never interrupted');
  `);
  assert.equal(child.signal, 'SIGKILL');
  assert.doesNotMatch(child.stdout, /never interrupted/);
  assert.match(
    child.stderr,
    /has been blocked for \d+ s; last step: request: GET \/mina-sidor; query: SelectQueryNode session/,
  );
});

test('a process that keeps working is left alone and exits normally', () => {
  const child = runChild(`
    import { markStep, startWatchdog } from ${JSON.stringify(watchdog)};
    startWatchdog();
    for (let i = 0; i < 8; i++) {
      markStep('request', 'GET /' + i);
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
    console.log('finished');
  `);
  assert.equal(child.status, 0);
  assert.match(child.stdout, /finished/);
  assert.doesNotMatch(child.stderr, /watchdog/);
});

test('a process that stalls with a free event loop is reported once but left to run', () => {
  const child = runChild(`
    import { markStep, startWatchdog } from ${JSON.stringify(watchdog)};
    startWatchdog();
    markStep('setup', 'opening the test database');
    await new Promise((resolve) => setTimeout(resolve, 7000));
    console.log('finished');
  `);
  assert.equal(child.status, 0);
  assert.match(child.stdout, /finished/);
  assert.match(
    child.stderr,
    /has made no request or query for \d+ s \(its event loop is free\); last step: setup: opening the test database/,
  );
  assert.equal(child.stderr.match(/watchdog/g)?.length, 1);
});
