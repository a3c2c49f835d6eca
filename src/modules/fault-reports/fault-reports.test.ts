/**
 * Fault reports (issue #11) through the real app: the place stored in its own columns with the case
 * from every door, the municipality's area, routing by category, the workflow without a decision,
 * "fixed" told to the reporter, and the reporter's "not fixed" within and after the window.
 * Also what fault reports show outside the back office: the anonymous reporter's follow-up link and
 * page, the public list of open reports (never names or free text), the map and the reports near a
 * point. And duplicates (decision 0018): the suggestions on the officer's case page (same category,
 * within the radius and the time window, open, readable), the merge (rows, events, statuses, the
 * reporter told, the follow-up page and My Pages showing the kept report), refusals and permissions,
 * and "not fixed" on a merged report reopening the kept one.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Tenant } from '../../platform/tenancy/tenant-service.ts';
import { createTestApp, type TestApp } from '../../test-support/app.ts';
import { TestClient } from '../../test-support/client.ts';
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
import { ANNA, ERIK, residentClient, uniqueResident } from '../../test-support/fixtures.ts';
import { KARIN, LENA, MATS, staffClient } from '../../test-support/staff.ts';
import { createMailHandler } from '../notifications/service.ts';
import { EARTH_RADIUS_M } from './model.ts';

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
    // An ombud acting for her reads the report, but the answer is hers alone: no form is offered.
    const ombud = await residentClient(t, uniqueResident('Olle', 'Holm'));
    const felanmalan = await t.app.services.catalogue.liveService(scene.tenant.id, 'felanmalan');
    await t.database.db
      .insertInto('representation')
      .values({
        tenantId: scene.tenant.id,
        principalPersonId: anna.personId,
        representativePersonId: ombud.personId,
        kind: 'representative',
        serviceIds: JSON.stringify([felanmalan.serviceId]),
        validFrom: '2020-01-01',
        validTo: null,
      })
      .execute();
    assert.equal((await ombud.post('/mina-sidor/agera-for', { personId: anna.personId })).statusCode, 303);
    const ombudPage = await ombud.get(`/mina-sidor/arenden/${reference}`);
    assert.match(ombudPage.body, /Du agerar för Anna Andersson/);
    assert.match(ombudPage.body, /Belysningen är lagad/);
    assert.match(ombudPage.body, /Bara den som gjorde felanmälan kan svara att det inte är åtgärdat/);
    assert.doesNotMatch(ombudPage.body, /inte-atgardat/);

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

/** Opens a report at a place through the intake (quick: no form), in a category. */
async function reportAt(tenant: Tenant, latitude: number, longitude: number, category = 'street-lighting') {
  return openFaultReport(t.app.services, tenant, {
    category,
    location: { address: 'Någonstans', latitude, longitude },
  });
}

/** The text of a page's table body, tags removed. */
const tableText = (html: string) =>
  (/<tbody>([\s\S]*)<\/tbody>/.exec(html)?.[1] ?? '').replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ');

/** The point `meters` from (latitude, longitude) due north, or due east along the circle of latitude. */
function north(latitude: number, meters: number): number {
  return latitude + (meters / EARTH_RADIUS_M) * (180 / Math.PI);
}
function east(latitude: number, longitude: number, meters: number): number {
  const half = Math.sin(meters / (2 * EARTH_RADIUS_M)) / Math.cos((latitude * Math.PI) / 180);
  return longitude + 2 * Math.asin(half) * (180 / Math.PI);
}

