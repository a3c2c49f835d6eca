import assert from 'node:assert/strict';
import path from 'node:path';
import { describe, test } from 'node:test';
import { ConfigError, loadConfig } from './config.ts';

test('defaults serve the demo on the embedded database', () => {
  const config = loadConfig({});
  assert.equal(config.port, 3000);
  assert.equal(config.host, '127.0.0.1');
  assert.equal(config.publicUrl, 'http://localhost:3000');
  assert.equal(config.databaseUrl, undefined);
  assert.equal(config.dataDir, path.resolve('./data'));
  assert.equal(config.devIdp, true);
  assert.equal(config.cookieSecure, false);
  assert.equal(config.seedDemo, true);
});

test('PUBLIC_URL follows PORT, and https makes cookies Secure', () => {
  assert.equal(loadConfig({ PORT: '8080' }).publicUrl, 'http://localhost:8080');
  const secure = loadConfig({ PUBLIC_URL: 'https://e.exempelstad.se/', INGANG_DEMO: 'true' });
  assert.equal(secure.publicUrl, 'https://e.exempelstad.se');
  assert.equal(secure.cookieSecure, true);
});

test('an external OIDC provider turns the development IdP off unless asked for', () => {
  const config = loadConfig({
    OIDC_ISSUER: 'https://idp.example',
    OIDC_CLIENT_ID: 'ingang',
    OIDC_CLIENT_SECRET: 's',
  });
  assert.equal(config.devIdp, false);
  assert.equal(config.oidc?.personalIdentityNumberClaim, 'https://id.oidc.se/claim/personalIdentityNumber');
  assert.equal(
    loadConfig({
      OIDC_ISSUER: 'https://idp.example',
      OIDC_CLIENT_ID: 'a',
      OIDC_CLIENT_SECRET: 'b',
      OIDC_PIN_CLAIM: 'pnr',
    }).oidc?.personalIdentityNumberClaim,
    'pnr',
  );
});

test('mail: the development mailbox is on with the development IdP unless SMTP_URL is set', () => {
  const demo = loadConfig({});
  assert.equal(demo.smtpUrl, undefined);
  assert.equal(demo.mailFrom, 'Ingång <no-reply@localhost>');
  assert.equal(demo.devMailbox, true);
  const smtp = loadConfig({ SMTP_URL: 'smtp://user:secret@mail.example:587', MAIL_FROM: 'a@b.se' });
  assert.equal(smtp.smtpUrl, 'smtp://user:secret@mail.example:587');
  assert.equal(smtp.mailFrom, 'a@b.se');
  assert.equal(smtp.devMailbox, false);
  assert.equal(loadConfig({ DEV_IDP: 'false' }).devMailbox, false);
  assert.equal(loadConfig({ DEV_IDP: 'false', DEV_MAILBOX: 'true' }).devMailbox, true);
  assert.throws(
    () => loadConfig({ SMTP_URL: 'http://user:secret@mail.example' }),
    (error: Error) => error instanceof ConfigError && !error.message.includes('secret'),
    'the password is never echoed',
  );
});

test('bad values fail fast with a message naming the variable', () => {
  const cases: [Record<string, string>, RegExp][] = [
    [{ PORT: 'abc' }, /PORT/],
    [{ PORT: '70000' }, /PORT/],
    [{ PUBLIC_URL: 'ftp://x' }, /PUBLIC_URL/],
    [{ DATABASE_URL: 'mysql://x' }, /DATABASE_URL/],
    [{ OIDC_ISSUER: 'https://idp.example' }, /OIDC_CLIENT_ID/],
    [{ COOKIE_SECURE: 'maybe' }, /COOKIE_SECURE/],
    [{ SMTP_URL: 'mail.example:25' }, /SMTP_URL/],
    [{ MAIL_FROM: 'no address' }, /MAIL_FROM/],
    [{ DEV_MAILBOX: 'sometimes' }, /DEV_MAILBOX/],
  ];
  for (const [env, message] of cases) {
    assert.throws(
      () => loadConfig(env),
      (error: Error) => error instanceof ConfigError && message.test(error.message),
    );
  }
});

