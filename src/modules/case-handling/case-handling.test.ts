/**
 * The back office over HTTP and services: queue, case page, assignment, statuses, notes, audit; and
 * the queue of a staff member in several units.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Tenant } from '../../platform/tenancy/tenant-service.ts';
import { createTestApp, type TestApp } from '../../test-support/app.ts';
import { TestClient } from '../../test-support/client.ts';
import { reportViaWeb } from '../../test-support/fault-reports.ts';
import { ANNA, createTestTenant, ERIK, residentClient } from '../../test-support/fixtures.ts';
import {
  caseHandlingScene,
  createTestUnits,
  JOHAN,
  KARIN,
  PETER,
  staffClient,
  submitSchoolTransport,
} from '../../test-support/staff.ts';
import type { StaffActor } from '../organisation/model.ts';
import { parseQueueFilters, type QueueCursor } from './queue-model.ts';

let t: TestApp;
before(async () => {
  t = await createTestApp();
});
after(() => t.close());

const setUp = () => caseHandlingScene(t);

const caseUrl = (tenant: { slug: string }, reference: string) =>
  `/${tenant.slug}/handlaggning/arenden/${reference}`;

async function caseRow(reference: string) {
  return t.database.db
    .selectFrom('case')
    .selectAll()
    .where('reference', '=', reference)
    .executeTakeFirstOrThrow();
}

async function auditActions(caseId: string) {
  const rows = await t.database.db
    .selectFrom('auditLog')
    .select(['action', 'actorName', 'actorUnits'])
    .where('caseId', '=', caseId)
    .orderBy('id')
    .execute();
  return rows;
}

/** Submits a street-lighting fault report at Storgatan 12 through the web form; its reference. */
async function submitFaultReport(client: TestClient, tenant: Tenant, description: string): Promise<string> {
  return (
    await reportViaWeb(client, tenant, { category: 'street-lighting', description, address: 'Storgatan 12' })
  ).reference;
}

/** Every page of the queue, `size` rows at a time, following the cursors. */
async function allPages(actor: StaffActor, query: Record<string, string>, size: number): Promise<string[]> {
  const seen: string[] = [];
  let cursor: QueueCursor | undefined;
  do {
    const page = await t.app.services.caseHandling.queue(actor, parseQueueFilters(query), cursor, size);
    assert.ok(page.rows.length <= size);
    seen.push(...page.rows.map((row) => row.reference));
    cursor = page.nextCursor;
  } while (cursor);
  return seen;
}