describe('what fault reports show outside the back office', () => {
  describe('the anonymous reporter’s follow-up link', () => {
    test('the receipt shows one link, the same on reload, and only its hash is stored', async () => {
      const scene = await faultScene(t);
      const visitor = anonymousClient(t);
      const { reference, receipt, base } = await reportViaWeb(visitor, scene.tenant, { ...INSIDE });
      const path = followPathOf(receipt);
      const again = await visitor.get(`${base}/kvitto`);
      assert.equal(followPathOf(again.body), path, 'reloading the receipt shows the same link');
      const token = path.split('/').pop() as string;
      const row = await reportRow(t, reference);
      assert.ok(row?.followTokenHash);
      assert.notEqual(row.followTokenHash, token, 'the token itself is not stored');
      assert.equal(JSON.stringify(row).includes(token), false);

      const page = await anonymousClient(t).get(path);
      assert.equal(page.statusCode, 200);
      assert.match(page.body, new RegExp(reference));
      assert.match(page.body, /Gatubelysning/);
      assert.match(page.body, /Vi har tagit emot din felanmälan/);
      assert.match(page.body, /59,200° N, 17,600° Ö/, 'the place, rounded');
      assert.doesNotMatch(page.body, /Storgatan 3|Lampan är släckt/, 'no address or description');
      assert.doesNotMatch(page.body, /name="comment"/, 'nothing to answer before "fixed"');
    });

    test('a wrong, malformed or other municipality’s token is not found', async () => {
      const scene = await faultScene(t);
      const other = await faultScene(t);
      const { receipt } = await reportViaWeb(anonymousClient(t), scene.tenant);
      const path = followPathOf(receipt);
      const token = path.split('/').pop() as string;
      const wrong = `${token.slice(0, -1)}${token.endsWith('A') ? 'B' : 'A'}`;
      const client = anonymousClient(t);
      assert.equal((await client.get(`/${scene.tenant.slug}/felanmalan/folj/${wrong}`)).statusCode, 404);
      assert.equal((await client.get(`/${scene.tenant.slug}/felanmalan/folj/kort`)).statusCode, 404);
      assert.equal((await client.get(`/${other.tenant.slug}/felanmalan/folj/${token}`)).statusCode, 404);
      await client.get(`/${scene.tenant.slug}/e-tjanster/felanmalan`); // a page with the session's CSRF token
      const posted = await client.post(`/${scene.tenant.slug}/felanmalan/folj/${wrong}/inte-atgardat`, {
        comment: 'x',
      });
      assert.equal(posted.statusCode, 404);
    });

    test('a logged-in reporter gets no link: they follow the report on My Pages', async () => {
      const scene = await faultScene(t);
      const anna = await residentClient(t, ANNA);
      const { reference, receipt } = await reportViaWeb(anna, scene.tenant, { category: 'graffiti' });
      assert.doesNotMatch(receipt, /felanmalan\/folj\//);
      assert.equal((await reportRow(t, reference))?.followTokenHash, null);
      const casePage = await anna.get(`/mina-sidor/arenden/${reference}`);
      assert.match(casePage.body, /<h2 id="fault-report-title">Felanmälan<\/h2>/);
      assert.match(casePage.body, /Klotter/);
    });
  });

  describe('the public list of open reports', () => {
    test('shows category, a coarse place, status and dates — never names or free text', async () => {
      const scene = await faultScene(t);
      const anna = await residentClient(t, ANNA);
      await reportViaWeb(anna, scene.tenant, {
        category: 'street-lighting',
        description: 'Beskrivning-5c1d av Anna Andersson',
        address: 'Hemligvägen 7',
        latitude: 59.212345,
        longitude: 17.654321,
        email: 'anna-5c1d@example.se',
      });
      const page = await anonymousClient(t).get(`/${scene.tenant.slug}/felanmalan/oppna`);
      assert.equal(page.statusCode, 200);
      const text = tableText(page.body);
      assert.match(text, /Gatubelysning 59,212° N, 17,654° Ö Mottagen/);
      for (const secret of ['5c1d', 'Anna', 'Andersson', 'Hemligvägen', '59,2123', '17,6543', 'example.se'])
        assert.ok(!page.body.includes(secret), `the page does not show "${secret}"`);
    });

    test('lists open reports only, newest first, filtered by category, in pages', async () => {
      const scene = await faultScene(t);
      const first = await reportAt(scene.tenant, 59.2, 17.6, 'graffiti');
      for (let index = 0; index < 25; index += 1)
        await reportAt(scene.tenant, 59.25, 17.65, 'street-lighting');
      const fixed = await reportAt(scene.tenant, 59.21, 17.61, 'litter-bin');
      await scene.peter.post(`/${scene.tenant.slug}/handlaggning/arenden/${fixed.reference}/ta`);
      await scene.peter.post(`/${scene.tenant.slug}/handlaggning/arenden/${fixed.reference}/status`, {
        status: 'fixed',
        message: '',
      });
      const client = anonymousClient(t);
      const base = `/${scene.tenant.slug}/felanmalan/oppna`;
      const page1 = await client.get(base);
      const rows1 = tableText(page1.body).match(/Mottagen/g) ?? [];
      assert.equal(rows1.length, 25, 'a page of 25');
      assert.doesNotMatch(
        page1.body,
        /Papperskorg eller sopkärl som är fullt 59/,
        'the fixed report is not listed',
      );
      const next = /href="([^"]*fore=[^"]+)"/.exec(page1.body)?.[1]?.replaceAll('&amp;', '&');
      assert.ok(next, 'a link to older reports');
      const page2 = await client.get(next);
      assert.equal(page2.statusCode, 200);
      assert.deepEqual(
        tableText(page2.body).trim().split(' ').slice(0, 2),
        [first.reference, 'Klotter'],
        'the oldest comes last, with its reference',
      );
      assert.doesNotMatch(page2.body, /href="[^"]*fore=/, 'no page after the last');

      const graffiti = await client.get(`${base}?kategori=graffiti`);
      assert.equal((tableText(graffiti.body).match(/Mottagen/g) ?? []).length, 1);
      assert.match(graffiti.body, /<option value="graffiti" selected/);
      assert.equal((await client.get(`${base}?fore=inte-ett-datum`)).statusCode, 400);
      assert.ok(first.reference);
      const none = await client.get(`${base}?kategori=snow-ice`);
      assert.match(none.body, /Det finns inga anmälda fel/);
    });
  });

  describe('the map (decision 0019)', () => {
    const OSM = 'https://tile.openstreetmap.org';
    const imgSrc = (csp: unknown) => /img-src ([^;]+)/.exec(String(csp))?.[1];
    const LEAFLET = /<script src="\/static\/leaflet-[0-9.]+\/leaflet\.js" defer(="")?><\/script>/;

    /** A started felanmälan draft's base URL, after its first step. */
    async function startDraft(client: ReturnType<typeof anonymousClient>, tenant: Tenant) {
      await client.get(`/${tenant.slug}/e-tjanster/felanmalan`);
      const started = await client.post(`/${tenant.slug}/e-tjanster/felanmalan/starta`);
      const base = String(started.headers.location).replace(/\/steg\/[^/]+$/, '');
      await client.post(`${base}/steg/what`, { category: 'street-lighting', description: 'Släckt.' });
      return base;
    }

    test('the place step and the public list load the map from our origin; only they allow the tile host', async () => {
      const scene = await faultScene(t);
      const client = anonymousClient(t);
      const base = await startDraft(client, scene.tenant);
      const where = await client.get(`${base}/steg/where`);
      assert.equal(where.statusCode, 200);
      assert.equal(imgSrc(where.headers['content-security-policy']), `'self' data: ${OSM}`);
      assert.match(where.headers['content-security-policy'] as string, /script-src 'self';/);
      assert.match(where.body, LEAFLET);
      assert.match(where.body, /<script src="\/static\/fault-map\.js" defer/);
      assert.match(where.body, /<a class="skip-map" href="#location\.address">Hoppa över kartan<\/a>/);
      assert.match(where.body, /data-tiles="https:\/\/tile\.openstreetmap\.org\/\{z\}\/\{x\}\/\{y\}\.png"/);
      assert.match(
        where.body,
        /data-bounds="59\.1,17\.45,59\.3,17\.8"/,
        'centred on the municipality’s area',
      );
      assert.match(where.body, new RegExp(`data-nearby="/${scene.tenant.slug}/felanmalan/nara\\.json"`));
      assert.doesNotMatch(where.body, /<script>/, 'no inline script');
      assert.match(where.body, /id="location\.latitude"/, 'the coordinate inputs stay');

      const what = await client.get(`${base}/steg/what`);
      assert.equal(imgSrc(what.headers['content-security-policy']), "'self' data:");
      assert.doesNotMatch(what.body, /leaflet|fault-map/, 'a page without the map loads none of it');

      const list = await client.get(`/${scene.tenant.slug}/felanmalan/oppna?kategori=graffiti`);
      assert.equal(imgSrc(list.headers['content-security-policy']), `'self' data: ${OSM}`);
      assert.match(list.body, LEAFLET);
      assert.match(
        list.body,
        new RegExp(`data-reports="/${scene.tenant.slug}/felanmalan/oppna\\.geojson\\?kategori=graffiti"`),
      );
    });

    test('Leaflet’s files and our script are served from our origin, Leaflet’s cached for a year', async () => {
      const client = anonymousClient(t);
      const where = await startDraft(client, (await faultScene(t)).tenant).then((base) =>
        client.get(`${base}/steg/where`),
      );
      const leafletPath = /src="(\/static\/leaflet-[0-9.]+)\/leaflet\.js"/.exec(where.body)?.[1];
      assert.ok(leafletPath);
      const script = await client.get(`${leafletPath}/leaflet.js`);
      assert.equal(script.statusCode, 200);
      assert.match(String(script.headers['content-type']), /^text\/javascript/);
      assert.equal(script.headers['cache-control'], 'public, max-age=31536000, immutable');
      assert.match(script.body, /Leaflet/);
      const css = await client.get(`${leafletPath}/leaflet.css`);
      assert.match(String(css.headers['content-type']), /^text\/css/);
      assert.match(css.body, /url\(images\/marker-icon\.png\)/, 'the stylesheet names its images relatively');
      const icon = await client.get(`${leafletPath}/images/marker-icon.png`);
      assert.equal(icon.headers['content-type'], 'image/png');
      assert.equal(icon.rawPayload.subarray(1, 4).toString('latin1'), 'PNG');
      assert.equal(
        (await client.get(`${leafletPath}/leaflet-src.js`)).statusCode,
        404,
        'only what the pages use',
      );
      assert.equal((await client.get(`${leafletPath}/images/..%2Fleaflet.js`)).statusCode, 404);
      const own = await client.get('/static/fault-map.js');
      assert.equal(own.statusCode, 200);
      assert.match(own.body, /data-fault-map|faultMap/);
    });

    test('nearby reports: open ones only, this municipality’s only, coarse places and no free text', async () => {
      const scene = await faultScene(t);
      const other = await faultScene(t);
      const anna = await residentClient(t, ANNA);
      const typed = await reportViaWeb(anna, scene.tenant, {
        category: 'street-lighting',
        description: 'Beskrivning-7f3e av Anna Andersson',
        address: 'Hemligvägen 9',
        latitude: 59.212345,
        longitude: 17.654321,
        email: 'anna-7f3e@example.se',
      });
      const graffiti = await reportAt(scene.tenant, 59.2131, 17.6552, 'graffiti');
      const far = await reportAt(scene.tenant, north(59.212345, 1000), 17.654321);
      const fixed = await reportAt(scene.tenant, 59.2124, 17.6544, 'litter-bin');
      await scene.peter.post(`/${scene.tenant.slug}/handlaggning/arenden/${fixed.reference}/ta`);
      await scene.peter.post(`/${scene.tenant.slug}/handlaggning/arenden/${fixed.reference}/status`, {
        status: 'fixed',
        message: '',
      });
      const elsewhere = await reportAt(other.tenant, 59.212345, 17.654321);

      const url = `/${scene.tenant.slug}/felanmalan/nara.json?lat=59.2123&lon=17.6543`;
      const answer = await anonymousClient(t).get(url);
      assert.equal(answer.statusCode, 200);
      assert.match(String(answer.headers['content-type']), /^application\/geo\+json/);
      const collection = answer.json();
      assert.equal(collection.type, 'FeatureCollection');
      const references = collection.features.map(
        (f: { properties: { reference: string } }) => f.properties.reference,
      );
      assert.deepEqual(
        references,
        [typed.reference, graffiti.reference],
        'nearest first, open and near only',
      );
      const [first, second] = collection.features;
      assert.deepEqual(
        first.geometry,
        { type: 'Point', coordinates: [17.654, 59.212] },
        'rounded to 3 decimals',
      );
      assert.deepEqual(Object.keys(first.properties).sort(), [
        'category',
        'categoryCode',
        'distanceMeters',
        'href',
        'reference',
        'status',
        'submittedAt',
        'updatedAt',
      ]);
      assert.equal(first.properties.category, 'Gatubelysning');
      assert.equal(first.properties.status, 'Mottagen');
      assert.equal(first.properties.href, `/${scene.tenant.slug}/felanmalan/oppna/${typed.reference}`);
      assert.equal(second.properties.categoryCode, 'graffiti');
      for (const feature of collection.features) assert.equal(feature.properties.distanceMeters % 10, 0);
      for (const secret of ['7f3e', 'Anna', 'Andersson', 'Hemligvägen', '59.2123', '17.6543', 'example.se'])
        assert.ok(!answer.body.includes(secret), `the answer does not show "${secret}"`);
      for (const absent of [fixed.reference, elsewhere.reference, far.reference])
        assert.ok(!answer.body.includes(absent), `${absent} is not near, open and this municipality’s`);

      const wider = (await anonymousClient(t).get(`${url}&radie=2000`)).json();
      assert.ok(
        wider.features.some(
          (f: { properties: { reference: string } }) => f.properties.reference === far.reference,
        ),
      );
    });

    test('nearby reports refuse bad input with problem+json', async () => {
      const scene = await faultScene(t);
      const client = anonymousClient(t);
      const nearby = `/${scene.tenant.slug}/felanmalan/nara.json`;
      for (const query of [
        '',
        '?lat=59.2',
        '?lat=91&lon=17',
        '?lat=59&lon=-181',
        '?lat=abc&lon=17',
        '?lat=59&lon=17&radie=5',
        '?lat=59&lon=17&radie=2001',
        '?lat=59&lon=17&radie=1.5',
        '?lat=Infinity&lon=17',
      ]) {
        const answer = await client.get(`${nearby}${query}`);
        assert.equal(answer.statusCode, 400, query);
        assert.equal(answer.headers['content-type'], 'application/problem+json; charset=utf-8', query);
        assert.equal(answer.json().status, 400);
      }
      for (const path of [
        '/finns-inte/felanmalan/nara.json?lat=59&lon=17',
        '/INTE_SLUG/felanmalan/nara.json?lat=59&lon=17',
      ]) {
        const answer = await client.get(path);
        assert.equal(answer.statusCode, 404, path);
        assert.equal(answer.headers['content-type'], 'application/problem+json; charset=utf-8', path);
      }
      const geojson = await client.get(`/${scene.tenant.slug}/felanmalan/oppna.geojson?fore=inte-ett-datum`);
      assert.equal(geojson.statusCode, 400);
      assert.equal(geojson.headers['content-type'], 'application/problem+json; charset=utf-8');
    });

    test('the list’s GeoJSON has the list’s reports with a place, by the list’s filter', async () => {
      const scene = await faultScene(t);
      const graffiti = await reportAt(scene.tenant, 59.2201, 17.6102, 'graffiti');
      const lighting = await reportAt(scene.tenant, 59.23, 17.62);
      const live = await t.app.services.catalogue.liveService(scene.tenant.id, 'felanmalan');
      const addressOnly = await t.app.services.cases.openCase({
        tenant: scene.tenant,
        serviceVersionId: live.version.id,
        answers: {
          category: 'graffiti',
          description: 'x',
          location: { address: 'Torget' },
          wantsContact: false,
        },
        applicant: { kind: 'anonymous' },
        channel: { channel: 'api' },
        registeredBy: { kind: 'apiClient', id: 'test' },
      });
      const client = anonymousClient(t);
      const base = `/${scene.tenant.slug}/felanmalan/oppna.geojson`;
      const all = (await client.get(base)).json();
      const refs = (collection: { features: { properties: { reference: string } }[] }) =>
        collection.features.map((f) => f.properties.reference);
      assert.deepEqual(refs(all), [lighting.reference, graffiti.reference], 'newest first, as the list');
      assert.ok(!refs(all).includes(addressOnly.reference), 'a report without a place has no marker');
      const filtered = (await client.get(`${base}?kategori=graffiti`)).json();
      assert.deepEqual(refs(filtered), [graffiti.reference]);
      assert.deepEqual(filtered.features[0].geometry.coordinates, [17.61, 59.22]);
      const list = await client.get(`/${scene.tenant.slug}/felanmalan/oppna`);
      assert.match(
        list.body,
        new RegExp(`href="/${scene.tenant.slug}/felanmalan/oppna/${addressOnly.reference}"`),
      );
    });

    test('a report’s public page: anyone follows it there, with only its public facts', async () => {
      const scene = await faultScene(t);
      const other = await faultScene(t);
      const anna = await residentClient(t, ANNA);
      const { reference } = await reportViaWeb(anna, scene.tenant, {
        description: 'Beskrivning-91ab',
        address: 'Hemligvägen 11',
        latitude: 59.212345,
        longitude: 17.654321,
      });
      const client = anonymousClient(t);
      const path = `/${scene.tenant.slug}/felanmalan/oppna/${reference}`;
      const page = await client.get(path);
      assert.equal(page.statusCode, 200);
      assert.match(page.body, new RegExp(`<h1>Felanmälan ${reference}</h1>`));
      assert.match(page.body, /Gatubelysning/);
      assert.match(page.body, /Mottagen/);
      assert.match(page.body, /59,212° N, 17,654° Ö/);
      for (const secret of ['91ab', 'Anna', 'Hemligvägen', '59,2123'])
        assert.ok(!page.body.includes(secret), `the page does not show "${secret}"`);
      await scene.peter.post(`/${scene.tenant.slug}/handlaggning/arenden/${reference}/ta`);
      await scene.peter.post(`/${scene.tenant.slug}/handlaggning/arenden/${reference}/status`, {
        status: 'fixed',
        message: 'Lagad.',
      });
      const fixed = await client.get(path);
      assert.match(fixed.body, /Åtgärdad/, 'the status follows the case');
      assert.doesNotMatch(fixed.body, /Lagad\./, 'not the officer’s message');
      assert.equal((await client.get(`/${other.tenant.slug}/felanmalan/oppna/${reference}`)).statusCode, 404);
      assert.equal(
        (await client.get(`/${scene.tenant.slug}/felanmalan/oppna/EXS-0000-000000`)).statusCode,
        404,
      );
      assert.equal((await client.get(`/${scene.tenant.slug}/felanmalan/oppna/%3Cx%3E`)).statusCode, 404);
    });

    test('without a tile URL no map is offered and the pages work as before', async () => {
      const plain = await createTestApp({ MAP_TILE_URL: '' });
      try {
        const scene = await faultScene(plain);
        const client = new TestClient(plain.app);
        const base = await startDraft(client, scene.tenant);
        const where = await client.get(`${base}/steg/where`);
        assert.equal(where.statusCode, 200);
        assert.equal(imgSrc(where.headers['content-security-policy']), "'self' data:");
        assert.doesNotMatch(where.body, /leaflet|fault-map|Hoppa över kartan/);
        const list = await client.get(`/${scene.tenant.slug}/felanmalan/oppna`);
        assert.equal(imgSrc(list.headers['content-security-policy']), "'self' data:");
        assert.doesNotMatch(list.body, /leaflet|data-fault-map/);
      } finally {
        await plain.close();
      }
    });
  });

  describe('nearbyOpenReports', () => {
    test('finds open reports within the radius, nearest first, and none a metre beyond, in any direction', async () => {
      const scene = await faultScene(t);
      const other = await faultScene(t);
      const centre = { latitude: 59.2, longitude: 17.6 };
      const radius = 500;
      const places = {
        insideNorth: [north(centre.latitude, radius - 1), centre.longitude],
        outsideNorth: [north(centre.latitude, radius + 1), centre.longitude],
        insideEast: [centre.latitude, east(centre.latitude, centre.longitude, radius - 1)],
        outsideEast: [centre.latitude, east(centre.latitude, centre.longitude, radius + 1)],
        insideWest: [centre.latitude, east(centre.latitude, centre.longitude, -(radius - 1))],
        nearSouth: [north(centre.latitude, -100), centre.longitude],
      } as const;
      const ids: Record<string, string> = {};
      for (const [name, [lat, lon]] of Object.entries(places)) {
        const opened = await reportAt(scene.tenant, lat, lon);
        ids[(await reportRow(t, opened.reference))?.caseId as string] = name;
      }
      // Same place, but closed, or in another municipality: never found.
      const closed = await reportAt(scene.tenant, centre.latitude, centre.longitude);
      await scene.peter.post(`/${scene.tenant.slug}/handlaggning/arenden/${closed.reference}/ta`);
      await scene.peter.post(`/${scene.tenant.slug}/handlaggning/arenden/${closed.reference}/status`, {
        status: 'closed',
        message: '',
      });
      await reportAt(other.tenant, centre.latitude, centre.longitude);

      const { faultReports } = t.app.services;
      const found = await faultReports.nearbyOpenReports(
        scene.tenant.id,
        centre.latitude,
        centre.longitude,
        radius,
        10,
      );
      const names = found.map((report) => ids[report.caseId]);
      assert.equal(names[0], 'nearSouth', 'nearest first');
      assert.deepEqual(
        names.slice(1).sort(),
        ['insideEast', 'insideNorth', 'insideWest'],
        'the three at 499 m',
      );
      assert.ok(Math.abs((found[0]?.distanceMeters ?? 0) - 100) < 0.01, 'the exact distance');
      for (const report of found.slice(1)) assert.ok(Math.abs(report.distanceMeters - (radius - 1)) < 0.01);
      const two = await faultReports.nearbyOpenReports(
        scene.tenant.id,
        centre.latitude,
        centre.longitude,
        radius,
        2,
      );
      assert.equal(two.length, 2, 'the limit is kept');
      const wider = await faultReports.nearbyOpenReports(
        scene.tenant.id,
        centre.latitude,
        centre.longitude,
        radius + 2,
        10,
      );
      assert.equal(wider.length, 6, 'a radius two metres larger takes the two just outside');
      const none = await faultReports.nearbyOpenReports(scene.tenant.id, 59.29, 17.79, 100, 10);
      assert.deepEqual(none, []);
    });

    test('refuses a point off the globe, a radius or a limit out of range', async () => {
      const { faultReports } = t.app.services;
      const tenantId = (await faultScene(t)).tenant.id;
      for (const [lat, lon, radius, limit] of [
        [91, 0, 10, 1],
        [0, 181, 10, 1],
        [Number.NaN, 0, 10, 1],
        [0, 0, -1, 1],
        [0, 0, 50_001, 1],
        [0, 0, 10, 0],
        [0, 0, 10, 501],
        [0, 0, 10, 1.5],
      ] as const) {
        await assert.rejects(
          faultReports.nearbyOpenReports(tenantId, lat, lon, radius, limit),
          (error: { code: string }) => error.code === 'VALIDATION_FAILED',
          `${lat}, ${lon}, ${radius} m, ${limit}`,
        );
      }
    });
  });
});

