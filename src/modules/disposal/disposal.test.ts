/**
 * Retention and disposal end to end (issue #14, decision 0031), with the run's clock moved years
 * ahead: what goes and what stays of a disposed case (rows, files, the append-only tables'
 * pseudonyms, the statistics), an archived case, cases not due or open, fault reports, runs side by
 * side, a run that dies before deleting its files, abandoned drafts, the log line, and the page.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { sql } from 'kysely';
import { buildApp } from '../../app.ts';
import { loadConfig } from '../../config.ts';
import { createTestApp, type TestApp } from '../../test-support/app.ts';
import { TINY_PNG } from '../../test-support/client.ts';
import { anonymousClient, faultScene, INSIDE, reportViaWeb } from '../../test-support/fault-reports.ts';
import { ANNA } from '../../test-support/fixtures.ts';
import {
  caseHandlingScene,
  EVA,
  MATS,
  staffClient,
  submitSchoolTransport,
} from '../../test-support/staff.ts';
import { abandonedDraftDisposal, draftsOfCaseDisposal } from '../applications/disposal.ts';
import { parseQueueFilters } from '../case-handling/queue-model.ts';
import { createCaseRecordDisposal } from '../cases/disposal.ts';
import { DEFAULT_APPEAL_INFORMATION } from '../decisions/model.ts';
import { runDisposalJob } from './job.ts';
import { createDisposalService } from './service.ts';

let t: TestApp;
before(async () => {
  t = await createTestApp();
});
after(() => t.close());

const DAY = 24 * 3600_000;
const yearsAfter = (at: Date, years: number, days = 0) => {
  const moved = new Date(at);
  moved.setUTCFullYear(moved.getUTCFullYear() + years);
  return new Date(moved.getTime() + days * DAY);
};
const caseUrl = (slug: string, reference: string) => `/${slug}/handlaggning/arenden/${reference}`;
const fileExists = (key: string) => fs.existsSync(path.join(t.filesDir, key.slice(0, 2), key));

async function caseOf(reference: string) {
  return t.database.db
    .selectFrom('case')
    .selectAll()
    .where('reference', '=', reference)
    .executeTakeFirstOrThrow();
}

/** Every stored file of a case: its attachments, its messages' attachments, its decision letters. */
async function filesOf(caseId: string): Promise<string[]> {
  const db = t.database.db;
  const [attachments, messageFiles, letters] = await Promise.all([
    db.selectFrom('attachment').select('storageKey').where('caseId', '=', caseId).execute(),
    db
      .selectFrom('messageAttachment as a')
      .innerJoin('caseMessage as m', 'm.id', 'a.messageId')
      .select('a.storageKey')
      .where('m.caseId', '=', caseId)
      .execute(),
    db.selectFrom('decision').select('letterStorageKey as storageKey').where('caseId', '=', caseId).execute(),
  ]);
  return [...attachments, ...messageFiles, ...letters].flatMap((row) => row.storageKey ?? []);
}

const GRANT = {
  outcome: 'granted',
  justification: 'Anna Andersson bor sju kilometer från skolan.',
  legalBasis: '10 kap. 32 § skollagen (2010:800)',
  validFrom: '2026-08-17',
  validTo: '2027-06-11',
  appealInformation: DEFAULT_APPEAL_INFORMATION,
};

/**
 * A school-transport case with everything a case gathers: a completion request with the resident's
 * unfinished completion draft, a message with a photo, a share with another unit whose reason names
 * the child, a decision with its letter; then closed.
 */
