/**
 * Fault reports (issue #11) through the real app: the place stored in its own columns with the case
 * from every door, the municipality's area, routing by category, the workflow without a decision,
 * "fixed" told to the reporter, and the reporter's "not fixed" within and after the window.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Tenant } from '../../platform/tenancy/tenant-service.ts';
import { createTestApp, type TestApp } from '../../test-support/app.ts';
import {
  anonymousClient,
  caseRow,
  type FaultScene,
  faultScene,
  fillFaultReport,
  followPathOf,
  INSIDE,
  OUTSIDE,
  openFaultReport,
  reportRow,
  reportViaWeb,
} from '../../test-support/fault-reports.ts';
import { ANNA, ERIK, residentClient } from '../../test-support/fixtures.ts';
import { KARIN, staffClient } from '../../test-support/staff.ts';
import { createMailHandler } from '../notifications/service.ts';

let t: TestApp;
before(async () => {
  t = await createTestApp();
});
after(() => t.close());

const DAY_MS = 24 * 3600_000;

/** A report opened through the intake from an Open311 app (the next issue's door). */
async function reportViaIntake(
  tenant: Tenant,
  place: { latitude: number; longitude: number },
  category = 'graffiti',
) {
  return openFaultReport(t.app.services, tenant, {
    category,
    description: 'Klotter på busskuren',
    location: { address: 'Busskuren, Torget', ...place },
    applicant: { kind: 'anonymous', contact: { email: 'app-user@example.se' } },
    channel: { channel: 'open311' },
    registeredBy: { kind: 'apiClient', id: 'felanmalningsappen', label: 'Felanmälningsappen' },
  });
}

/** The officer moves a case to a status (as the status form does). */
async function changeStatus(scene: FaultScene, reference: string, status: string, message = '') {
  const response = await scene.peter.post(`/${scene.tenant.slug}/handlaggning/arenden/${reference}/status`, {
    status,
    message,
  });
  assert.equal(response.statusCode, 303, response.body.slice(0, 800));
}

async function outboxOf(caseId: string) {
  return t.database.db
    .selectFrom('outbox')
    .select(['topic', 'payload'])
    .where('caseId', '=', caseId)
    .orderBy('id')
    .execute();
}

describe('the place is stored with the case, from every door', () => {
  test('a web report and an intake report have their coordinates, category and status in fault_report', async () => {
    const scene = await faultScene(t);
    const web = await reportViaWeb(anonymousClient(t), scene.tenant, {
      category: 'street-lighting',
      latitude: 59.21234,
      longitude: 17.65432,
    });
    const row = await reportRow(t, web.reference);
    assert.ok(row, 'the web submit wrote the report in its statement');
    assert.deepEqual(
      {
        category: row.category,
        latitude: row.latitude,
        longitude: row.longitude,
        status: row.status,
        open: row.open,
      },
      {
        category: 'street-lighting',
        latitude: 59.21234,
        longitude: 17.65432,
        status: 'received',
        open: true,
      },
    );
    assert.equal(row.caseId, (await caseRow(t, web.reference)).id);

    const app = await reportViaIntake(scene.tenant, INSIDE);
    const fromApp = await reportRow(t, app.reference);
    assert.equal(fromApp?.latitude, INSIDE.latitude);
    assert.equal(fromApp?.category, 'graffiti');

    const addressOnly = await reportViaWeb(anonymousClient(t), scene.tenant, { address: 'Bakom skolan' });
    const noPlace = await reportRow(t, addressOnly.reference);
    assert.equal(noPlace?.latitude, null, 'a report given as an address has no coordinates');
  });
});