/** About one metre of latitude, in degrees. */
const METRE = 1 / 111_195;

/** A report through the intake (as an Open311 app would), at `metresNorth` of INSIDE. */
async function report(
  tenant: Tenant,
  options: { category?: string; metresNorth?: number; email?: string; address?: string } = {},
) {
  const place =
    options.address === undefined
      ? { latitude: INSIDE.latitude + (options.metresNorth ?? 0) * METRE, longitude: INSIDE.longitude }
      : {};
  const opened = await openFaultReport(t.app.services, tenant, {
    category: options.category,
    description: 'Lampan lyser inte',
    location: { address: options.address ?? 'Storgatan 1', ...place },
    applicant: { kind: 'anonymous', contact: options.email ? { email: options.email } : {} },
    channel: { channel: 'open311' },
    registeredBy: { kind: 'apiClient', id: 'testapp', label: 'Testappen' },
  });
  return opened.reference;
}

const casePath = (scene: FaultScene, reference: string) =>
  `/${scene.tenant.slug}/handlaggning/arenden/${reference}`;

async function merge(scene: FaultScene, reference: string, into: string, client = scene.peter) {
  return client.post(`${casePath(scene, reference)}/sammanfoga`, { into });
}

/** The "Möjliga dubbletter" section of a case page. */
function duplicatesSection(body: string): string {
  const start = body.indexOf('id="duplicates-title"');
  assert.ok(start >= 0, 'the page has the duplicates section');
  return body.slice(start, body.indexOf('</section>', start));
}