async function closedSchoolCase(scene: Awaited<ReturnType<typeof caseHandlingScene>>) {
  const { tenant, karin, anna } = scene;
  const reference = await submitSchoolTransport(anna, tenant);
  const url = caseUrl(tenant.slug, reference);
  assert.equal((await karin.post(`${url}/ta`)).statusCode, 303);
  assert.equal((await karin.post(`${url}/status`, { status: 'inProgress' })).statusCode, 303);
  const asked = await karin.post(`${url}/komplettering`, { steps: 'need', message: 'Hur lång är vägen?' });
  assert.equal(asked.statusCode, 303);
  assert.equal((await anna.post(`/mina-sidor/arenden/${reference}/komplettera`)).statusCode, 303);
  assert.equal((await karin.post(`${url}/status`, { status: 'inProgress' })).statusCode, 303);
  const photo = {
    field: 'files',
    filename: 'busshallplats.png',
    contentType: 'image/png',
    content: TINY_PNG,
  };
  const sent = await anna.postMultipart(`/mina-sidor/arenden/${reference}/meddelanden`, { body: 'Hej!' }, [
    photo,
  ]);
  assert.equal(sent.statusCode, 303);
  await t.app.services.caseHandling.shareCase(karin.actor, reference, {
    unitId: scene.units.streets,
    reason: 'Elsa behöver följas förbi vägarbetet',
    endsOn: new Date(Date.now() + 30 * DAY).toISOString().slice(0, 10),
  });
  await t.app.services.decisions.recordDecision(karin.actor, reference, GRANT);
  assert.equal((await karin.post(`${url}/status`, { status: 'closed' })).statusCode, 303);
  return caseOf(reference);
}