describe('the web submit’s two paths', () => {
  test('concurrent submits make one case with one report; a draft changed after loading is submitted as it is now', async () => {
    const scene = await faultScene(t);
    const anna = await residentClient(t, ANNA);
    const { base } = await fillFaultReport(anna, scene.tenant, { ...INSIDE });
    const draftId = base.split('/').pop() as string;
    const actor = {
      personId: anna.personId,
      sessionId: null,
      assuranceLevel: 'loa3' as const,
      givenName: 'Anna',
      familyName: 'Andersson',
    };
    const applications = t.app.services.applications;
    const stale = await applications.load(actor, draftId);
    // The place changes after the draft was read: the one statement's guard finds no row, and the
    // locked fallback makes the case, with the report written in its statement too.
    const moved = { address: 'Torget', latitude: 59.25, longitude: 17.7 };
    await applications.saveAnswers(actor, draftId, 'where', { ...stale.draft.answers, location: moved });
    const results = await Promise.all(
      Array.from({ length: 4 }, () => applications.submit(actor, draftId, 'sv', stale)),
    );
    assert.equal(new Set(results.map((result) => result.reference)).size, 1);
    const rows = await t.database.db
      .selectFrom('faultReport')
      .select(['reference', 'latitude', 'longitude'])
      .where('tenantId', '=', scene.tenant.id)
      .execute();
    assert.deepEqual(rows, [{ reference: results[0]?.reference, latitude: 59.25, longitude: 17.7 }]);
  });
});

describe('the municipality’s area', () => {
  test('coordinates outside are refused beside the location field on the web, and nothing is written', async () => {
    const scene = await faultScene(t);
    const client = anonymousClient(t);
    const { refused } = await fillFaultReport(client, scene.tenant, { ...OUTSIDE });
    assert.ok(refused, 'the step is refused');
    assert.equal(refused.statusCode, 400);
    assert.match(
      refused.body,
      /<p class="error-message" id="location\.latitude-error">[\s\S]*?Platsen ligger utanför Testkommun/,
    );
    assert.match(refused.body, /<a href="#location\.latitude">Platsen ligger utanför/);
    assert.match(refused.body, /<details open/);
    const count = await t.database.db
      .selectFrom('faultReport')
      .select((eb) => eb.fn.countAll().as('n'))
      .where('tenantId', '=', scene.tenant.id)
      .executeTakeFirstOrThrow();
    assert.equal(Number(count.n), 0);
    // The edge of the box is inside.
    const edge = await fillFaultReport(anonymousClient(t), scene.tenant, { latitude: 59.3, longitude: 17.8 });
    assert.equal(edge.refused, undefined);
  });

  test('another channel gets an intake refusal naming the field; no case is made', async () => {
    const scene = await faultScene(t);
    await assert.rejects(
      reportViaIntake(scene.tenant, OUTSIDE),
      (error: { code: string; errors: { field: string; message: string }[] }) => {
        assert.equal(error.code, 'INTAKE_INVALID');
        assert.deepEqual(
          error.errors.map((item) => item.field),
          ['location.latitude'],
        );
        assert.match(error.errors[0]?.message ?? '', /utanför Testkommun/);
        return true;
      },
    );
    const cases = await t.database.db
      .selectFrom('case')
      .select('id')
      .where('tenantId', '=', scene.tenant.id)
      .execute();
    assert.equal(cases.length, 0);
  });

  test('a municipality without an area takes any place on Earth', async () => {
    const scene = await faultScene(t, null);
    const opened = await reportViaIntake(scene.tenant, { latitude: -33.86, longitude: 151.21 });
    assert.equal((await reportRow(t, opened.reference))?.latitude, -33.86);
  });
});

describe('categories', () => {
  test('a category goes to its unit with its target time; a unit the tenant lacks leaves the service’s', async () => {
    const scene = await faultScene(t);
    const before = Date.now();
    const light = await reportViaWeb(anonymousClient(t), scene.tenant, { category: 'street-lighting' });
    const graffiti = await reportViaIntake(scene.tenant, INSIDE, 'graffiti');
    const other = await reportViaIntake(scene.tenant, INSIDE, 'other');
    const lightCase = await caseRow(t, light.reference);
    const graffitiCase = await caseRow(t, graffiti.reference);
    const otherCase = await caseRow(t, other.reference);
    assert.equal(lightCase.unitId, scene.streets);
    assert.equal(graffitiCase.unitId, scene.parks, 'graffiti goes to Parkenheten');
    assert.equal(otherCase.unitId, scene.streets, '"other" names no unit: the service’s unit');
    // street-lighting: P5D; the due date and Open311's expected time are the same.
    const due = new Date(lightCase.dueAt as Date).getTime();
    assert.ok(due >= before + 5 * DAY_MS && due <= Date.now() + 5 * DAY_MS, 'due in five days');
    assert.equal(new Date((await reportRow(t, light.reference))?.expectedAt as Date).getTime(), due);

    const lone = await faultScene(t);
    await t.database.db.deleteFrom('unitMembership').where('unitId', '=', lone.parks).execute();
    await t.database.db.deleteFrom('unit').where('id', '=', lone.parks).execute();
    const orphan = await reportViaIntake(lone.tenant, INSIDE, 'graffiti');
    assert.equal(
      (await caseRow(t, orphan.reference)).unitId,
      lone.streets,
      'no Parkenheten: the service’s unit',
    );
  });
});