async function eventsOf(reference: string) {
  const { id } = await caseRow(t, reference);
  return t.database.db
    .selectFrom('caseEvent')
    .select(['type', 'data', 'visibility'])
    .where('caseId', '=', id)
    .orderBy('id')
    .execute();
}

describe('duplicate fault reports', () => {
  describe('suggestions', () => {
    test('open reports of the same category within the radius and the window are suggested; others are not', async () => {
      const scene = await faultScene(t);
      const subject = await report(scene.tenant);
      const near = await report(scene.tenant, { metresNorth: 100 });
      const edge = await report(scene.tenant, { metresNorth: 149 });
      const far = await report(scene.tenant, { metresNorth: 160 });
      const otherCategory = await report(scene.tenant, { category: 'graffiti', metresNorth: 10 });
      const old = await report(scene.tenant, { metresNorth: 20 });
      const closed = await report(scene.tenant, { metresNorth: 30 });
      const addressOnly = await report(scene.tenant, { address: 'Torget' });
      const elsewhere = await faultScene(t);
      const otherTenant = await report(elsewhere.tenant);
      await t.database.db
        .updateTable('faultReport')
        .set({ submittedAt: new Date(Date.now() - 31 * DAY_MS) })
        .where('reference', '=', old)
        .execute();
      await scene.peter.post(`${casePath(scene, closed)}/ta`);
      const closing = await scene.peter.post(`${casePath(scene, closed)}/status`, { status: 'closed' });
      assert.equal(closing.statusCode, 303, closing.body.slice(0, 400));

      await scene.peter.post(`${casePath(scene, subject)}/ta`);
      const page = await scene.peter.get(casePath(scene, subject));
      assert.equal(page.statusCode, 200);
      const section = duplicatesSection(page.body);
      const shown = [...section.matchAll(/>([A-Z]+-\d{4}-\d{6})<\/a>/g)].map((match) => match[1]);
      assert.deepEqual(shown, [near, edge], 'nearest first, only the same category, near, recent and open');
      for (const hidden of [subject, far, otherCategory, old, closed, addressOnly, otherTenant])
        assert.ok(!section.includes(`>${hidden}<`), `${hidden} is not suggested`);
      assert.match(section, /100 m/);
      assert.match(section, /inom 150 meter/);
      assert.match(section, new RegExp(`sammanfoga\\?med=${near}`), 'a link to merge with the suggestion');

      const withoutPlace = await scene.peter.get(casePath(scene, addressOnly));
      assert.match(duplicatesSection(withoutPlace.body), /ingen position/);
    });

    test('an officer of another unit sees neither the case nor suggestions of cases they may not read', async () => {
      const scene = await faultScene(t);
      const subject = await report(scene.tenant, { category: 'graffiti' });
      const near = await report(scene.tenant, { category: 'graffiti', metresNorth: 20 });
      const streetsOnly = await staffClient(t, scene.tenant, LENA, 'officer', [scene.streets]);
      assert.equal((await streetsOnly.get(casePath(scene, subject))).statusCode, 404);
      assert.equal((await streetsOnly.get(`${casePath(scene, subject)}/sammanfoga`)).statusCode, 404);
      const page = await scene.peter.get(casePath(scene, subject));
      assert.ok(duplicatesSection(page.body).includes(`>${near}<`));
    });
  });

  describe('merging', () => {
    test('a merge closes the report, records both sides, tells the reporter, and the follow-up page shows the kept report', async () => {
      const scene = await faultScene(t);
      const kept = await report(scene.tenant);
      const duplicate = await report(scene.tenant, { metresNorth: 40, email: 'dubblett@example.se' });
      const duplicateCase = await caseRow(t, duplicate);
      const token = await t.app.services.faultReports.issueFollowToken(duplicateCase.id);
      await scene.peter.post(`${casePath(scene, duplicate)}/ta`);

      const form = await scene.peter.get(`${casePath(scene, duplicate)}/sammanfoga?med=${kept}`);
      assert.equal(form.statusCode, 200);
      assert.match(form.body, new RegExp(`name="into"[^>]*value="${kept}"`), 'prefilled from the suggestion');
      assert.match(form.body, /name="_csrf"/);

      const merged = await merge(scene, duplicate, kept.toLowerCase());
      assert.equal(merged.statusCode, 303, merged.body.slice(0, 800));
      assert.equal(merged.headers.location, `${casePath(scene, kept)}?klart=sammanfogat`);

      const keptRow = await reportRow(t, kept);
      const mergedRow = await reportRow(t, duplicate);
      assert.equal(mergedRow?.mergedInto, keptRow?.caseId);
      assert.ok(mergedRow?.mergedAt);
      assert.deepEqual([mergedRow?.status, mergedRow?.open], ['closed', false]);
      assert.deepEqual([keptRow?.status, keptRow?.open, keptRow?.mergedInto], ['received', true, null]);
      assert.equal((await caseRow(t, duplicate)).statusCategory, 'closed');

      const mergedEvents = await eventsOf(duplicate);
      assert.ok(
        mergedEvents.some(
          (event) =>
            event.type === 'mergedInto' && event.data.reference === kept && event.visibility === 'resident',
        ),
      );
      assert.ok(mergedEvents.some((event) => event.type === 'statusChanged' && event.data.to === 'closed'));
      const keptEvents = await eventsOf(kept);
      assert.ok(
        keptEvents.some(
          (event) =>
            event.type === 'duplicateMerged' &&
            event.data.reference === duplicate &&
            event.visibility === 'internal',
        ),
      );
      const notices = await t.database.db
        .selectFrom('outbox')
        .select('payload')
        .where('caseId', '=', duplicateCase.id)
        .where('topic', '=', 'notification.anonymous')
        .execute();
      assert.deepEqual(
        notices.map((notice) => notice.payload),
        [{ caseId: duplicateCase.id, kind: 'statusChanged' }],
      );
      const audit = await t.database.db
        .selectFrom('auditLog')
        .select(['action', 'caseId'])
        .where('action', 'in', ['case.mergedInto', 'case.duplicateMerged'])
        .where('caseId', 'in', [duplicateCase.id, keptRow?.caseId as string])
        .execute();
      assert.equal(audit.length, 2);

      const keptPage = await scene.peter.get(`${casePath(scene, kept)}?klart=sammanfogat`);
      assert.match(keptPage.body, /Dubbletten sammanfogades med det här ärendet/);
      assert.match(keptPage.body, new RegExp(`Dubblett ${duplicate} sammanfogad hit`));
      const mergedPage = await scene.peter.get(casePath(scene, duplicate));
      assert.match(mergedPage.body, new RegExp(`Sammanfogad med ${kept}`));
      assert.match(duplicatesSection(mergedPage.body), new RegExp(`>${kept}</a>`));

      // The reporter's page follows the kept report: its status, none of its reporter's history.
      await scene.peter.post(`${casePath(scene, kept)}/ta`);
      await scene.peter.post(`${casePath(scene, kept)}/status`, {
        status: 'inProgress',
        message: 'Hej Anna, vi kommer på tisdag.',
      });
      const follow = await anonymousClient(t).get(`/${scene.tenant.slug}/felanmalan/folj/${token}`);
      assert.equal(follow.statusCode, 200);
      assert.match(follow.body, /Din anmälan har slagits ihop med en annan/);
      assert.match(follow.body, new RegExp(`ärende ${kept}`));
      const notice = follow.body.slice(follow.body.indexOf('id="merged-title"'));
      assert.match(notice.slice(0, notice.indexOf('</section>')), /Vi har beställt en reparation/);
      assert.ok(!follow.body.includes('Hej Anna'), 'the kept report’s messages are not shown');
      assert.match(follow.body, /Din anmälan slogs ihop med en annan anmälan om samma fel/);

      // Open reports and nearby no longer include the merged one.
      const nearby = await t.app.services.faultReports.nearbyOpenReports(
        scene.tenant.id,
        INSIDE.latitude,
        INSIDE.longitude,
        500,
        50,
      );
      assert.deepEqual(
        nearby.map((found) => found.reference),
        [kept],
      );
      const list = await t.app.services.faultReports.openReports(scene.tenant, { limit: 50 });
      assert.equal(list.reports.length, 1);
      assert.deepEqual(await t.app.services.faultReports.keptReportOf(duplicateCase.id), {
        caseId: keptRow?.caseId,
        reference: kept,
      });
      assert.equal(await t.app.services.faultReports.keptReportOf(keptRow?.caseId as string), undefined);

      // Open311 answers about the merged request with the kept one, by id and in an id-filtered list.
      const open311 = `/${scene.tenant.slug}/open311/v2`;
      const byId = await t.app.inject({ method: 'GET', url: `${open311}/requests/${duplicate}.json` });
      assert.equal(byId.statusCode, 200, byId.body);
      const answered = JSON.parse(byId.body) as { service_request_id: string; status: string }[];
      assert.deepEqual(
        answered.map((request) => [request.service_request_id, request.status]),
        [[kept, 'open']],
      );
      const listed = await t.app.inject({
        method: 'GET',
        url: `${open311}/requests.json?service_request_id=${duplicate},${kept}`,
      });
      assert.deepEqual(
        (JSON.parse(listed.body) as { service_request_id: string }[]).map(
          (request) => request.service_request_id,
        ),
        [kept],
        'the merged and the kept id are one request',
      );
    });

    test('a logged-in reporter is told and sees the kept report on My Pages; merging the kept report moves its followers', async () => {
      const scene = await faultScene(t);
      const anna = await residentClient(t, ANNA);
      const { reference: annas } = await reportViaWeb(anna, scene.tenant, { ...INSIDE });
      const middle = await report(scene.tenant, { metresNorth: 10 });
      const last = await report(scene.tenant, { metresNorth: 20 });
      await scene.peter.post(`${casePath(scene, annas)}/ta`);
      assert.equal((await merge(scene, annas, middle)).statusCode, 303);
      const annaCase = await caseRow(t, annas);
      const told = await t.database.db
        .selectFrom('outbox')
        .select('payload')
        .where('caseId', '=', annaCase.id)
        .where('topic', '=', 'notification.resident')
        .execute();
      assert.equal(told.length, 1);
      assert.equal(told[0]?.payload.personId, anna.personId);
      const mine = await anna.get(`/mina-sidor/arenden/${annas}`);
      assert.match(mine.body, /Din anmälan har slagits ihop med en annan/);
      assert.match(mine.body, new RegExp(`ärende ${middle}`));

      await scene.peter.post(`${casePath(scene, middle)}/ta`);
      assert.equal((await merge(scene, middle, last)).statusCode, 303);
      const lastRow = await reportRow(t, last);
      assert.equal((await reportRow(t, annas))?.mergedInto, lastRow?.caseId, 'Anna now follows the last one');
      assert.equal((await reportRow(t, middle))?.mergedInto, lastRow?.caseId);
      assert.match((await anna.get(`/mina-sidor/arenden/${annas}`)).body, new RegExp(`ärende ${last}`));
    });
  });

  describe('refused merges and permissions', () => {
    test('each bad input gets its message beside the field, and nothing is written', async () => {
      const scene = await faultScene(t);
      const subject = await report(scene.tenant);
      const closed = await report(scene.tenant, { metresNorth: 5 });
      const keptOne = await report(scene.tenant, { metresNorth: 6 });
      const chained = await report(scene.tenant, { metresNorth: 7 });
      const elsewhere = await faultScene(t);
      const otherTenant = await report(elsewhere.tenant);
      await scene.peter.post(`${casePath(scene, closed)}/ta`);
      await scene.peter.post(`${casePath(scene, closed)}/status`, { status: 'closed' });
      await scene.peter.post(`${casePath(scene, chained)}/ta`);
      assert.equal((await merge(scene, chained, keptOne)).statusCode, 303);
      await scene.peter.post(`${casePath(scene, subject)}/ta`);

      const cases: [string, RegExp][] = [
        ['', /Ange ärendenumret för ärendet som ska behållas/],
        [subject, /kan inte sammanfogas med sig självt/],
        ['XYZ-2026-999999', /ingen felanmälan med det ärendenumret som du får handlägga/],
        [otherTenant, /ingen felanmälan med det ärendenumret som du får handlägga/],
        [closed, /redan åtgärdat eller avslutat/],
        [chained, /självt sammanfogat med ett annat ärende/],
      ];
      for (const [into, message] of cases) {
        const response = await merge(scene, subject, into);
        assert.equal(response.statusCode, 400, `into "${into}"`);
        assert.match(response.body, /class="error-summary"[\s\S]*href="#into"/);
        assert.match(
          response.body,
          new RegExp(`id="into-error"[\\s\\S]*${message.source}`),
          `into "${into}"`,
        );
      }
      assert.equal((await reportRow(t, subject))?.mergedInto, null);
      assert.equal((await caseRow(t, subject)).status, 'received');

      const again = await merge(scene, chained, subject);
      assert.equal(again.statusCode, 400);
      assert.match(again.body, /redan sammanfogad med ett annat ärende/);
    });

    test('another unit’s officer, an unassigned officer, a resident and a missing CSRF token cannot merge', async () => {
      const scene = await faultScene(t);
      const subject = await report(scene.tenant);
      const kept = await report(scene.tenant, { metresNorth: 5 });
      const parksOnly = await staffClient(t, scene.tenant, LENA, 'officer', [scene.parks]);
      assert.equal((await merge(scene, subject, kept, parksOnly)).statusCode, 404);
      const colleague = await staffClient(t, scene.tenant, MATS, 'officer', [scene.streets]);
      await scene.peter.post(`${casePath(scene, subject)}/ta`);
      assert.equal((await merge(scene, subject, kept, colleague)).statusCode, 403, 'assigned to Peter');
      assert.equal((await colleague.get(`${casePath(scene, subject)}/sammanfoga`)).statusCode, 403);
      const page = await colleague.get(casePath(scene, subject));
      assert.ok(!page.body.includes('/sammanfoga'), 'no merge link for who may not merge');
      const anna = await residentClient(t, ANNA);
      const resident = await merge(scene, subject, kept, anna as never);
      assert.ok(
        !String(resident.headers.location ?? '').includes('klart=sammanfogat'),
        'a resident is sent to the staff login',
      );
      const forged = await scene.peter.post(`${casePath(scene, subject)}/sammanfoga`, {
        into: kept,
        _csrf: 'forged',
      });
      assert.equal(forged.statusCode, 403);
      assert.equal((await reportRow(t, subject))?.mergedInto, null, 'nothing was merged');
    });
  });

  describe('"not fixed" after a merge', () => {
    test('the merged report’s reporter answers about the kept report, which reopens; the other reporter does not read the comment', async () => {
      const scene = await faultScene(t);
      const anna = await residentClient(t, ANNA);
      const { reference: keptRef } = await reportViaWeb(anna, scene.tenant, { ...INSIDE });
      const duplicate = await report(scene.tenant, { metresNorth: 30, email: 'b@example.se' });
      const token = await t.app.services.faultReports.issueFollowToken((await caseRow(t, duplicate)).id);
      await scene.peter.post(`${casePath(scene, duplicate)}/ta`);
      assert.equal((await merge(scene, duplicate, keptRef)).statusCode, 303);
      const follow = `/${scene.tenant.slug}/felanmalan/folj/${token}`;
      const visitor = anonymousClient(t);

      const early = await visitor.get(follow);
      assert.ok(!early.body.includes('Skicka: felet är inte åtgärdat'), 'the kept report is not fixed yet');
      await assert.rejects(
        t.app.services.faultReports.notFixedByToken(scene.tenant, token, 'Trasig'),
        (error: { errors?: { message: string }[] }) => error.errors?.[0]?.message === 'notMarkedFixed',
      );

      await scene.peter.post(`${casePath(scene, keptRef)}/ta`);
      await scene.peter.post(`${casePath(scene, keptRef)}/status`, { status: 'fixed' });
      const page = await visitor.get(follow);
      assert.match(
        page.body,
        /Skicka: felet är inte åtgärdat/,
        'the form follows the kept report’s fixed time',
      );
      const answered = await visitor.post(`${follow}/inte-atgardat`, {
        comment: 'Lampan blinkar fortfarande.',
      });
      assert.equal(answered.statusCode, 303, answered.body.slice(0, 600));

      const keptRow = await reportRow(t, keptRef);
      assert.deepEqual([keptRow?.status, keptRow?.open, keptRow?.notFixedCount], ['reopened', true, 1]);
      assert.equal((await reportRow(t, duplicate))?.status, 'closed', 'the merged report stays closed');
      const keptEvents = await eventsOf(keptRef);
      const answer = keptEvents.find((event) => event.type === 'notFixed');
      assert.deepEqual(
        [answer?.visibility, answer?.data.via, answer?.data.message],
        ['internal', duplicate, 'Lampan blinkar fortfarande.'],
      );
      const annaPage = await anna.get(`/mina-sidor/arenden/${keptRef}`);
      assert.ok(!annaPage.body.includes('Lampan blinkar'), 'Anna does not read the other reporter’s comment');
      const after = await visitor.get(follow);
      assert.match(after.body, /Du svarade att felet inte är åtgärdat/);
      assert.match(after.body, /Lampan blinkar fortfarande\./);
      const officer = await scene.peter.get(casePath(scene, keptRef));
      assert.match(officer.body, /Lampan blinkar fortfarande\./, 'the unit reads it on the kept case');

      // A workflow that lets an officer reopen a closed report un-merges it (the demo's cannot).
      const lock = await t.app.services.caseHandling.systemCase(duplicate);
      await t.database.db.transaction().execute(async (trx) => {
        const handled = await lock?.(trx);
        const target = handled?.workflow.statuses.find((status) => status.id === 'inProgress');
        assert.ok(handled && target);
        await t.app.services.caseHandling.enterStatus(trx, handled, target, { kind: 'system' }, {}, null);
      });
      const reopened = await reportRow(t, duplicate);
      assert.deepEqual([reopened?.open, reopened?.mergedInto, reopened?.mergedAt], [true, null, null]);
      const alone = await visitor.get(follow);
      assert.match(alone.body, /Följ din felanmälan/);
      assert.ok(!alone.body.includes('merged-title'), 'no longer shown as merged');
    });
  });
});