test('TRUST_PROXY: off by default; true/false or a list of proxy addresses; anything else fails fast', () => {
  assert.equal(loadConfig({}).trustProxy, false);
  assert.equal(loadConfig({ TRUST_PROXY: 'true' }).trustProxy, true);
  assert.equal(loadConfig({ TRUST_PROXY: 'off' }).trustProxy, false);
  assert.deepEqual(loadConfig({ TRUST_PROXY: '10.0.0.1, 10.1.0.0/16,::1,loopback' }).trustProxy, [
    '10.0.0.1',
    '10.1.0.0/16',
    '::1',
    'loopback',
  ]);
  for (const bad of ['2', 'proxy.example', '10.0.0.0/33', '10.0.0.1,', 'maybe']) {
    assert.throws(
      () => loadConfig({ TRUST_PROXY: bad }),
      (error: Error) => error instanceof ConfigError && /TRUST_PROXY/.test(error.message),
      bad,
    );
  }
});

test('MQTT_URL is optional and must be an MQTT or WebSocket URL; the error never echoes it', () => {
  assert.equal(loadConfig({}).mqttUrl, undefined);
  assert.equal(loadConfig({ MQTT_URL: 'mqtt://127.0.0.1:1883' }).mqttUrl, 'mqtt://127.0.0.1:1883');
  assert.equal(loadConfig({ MQTT_URL: 'wss://broker.example/mqtt' }).mqttUrl, 'wss://broker.example/mqtt');
  for (const bad of ['http://broker:1883', 'mqtt//broker', 'mqtt://:s3cret@']) {
    assert.throws(
      () => loadConfig({ MQTT_URL: bad }),
      (error: unknown) =>
        error instanceof ConfigError && /MQTT_URL/.test(error.message) && !error.message.includes(bad),
    );
  }
});
test('MQTT_TOPICS narrows the subscription to device-topic filters, optionally in a share group', () => {
  assert.equal(loadConfig({}).mqttTopics, undefined, 'unset: the module subscribes to its default');
  const device = '0b9f3c1e-8c1d-4c55-9b7e-2f4a1d6e7c80';
  assert.deepEqual(
    loadConfig({ MQTT_TOPICS: `$share/bench-1/ingang/exempelstad/${device}/senml, ingang/+/+/senml` })
      .mqttTopics,
    [`$share/bench-1/ingang/exempelstad/${device}/senml`, 'ingang/+/+/senml'],
  );
  for (const bad of [
    'ingang/#',
    'other/exempelstad/+/senml',
    'ingang/Exempelstad/+/senml',
    'ingang/+/not-a-device/senml',
    '$share//ingang/+/+/senml',
    '$share/a+b/ingang/+/+/senml',
    'ingang/+/+/senml,',
  ]) {
    assert.throws(
      () => loadConfig({ MQTT_TOPICS: bad }),
      (error: unknown) => error instanceof ConfigError && /MQTT_TOPICS/.test(error.message),
      bad,
    );
  }
});
test('MQTT_SUBSCRIBERS: 4 connections by default, 1 to 32, above 1 only with shared subscriptions (else 1 by default)', () => {
  assert.equal(loadConfig({}).mqttSubscribers, 4);
  assert.equal(loadConfig({ MQTT_TOPICS: '$share/g/ingang/+/+/senml' }).mqttSubscribers, 4);
  assert.equal(
    loadConfig({ MQTT_TOPICS: 'ingang/+/+/senml' }).mqttSubscribers,
    1,
    'a filter outside a share group: one connection, or each would store every message',
  );
  assert.equal(
    loadConfig({ MQTT_SUBSCRIBERS: '8', MQTT_TOPICS: '$share/g/ingang/+/+/senml' }).mqttSubscribers,
    8,
  );
  for (const env of [
    { MQTT_SUBSCRIBERS: '0' },
    { MQTT_SUBSCRIBERS: '33' },
    { MQTT_SUBSCRIBERS: 'many' },
    { MQTT_SUBSCRIBERS: '2', MQTT_TOPICS: 'ingang/+/+/senml' },
    { MQTT_SUBSCRIBERS: '2', MQTT_TOPICS: '$share/g/ingang/+/+/senml,ingang/x/+/senml' },
  ]) {
    assert.throws(
      () => loadConfig(env),
      (error: unknown) => error instanceof ConfigError && /MQTT_SUBSCRIBERS/.test(error.message),
      JSON.stringify(env),
    );
  }
});

