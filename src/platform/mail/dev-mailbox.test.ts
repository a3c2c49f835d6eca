/** The development mailbox: its SMTP server stores what it receives; /dev-mail shows it, only when on. */
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { buildApp } from '../../app.ts';
import { loadConfig } from '../../config.ts';
import { createTestApp, type TestApp } from '../../test-support/app.ts';
import { createDevMailbox, startDevMailServer } from './dev-mailbox.ts';
import { createMailer } from './mailer.ts';

let t: TestApp;
before(async () => {
  t = await createTestApp();
});
after(() => t.close());

describe('development mailbox', () => {
  test('stores a mail received over SMTP and lists it on /dev-mail, newest first, in both languages', async () => {
    const server = await startDevMailServer(createDevMailbox(t.database.db));
    const mailer = createMailer({ smtpUrl: server.url, from: 'Ingång <no-reply@localhost>' });
    const tag = crypto.randomBytes(4).toString('hex');
    try {
      for (const n of [1, 2]) {
        await mailer.send({
          to: `person.${tag}@example.se`,
          subject: `Prov ${n} ${tag} – åäö`,
          text: `Rad ett ${n}\n\nRad två: http://localhost:3000/mina-sidor`,
          messageId: `<test-${tag}-${n}@localhost>`,
        });
      }
    } finally {
      mailer.close();
      await server.close();
    }
    const rows = await createDevMailbox(t.database.db).list();
    const mine = rows.filter((row) => row.envelopeTo === `person.${tag}@example.se`);
    assert.deepEqual(
      mine.map((row) => [row.subject, row.messageId, row.envelopeFrom]),
      [
        [`Prov 2 ${tag} – åäö`, `<test-${tag}-2@localhost>`, 'no-reply@localhost'],
        [`Prov 1 ${tag} – åäö`, `<test-${tag}-1@localhost>`, 'no-reply@localhost'],
      ],
    );
    assert.equal(mine[0]?.textBody, 'Rad ett 2\n\nRad två: http://localhost:3000/mina-sidor');

    const page = await t.app.inject({ method: 'GET', url: '/dev-mail' });
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /<h1>Utvecklingsbrevlåda<\/h1>/);
    assert.match(page.body, /<html lang="sv">/);
    const newer = page.body.indexOf(`Prov 2 ${tag}`);
    const older = page.body.indexOf(`Prov 1 ${tag}`);
    assert.ok(newer > 0 && older > newer, 'newest first');
    assert.ok(page.body.includes('Rad två: http://localhost:3000/mina-sidor'));
    const english = await t.app.inject({ method: 'GET', url: '/dev-mail', cookies: { ingang_lang: 'en' } });
    assert.match(english.body, /<h1>Development mailbox<\/h1>/);
    assert.match(english.body, /<dt>Received<\/dt>/);
  });

  test('/dev-mail is not there when the development mailbox is off', async () => {
    const config = loadConfig({
      DATA_DIR: ':memory:',
      PUBLIC_URL: 'http://localhost:3000',
      DATABASE_URL: process.env.DATABASE_URL ?? '',
      DEV_MAILBOX: 'false',
    });
    const app = await buildApp({ config, database: t.database, logger: false });
    try {
      const response = await app.inject({ method: 'GET', url: '/dev-mail' });
      assert.equal(response.statusCode, 404);
    } finally {
      await app.close();
    }
  });
});