describe('the workflow without a formal decision', () => {
  test('the officer is offered the fault statuses and no decision; the report keeps the status', async () => {
    const scene = await faultScene(t);
    const { reference } = await reportViaWeb(anonymousClient(t), scene.tenant);
    const base = `/${scene.tenant.slug}/handlaggning/arenden/${reference}`;
    await scene.peter.post(`${base}/ta`);
    const page = await scene.peter.get(base);
    assert.equal(page.statusCode, 200);
    const options = [...page.body.matchAll(/<option value="([a-zA-Z]+)"/g)].map((match) => match[1]);
    assert.ok(
      options.includes('fixed') && options.includes('notOurResponsibility') && options.includes('inProgress'),
    );
    assert.doesNotMatch(page.body, /Fatta beslut/);
    assert.doesNotMatch(page.body, new RegExp(`${base}/beslut`));
    assert.match(page.body, /Felanmälan/, 'the fault report section is on the case page');
    assert.equal((await scene.peter.get(`${base}/beslut`)).statusCode, 404, 'no decision form');
    const decided = await scene.peter.post(`${base}/beslut`, { outcome: 'granted', justification: 'x' });
    assert.equal(decided.statusCode, 404, 'no decision is taken');

    const dueAt = (await caseRow(t, reference)).dueAt;
    assert.ok(dueAt, 'the category’s target time is the due date');
    await changeStatus(scene, reference, 'inProgress');
    assert.deepEqual(
      (await caseRow(t, reference)).dueAt,
      dueAt,
      'being fixed keeps the target (keepDueDate)',
    );
    await changeStatus(scene, reference, 'fixed', 'Lampan är bytt.');
    assert.equal((await caseRow(t, reference)).dueAt, null, 'fixed has no target');
    const row = await reportRow(t, reference);
    assert.equal(row?.status, 'fixed');
    assert.equal(row?.statusCategory, 'decided');
    assert.equal(row?.open, false);
    assert.ok(row?.fixedAt, 'the fixed time is kept');
    const caseAfter = await caseRow(t, reference);
    assert.equal(caseAfter.status, 'fixed');
    const decisions = await t.database.db
      .selectFrom('decision')
      .select('id')
      .where('caseId', '=', caseAfter.id)
      .execute();
    assert.equal(decisions.length, 0);
    await changeStatus(scene, reference, 'closed');
    const closed = await reportRow(t, reference);
    assert.equal(closed?.status, 'closed');
    assert.equal(
      new Date(closed?.fixedAt as Date).getTime(),
      new Date(row?.fixedAt as Date).getTime(),
      'closing keeps it',
    );
  });
});