test('MQTT_CLIENT_ID: a stable id of 1–40 safe characters, or none', () => {
  assert.equal(loadConfig({}).mqttClientId, undefined);
  assert.equal(loadConfig({ MQTT_CLIENT_ID: 'ingang-app-1' }).mqttClientId, 'ingang-app-1');
  for (const bad of ['has space', 'x'.repeat(41), 'slash/id', 'åäö']) {
    assert.throws(
      () => loadConfig({ MQTT_CLIENT_ID: bad }),
      (error: unknown) => error instanceof ConfigError && /MQTT_CLIENT_ID/.test(error.message),
      bad,
    );
  }
});

test('JOB_WORKER: on by default, off with false', () => {
  assert.equal(loadConfig({}).jobWorker, true);
  assert.equal(loadConfig({ JOB_WORKER: 'false' }).jobWorker, false);
});

test('JOB_WORKER_THREAD: on with a PostgreSQL server, off on the embedded database, where on is refused', () => {
  const server = 'postgres://ingang@db.example/ingang';
  assert.equal(loadConfig({ DATABASE_URL: server }).jobWorkerThread, true);
  assert.equal(loadConfig({ DATABASE_URL: server, JOB_WORKER_THREAD: 'false' }).jobWorkerThread, false);
  assert.equal(loadConfig({}).jobWorkerThread, false);
  assert.equal(loadConfig({ JOB_WORKER_THREAD: 'false' }).jobWorkerThread, false);
  assert.throws(
    () => loadConfig({ JOB_WORKER_THREAD: 'true' }),
    (error: unknown) =>
      error instanceof ConfigError && /JOB_WORKER_THREAD=true needs DATABASE_URL/.test(error.message),
  );
});

test('MAP_TILE_URL: OpenStreetMap by default, empty turns the map off, one literal host with {z}/{x}/{y}', () => {
  const osm = loadConfig({}).mapTiles;
  assert.deepEqual(osm, {
    urlTemplate: 'https://tile.openstreetmap.org/{z}/{x}/{y}.png',
    origin: 'https://tile.openstreetmap.org',
    attribution: '© OpenStreetMap',
    attributionUrl: 'https://www.openstreetmap.org/copyright',
  });
  assert.equal(loadConfig({ MAP_TILE_URL: '' }).mapTiles, undefined);
  const own = loadConfig({
    MAP_TILE_URL: 'https://kartor.example.se:8443/wmts/{z}/{y}/{x}.png?key=abc',
    MAP_TILE_ATTRIBUTION: '© Lantmäteriet',
  }).mapTiles;
  assert.equal(own?.origin, 'https://kartor.example.se:8443');
  assert.equal(own?.attributionUrl, undefined);
  for (const bad of [
    'https://{s}.tile.openstreetmap.org/{z}/{x}/{y}.png',
    'ftp://tiles.example.se/{z}/{x}/{y}.png',
    'https://tiles.example.se/{z}/{x}.png',
    'tiles.example.se/{z}/{x}/{y}.png',
  ]) {
    assert.throws(() => loadConfig({ MAP_TILE_URL: bad, MAP_TILE_ATTRIBUTION: 'x' }), /MAP_TILE_URL/, bad);
  }
  assert.throws(
    () => loadConfig({ MAP_TILE_URL: 'https://tiles.example.se/{z}/{x}/{y}.png' }),
    /MAP_TILE_ATTRIBUTION is required/,
  );
});

