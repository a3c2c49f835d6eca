/**
 * Duplicate fault reports (issue #11, decision 0018) through the real app: the suggestions on the
 * officer's case page (same category, within the radius and the time window, open, readable), the
 * merge (rows, events, statuses, the reporter told, the follow-up page and My Pages showing the
 * kept report), refusals and permissions, and "not fixed" on a merged report reopening the kept one.
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
  INSIDE,
  openFaultReport,
  reportRow,
  reportViaWeb,
} from '../../test-support/fault-reports.ts';
import { ANNA, residentClient } from '../../test-support/fixtures.ts';
import { LENA, MATS, staffClient } from '../../test-support/staff.ts';

let t: TestApp;
before(async () => {
  t = await createTestApp();
});
after(() => t.close());

const DAY_MS = 24 * 3600_000;
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
      assert.match(response.body, new RegExp(`id="into-error"[\\s\\S]*${message.source}`), `into "${into}"`);
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
