/**
 * Signed webhooks (issue #12), against a real local HTTP receiver (node:http on port 0, no mocks of
 * HTTP): the signature, retries with backoff, dead letters and their replay, each case's deliveries
 * in history order under concurrent changes, the reach of a subscription, no personal data in
 * payloads, and the administrators' pages. One app and database for the file, one tenant per test.
 */
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, test } from 'node:test';
import { loadConfig } from '../../config.ts';
import { createJobRunner, type JobRunner } from '../../job-handlers.ts';
import type { WorkerLog } from '../../platform/jobs/job-worker.ts';
import { createTestApp, type TestApp } from '../../test-support/app.ts';
import { ANNA } from '../../test-support/fixtures.ts';
import { caseHandlingScene, LENA, staffClient, submitSchoolTransport } from '../../test-support/staff.ts';
import { DEFAULT_APPEAL_INFORMATION } from '../decisions/model.ts';
import { WEBHOOK_EVENT_TYPES } from './model.ts';
import { verifySignature } from './signature.ts';

let t: TestApp;
before(async () => {
  t = await createTestApp({ WEBHOOK_SECRET_KEY: 'a test key for sealing signing secrets' });
});
after(() => t.close());

const quiet: WorkerLog = { debug() {}, info() {}, warn() {}, error() {} };
const jobConfig = loadConfig({
  PUBLIC_URL: 'http://localhost:3000',
  DATA_DIR: ':memory:',
  DEV_MAILBOX: 'false',
});

interface Received {
  headers: http.IncomingHttpHeaders;
  body: string;
}