test('DISPOSAL_*: hourly, drafts kept 90 days, anonymous ones never shorter than a session lives', () => {
  assert.deepEqual(loadConfig({}).disposal, {
    intervalMinutes: 60,
    abandonedDraftDays: 90,
    anonymousDraftHours: 24,
  });
  assert.equal(loadConfig({ SESSION_TTL_HOURS: '48' }).disposal.anonymousDraftHours, 48);
  assert.deepEqual(
    loadConfig({ DISPOSAL_INTERVAL_MINUTES: '0', DISPOSAL_DRAFT_DAYS: '30', DISPOSAL_ANONYMOUS_HOURS: '36' })
      .disposal,
    { intervalMinutes: 0, abandonedDraftDays: 30, anonymousDraftHours: 36 },
  );
  for (const [env, message] of [
    [{ DISPOSAL_ANONYMOUS_HOURS: '6' }, /DISPOSAL_ANONYMOUS_HOURS must be at least SESSION_TTL_HOURS \(12\)/],
    [{ DISPOSAL_DRAFT_DAYS: '0' }, /DISPOSAL_DRAFT_DAYS must be a whole number from 1/],
    [{ DISPOSAL_INTERVAL_MINUTES: 'hourly' }, /DISPOSAL_INTERVAL_MINUTES must be a whole number/],
  ] as const)
    assert.throws(
      () => loadConfig(env),
      (error: Error) => error instanceof ConfigError && message.test(error.message),
    );
});

/** A production configuration with every development feature off: it starts. */
const PRODUCTION = {
  PUBLIC_URL: 'https://e.exempelstad.se',
  OIDC_ISSUER: 'https://idp.example',
  OIDC_CLIENT_ID: 'ingang',
  OIDC_CLIENT_SECRET: 's',
  SEED_DEMO: 'false',
  DATA_ENCRYPTION_KEYS: `k1:${Buffer.alloc(32, 1).toString('base64')}`,
  DATA_LOOKUP_KEY: Buffer.alloc(32, 2).toString('base64'),
};