describe('disposal of a closed case whose retention has ended', () => {
  test('answers, files, messages, drafts and the person go; statistics and the record of the act stay', async () => {
    const scene = await caseHandlingScene(t);
    const { tenant, karin, anna } = scene;
    const closed = await closedSchoolCase(scene);
    const open = await caseOf(await submitSchoolTransport(anna, tenant, 'Mira'));
    const files = await filesOf(closed.id);
    assert.equal(files.length, 2, 'the message photo and the decision letter');
    assert.ok(files.every(fileExists));
    const closedAt = new Date(closed.closedAt ?? 0);
    const run = (now: Date) => t.app.services.disposal.run({ now, tenantIds: [tenant.id] });
    // The child's personnummer finds the closed case through its keyed hash (decision 0034).
    const foundByChild = async () =>
      (
        await t.app.services.caseHandling.queue(
          karin.actor,
          parseQueueFilters({ sok: '20160102-2385', avslutade: 'ja' }),
          undefined,
          25,
        )
      ).rows.map((found) => found.reference);
    assert.deepEqual(await foundByChild(), [closed.reference]);
    assert.ok(closed.sealedKeyId && closed.personalIdentityNumberHashes?.length === 1);

    const early = await run(yearsAfter(closedAt, 3, -1));
    assert.equal(early.disposed, 0, 'skolskjuts keeps closed cases three years (P3Y)');
    assert.equal((await caseOf(closed.reference)).disposedAt, null);

    const due = await run(yearsAfter(closedAt, 3, 1));
    assert.deepEqual(due.cases, [{ reference: closed.reference, service: 'skolskjuts', action: 'disposed' }]);
    assert.equal(due.files, 2);
    assert.ok(!files.some(fileExists), 'the stored files are gone');

    const row = await caseOf(closed.reference);
    assert.deepEqual(row.answers, {});
    assert.deepEqual(
      [row.sealedKeyId, row.personalIdentityNumberHashes],
      [null, null],
      'nothing sealed left',
    );
    assert.deepEqual(await foundByChild(), [], 'no personnummer finds it any more');
    for (const gone of ['applicantPersonId', 'applicantName', 'draftId', 'registeredById'] as const)
      assert.equal(row[gone], null, gone);
    assert.ok(row.disposedAt);
    for (const kept of [
      'serviceId',
      'unitId',
      'status',
      'statusCategory',
      'channel',
      'applicantKind',
    ] as const)
      assert.deepEqual(row[kept], closed[kept], kept);
    assert.deepEqual([row.submittedAt, row.closedAt], [closed.submittedAt, closed.closedAt]);

    const db = t.database.db;
    const left = await Promise.all([
      db.selectFrom('draft').select('id').where('caseId', '=', closed.id).execute(),
      db.selectFrom('draft').select('id').where('completesCaseId', '=', closed.id).execute(),
      db.selectFrom('attachment').select('id').where('caseId', '=', closed.id).execute(),
      db.selectFrom('caseMessage').select('id').where('caseId', '=', closed.id).execute(),
      db.selectFrom('completionRequest').select('id').where('caseId', '=', closed.id).execute(),
    ]);
    assert.deepEqual(
      left.map((rows) => rows.length),
      [0, 0, 0, 0, 0],
      'drafts (submitted and completion), attachments, messages, completion requests',
    );

    const [decision] = await db.selectFrom('decision').selectAll().where('caseId', '=', closed.id).execute();
    assert.equal(decision?.outcome, 'granted', 'the decision stays as the record of the act');
    assert.equal(decision?.decidedByName, 'Karin Berg', 'an official act keeps who did it');
    assert.equal(decision?.justification, '');
    assert.equal(decision?.letterStorageKey, null);

    const events = await db
      .selectFrom('caseEvent')
      .select(['type', 'actor', 'data', 'sealedKeyId'])
      .where('caseId', '=', closed.id)
      .execute();
    assert.ok(events.length >= 6, 'the history stays');
    assert.ok(
      events.every((event) => event.sealedKeyId === null),
      'no event keeps sealed answers',
    );
    const submitted = events.find((event) => event.type === 'submitted');
    assert.deepEqual(submitted?.actor, { kind: 'resident', name: 'Gallrad person 1' });
    const audit = await db.selectFrom('auditLog').selectAll().where('caseId', '=', closed.id).execute();
    assert.ok(
      audit.some((entry) => entry.actorName === 'Gallrad person 1'),
      'the resident’s acts are pseudonymised',
    );
    assert.ok(audit.some((entry) => entry.actorName === 'Karin Berg'));
    const outbox = await db.selectFrom('outbox').select('payload').where('caseId', '=', closed.id).execute();
    const shares = await db.selectFrom('caseShare').selectAll().where('caseId', '=', closed.id).execute();
    assert.deepEqual(
      shares.map((share) => [share.unitId, share.reason, share.sharedByName]),
      [[scene.units.streets, '(gallrad)', 'Karin Berg']],
      'who could read the case stays; why, in the officer’s words, goes',
    );
    const shared = audit.find((entry) => entry.action === 'case.shared');
    assert.equal(shared?.details.unitId, scene.units.streets);
    assert.equal('reason' in (shared?.details ?? {}), false, 'the audit entry keeps the act, not the reason');
    const kept = JSON.stringify({ events, audit, outbox, decision, shares });
    for (const personal of [anna.personId, ANNA.personalIdentityNumber, 'Andersson', 'Elsa', '201601022385'])
      assert.ok(!kept.includes(personal), `no trace of ${personal}`);
    const disposedEntry = audit.find((entry) => entry.action === 'case.disposed');
    assert.deepEqual(disposedEntry?.details.reference, closed.reference);

    const figures = await t.app.services.cases.monthlyFigures(tenant.id, new Date(Date.now() - DAY), {});
    const counted = figures.find((figure) => figure.serviceId === closed.serviceId);
    assert.deepEqual([counted?.received, counted?.decided], [2, 1], 'open data still counts it');
    const mine = await t.app.services.cases.casesOfPerson(anna.personId);
    assert.ok(![...mine.ongoing, ...mine.closed].some((c) => c.reference === closed.reference));
    const page = await karin.get(caseUrl(tenant.slug, closed.reference));
    assert.equal(page.statusCode, 200, 'the officer can still open what is left');
    assert.doesNotMatch(page.body, /Andersson|Elsa/);
    assert.match(page.body, /Gallrat/, 'the decision letter is marked as disposed of');

    assert.equal((await run(yearsAfter(closedAt, 50))).disposed, 0, 'once only; the open case never');
    assert.equal((await caseOf(open.reference)).disposedAt, null);
    assert.deepEqual((await caseOf(open.reference)).answers, open.answers);
  });

  test('the append-only tables stay append-only outside that one narrow exception', async () => {
    const scene = await caseHandlingScene(t);
    const closed = await closedSchoolCase(scene);
    const db = t.database.db;
    const entry = await db
      .selectFrom('auditLog')
      .select('id')
      .where('caseId', '=', closed.id)
      .executeTakeFirstOrThrow();
    const allow = sql`select set_config('ingang.disposal', 'on', true)`;
    const rename = (trx: typeof db) =>
      trx.updateTable('auditLog').set({ actorName: 'X' }).where('id', '=', entry.id).execute();
    await assert.rejects(rename(db), /append-only/, 'no exception outside a disposal');
    await assert.rejects(
      db.transaction().execute(async (trx) => {
        await allow.execute(trx);
        await rename(trx);
      }),
      /append-only/,
      'nor for a case not disposed of',
    );
    await t.app.services.disposal.run({
      now: yearsAfter(new Date(closed.closedAt ?? 0), 4),
      tenantIds: [scene.tenant.id],
    });
    for (const change of [
      (trx: typeof db) =>
        trx.updateTable('auditLog').set({ action: 'case.read' }).where('id', '=', entry.id).execute(),
      (trx: typeof db) => trx.deleteFrom('auditLog').where('id', '=', entry.id).execute(),
      (trx: typeof db) =>
        trx.updateTable('decision').set({ outcome: 'rejected' }).where('caseId', '=', closed.id).execute(),
    ])
      await assert.rejects(
        db.transaction().execute(async (trx) => {
          await allow.execute(trx);
          await change(trx);
        }),
        /append-only/,
        'only person links, names and free text may change, and nothing may be deleted',
      );
  });
});