/** A local receiver answering each request with `answer(request, index)` (204 by default). */
async function receiver(answer: (request: Received, index: number) => number = () => 204) {
  const received: Received[] = [];
  const server = http.createServer((request, response) => {
    let body = '';
    request.setEncoding('utf8');
    request.on('data', (chunk: string) => {
      body += chunk;
    });
    request.on('end', () => {
      const got = { headers: request.headers, body };
      received.push(got);
      response.statusCode = answer(got, received.length - 1);
      response.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const close = () => {
    server.closeAllConnections();
    return new Promise<void>((resolve) => server.close(() => resolve()));
  };
  return { url: `http://127.0.0.1:${port}/ingang`, received, close };
}

/** A clock of the test's own, from now (a replay is due at the app's own time, which it must not lag). */
function testClock() {
  let at = Date.now();
  return { now: () => new Date(at), advance: (seconds: number) => (at += seconds * 1000) };
}

/** A tenant with an admin, an officer and a resident; a job runner of its own with 3 attempts, 10 s first wait. */
async function scene(
  runnerOptions: { clock?: ReturnType<typeof testClock>; firstRetrySeconds?: number } = {},
) {
  const base = await caseHandlingScene(t);
  const admin = await staffClient(t, base.tenant, LENA, 'admin', []);
  const runner = await createJobRunner(t.app.services, jobConfig, quiet, {
    now: runnerOptions.clock?.now,
    onlyTenants: [base.tenant.id],
    pollIntervalMs: 20,
    webhooks: {
      maxAttempts: 3,
      firstRetrySeconds: runnerOptions.firstRetrySeconds ?? 10,
      pollIntervalMs: 20,
    },
  });
  return { ...base, admin, runner };
}

/** Runs the job worker (deliveries are made) and one delivery pass; resolves to deliveries claimed. */
async function deliver(runner: JobRunner) {
  while ((await runner.runOnce()) > 0);
  return runner.handlers.webhookDelivery.runOnce();
}

async function until(condition: () => Promise<boolean> | boolean, what: string, ms = 20_000) {
  const end = Date.now() + ms;
  while (!(await condition())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

const subscribe = (
  actor: Awaited<ReturnType<typeof scene>>['admin']['actor'],
  url: string,
  choice: { eventTypes: string[]; unitIds?: string[]; serviceIds?: string[] },
) =>
  t.app.services.webhooks.create(actor, {
    name: 'Ärendesystemet',
    url,
    unitIds: [],
    serviceIds: [],
    ...choice,
  });

const deliveriesOf = (subscriptionId: string) =>
  t.database.db
    .selectFrom('webhookDelivery')
    .selectAll()
    .where('subscriptionId', '=', subscriptionId)
    .orderBy('id')
    .execute();

describe('webhook deliveries', () => {
  test('a submitted case is delivered signed, with ids and types only; the secret is kept sealed', async () => {
    const clock = testClock();
    const { tenant, units, admin, anna, runner } = await scene({ clock });
    const hook = await receiver();
    try {
      const created = await subscribe(admin.actor, hook.url, {
        eventTypes: ['case.submitted'],
        unitIds: [units.school],
      });
      assert.match(created.secret, /^whsec_/);
      const stored = await t.database.db
        .selectFrom('webhookSubscription')
        .select('secretSealed')
        .where('id', '=', created.id)
        .executeTakeFirstOrThrow();
      assert.match(stored.secretSealed, /^gcm1:/);
      assert.ok(!stored.secretSealed.includes(created.secret.slice(6)), 'the secret is not stored readable');

      const reference = await submitSchoolTransport(anna, tenant, 'Elsa');
      assert.equal(await deliver(runner), 1);
      const [request] = hook.received;
      assert.ok(request);
      const signature = String(request.headers['ingang-signature']);
      assert.match(signature, /^t=\d+,v1=[0-9a-f]{64}$/);
      assert.ok(verifySignature(created.secret, signature, request.body, { now: clock.now() }));
      assert.equal(
        verifySignature(created.secret, signature, request.body.replace('}', ' }'), { now: clock.now() }),
        false,
      );
      assert.equal(verifySignature('whsec_other', signature, request.body, { now: clock.now() }), false);
      clock.advance(600);
      assert.equal(
        verifySignature(created.secret, signature, request.body, { now: clock.now() }),
        false,
        'too old',
      );

      const body = JSON.parse(request.body);
      assert.deepEqual(Object.keys(body), ['id', 'type', 'occurredAt', 'tenant', 'case']);
      assert.equal(body.type, 'case.submitted');
      assert.equal(body.tenant, tenant.slug);
      assert.equal(body.case.reference, reference);
      assert.equal(body.case.unitId, units.school);
      assert.equal(request.headers['ingang-event-id'], body.id);
      assert.equal(request.headers['ingang-event-type'], 'case.submitted');
      assert.equal(request.headers['content-type'], 'application/json');
      // No personal data: not the applicant, not the child, not an answer.
      // (The personnummer is looked for as itself: a UUID may hold eight digits, a dash and four.)
      assert.doesNotMatch(request.body, /Anna|Andersson|Elsa|guardian|distance/i);
      const pnr = ANNA.personalIdentityNumber;
      for (const form of [pnr, `${pnr.slice(0, 8)}-${pnr.slice(8)}`, pnr.slice(2)])
        assert.ok(!request.body.includes(form), 'no personnummer');
      const [row] = await deliveriesOf(created.id);
      assert.ok(row?.deliveredAt);
      assert.equal(row?.lastStatus, 204);
    } finally {
      await runner.close();
      await hook.close();
    }
  });

  test('a failed attempt is retried after the backoff with the same event id; a later event of the case waits', async () => {
    const clock = testClock();
    const { tenant, units, admin, anna, karin, runner } = await scene({ clock });
    const hook = await receiver((_request, index) => (index === 0 ? 500 : 204));
    try {
      const { id } = await subscribe(admin.actor, hook.url, {
        eventTypes: ['case.submitted', 'case.statusChanged'],
        serviceIds: [],
        unitIds: [units.school],
      });
      const reference = await submitSchoolTransport(anna, tenant);
      await t.app.services.caseHandling.take(karin.actor, reference);
      await t.app.services.caseHandling.changeStatus(karin.actor, reference, 'inProgress', '');
      assert.equal(await deliver(runner), 1, 'only the first event of the case is claimed');
      let [first, second] = await deliveriesOf(id);
      assert.equal(first?.lastStatus, 500);
      assert.equal(first?.attempts, 1);
      assert.equal(new Date(first?.nextAttemptAt ?? 0).getTime() - clock.now().getTime(), 10_000);
      assert.equal(second?.attempts, 0);
      assert.equal(await deliver(runner), 0, 'nothing before the wait is over; the later event waits');
      clock.advance(10);
      assert.equal(await deliver(runner), 1);
      assert.equal(await deliver(runner), 1);
      [first, second] = await deliveriesOf(id);
      assert.ok(first?.deliveredAt && second?.deliveredAt);
      const types = hook.received.map((request) => request.headers['ingang-event-type']);
      assert.deepEqual(types, ['case.submitted', 'case.submitted', 'case.statusChanged']);
      const ids = hook.received.map((request) => request.headers['ingang-event-id']);
      assert.equal(ids[0], ids[1], 'the retry carries the same event id');
      assert.notEqual(
        hook.received[0]?.headers['ingang-signature'],
        hook.received[1]?.headers['ingang-signature'],
      );
    } finally {
      await runner.close();
      await hook.close();
    }
  });

  test('after the last attempt a delivery is dead; replaying one and then all delivers them, in order', async () => {
    const clock = testClock();
    const { tenant, units, admin, anna, karin, runner } = await scene({ clock });
    let up = false;
    const hook = await receiver(() => (up ? 200 : 503));
    try {
      const { id } = await subscribe(admin.actor, hook.url, {
        eventTypes: ['case.submitted', 'case.statusChanged'],
        unitIds: [units.school],
      });
      const first = await submitSchoolTransport(anna, tenant, 'Elsa');
      const second = await submitSchoolTransport(anna, tenant, 'Olle');
      await t.app.services.caseHandling.take(karin.actor, first);
      await t.app.services.caseHandling.changeStatus(karin.actor, first, 'inProgress', '');
      for (const wait of [0, 10, 20]) {
        clock.advance(wait);
        assert.equal(await deliver(runner), 2, 'the two submissions, never the held status change');
      }
      clock.advance(3600);
      assert.equal(await deliver(runner), 0, 'dead deliveries are not tried again');
      const dead = (await deliveriesOf(id)).filter((row) => row.deadAt);
      assert.deepEqual(
        dead.map((row) => [row.eventType, row.attempts, row.lastStatus]),
        [
          ['case.submitted', 3, 503],
          ['case.submitted', 3, 503],
        ],
      );
      const page = `/${tenant.slug}/handlaggning/admin/webhooks/${id}`;
      const listed = await admin.get(page);
      assert.equal(listed.statusCode, 200);
      assert.match(listed.body, /<h2>Döda leveranser<\/h2>/);
      assert.match(listed.body, /Död: HTTP 503/);
      assert.match(listed.body, /Skicka alla döda leveranser igen/);

      up = true;
      const firstCaseDead = dead[0]?.id;
      const replayed = await admin.post(`${page}/leveranser/${firstCaseDead}/skicka-igen`);
      assert.equal(replayed.statusCode, 303);
      assert.equal(replayed.headers.location, `${page}?klart=skickas&antal=1`);
      assert.match(
        (await admin.get(String(replayed.headers.location))).body,
        /1 döda leveranser skickas igen/,
      );
      assert.equal(await deliver(runner), 1);
      assert.equal(await deliver(runner), 1, 'then the status change it held back');
      const all = await admin.post(`${page}/skicka-igen`);
      assert.equal(all.headers.location, `${page}?klart=skickas&antal=1`);
      assert.equal(await deliver(runner), 1);
      const bodies = hook.received
        .filter((_r, index) => index >= 6)
        .map((request) => JSON.parse(request.body));
      assert.deepEqual(
        bodies.map((body) => [body.case.reference, body.type]),
        [
          [first, 'case.submitted'],
          [first, 'case.statusChanged'],
          [second, 'case.submitted'],
        ],
      );
      const audit = await t.database.db
        .selectFrom('auditLog')
        .select(['action', 'details'])
        .where('tenantId', '=', tenant.id)
        .where('action', '=', 'webhook.replayed')
        .orderBy('id')
        .execute();
      assert.deepEqual(
        audit.map((entry) => (entry.details as { replayed: number }).replayed),
        [1, 1],
      );
    } finally {
      await runner.close();
      await hook.close();
    }
  });

  test('a subscription receives only events of its units, services and types', async () => {
    const { tenant, units, admin, anna, runner } = await scene();
    const hook = await receiver();
    try {
      const streets = await subscribe(admin.actor, `${hook.url}/streets`, {
        eventTypes: ['case.submitted'],
        unitIds: [units.streets],
      });
      const decisions = await subscribe(admin.actor, `${hook.url}/decisions`, {
        eventTypes: ['case.decided'],
        unitIds: [units.school],
      });
      const [service] = await t.app.services.catalogue.versions(tenant.id, 'skolskjuts');
      const school = await subscribe(admin.actor, `${hook.url}/school`, {
        eventTypes: ['case.submitted'],
        serviceIds: [service?.serviceId ?? ''],
      });
      const other = await scene();
      const foreign = await subscribe(other.admin.actor, `${hook.url}/foreign`, {
        eventTypes: ['case.submitted'],
        unitIds: [other.units.school],
      });
      await other.runner.close();
      await submitSchoolTransport(anna, tenant);
      await deliver(runner);
      assert.equal((await deliveriesOf(school.id)).length, 1);
      for (const none of [streets, decisions, foreign]) assert.equal((await deliveriesOf(none.id)).length, 0);
      await until(() => hook.received.length === 1, 'the one delivery');
    } finally {
      await runner.close();
      await hook.close();
    }
  });

  test('a completion request and a decision are delivered as their own event types', async () => {
    const { tenant, units, admin, anna, karin, runner } = await scene();
    const hook = await receiver();
    try {
      await subscribe(admin.actor, hook.url, {
        eventTypes: ['case.completionRequested', 'case.decided'],
        unitIds: [units.school],
      });
      const reference = await submitSchoolTransport(anna, tenant);
      const { caseHandling, decisions } = t.app.services;
      await caseHandling.take(karin.actor, reference);
      await caseHandling.changeStatus(karin.actor, reference, 'inProgress', '');
      await caseHandling.requestCompletion(karin.actor, reference, ['need'], 'Hur långt är det till skolan?');
      await caseHandling.changeStatus(karin.actor, reference, 'inProgress', '');
      await decisions.recordDecision(karin.actor, reference, {
        outcome: 'rejected',
        justification: 'Skolvägen är kortare än sex kilometer.',
        legalBasis: '10 kap. 32 § skollagen (2010:800)',
        validFrom: '',
        validTo: '',
        appealInformation: DEFAULT_APPEAL_INFORMATION,
      });
      while ((await deliver(runner)) > 0);
      const bodies = hook.received.map((request) => request.body);
      assert.deepEqual(
        bodies.map((body) => JSON.parse(body).type),
        ['case.completionRequested', 'case.decided'],
      );
      assert.ok(!bodies.some((body) => /skolan|Skolvägen|skollagen/.test(body)), 'no texts in payloads');
    } finally {
      await runner.close();
      await hook.close();
    }
  });

  test('each case’s deliveries arrive in history order while several cases change at once', async () => {
    const { tenant, units, admin, anna, karin, runner } = await scene({ firstRetrySeconds: 0 });
    // Every third event fails once: the case's later events must wait for its retry.
    const failed = new Set<string>();
    const hook = await receiver((request) => {
      const eventId = String(request.headers['ingang-event-id']);
      if (Number(eventId) % 3 !== 0 || failed.has(eventId)) return 204;
      failed.add(eventId);
      return 503;
    });
    const { id } = await subscribe(admin.actor, hook.url, {
      eventTypes: [
        'case.submitted',
        'case.statusChanged',
        'case.messageToApplicant',
        'case.messageFromApplicant',
      ],
      unitIds: [units.school],
    });
    const references = [];
    for (const child of ['Elsa', 'Olle', 'Nils', 'Mira'])
      references.push(await submitSchoolTransport(anna, tenant, child));
    runner.start();
    try {
      const { caseHandling, messages } = t.app.services;
      const resident = { personId: anna.personId, sessionId: null, name: 'Anna Andersson' };
      await Promise.all(
        references.map(async (reference) => {
          await caseHandling.take(karin.actor, reference);
          await caseHandling.changeStatus(karin.actor, reference, 'inProgress', '');
          await messages.sendAsOfficer(karin.actor, reference, 'En fråga');
          await messages.sendAsResident(resident, reference, 'Ett svar');
          await caseHandling.changeStatus(karin.actor, reference, 'awaitingSchool', '');
        }),
      );
      const expected = references.length * 5;
      await until(
        async () => (await deliveriesOf(id)).filter((row) => row.deliveredAt).length === expected,
        'every delivery',
      );
      const events = await t.database.db
        .selectFrom('outbox')
        .select(['id', 'caseId'])
        .where('tenantId', '=', tenant.id)
        .where('topic', 'in', ['case.submitted', 'case.changed'])
        .orderBy('id')
        .execute();
      const firsts = hook.received.filter(
        (request, index) => hook.received.findIndex((r) => r.body === request.body) === index,
      );
      for (const reference of references) {
        const arrived = firsts
          .map((request) => JSON.parse(request.body))
          .filter((body) => body.case.reference === reference);
        const caseId = arrived[0]?.case.id;
        assert.deepEqual(
          arrived.map((body) => body.type),
          [
            'case.submitted',
            'case.statusChanged',
            'case.messageToApplicant',
            'case.messageFromApplicant',
            'case.statusChanged',
          ],
        );
        assert.deepEqual(
          arrived.map((body) => Number(body.id)),
          events.filter((event) => event.caseId === caseId).map((event) => Number(event.id)),
          'in the order of the case’s events',
        );
      }
      assert.ok(hook.received.length > expected, 'some attempts failed and were retried');
    } finally {
      await runner.close();
      await hook.close();
    }
  });
});

describe('the webhook pages', () => {
  test('an officer gets 403; refused forms are explained in Swedish; create, pause, resume and delete', async () => {
    const { tenant, units, admin, karin, runner } = await scene();
    await runner.close();
    const page = `/${tenant.slug}/handlaggning/admin/webhooks`;
    assert.equal((await karin.get(page)).statusCode, 403);
    const sneaky = {
      name: 'Smyg',
      url: 'https://x.example.se/',
      eventTypes: 'case.submitted',
      unitIds: units.school,
    };
    assert.equal((await karin.post(`${page}/ny`, sneaky)).statusCode, 403);

    const refused = await admin.post(`${page}/ny`, { name: ' ', url: 'http://system.example.se/hook' });
    assert.equal(refused.statusCode, 400);
    const summary = /<div class="error-summary"[\s\S]*?<\/div>/.exec(refused.body)?.[0] ?? '';
    assert.match(summary, /<a href="#name">Ange ett namn<\/a>/);
    assert.match(summary, /<a href="#url">Adressen måste börja med https:\/\/<\/a>/);
    assert.match(summary, /<a href="#eventTypes">Välj minst en händelse<\/a>/);
    assert.match(summary, /<a href="#reach">Välj minst en enhet eller e-tjänst<\/a>/);
    assert.match(refused.body, /id="url-error">.*Adressen måste börja med https:\/\//);
    assert.match(refused.body, /name="url" value="http:\/\/system.example.se\/hook"/);
    const invalid = await admin.post(`${page}/ny`, { ...sneaky, url: 'inte en adress' });
    assert.match(invalid.body, /Ange en fullständig adress/);

    const created = await admin.post(`${page}/ny`, { ...sneaky, name: 'Ärendesystemet' });
    assert.equal(created.statusCode, 200);
    assert.match(created.body, /<h1>Webhooken Ärendesystemet är registrerad<\/h1>/);
    const secret = /<code class="secret">(whsec_[^<]+)<\/code>/.exec(created.body)?.[1] ?? '';
    assert.ok(secret);
    const listed = await admin.get(page);
    assert.match(listed.body, /<th scope="row">Ärendesystemet<\/th>/);
    assert.match(listed.body, /Ärende inkommet eller registrerat/);
    assert.equal(listed.body.includes(secret), false, 'the secret is shown only once');
    const id = /webhooks\/([0-9a-f-]{36})\/pausa/.exec(listed.body)?.[1];
    assert.ok(id);

    const paused = await admin.post(`${page}/${id}/pausa`);
    assert.equal(paused.headers.location, `${page}?klart=pausad`);
    assert.match((await admin.get(`${page}?klart=pausad`)).body, /Pausad sedan/);
    assert.equal((await admin.post(`${page}/${id}/ateruppta`)).statusCode, 303);
    assert.equal((await admin.get(`${page}/${id}`)).statusCode, 200);
    assert.equal((await karin.post(`${page}/${id}/ta-bort`)).statusCode, 403);
    assert.equal((await admin.post(`${page}/${id}/ta-bort`)).headers.location, `${page}?klart=borttagen`);
    assert.equal((await admin.get(`${page}/${id}`)).statusCode, 404);
    const audit = await t.database.db
      .selectFrom('auditLog')
      .select('action')
      .where('tenantId', '=', tenant.id)
      .where('action', 'like', 'webhook.%')
      .orderBy('id')
      .execute();
    assert.deepEqual(
      audit.map((entry) => entry.action),
      ['webhook.created', 'webhook.paused', 'webhook.resumed', 'webhook.deleted'],
    );
  });
});

describe('a business system handles a case end to end (issue #12, “done when”)', () => {
  type Operation = { operationId?: string };

  /** Checks a delivery as docs/webhooks.md tells a receiver to, with node:crypto alone. */
  function signedBy(secret: string, request: Received): boolean {
    const fields = new Map(
      String(request.headers['ingang-signature'])
        .split(',')
        .map((part) => part.split('=', 2) as [string, string]),
    );
    const expected = createHmac('sha256', secret)
      .update(`${fields.get('t')}.${request.body}`)
      .digest('hex');
    return fields.get('v1') === expected;
  }

  test('with only the OpenAPI document and its credentials it reads, asks for completion and decides; the resident follows on My Pages; each step arrives signed', async () => {
    const { tenant, units, admin, anna, runner } = await scene();
    const hook = await receiver();
    try {
      const subscription = await subscribe(admin.actor, hook.url, {
        eventTypes: [...WEBHOOK_EVENT_TYPES],
        unitIds: [units.school],
      });
      const credentials = await t.app.services.apiClients.register(admin.actor, {
        name: 'Skolskjutssystemet',
        scopes: ['cases:read', 'cases:status', 'cases:decisions'],
        unitIds: [units.school],
        serviceIds: [],
      });
      const reference = await submitSchoolTransport(anna, tenant, 'Elsa');

      // The system knows the document's address and its credentials, nothing else.
      const document = (await t.app.inject({ url: '/api/v1/openapi.json' })).json();
      const tokenUrl = new URL(document.components.securitySchemes.oauth2.flows.clientCredentials.tokenUrl);
      const issued = await t.app.inject({
        method: 'POST',
        url: tokenUrl.pathname,
        headers: {
          authorization: `Basic ${Buffer.from(`${credentials.id}:${credentials.secret}`).toString('base64')}`,
          'content-type': 'application/x-www-form-urlencoded',
        },
        payload: 'grant_type=client_credentials',
      });
      assert.equal(issued.statusCode, 200, issued.body);
      const token = issued.json().access_token as string;
      const call = (operationId: string, params: Record<string, string> = {}, body?: unknown) => {
        const paths = Object.entries(document.paths as Record<string, Record<string, Operation>>);
        const found = paths.flatMap(([path, item]) =>
          Object.entries(item)
            .filter(([, operation]) => operation.operationId === operationId)
            .map(([method]) => ({ method: method.toUpperCase() as 'GET' | 'POST', path })),
        )[0];
        assert.ok(found, `the document has ${operationId}`);
        return t.app.inject({
          method: found.method,
          url: found.path.replace(/\{(\w+)\}/g, (_, name: string) => encodeURIComponent(params[name] ?? '')),
          headers: {
            authorization: `Bearer ${token}`,
            ...(body === undefined ? {} : { 'content-type': 'application/json' }),
          },
          payload: body === undefined ? undefined : JSON.stringify(body),
        });
      };
      const types = () => hook.received.map((request) => JSON.parse(request.body).type as string);
      const events = async (last: string) => {
        await until(async () => {
          await deliver(runner);
          return types().includes(last);
        }, `the delivery of ${last}`);
        return hook.received.map(
          (request) => JSON.parse(request.body) as { type: string; case: { reference: string } },
        );
      };

      // 1. The submission arrives as a webhook; the system reads the case it names.
      const [submitted] = await events('case.submitted');
      assert.equal(submitted?.type, 'case.submitted');
      assert.equal(submitted?.case.reference, reference);
      const listed = (await call('listCases'))
        .json()
        .items.map((item: { reference: string }) => item.reference);
      assert.deepEqual(listed, [reference]);
      const read = await call('getCase', { reference });
      assert.equal(read.json().answers.childName, 'Elsa');

      // 2. It asks for completion; Anna sees the request on My Pages and completes the step.
      const asked = await call(
        'requestCompletion',
        { reference },
        { steps: ['need'], message: 'Ange avståndet enligt kartan.' },
      );
      assert.equal(asked.statusCode, 201, asked.body);
      const casePage = `/mina-sidor/arenden/${reference}`;
      assert.match((await anna.get(casePage)).body, /Ange avståndet enligt kartan\./);
      const started = await anna.post(`${casePage}/komplettera`);
      const draft = String(started.headers.location).replace(/\/steg\/need$/, '');
      await anna.post(`${draft}/steg/need`, {
        distanceKm: '12,5',
        reason: 'long-distance',
        hasSpecialNeeds: 'no',
      });
      assert.equal((await anna.post(`${draft}/skicka`)).headers.location, `${casePage}?kompletterat=1`);
      assert.equal((await call('getCase', { reference })).json().answers.distanceKm, 12.5);

      // 3. It takes the case on and decides; the letter is Anna's on My Pages.
      assert.equal((await call('changeCaseStatus', { reference }, { status: 'inProgress' })).statusCode, 200);
      const decided = await call(
        'recordDecision',
        { reference },
        {
          outcome: 'granted',
          justification: 'Avståndet till skolan är 12,5 km, längre än vad som gäller för årskursen.',
          legalBasis: 'Skollagen (2010:800) 10 kap. 32 §',
          decidedByName: 'Hans Handläggare',
        },
      );
      assert.equal(decided.statusCode, 201, decided.body);
      const mine = await anna.get(casePage);
      assert.match(mine.body, /Din ansökan har beviljats\./);
      assert.match(mine.body, new RegExp(`${casePage}/beslut/${decided.json().id}/beslut\\.pdf`));

      // Every step reached the system signed, in the order of the case's history.
      const received = await events('case.decided');
      assert.ok(
        hook.received.every((request) => signedBy(subscription.secret, request)),
        'all signed',
      );
      assert.ok(received.every((event) => event.case.reference === reference));
      const arrived = received.map((event) => event.type);
      const order = ['case.submitted', 'case.completionRequested', 'case.completionAnswered', 'case.decided'];
      assert.deepEqual(
        arrived.filter((type) => order.includes(type)),
        order,
        arrived.join(', '),
      );
      assert.ok(arrived.includes('case.statusChanged'), arrived.join(', '));
      const history = (await call('getCaseHistory', { reference })).json().events as { type: string }[];
      assert.ok(history.some((event) => event.type === 'decision'));
    } finally {
      await runner.close();
      await hook.close();
    }
  });
});
