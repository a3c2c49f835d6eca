/**
 * Notification mail end to end: events → the mail handler's jobs → worker → nodemailer → a real SMTP
 * server started here, which records every raw delivery (no dedupe), so "exactly once" is counted,
 * not assumed.
 */
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import net from 'node:net';
import { after, before, describe, test } from 'node:test';
import { loadConfig } from '../../config.ts';
import { createJobRunner } from '../../job-handlers.ts';
import { createJobWorker, type JobWorkerOptions, type WorkerLog } from '../../platform/jobs/job-worker.ts';
import { createMailer, type Mailer } from '../../platform/mail/mailer.ts';
import {
  type ReceivedMail,
  type SmtpReceiver,
  startSmtpReceiver,
} from '../../platform/mail/smtp-receiver.ts';
import type { Tenant } from '../../platform/tenancy/tenant-service.ts';
import { createTestApp, type TestApp } from '../../test-support/app.ts';
import type { TestClient } from '../../test-support/client.ts';
import { reportViaWeb } from '../../test-support/fault-reports.ts';
import { createTestTenant, type ResidentIdentity, residentClient } from '../../test-support/fixtures.ts';
import { MAIL_HANDLER } from './service.ts';
import { openMailHandler } from './worker.ts';

// The workers here run on a clock of their own in 2000 and take only their test's tenant's events
// (each test has its own), so on a shared PostgreSQL no other test file's worker takes theirs.
const ERA_START = new Date('2000-01-01T00:00:00Z');

const PUBLIC_URL = 'http://localhost:3000';
const config = loadConfig({ PUBLIC_URL, DATA_DIR: ':memory:' });

let t: TestApp;
let sink: SmtpReceiver;
let mailer: Mailer;
const deliveries: ReceivedMail[] = [];
let refusal: string | undefined;
const logLines: string[] = [];
const log: WorkerLog = {
  debug: (details, message) => void logLines.push(JSON.stringify({ ...details, message })),
  info: (details, message) => void logLines.push(JSON.stringify({ ...details, message })),
  warn: (details, message) => void logLines.push(JSON.stringify({ ...details, message })),
  error: (details, message) => void logLines.push(JSON.stringify({ ...details, message })),
};

before(async () => {
  t = await createTestApp({}, { exclusive: 'outbox' });
  sink = await startSmtpReceiver({
    onMail: async (mail) => void deliveries.push(mail),
    refuse: () => refusal,
  });
  mailer = createMailer({ smtpUrl: sink.url, from: config.mailFrom });
});
after(async () => {
  mailer.close();
  await sink.close();
  await t.close();
});

function testClock() {
  let at = ERA_START.getTime();
  return { now: () => new Date(at), advance: (seconds: number) => (at += seconds * 1000) };
}

/**
 * A person of this test's own: the shared personas' profiles are left alone (other test files read
 * them). Month 13 makes the number one no real person has, yet 12 digits as the column requires.
 */
function uniqueResident(givenName: string, familyName: string): ResidentIdentity {
  const digits = String(crypto.randomInt(0, 1_000_000)).padStart(6, '0');
  return { personalIdentityNumber: `199013${digits}`, givenName, familyName };
}

/** The Message-ID of an event's mail (one mail job per event). */
const messageIdOf = (eventId: number) => `<outbox-${eventId}@localhost>`;

/** How many times the sink received each event's mail. */
function receivedCounts(eventIds: number[]): number[] {
  return eventIds.map((id) => deliveries.filter((mail) => mail.messageId === messageIdOf(id)).length);
}

function deliveryOf(eventId: number): ReceivedMail {
  const mail = deliveries.find((delivery) => delivery.messageId === messageIdOf(eventId));
  assert.ok(mail, `event ${eventId} was delivered`);
  return mail;
}

/** A person with this e-mail address (or none), as their profile says. */
async function personWithEmail(identity: ResidentIdentity, email: string | null): Promise<string> {
  const { profile } = t.app.services;
  const person = await profile.upsertFromLogin(identity);
  await profile.updateContact(person.id, { email: email ?? '' });
  return person.id;
}