describe('back office', () => {
  test('the back office sends visitors without a staff login to the officers’ login, and refuses residents', async () => {
    const { tenant, anna } = await setUp();
    const anonymous = await new TestClient(t.app).get(`/${tenant.slug}/handlaggning/`);
    assert.equal(anonymous.statusCode, 303);
    assert.equal(
      anonymous.headers.location,
      `/handlaggning/logga-in?tillbaka=${encodeURIComponent(`/${tenant.slug}/handlaggning/`)}`,
    );
    // A resident's e-ID session is not a staff login, even for a staff member's personnummer.
    const resident = await anna.get(`/${tenant.slug}/handlaggning/`);
    assert.equal(resident.statusCode, 303);
    assert.match(String(resident.headers.location), /^\/handlaggning\/logga-in/);
  });

  test('a new case lands in its unit’s queue with the workflow’s first status and target time', async () => {
    const { tenant, karin, anna, units } = await setUp();
    const peter = await staffClient(t, tenant, PETER, 'officer', [units.streets]);
    const reference = await submitSchoolTransport(anna, tenant);
    const row = await caseRow(reference);
    assert.equal(row.unitId, units.school);
    assert.equal(row.status, 'received');
    assert.equal(row.applicantName, 'Anna Andersson');
    assert.ok(row.dueAt && new Date(row.dueAt).getTime() > new Date(row.submittedAt).getTime());
    const queue = await karin.get(`/${tenant.slug}/handlaggning/`);
    assert.equal(queue.statusCode, 200);
    assert.match(queue.body, new RegExp(reference));
    assert.match(queue.body, /Anna Andersson/);
    assert.match(queue.body, /Mottagen/);
    const otherUnit = await peter.get(`/${tenant.slug}/handlaggning/`);
    assert.doesNotMatch(otherUnit.body, new RegExp(reference), 'another unit does not see the case');
  });

  test('the case page shows answers and history, and opening it is written to the audit log', async () => {
    const { tenant, karin, anna } = await setUp();
    const reference = await submitSchoolTransport(anna, tenant, 'Leo');
    const page = await karin.get(caseUrl(tenant, reference));
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /<h1>Ärende [A-Z]+-\d{4}-\d{6}<\/h1>/);
    assert.match(page.body, /Leo/);
    assert.match(page.body, /Sjöviksskolan|sjoviksskolan/i);
    assert.match(page.body, /Ärendet kom in/);
    const audit = await auditActions((await caseRow(reference)).id);
    assert.deepEqual(
      audit.map((entry) => entry.action),
      ['case.read'],
    );
    assert.equal(audit[0]?.actorName, 'Karin Berg');
    assert.deepEqual(audit[0]?.actorUnits, ['Skolskjutsenheten']);
  });

  test('take, change status with a message, release: each is history and audit; the resident sees only resident texts', async () => {
    const { tenant, karin, anna } = await setUp();
    const reference = await submitSchoolTransport(anna, tenant);
    const taken = await karin.post(`${caseUrl(tenant, reference)}/ta`);
    assert.equal(taken.statusCode, 303);
    assert.equal((await caseRow(reference)).assignedStaffId, karin.actor.staffId);
    const changed = await karin.post(`${caseUrl(tenant, reference)}/status`, {
      status: 'inProgress',
      message: 'Vi räknar på avståndet.',
    });
    assert.equal(changed.statusCode, 303);
    const row = await caseRow(reference);
    assert.equal(row.status, 'inProgress');
    assert.equal(row.statusCategory, 'inProgress');
    await karin.post(`${caseUrl(tenant, reference)}/anteckning`, { note: 'Ring skolan om busslinjen.' });
    const officerPage = await karin.get(caseUrl(tenant, reference));
    assert.match(officerPage.body, /Ring skolan om busslinjen/);
    assert.match(officerPage.body, /Tilldelat Karin Berg/);

    const residentPage = await anna.get(`/mina-sidor/arenden/${reference}`);
    assert.equal(residentPage.statusCode, 200);
    assert.match(residentPage.body, /Vi utreder din ansökan/, 'the resident-facing status text');
    assert.match(residentPage.body, /Vi räknar på avståndet/, 'the status message reaches the resident');
    assert.doesNotMatch(residentPage.body, /Ring skolan/, 'internal notes never reach the resident');
    assert.doesNotMatch(residentPage.body, /Karin Berg/, 'assignment is internal');

    const outbox = await t.database.db
      .selectFrom('outbox')
      .select(['topic', 'payload'])
      .where('tenantId', '=', tenant.id)
      // Changes published to business systems are checked in webhooks.test.ts.
      .where('topic', '!=', 'case.changed')
      .orderBy('id')
      .execute();
    assert.deepEqual(
      outbox.map((entry) => [entry.topic, (entry.payload as { kind?: string }).kind ?? null]),
      [
        ['case.submitted', null],
        ['notification.resident', 'statusChanged'],
      ],
    );
    const released = await karin.post(`${caseUrl(tenant, reference)}/slapp`);
    assert.equal(released.statusCode, 303);
    assert.equal((await caseRow(reference)).assignedStaffId, null);
    const actions = (await auditActions(row.id)).map((entry) => entry.action);
    for (const expected of ['case.take', 'case.changeStatus', 'case.note', 'case.read', 'case.release']) {
      assert.ok(actions.includes(expected), `audit has ${expected}: ${actions.join(', ')}`);
    }
  });

  test('a status change the workflow does not allow is refused in Swedish and nothing changes', async () => {
    const { tenant, karin, anna } = await setUp();
    const reference = await submitSchoolTransport(anna, tenant);
    await karin.post(`${caseUrl(tenant, reference)}/ta`);
    // received → decided is not a transition, and decided is only reached through a decision.
    for (const status of ['decided', 'completionRequested', 'nonsense', '']) {
      const response = await karin.post(`${caseUrl(tenant, reference)}/status`, { status });
      assert.equal(response.statusCode, 400, status);
      assert.match(response.body, /class="error-summary"/);
      assert.match(response.body, /Välj en status som ärendet kan gå till härifrån/);
      assert.match(response.body, /href="#status"/);
      assert.match(response.body, /<title>Fel: /);
    }
    assert.equal((await caseRow(reference)).status, 'received');
    const note = await karin.post(`${caseUrl(tenant, reference)}/anteckning`, { note: '   ' });
    assert.equal(note.statusCode, 400);
    assert.match(note.body, /Skriv en anteckning/);
  });

  test('closing sets the closed time, the case leaves the open queue and shows among closed cases on My Pages', async () => {
    const { tenant, karin, anna } = await setUp();
    const reference = await submitSchoolTransport(anna, tenant);
    await karin.post(`${caseUrl(tenant, reference)}/ta`);
    assert.equal(
      (await karin.post(`${caseUrl(tenant, reference)}/status`, { status: 'closed' })).statusCode,
      303,
    );
    const row = await caseRow(reference);
    assert.equal(row.statusCategory, 'closed');
    assert.ok(row.closedAt);
    assert.equal(row.dueAt, null);
    const open = await karin.get(`/${tenant.slug}/handlaggning/`);
    assert.doesNotMatch(open.body, new RegExp(reference));
    const closed = await karin.get(`/${tenant.slug}/handlaggning/?avslutade=ja`);
    assert.match(closed.body, new RegExp(reference));
    const myPages = await anna.get('/mina-sidor');
    const closedAt = myPages.body.indexOf('Avslutade ärenden');
    assert.ok(closedAt > 0 && myPages.body.indexOf(reference, closedAt) > closedAt);
  });

  test('a unit lead assigns to a member of the unit, never to someone outside it', async () => {
    const { tenant, units, karin, anna } = await setUp();
    const johan = await staffClient(t, tenant, JOHAN, 'unitLead', [units.school]);
    const peter = await staffClient(t, tenant, PETER, 'officer', [units.streets]);
    const reference = await submitSchoolTransport(anna, tenant);
    const outside = await johan.post(`${caseUrl(tenant, reference)}/tilldela`, {
      staffId: peter.actor.staffId,
    });
    assert.equal(outside.statusCode, 400);
    assert.match(outside.body, /Välj någon som tillhör enheten/);
    const assigned = await johan.post(`${caseUrl(tenant, reference)}/tilldela`, {
      staffId: karin.actor.staffId,
    });
    assert.equal(assigned.statusCode, 303);
    assert.equal((await caseRow(reference)).assignedStaffId, karin.actor.staffId);
    const mine = await t.app.services.caseHandling.queue(
      karin.actor,
      parseQueueFilters({ tilldelad: 'mig' }),
      undefined,
      25,
    );
    assert.deepEqual(
      mine.rows.map((row) => row.reference),
      [reference],
    );
  });

  test('asking for completion needs chosen steps and a message, then waits for the resident', async () => {
    const { tenant, karin, anna } = await setUp();
    const reference = await submitSchoolTransport(anna, tenant);
    await karin.post(`${caseUrl(tenant, reference)}/ta`);
    await karin.post(`${caseUrl(tenant, reference)}/status`, { status: 'inProgress' });
    const empty = await karin.post(`${caseUrl(tenant, reference)}/komplettering`, { message: '' });
    assert.equal(empty.statusCode, 400);
    assert.match(empty.body, /Välj minst en del som ska kompletteras/);
    assert.match(empty.body, /Skriv vad den sökande behöver komplettera/);
    assert.equal((await caseRow(reference)).status, 'inProgress');
    const sent = await karin.post(`${caseUrl(tenant, reference)}/komplettering`, {
      steps: 'need',
      message: 'Hur lång är skolvägen enligt kartan?',
    });
    assert.equal(sent.statusCode, 303);
    const row = await caseRow(reference);
    assert.equal(row.status, 'completionRequested');
    assert.equal(row.statusCategory, 'waitingForResident');
    const request = await t.database.db
      .selectFrom('completionRequest')
      .selectAll()
      .where('caseId', '=', row.id)
      .executeTakeFirstOrThrow();
    assert.deepEqual(request.stepIds, ['need']);
    assert.equal(request.previousStatus, 'inProgress');
    const again = await karin.post(`${caseUrl(tenant, reference)}/komplettering`, {
      steps: 'need',
      message: 'x',
    });
    assert.equal(again.statusCode, 400, 'no second request while one is open');
    const residentPage = await anna.get(`/mina-sidor/arenden/${reference}`);
    assert.match(residentPage.body, /Vi behöver fler uppgifter från dig/);

    // Moving on by hand withdraws the request: the resident is no longer asked, a new one can be made.
    assert.equal(
      (await karin.post(`${caseUrl(tenant, reference)}/status`, { status: 'inProgress' })).statusCode,
      303,
    );
    const withdrawn = await t.database.db
      .selectFrom('completionRequest')
      .select('answeredAt')
      .where('id', '=', request.id)
      .executeTakeFirstOrThrow();
    assert.ok(withdrawn.answeredAt, 'the open request is closed');
    await assert.rejects(
      t.app.services.caseHandling.completionForResident(
        { personId: anna.personId, sessionId: null },
        reference,
      ),
      {
        code: 'CASE_NOT_FOUND',
      },
    );
    const afterwards = await anna.get(`/mina-sidor/arenden/${reference}`);
    assert.match(afterwards.body, /Vi behöver inte längre kompletteringen/);
    const renewed = await karin.post(`${caseUrl(tenant, reference)}/komplettering`, {
      steps: 'child',
      message: 'Vilken skola?',
    });
    assert.equal(renewed.statusCode, 303, 'a new request can be made after the withdrawal');
  });

  test('queue filters: status, service, overdue, dates, free text and exact reference', async () => {
    const { tenant, karin, anna } = await setUp();
    const erik = await residentClient(t, ERIK);
    const first = await submitSchoolTransport(anna, tenant, 'Elsa');
    const second = await submitSchoolTransport(erik, tenant, 'Vilgot');
    await t.app.services.caseHandling.take(karin.actor, second);
    await t.app.services.caseHandling.changeStatus(karin.actor, second, 'inProgress', '');
    const refs = async (query: Record<string, string>) =>
      (await t.app.services.caseHandling.queue(karin.actor, parseQueueFilters(query), undefined, 25)).rows
        .map((row) => row.reference)
        .sort();
    assert.deepEqual(await refs({}), [first, second].sort());
    assert.deepEqual(await refs({ status: 'inProgress' }), [second]);
    assert.deepEqual(await refs({ tilldelad: 'ingen' }), [first]);
    assert.deepEqual(await refs({ sok: 'Vilgot' }), [second]);
    assert.deepEqual(await refs({ sok: 'Eriks' }), [second], 'prefix of the applicant’s name');
    assert.deepEqual(await refs({ sok: first }), [first]);
    assert.deepEqual(await refs({ sok: 'finnsinte' }), []);
    assert.deepEqual(await refs({ forsenade: 'ja' }), [], 'nothing is overdue yet');
    const today = new Date().toISOString().slice(0, 10);
    assert.deepEqual(await refs({ fran: '2020-01-01', till: '2020-12-31' }), []);
    assert.equal((await refs({ fran: '2020-01-01' })).length, 2);
    assert.ok(today);
    // Overdue: the first case's target time (5 days in "received") has passed when the due date is in the past.
    await t.database.db
      .updateTable('case')
      .set({ dueAt: new Date('2020-01-01T00:00:00Z') })
      .where('reference', '=', first)
      .execute();
    assert.deepEqual(await refs({ forsenade: 'ja' }), [first]);
    const page = await karin.get(`/${tenant.slug}/handlaggning/?forsenade=ja`);
    assert.match(page.body, /Försenat/);
  });

  test('keyset pages: every case exactly once, in order, and malformed cursors fall back to the first page', async () => {
    const { tenant, karin, anna } = await setUp();
    const references = [];
    for (let i = 0; i < 7; i++) references.push(await submitSchoolTransport(anna, tenant, `Barn${i}`));
    const seen: string[] = [];
    let cursor: QueueCursor | undefined;
    do {
      const page = await t.app.services.caseHandling.queue(karin.actor, parseQueueFilters({}), cursor, 3);
      seen.push(...page.rows.map((row) => row.reference));
      cursor = page.nextCursor;
    } while (cursor);
    assert.deepEqual(seen, [...references].reverse(), 'newest first, no duplicates, none missing');
    const oldest: string[] = [];
    cursor = undefined;
    do {
      const page = await t.app.services.caseHandling.queue(
        karin.actor,
        parseQueueFilters({ sortering: 'aldst' }),
        cursor,
        4,
      );
      oldest.push(...page.rows.map((row) => row.reference));
      cursor = page.nextCursor;
    } while (cursor);
    assert.deepEqual(oldest, references);
    const broken = await karin.get(`/${tenant.slug}/handlaggning/?efter=not-a-cursor`);
    assert.equal(broken.statusCode, 200);
    assert.match(broken.body, new RegExp(references[6] ?? 'x'));
  });
});