describe('the production guard (issue #14)', () => {
  const refusal = (env: Record<string, string>) => {
    try {
      loadConfig(env);
    } catch (error) {
      assert.ok(error instanceof ConfigError);
      return error.message;
    }
    return undefined;
  };

  test('npm start on a fresh machine (http://localhost, no NODE_ENV) serves the demo', () => {
    const config = loadConfig({});
    assert.ok(config.devIdp && config.seedDemo && config.devMailbox);
    assert.equal(config.demo, false);
  });

  test('with https or NODE_ENV=production every development feature left on is named, with its switch', () => {
    const message = refusal({ PUBLIC_URL: 'https://e.exempelstad.se' });
    assert.ok(message, 'the defaults are refused over https');
    assert.match(message, /PUBLIC_URL is https/);
    assert.match(message, /DEV_IDP is on because OIDC_ISSUER is not set.*DEV_IDP=false/);
    assert.match(message, /SEED_DEMO is on by default: set SEED_DEMO=false/);
    assert.match(message, /DEV_MAILBOX is on because .*SMTP_URL/);
    assert.match(message, /INGANG_DEMO=true/);
    const byNodeEnv = refusal({ NODE_ENV: 'production', SEED_DEMO: 'false' });
    assert.ok(byNodeEnv?.includes('NODE_ENV=production'), 'NODE_ENV=production counts on plain http too');
    assert.equal(loadConfig({ NODE_ENV: 'development', SEED_DEMO: 'true' }).seedDemo, true);
  });

  test('each feature alone is refused in production, and named as set explicitly', () => {
    assert.equal(refusal(PRODUCTION), undefined, 'all off: it starts');
    const cases: [Record<string, string>, RegExp][] = [
      // (with SMTP_URL, or the development IdP would turn the development mailbox on as well)
      [{ DEV_IDP: 'true', SMTP_URL: 'smtp://mail.example:587' }, /DEV_IDP is true: set DEV_IDP=false/],
      [{ SEED_DEMO: 'true' }, /SEED_DEMO is true: set SEED_DEMO=false/],
      [{ DEV_MAILBOX: 'true' }, /DEV_MAILBOX is true: set DEV_MAILBOX=false/],
    ];
    for (const [extra, expected] of cases) {
      const message = refusal({ ...PRODUCTION, ...extra });
      assert.match(message ?? '', expected, JSON.stringify(extra));
      assert.equal(message?.split('\n  - ').length, 2, 'only the feature that is on is named');
    }
    const production = loadConfig(PRODUCTION);
    assert.deepEqual([production.devIdp, production.seedDemo, production.devMailbox], [false, false, false]);
  });

  test('production needs the data keys: personal data is never sealed under the development key', () => {
    const { DATA_ENCRYPTION_KEYS: _keys, DATA_LOOKUP_KEY: _lookup, ...keyless } = PRODUCTION;
    assert.match(
      refusal(keyless) ?? '',
      /DATA_ENCRYPTION_KEYS is required in production \(PUBLIC_URL is https/,
    );
    assert.match(
      refusal({ ...keyless, DATA_ENCRYPTION_KEYS: PRODUCTION.DATA_ENCRYPTION_KEYS }) ?? '',
      /DATA_LOOKUP_KEY is required/,
    );
    assert.equal(loadConfig(PRODUCTION).dataKeys.development, false);
    // A public demo holds test personas only: the development keys may stand in there.
    assert.equal(loadConfig({ ...keyless, INGANG_DEMO: 'true' }).dataKeys.development, true);
  });

  test('INGANG_DEMO=true declares a public demo, which may keep them on', () => {
    const demo = loadConfig({ PUBLIC_URL: 'https://demo.ingang.example', INGANG_DEMO: 'true' });
    assert.ok(demo.devIdp && demo.seedDemo && demo.devMailbox && demo.demo);
    assert.equal(refusal({ NODE_ENV: 'production', INGANG_DEMO: 'yes' }), undefined);
    assert.match(refusal({ INGANG_DEMO: 'perhaps' }) ?? '', /INGANG_DEMO/);
  });
});

test('session timeouts, rate limits and clamd are configurable and checked', () => {
  const defaults = loadConfig({});
  assert.equal(defaults.sessionIdleMinutes, 30);
  assert.equal(defaults.sessionTtlHours, 12);
  assert.deepEqual(defaults.rateLimits, { loginPerMinute: 60, submitPerMinute: 30, searchPerMinute: 120 });
  assert.equal(defaults.clamd, undefined);
  const set = loadConfig({
    SESSION_IDLE_MINUTES: '15',
    RATE_LIMIT_LOGIN_PER_MINUTE: '5',
    RATE_LIMIT_SUBMIT_PER_MINUTE: '6',
    RATE_LIMIT_SEARCH_PER_MINUTE: '7',
    CLAMD_SOCKET: '/run/clamav/clamd.ctl',
    CLAMD_TIMEOUT_SECONDS: '10',
  });
  assert.equal(set.sessionIdleMinutes, 15);
  assert.deepEqual(set.rateLimits, { loginPerMinute: 5, submitPerMinute: 6, searchPerMinute: 7 });
  assert.deepEqual(set.clamd, { socket: '/run/clamav/clamd.ctl', timeoutMs: 10_000 });
  assert.deepEqual(loadConfig({ CLAMD_HOST: 'clamav.internal' }).clamd, {
    host: 'clamav.internal',
    port: 3310,
    timeoutMs: 30_000,
  });
  const bad: [Record<string, string>, RegExp][] = [
    [{ SESSION_IDLE_MINUTES: '0' }, /SESSION_IDLE_MINUTES/],
    [{ RATE_LIMIT_SEARCH_PER_MINUTE: 'many' }, /RATE_LIMIT_SEARCH_PER_MINUTE/],
    [{ CLAMD_SOCKET: 'clamd.sock' }, /CLAMD_SOCKET must be an absolute path/],
    [{ CLAMD_SOCKET: '/x.sock', CLAMD_HOST: 'h' }, /not both/],
    [{ CLAMD_PORT: '3310' }, /CLAMD_PORT needs CLAMD_HOST/],
  ];
  for (const [env, message] of bad) {
    assert.throws(
      () => loadConfig(env),
      (error: Error) => error instanceof ConfigError && message.test(error.message),
    );
  }
});
