import assert from 'node:assert/strict';
import path from 'node:path';
import { test } from 'node:test';
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
  const secure = loadConfig({ PUBLIC_URL: 'https://e.exempelstad.se/' });
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