describe('fixed, told, and "not fixed"', () => {
  test('a logged-in reporter is told, answers "not fixed" with a comment, and the report reopens for the unit', async () => {
    const scene = await faultScene(t);
    const anna = await residentClient(t, ANNA);
    const { reference } = await reportViaWeb(anna, scene.tenant, { ...INSIDE });
    const base = `/${scene.tenant.slug}/handlaggning/arenden/${reference}`;
    await scene.peter.post(`${base}/ta`);
    await changeStatus(scene, reference, 'fixed', 'Vi har bytt lampan.');
    const { id: caseId } = await caseRow(t, reference);
    const told = (await outboxOf(caseId)).filter((event) => event.topic === 'notification.resident');
    assert.equal(told.length, 1, 'the resident notification of "fixed"');
    assert.equal(told[0]?.payload.personId, anna.personId);

    const casePage = await anna.get(`/mina-sidor/arenden/${reference}`);
    assert.match(casePage.body, /Belysningen är lagad/, 'the category’s own text for "fixed"');
    assert.match(casePage.body, /action="\/mina-sidor\/arenden\/[^"]+\/inte-atgardat"/);

    const empty = await anna.post(`/mina-sidor/arenden/${reference}/inte-atgardat`, { comment: '  ' });
    assert.equal(empty.statusCode, 400);
    assert.match(empty.body, /id="comment-error"[\s\S]*Beskriv vad som inte är åtgärdat/);
    const answered = await anna.post(`/mina-sidor/arenden/${reference}/inte-atgardat`, {
      comment: 'Lampan lyser fortfarande inte.',
    });
    assert.equal(answered.statusCode, 303);

    const after = await caseRow(t, reference);
    assert.equal(after.status, 'reopened');
    assert.equal(after.statusCategory, 'inProgress');
    assert.equal(after.assignedStaffId, scene.peter.actor.staffId, 'the officer keeps it');
    const row = await reportRow(t, reference);
    assert.deepEqual([row?.status, row?.open, row?.fixedAt, row?.notFixedCount], ['reopened', true, null, 1]);
    const officerPage = await scene.peter.get(base);
    assert.match(officerPage.body, /Anmälaren svarade att felet inte är åtgärdat/);
    assert.match(officerPage.body, /Lampan lyser fortfarande inte\./, 'the comment is on the officer’s page');
    const again = await anna.post(`/mina-sidor/arenden/${reference}/inte-atgardat`, { comment: 'Igen' });
    assert.equal(again.statusCode, 400, 'nothing to answer until it is marked fixed again');
    assert.match(again.body, /inte markerat som åtgärdat/);
  });

  test('an anonymous reporter with an e-mail address gets a mail without personal data, and answers through the link', async () => {
    const scene = await faultScene(t);
    const visitor = anonymousClient(t);
    const { reference, receipt } = await reportViaWeb(visitor, scene.tenant, {
      email: 'anmalare@example.se',
      description: 'Min granne Olle Svensson har sett det också.',
    });
    await scene.peter.post(`/${scene.tenant.slug}/handlaggning/arenden/${reference}/ta`);
    await changeStatus(scene, reference, 'fixed');
    const { id: caseId } = await caseRow(t, reference);
    const events = await t.database.db
      .selectFrom('outbox')
      .select(['id', 'topic', 'payload', 'tenantId', 'createdAt'])
      .where('caseId', '=', caseId)
      .where('topic', '=', 'notification.anonymous')
      .execute();
    assert.equal(events.length, 1);
    assert.deepEqual(events[0]?.payload, { caseId, kind: 'fixed' }, 'no address in the event');

    const sent: { to: string; subject: string; text: string }[] = [];
    const handler = createMailHandler({
      db: t.database.db,
      profile: t.app.services.profile,
      tenants: t.app.services.tenants,
      caseContacts: t.app.services.faultReports,
      mailer: { send: async (mail) => void sent.push(mail), close: () => undefined },
      publicUrl: 'http://localhost:3000',
      log: { debug: () => undefined, info: () => undefined, warn: () => undefined, error: () => undefined },
    });
    const event = events[0] as (typeof events)[number];
    await handler.run({
      id: 0,
      eventId: Number(event.id),
      tenantId: event.tenantId,
      topic: event.topic,
      handler: 'mail',
      caseId,
      payload: event.payload,
      attempts: 0,
      createdAt: new Date(event.createdAt),
      lockedUntil: new Date(Date.now() + 60_000),
      idempotencyKey: `mail:${event.id}`,
    });
    assert.equal(sent.length, 1);
    assert.equal(sent[0]?.to, 'anmalare@example.se');
    assert.match(sent[0]?.text ?? '', /markerat som åtgärdat/);
    for (const secret of [reference, 'Olle', 'Storgatan', 'anmalare@example.se', '/folj/'])
      assert.ok(
        !`${sent[0]?.subject}\n${sent[0]?.text}`.includes(secret),
        `the mail does not hold "${secret}"`,
      );

    const follow = followPathOf(receipt);
    const page = await visitor.get(follow);
    assert.match(page.body, /Skicka: felet är inte åtgärdat/);
    const answered = await visitor.post(`${follow}/inte-atgardat`, { comment: 'Fortfarande trasigt' });
    assert.equal(answered.statusCode, 303);
    assert.equal((await caseRow(t, reference)).status, 'reopened');
    const history = await t.database.db
      .selectFrom('caseEvent')
      .select(['type', 'data', 'actor', 'visibility'])
      .where('caseId', '=', caseId)
      .where('type', '=', 'notFixed')
      .executeTakeFirstOrThrow();
    assert.deepEqual(history.data, { message: 'Fortfarande trasigt' });
    assert.equal(history.actor.kind, 'anonymous');
    assert.equal(history.visibility, 'resident');
  });

  test('after the window the answer is refused with a clear message, and nothing changes', async () => {
    const scene = await faultScene(t);
    const visitor = anonymousClient(t);
    const { reference, receipt } = await reportViaWeb(visitor, scene.tenant);
    await scene.peter.post(`/${scene.tenant.slug}/handlaggning/arenden/${reference}/ta`);
    await changeStatus(scene, reference, 'fixed');
    await changeStatus(scene, reference, 'closed');
    // Fixed fifteen days ago: the demo's window is fourteen days.
    await t.database.db
      .updateTable('faultReport')
      .set({ fixedAt: new Date(Date.now() - 15 * DAY_MS) })
      .where('reference', '=', reference)
      .execute();
    const follow = followPathOf(receipt);
    const page = await visitor.get(follow);
    assert.match(page.body, /Den tiden har gått ut/);
    assert.doesNotMatch(page.body, /name="comment"/, 'no form once the window has closed');
    const late = await visitor.post(`${follow}/inte-atgardat`, { comment: 'Trasig igen' });
    assert.equal(late.statusCode, 400);
    assert.match(late.body, /Tiden för att svara att felet inte är åtgärdat har gått ut/);
    assert.match(late.body, /<a href="#comment">/);
    assert.equal((await caseRow(t, reference)).status, 'closed');
    assert.equal((await reportRow(t, reference))?.notFixedCount, 0);
  });

  test('within the window a closed report can still be answered "not fixed"', async () => {
    const scene = await faultScene(t);
    const visitor = anonymousClient(t);
    const { reference, receipt } = await reportViaWeb(visitor, scene.tenant);
    await scene.peter.post(`/${scene.tenant.slug}/handlaggning/arenden/${reference}/ta`);
    await changeStatus(scene, reference, 'fixed');
    await changeStatus(scene, reference, 'closed');
    await t.database.db
      .updateTable('faultReport')
      .set({ fixedAt: new Date(Date.now() - 13 * DAY_MS) })
      .where('reference', '=', reference)
      .execute();
    const answered = await visitor.post(`${followPathOf(receipt)}/inte-atgardat`, { comment: 'Trasig igen' });
    assert.equal(answered.statusCode, 303);
    const reopened = await caseRow(t, reference);
    assert.deepEqual([reopened.status, reopened.closedAt], ['reopened', null]);
  });
});