describe('the queue of a staff member in several units', () => {
  test('a staff member of two units gets both units’ cases in one queue, in order on every page', async () => {
    const tenant = await createTestTenant(t, ['skolskjuts', 'felanmalan']);
    const units = await createTestUnits(t, tenant);
    const johan = await staffClient(t, tenant, JOHAN, 'unitLead', [units.school, units.streets]);
    const karin = await staffClient(t, tenant, KARIN, 'officer', [units.school]);
    const anna = await residentClient(t, ANNA);
    const references: string[] = [];
    for (let i = 0; i < 3; i++) {
      references.push(await submitSchoolTransport(anna, tenant, `Barn${i}`));
      references.push(await submitFaultReport(anna, tenant, `Lampan vid hållplats ${i} är trasig`));
    }
    // Submitted an hour apart, alternating between the units; due in the opposite order.
    for (const [i, reference] of references.entries()) {
      await t.database.db
        .updateTable('case')
        .set({
          submittedAt: new Date(Date.UTC(2026, 0, 10, 8 + i)),
          dueAt: new Date(Date.UTC(2026, 1, 10, 20 - i)),
        })
        .where('reference', '=', reference)
        .execute();
    }
    const newestFirst = [...references].reverse();
    assert.deepEqual(await allPages(johan.actor, {}, 2), newestFirst, 'newest first across both units');
    assert.deepEqual(await allPages(johan.actor, {}, 25), newestFirst, 'one page');
    assert.deepEqual(await allPages(johan.actor, { sortering: 'aldst' }, 4), references);
    assert.deepEqual(
      await allPages(johan.actor, { sortering: 'forfaller' }, 2),
      newestFirst,
      'due soonest first',
    );
    assert.deepEqual(
      await allPages(johan.actor, { sok: 'hållplats' }, 2),
      newestFirst.filter((_, i) => i % 2 === 0),
      'filters apply in every unit',
    );
    const school = references.filter((_, i) => i % 2 === 0);
    assert.deepEqual(await allPages(karin.actor, {}, 2), [...school].reverse(), 'one unit: only its own');
    const page = await johan.get(`/${tenant.slug}/handlaggning/`);
    assert.equal(page.statusCode, 200);
    for (const reference of references) assert.match(page.body, new RegExp(reference));
    assert.match(page.body, /Ansökan om skolskjuts/);
    assert.match(page.body, /Felanmälan/);
  });
});