describe('archive, fault reports, runs side by side', () => {
  test('an archive service’s case is kept whole and read-only, listed for transfer, shown to admins and the DPO only', async () => {
    const scene = await caseHandlingScene(t);
    const { tenant, karin } = scene;
    // The tenant's school transport, version 2: kept six months, then archived.
    const catalogue = t.app.services.catalogue;
    const [v1] = await catalogue.versions(tenant.id, 'skolskjuts');
    const definition = { ...v1?.definition, retentionPeriod: 'P6M' } as Record<string, unknown>;
    definition.privacy = { ...(v1?.definition.privacy ?? {}), atRetentionEnd: 'archive' };
    const draft = await catalogue.saveDraft(tenant.id, definition);
    await catalogue.publish(tenant.id, draft.id, new Date(Date.now() - 60_000));
    const closed = await closedSchoolCase(scene);
    assert.equal(closed.serviceVersionId, draft.id);
    const files = await filesOf(closed.id);

    const admin = await staffClient(t, tenant, MATS, 'admin', []);
    const before = await admin.get(`/${tenant.slug}/handlaggning/admin/gallring`);
    assert.equal(before.statusCode, 200);
    assert.match(before.body, /<h1>Gallring<\/h1>/);
    assert.match(before.body, /Kommande gallring och arkivering/);
    assert.match(before.body, /<abbr title="P6M">6 mån\.<\/abbr><\/td><td>Arkiveras/);
    assert.match(before.body, /<abbr title="P3Y">3 år<\/abbr><\/td><td>Gallras/);
    assert.match(
      before.body,
      /Ansökan om skolskjuts<\/th><td>0<\/td><td>\d{4}-\d{2}-\d{2}<\/td><td>1<\/td><td>0</,
    );
    assert.equal((await karin.get(`/${tenant.slug}/handlaggning/admin/gallring`)).statusCode, 403);
    const dpo = await staffClient(t, tenant, EVA, 'dataProtectionOfficer', []);
    const reviewed = await dpo.get(`/${tenant.slug}/handlaggning/admin/gallring`);
    assert.equal(reviewed.statusCode, 200, 'the data protection officer reviews what is due');
    assert.match(reviewed.body, /<abbr title="P6M">6 mån\.<\/abbr><\/td><td>Arkiveras/);

    const result = await t.app.services.disposal.run({
      now: yearsAfter(new Date(closed.closedAt ?? 0), 0, 190),
      tenantIds: [tenant.id],
    });
    assert.deepEqual(result.cases, [
      { reference: closed.reference, service: 'skolskjuts', action: 'archived' },
    ]);
    const row = await caseOf(closed.reference);
    assert.ok(row.archivedAt);
    assert.deepEqual([row.answers, row.applicantName], [closed.answers, closed.applicantName], 'kept whole');
    assert.ok(files.length === 2 && files.every(fileExists), 'the letter and the photo stay');
    const open = await t.database.db
      .selectFrom('draft')
      .select('id')
      .where('completesCaseId', '=', closed.id)
      .where('status', '=', 'open')
      .execute();
    assert.equal(open.length, 0, 'a completion never sent is not part of the record');
    await assert.rejects(
      t.database.db.updateTable('case').set({ status: 'inProgress' }).where('id', '=', closed.id).execute(),
      /archived and read-only/,
    );
    const after = await admin.get(`/${tenant.slug}/handlaggning/admin/gallring`);
    assert.match(after.body, new RegExp(`<th scope="row">${closed.reference}</th><td>Ansökan om skolskjuts`));
    assert.match(after.body, new RegExp(`Ärende arkiverat</td><td>${closed.reference}</td>`));
  });
  test('fault reports keep category, dates and a coarse place; two runs side by side dispose of each once', async () => {
    const scene = await faultScene(t);
    const { tenant, peter } = scene;
    const reported = [];
    for (const street of ['Storgatan 3', 'Lillgatan 5', 'Torget 1']) {
      const reporter = anonymousClient(t);
      const place = { address: street, ...INSIDE, latitude: 59.20337 };
      const { reference } = await reportViaWeb(reporter, tenant, {
        ...place,
        photo: 'lampa.png',
        email: 'x@example.se',
      });
      const url = caseUrl(tenant.slug, reference);
      assert.equal((await peter.post(`${url}/ta`)).statusCode, 303);
      assert.equal((await peter.post(`${url}/status`, { status: 'closed', message: '' })).statusCode, 303);
      reported.push(await caseOf(reference));
    }
    const files = (await Promise.all(reported.map((row) => filesOf(row.id)))).flat();
    assert.equal(files.length, 3);
    const now = yearsAfter(new Date(), 2, 2);
    const runs = await Promise.all(
      [0, 1].map(() => t.app.services.disposal.run({ now, tenantIds: [tenant.id] })),
    );
    assert.deepEqual(
      runs.flatMap((run) => run.cases.map((c) => c.reference)).sort(),
      reported.map((row) => row.reference).sort(),
      'each case by exactly one of the runs',
    );
    assert.ok(!files.some(fileExists));
    const audit = await t.database.db
      .selectFrom('auditLog')
      .select('caseId')
      .where('tenantId', '=', tenant.id)
      .where('action', '=', 'case.disposed')
      .execute();
    assert.equal(audit.length, 3, 'one audit entry per case');
    for (const row of reported) {
      const report = await t.database.db
        .selectFrom('faultReport')
        .selectAll()
        .where('caseId', '=', row.id)
        .executeTakeFirstOrThrow();
      assert.deepEqual([report.latitude, report.longitude], [59.205, 17.61], 'the centre of its 1 km cell');
      assert.equal(report.followTokenHash, null);
      assert.equal((await caseOf(row.reference)).applicantContact, null);
    }
    const published = await t.app.services.faultReports.reportsForExport(
      tenant.id,
      new Date(Date.now() - DAY),
      10,
    );
    assert.deepEqual(
      published.map((report) => report.category),
      ['street-lighting', 'street-lighting', 'street-lighting'],
      'open data still publishes them',
    );
  });
});