/** Writes `count` events (rows as `enqueue` writes them; payloads here may be malformed on purpose). */
async function enqueue(
  tenantId: string,
  topic: string,
  payload: Record<string, unknown>,
  count = 1,
): Promise<number[]> {
  const rows = await t.database.db
    .insertInto('outbox')
    .values(Array.from({ length: count }, () => ({ tenantId, topic, payload: JSON.stringify(payload) })))
    .returning('id')
    .execute();
  return rows.map((row) => Number(row.id));
}

/** The mail job of an event. */
const mailJobOf = (eventId: number) =>
  t.database.db
    .selectFrom('job')
    .selectAll()
    .where('eventId', '=', eventId)
    .where('handler', '=', MAIL_HANDLER)
    .executeTakeFirstOrThrow();

/** How many of the events' mail jobs are done. */
async function processedCount(eventIds: number[]): Promise<number> {
  const jobs = await Promise.all(eventIds.map(mailJobOf));
  return jobs.filter((job) => job.processedAt !== null).length;
}

/** A worker that runs only the mail handler (through `mailer` by default), on one tenant's events. */
async function worker(
  now: () => Date,
  tenantId: string,
  options: Partial<Omit<JobWorkerOptions, 'db' | 'log' | 'now' | 'handlers'>> & { mailer?: Mailer } = {},
) {
  const { mailer: given, ...rest } = options;
  const opened = await openMailHandler(t.app.services, config, log, given ?? mailer);
  assert.ok(opened.handler);
  const handlers = [opened.handler];
  return createJobWorker({ db: t.database.db, handlers, log, now, onlyTenants: [tenantId], ...rest });
}

/** Submits a park-playground fault report at Stadsparken through the web form; its reference. */
async function submitFaultReport(client: TestClient, tenant: Tenant, description: string): Promise<string> {
  return (
    await reportViaWeb(client, tenant, { category: 'park-playground', description, address: 'Stadsparken' })
  ).reference;
}

test('a client that resets its SMTP connection ends only that connection, not the receiver', async () => {
  const errors: Error[] = [];
  const received: string[] = [];
  const receiver = await startSmtpReceiver({
    onMail: async (mail) => void received.push(mail.subject),
    onConnectionError: (error) => errors.push(error),
  });
  try {
    const socket = net.connect(receiver.port, '127.0.0.1');
    let heard = '';
    const reply = (code: string) =>
      new Promise<void>((resolve) => {
        const listen = () => {
          if (!new RegExp(`^${code} `, 'm').test(heard)) return;
          heard = '';
          socket.off('data', onData);
          resolve();
        };
        const onData = (chunk: Buffer) => {
          heard += chunk.toString();
          listen();
        };
        socket.on('data', onData);
        listen();
      });
    // Start a mail as a server would, then reset the connection in the middle of it, as a kill does.
    await reply('220');
    for (const [line, code] of [
      ['EHLO killed.example', '250'],
      ['MAIL FROM:<a@ingang.example>', '250'],
      ['RCPT TO:<b@example.com>', '250'],
      ['DATA', '354'],
    ] as const) {
      socket.write(`${line}\r\n`);
      await reply(code);
    }
    const closed = new Promise<void>((resolve) => socket.once('close', () => resolve()));
    socket.resetAndDestroy();
    await closed;
    const mailer = createMailer({ smtpUrl: receiver.url, from: 'test@ingang.example' });
    try {
      await mailer.send({
        to: 'anna@example.com',
        subject: 'Still up',
        text: 'The receiver survived.',
        messageId: '<reset-test@ingang.example>',
      });
    } finally {
      mailer.close();
    }
    assert.deepEqual(received, ['Still up'], 'the receiver still takes mail');
    assert.equal(errors.length, 1, 'the reset reached the handler');
    assert.equal((errors[0] as NodeJS.ErrnoException).code, 'ECONNRESET');
  } finally {
    await receiver.close();
  }
});