describe('permissions', () => {
  test('only the reporter answers; officers of other units do not see the report', async () => {
    const scene = await faultScene(t);
    const anna = await residentClient(t, ANNA);
    const erik = await residentClient(t, ERIK);
    const { reference } = await reportViaWeb(anna, scene.tenant, { category: 'graffiti' });
    const karin = await staffClient(t, scene.tenant, KARIN, 'officer', [scene.streets]);
    const hidden = await karin.get(`/${scene.tenant.slug}/handlaggning/arenden/${reference}`);
    assert.equal(hidden.statusCode, 404, 'graffiti is Parkenheten’s, not Gatuenheten’s');
    await scene.peter.post(`/${scene.tenant.slug}/handlaggning/arenden/${reference}/ta`);
    await changeStatus(scene, reference, 'fixed');
    const notTheirs = await erik.post(`/mina-sidor/arenden/${reference}/inte-atgardat`, { comment: 'Nej' });
    assert.equal(notTheirs.statusCode, 404);
    assert.equal((await erik.get(`/mina-sidor/arenden/${reference}/inte-atgardat`)).statusCode, 404);
    const loggedOut = await anonymousClient(t).get(`/mina-sidor/arenden/${reference}/inte-atgardat`);
    assert.equal(loggedOut.statusCode, 303, 'to the login page');
    assert.equal((await caseRow(t, reference)).status, 'fixed');
    const forged = await anna.post(`/mina-sidor/arenden/${reference}/inte-atgardat`, {
      comment: 'x',
      _csrf: 'forged',
    });
    assert.equal(forged.statusCode, 403, 'CSRF is checked');
  });
});