describe('files, drafts, sessions and the log', () => {
  test('a run that dies before deleting its files leaves them queued; the next run deletes them', async () => {
    const scene = await faultScene(t);
    const { reference } = await reportViaWeb(anonymousClient(t), scene.tenant, { photo: 'lampa.png' });
    const url = caseUrl(scene.tenant.slug, reference);
    assert.equal((await scene.peter.post(`${url}/ta`)).statusCode, 303);
    assert.equal((await scene.peter.post(`${url}/status`, { status: 'closed' })).statusCode, 303);
    const [key] = await filesOf((await caseOf(reference)).id);
    assert.ok(key && fileExists(key));
    const storage = t.app.services.storage;
    const dying = await buildApp({
      config: loadConfig({
        DATA_DIR: ':memory:',
        PUBLIC_URL: 'http://localhost:3000',
        DATABASE_URL: process.env.DATABASE_URL ?? '',
      }),
      database: t.database,
      storage: { ...storage, remove: async () => Promise.reject(new Error('the process died')) },
      logger: false,
    });
    const now = yearsAfter(new Date(), 3);
    try {
      await assert.rejects(
        dying.services.disposal.run({ now, tenantIds: [scene.tenant.id] }),
        /the process died/,
      );
    } finally {
      await dying.close();
    }
    assert.ok((await caseOf(reference)).disposedAt, 'the case’s transaction had committed');
    assert.ok(fileExists(key), 'its file was not deleted yet');
    const queued = await t.database.db
      .selectFrom('disposalFile')
      .select('storageKey')
      .where('storageKey', '=', key)
      .execute();
    assert.equal(queued.length, 1, 'but it is queued');
    const next = await t.app.services.disposal.run({ now, tenantIds: [scene.tenant.id] });
    assert.equal(next.disposed, 0);
    assert.ok(!fileExists(key), 'the next run deleted it');
    assert.equal(
      (
        await t.database.db
          .selectFrom('disposalFile')
          .select('storageKey')
          .where('storageKey', '=', key)
          .execute()
      ).length,
      0,
    );
  });

  test('a case whose disposal fails is rolled back whole and passed over; the others go on', async () => {
    const scene = await faultScene(t);
    const references: string[] = [];
    for (const street of ['Norra vägen 1', 'Södra vägen 2']) {
      const { reference } = await reportViaWeb(anonymousClient(t), scene.tenant, {
        address: street,
        photo: 'a.png',
      });
      const url = caseUrl(scene.tenant.slug, reference);
      assert.equal((await scene.peter.post(`${url}/ta`)).statusCode, 303);
      assert.equal((await scene.peter.post(`${url}/status`, { status: 'closed' })).statusCode, 303);
      references.push(reference);
    }
    const [broken, fine] = references as [string, string];
    const services = t.app.services;
    const failing = {
      async dispose(_trx: unknown, target: { reference: string }) {
        if (target.reference === broken) throw new Error('the part broke on "Anna Andersson"');
        return {};
      },
    };
    const disposal = createDisposalService({
      db: t.database.db,
      tenants: services.tenants,
      catalogue: services.catalogue,
      storage: services.storage,
      sessions: services.sessions,
      record: createCaseRecordDisposal(t.database.db),
      parts: [draftsOfCaseDisposal, failing],
      drafts: abandonedDraftDisposal,
      settings: { abandonedDraftDays: 90, anonymousDraftHours: 24, intervalMinutes: 0 },
      now: () => new Date(),
    });
    const keys = await filesOf((await caseOf(broken)).id);
    const result = await disposal.run({ now: yearsAfter(new Date(), 3), tenantIds: [scene.tenant.id] });
    assert.deepEqual(
      result.cases.map((c) => c.reference),
      [fine],
    );
    assert.deepEqual(
      result.failed.map((failure) => failure.reference),
      [broken],
    );
    assert.doesNotMatch(JSON.stringify(result.failed), /Anna/, 'the error text is masked');
    const row = await caseOf(broken);
    assert.equal(row.disposedAt, null, 'nothing of it was disposed of');
    assert.notDeepEqual(row.answers, {});
    assert.deepEqual(await filesOf(row.id), keys, 'its attachment rows are back');
    assert.ok(keys.length === 1 && keys.every(fileExists), 'and its file is still there');
  });

  test('abandoned drafts and anonymous visitors’ drafts and expired sessions go; the log line names nobody', async () => {
    const scene = await caseHandlingScene(t);
    const { tenant, anna } = scene;
    await anna.get(`/${tenant.slug}/e-tjanster/skolskjuts`);
    assert.equal((await anna.post(`/${tenant.slug}/e-tjanster/skolskjuts/starta`)).statusCode, 303);
    const visitor = anonymousClient(t);
    await visitor.get(`/${tenant.slug}/e-tjanster/felanmalan`);
    const started = await visitor.post(`/${tenant.slug}/e-tjanster/felanmalan/starta`);
    const base = String(started.headers.location).replace(/\/steg\/[^/]+$/, '');
    await visitor.post(`${base}/steg/what`, {
      category: 'street-lighting',
      description: 'Anna Andersson ringde',
    });
    const photo = { field: 'photos', filename: 'lampa.png', contentType: 'image/png', content: TINY_PNG };
    const where = await visitor.postMultipart(`${base}/steg/where`, { 'location.address': 'Storgatan 1' }, [
      photo,
    ]);
    assert.equal(where.statusCode, 303, where.body);
    const db = t.database.db;
    const drafts = () =>
      db
        .selectFrom('draft')
        .select(['id', 'personId'])
        .where('tenantId', '=', tenant.id)
        .where('status', '=', 'open')
        .execute();
    assert.equal((await drafts()).length, 2);
    const [photoRow] = await db
      .selectFrom('attachment')
      .select('storageKey')
      .where('tenantId', '=', tenant.id)
      .execute();
    assert.ok(photoRow && fileExists(photoRow.storageKey));
    const expired = `expired-${Date.now()}`;
    await db
      .insertInto('session')
      .values({
        id: expired,
        personId: null,
        data: JSON.stringify({ csrfToken: 'x' }),
        expiresAt: new Date(Date.now() - 60_000),
      })
      .execute();

    const lines: Record<string, unknown>[] = [];
    const log = {
      info: (object: Record<string, unknown>) => lines.push(object),
      warn: (object: Record<string, unknown>) => assert.fail(JSON.stringify(object)),
    };
    await runDisposalJob(t.app.services.disposal, log, {
      now: new Date(Date.now() + 2 * DAY),
      tenantIds: [tenant.id],
    });
    assert.deepEqual(
      (await drafts()).map((draft) => draft.personId),
      [anna.personId],
      'the visitor’s draft went after a day',
    );
    assert.ok(!fileExists(photoRow.storageKey), 'with its photo');
    assert.equal((await db.selectFrom('session').select('id').where('id', '=', expired).execute()).length, 0);
    await runDisposalJob(t.app.services.disposal, log, {
      now: new Date(Date.now() + 91 * DAY),
      tenantIds: [tenant.id],
    });
    assert.deepEqual(await drafts(), [], 'the resident’s draft after 90 days untouched');

    const closed = await closedSchoolCase(scene);
    await runDisposalJob(t.app.services.disposal, log, {
      now: yearsAfter(new Date(), 3, 2),
      tenantIds: [tenant.id],
    });
    const text = JSON.stringify(lines);
    assert.match(text, new RegExp(`${closed.reference} skolskjuts disposed`));
    assert.match(text, /"anonymousDrafts":1/);
    for (const personal of [
      ANNA.personalIdentityNumber,
      '201601022385',
      'Anna',
      'Andersson',
      'Elsa',
      anna.personId,
    ])
      assert.ok(!text.includes(personal), `the log does not name ${personal}`);
    const logged = await db
      .selectFrom('disposalLog')
      .select(['action', 'counts'])
      .where('tenantId', '=', tenant.id)
      .orderBy('id')
      .execute();
    assert.deepEqual(
      logged.map((entry) => entry.action),
      ['drafts.removed', 'drafts.removed', 'case.disposed'],
    );
    assert.deepEqual(logged[0]?.counts, { anonymousDrafts: 1, files: 1 });
  });
});