describe('notification mail', () => {
  test('a submission and a notification.resident job each become one mail with no personal details', async () => {
    const clock = testClock();
    const tenant = await createTestTenant(t, ['felanmalan']);
    const astrid = uniqueResident('Astrid', 'Lindqvist');
    const anna = await residentClient(t, astrid);
    const reference = await submitFaultReport(anna, tenant, 'Trasig gunga vid dammen');
    const email = `astrid.${tenant.slug}@example.se`;
    await personWithEmail(astrid, email);
    const submitted = await t.database.db
      .selectFrom('outbox')
      .select(['id', 'topic'])
      .where('tenantId', '=', tenant.id)
      .execute();
    assert.deepEqual(
      submitted.map((row) => row.topic),
      ['case.submitted'],
    );
    const submittedId = Number(submitted[0]?.id);
    const [updateId = 0] = await enqueue(tenant.id, 'notification.resident', {
      personId: anna.personId,
      caseReference: reference,
      kind: 'message',
    });

    // The application's worker: mail and statistics, each event fanned out to both (and the
    // submission also to the proposal handler, which proposes nothing for a service without rules,
    // and to the webhooks handler, which has no subscription to deliver it to).
    const runner = await createJobRunner(t.app.services, config, log, {
      mailer,
      now: clock.now,
      onlyTenants: [tenant.id],
    });
    assert.equal(await runner.runOnce(), 6);
    assert.equal(await runner.runOnce(), 0);
    await runner.close();
    assert.deepEqual(receivedCounts([submittedId, updateId]), [1, 1]);
    const counted = await t.database.db
      .selectFrom('eventCount')
      .select(['topic', 'count'])
      .where('tenantId', '=', tenant.id)
      .orderBy('topic')
      .execute();
    assert.deepEqual(counted, [
      { topic: 'case.submitted', count: 1 },
      { topic: 'notification.resident', count: 1 },
    ]);
    const received = deliveryOf(submittedId);
    const update = deliveryOf(updateId);
    assert.deepEqual(update.envelopeTo, [email]);
    assert.equal(update.envelopeFrom, 'no-reply@localhost');
    assert.equal(update.subject, `Nytt i ditt ärende hos ${tenant.name} · News in your case`);
    assert.match(update.text, /Det finns något nytt i ditt ärende hos Testkommun/);
    assert.match(update.text, /Log in to My Pages/);
    assert.match(received.subject, /^Vi har tagit emot ditt ärende hos Testkommun/);
    for (const mail of [received, update]) {
      assert.ok(mail.text.includes(`${PUBLIC_URL}/mina-sidor`), 'links to My Pages');
      for (const secret of [
        'Astrid',
        'Lindqvist',
        astrid.personalIdentityNumber,
        reference,
        'gunga',
        'dammen',
        'Stadsparken',
      ]) {
        assert.ok(!`${mail.subject}\n${mail.text}`.includes(secret), `the mail does not contain "${secret}"`);
      }
    }
    assert.equal(await processedCount([submittedId, updateId]), 2);
    assert.ok(!logLines.join('\n').includes(email), 'logs never carry the address');
  });

  test('anonymous submissions and people without an e-mail address get no mail', async () => {
    const clock = testClock();
    const tenant = await createTestTenant(t, []);
    const omar = await personWithEmail(uniqueResident('Omar', 'Hassan'), null);
    const ids = [
      ...(await enqueue(tenant.id, 'case.submitted', { caseId: 'x', reference: 'X', personId: null })),
      ...(await enqueue(tenant.id, 'case.submitted', { caseId: 'y', reference: 'Y', personId: omar })),
      ...(await enqueue(tenant.id, 'notification.resident', {
        personId: omar,
        caseReference: 'Y',
        kind: 'decision',
      })),
    ];
    assert.equal(await (await worker(clock.now, tenant.id)).runOnce(), 3);
    assert.deepEqual(receivedCounts(ids), [0, 0, 0]);
    assert.equal(await processedCount(ids), 3, 'done, not retried');
  });

  test('retries with growing waits while the SMTP server refuses, then delivers once', async () => {
    const clock = testClock();
    const tenant = await createTestTenant(t, []);
    const email = `erik.${tenant.slug}@example.se`;
    const erik = await personWithEmail(uniqueResident('Erik', 'Eriksson'), email);
    const [id = 0] = await enqueue(tenant.id, 'notification.resident', {
      personId: erik,
      caseReference: 'Z',
      kind: 'statusChanged',
    });
    const w = await worker(clock.now, tenant.id);
    const row = () => mailJobOf(id);
    refusal = 'Mailbox busy, try again later';
    try {
      assert.equal(await w.runOnce(), 1);
      let job = await row();
      assert.equal(job.attempts, 1);
      assert.match(job.lastError ?? '', /451/);
      assert.ok(!(job.lastError ?? '').includes(email), 'the stored error masks the address');
      assert.equal(new Date(job.availableAt).getTime(), clock.now().getTime() + 30_000);
      assert.equal(await w.runOnce(), 0, 'nothing before the wait is over');
      clock.advance(30);
      assert.equal(await w.runOnce(), 1);
      job = await row();
      assert.equal(new Date(job.availableAt).getTime(), clock.now().getTime() + 60_000, 'the wait doubles');
      assert.deepEqual(receivedCounts([id]), [0]);
    } finally {
      refusal = undefined;
    }
    clock.advance(60);
    assert.equal(await w.runOnce(), 1);
    assert.deepEqual(receivedCounts([id]), [1]);
    const job = await row();
    assert.equal(job.attempts, 3);
    assert.deepEqual(new Date(job.processedAt ?? 0), clock.now());
    assert.equal(deliveryOf(id).messageId, messageIdOf(id), 'the retry keeps the Message-ID');
  });

  /** A mailer that hands the first two mails to `mailer` and never returns from the third. */
  function hangingOnThird(sendThirdFirst: boolean) {
    let calls = 0;
    let reachedThird: () => void = () => {};
    const third = new Promise<void>((resolve) => {
      reachedThird = resolve;
    });
    const hanging: Mailer = {
      async send(message) {
        calls++;
        if (calls !== 3) return mailer.send(message);
        if (sendThirdFirst) await mailer.send(message);
        reachedThird();
        // The process is "killed" here: this promise never settles, so that worker never goes on.
        return new Promise<void>(() => {});
      },
      close() {},
    };
    return { hanging, third };
  }

  async function sixJobs() {
    const clock = testClock();
    const tenant = await createTestTenant(t, []);
    const person = await personWithEmail(uniqueResident('Omar', 'Hassan'), `omar.${tenant.slug}@example.se`);
    const payload = { personId: person, caseReference: 'K', kind: 'message' };
    const ids = await enqueue(tenant.id, 'notification.resident', payload, 6);
    return { clock, ids, tenantId: tenant.id };
  }

  test('a worker killed mid-batch: after its lease expires another sends the rest, each exactly once', async () => {
    const { clock, ids, tenantId } = await sixJobs();
    const { hanging, third } = hangingOnThird(false);
    const first = await worker(clock.now, tenantId, { mailer: hanging, batchSize: 6, leaseSeconds: 60 });
    void first.runOnce();
    await third;
    assert.deepEqual(receivedCounts(ids), [1, 1, 0, 0, 0, 0]);
    assert.equal(await processedCount(ids), 2, 'each job is marked right after its mail');

    const second = await worker(clock.now, tenantId, { leaseSeconds: 60 });
    assert.equal(await second.runOnce(), 0, 'the dead worker’s leases still hold');
    clock.advance(61);
    assert.equal(await second.runOnce(), 4);
    assert.deepEqual(receivedCounts(ids), [1, 1, 1, 1, 1, 1]);
    assert.equal(await processedCount(ids), 6);
  });

  test('the one duplicate window: killed after the SMTP server accepted, before marking processed', async () => {
    const { clock, ids, tenantId } = await sixJobs();
    const { hanging, third } = hangingOnThird(true);
    void (await worker(clock.now, tenantId, { mailer: hanging, batchSize: 6, leaseSeconds: 60 })).runOnce();
    await third;
    clock.advance(61);
    assert.equal(await (await worker(clock.now, tenantId)).runOnce(), 4);
    assert.deepEqual(receivedCounts(ids), [1, 1, 2, 1, 1, 1], 'the mail in flight arrives twice…');
    const [firstCopy, secondCopy] = deliveries.filter((mail) => mail.messageId === messageIdOf(ids[2] ?? 0));
    assert.equal(
      firstCopy?.messageId,
      secondCopy?.messageId,
      '…with the same Message-ID, so it can be spotted',
    );
  });

  test('killed after the mail was sent and its key recorded, before marking the job done: no resend', async () => {
    const { clock, ids, tenantId } = await sixJobs();
    const w = await worker(clock.now, tenantId, { batchSize: 6 });
    assert.equal(await w.runOnce(), 6);
    // As if the worker died between recording the idempotency key and marking the job done.
    const [eventId = 0] = ids;
    await t.database.db
      .updateTable('job')
      .set({ processedAt: null })
      .where('eventId', '=', eventId)
      .execute();
    assert.equal(await w.runOnce(), 1);
    assert.deepEqual(receivedCounts(ids), [1, 1, 1, 1, 1, 1], 'the key keeps the mail from going out again');
    assert.equal(await processedCount(ids), 6);
  });

  test('two workers side by side on 40 jobs send each exactly once', async (context) => {
    const clock = testClock();
    const tenant = await createTestTenant(t, []);
    const anna = await personWithEmail(uniqueResident('Anna', 'Andersson'), `anna.${tenant.slug}@example.se`);
    const payload = { personId: anna, caseReference: 'K', kind: 'statusChanged' };
    const ids = await enqueue(tenant.id, 'notification.resident', payload, 40);
    const drain = async (w: { runOnce(): Promise<number> }) => {
      let total = 0;
      for (let claimed = await w.runOnce(); claimed > 0; claimed = await w.runOnce()) total += claimed;
      return total;
    };
    const [a, b] = await Promise.all([
      worker(clock.now, tenant.id, { batchSize: 5, workerId: 'a' }).then(drain),
      worker(clock.now, tenant.id, { batchSize: 5, workerId: 'b' }).then(drain),
    ]);
    context.diagnostic(`worker a claimed ${a} jobs, worker b ${b}`);
    assert.equal(a + b, 40);
    assert.deepEqual(receivedCounts(ids), Array(40).fill(1));
    assert.equal(await processedCount(ids), 40);
  });

  test('through the development mailbox: real SMTP into dev_mail, shown at /dev-mail', async () => {
    const clock = testClock();
    const tenant = await createTestTenant(t, []);
    const email = `erik.${tenant.slug}@example.se`;
    const erik = await personWithEmail(uniqueResident('Erik', 'Eriksson'), email);
    const [id = 0] = await enqueue(tenant.id, 'notification.resident', {
      personId: erik,
      caseReference: 'K',
      kind: 'completionRequested',
    });
    const devConfig = loadConfig({ PUBLIC_URL, DATA_DIR: ':memory:', DEV_MAILBOX: 'true' });
    const opened = await openMailHandler(t.app.services, devConfig, log);
    assert.ok(opened.handler);
    assert.match(opened.destination ?? '', /development mailbox/);
    const handlers = [opened.handler];
    const w = createJobWorker({ db: t.database.db, handlers, log, now: clock.now, onlyTenants: [tenant.id] });
    try {
      assert.equal(await w.runOnce(), 1);
    } finally {
      await opened.close();
    }
    const stored = await t.database.db
      .selectFrom('devMail')
      .selectAll()
      .where('envelopeTo', '=', email)
      .execute();
    assert.equal(stored.length, 1);
    assert.equal(stored[0]?.messageId, messageIdOf(id));
    const page = await t.app.inject({ method: 'GET', url: '/dev-mail' });
    assert.equal(page.statusCode, 200);
    assert.ok(page.body.includes(email));
    assert.ok(page.body.includes(`Nytt i ditt ärende hos ${tenant.name}`));
  });
});
