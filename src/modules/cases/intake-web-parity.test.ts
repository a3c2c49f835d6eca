/**
 * The web submit keeps its one-statement fast path (decision 0005) and writes exactly what the
 * intake use case writes for the same answers through the channel `web`: the case row, its first
 * history event, its outbox entry and the binding of its attachment (ids, references and times aside).
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { sql } from 'kysely';
import type { Tenant } from '../../platform/tenancy/tenant-service.ts';
import { createTestApp, type TestApp } from '../../test-support/app.ts';
import type { TestClient } from '../../test-support/client.ts';
import { fillFaultReport } from '../../test-support/fault-reports.ts';
import { ANNA, createTestTenant, residentClient } from '../../test-support/fixtures.ts';
import { createTestUnits } from '../../test-support/staff.ts';

let t: TestApp;
before(async () => {
  t = await createTestApp();
});
after(() => t.close());

/** A fault report with a photo, every step answered; the draft's id. */
async function fillFaultReportWithPhoto(
  client: TestClient,
  tenant: Tenant,
): Promise<{ base: string; draftId: string }> {
  const { base, refused } = await fillFaultReport(client, tenant, {
    description: 'Lampan blinkar',
    email: 'anna@example.se',
    photo: 'lampa.png',
  });
  assert.equal(refused, undefined);
  return { base, draftId: base.split('/').pop() as string };
}

/** What a case wrote, without what differs by nature between two cases (ids, reference, times). */
async function writtenRows(caseId: string) {
  const db = t.database.db;
  const row = await db.selectFrom('case').selectAll().where('id', '=', caseId).executeTakeFirstOrThrow();
  const { id, reference, draftId, submittedAt, updatedAt, statusChangedAt, dueAt, search, answers, ...rest } =
    row as typeof row & { search: unknown };
  assert.ok(id && reference && draftId && search && updatedAt && statusChangedAt);
  const photos = (answers.photos as { attachmentId: string }[]).map(({ attachmentId, ...file }) => file);
  const events = await db
    .selectFrom('caseEvent')
    .select(['type', 'actor', 'data', 'visibility'])
    .where('caseId', '=', caseId)
    .execute();
  const outbox = await db
    .selectFrom('outbox')
    .select(['topic', 'payload'])
    .where(sql<boolean>`payload ->> 'caseId' = ${caseId}`)
    .execute();
  const files = await db
    .selectFrom('attachment')
    .select(['fieldId', 'filename', 'contentType', 'sizeBytes', 'tenantId'])
    .where('caseId', '=', caseId)
    .execute();
  const draft = await db
    .selectFrom('draft')
    .select(['status', 'caseId'])
    .where('id', '=', draftId as string)
    .executeTakeFirstOrThrow();
  return {
    case: { ...rest, answers: { ...answers, photos }, dueAfterMs: Number(dueAt) - Number(submittedAt) },
    events: events.map((event) => ({
      ...event,
      data: { ...event.data, reference: event.data.reference === reference },
    })),
    outbox: outbox.map(({ topic, payload }) => ({
      topic,
      payload: { ...payload, caseId: true, reference: true },
    })),
    files,
    draft: { status: draft.status, boundToCase: draft.caseId === caseId },
  };
}

describe('intake through the web channel', () => {
  test('writes the same case, event, outbox entry and attachment binding as the web submit', async () => {
    const tenant = await createTestTenant(t, ['felanmalan']);
    await createTestUnits(t, tenant);
    const anna = await residentClient(t, ANNA);
    const db = t.database.db;

    const submitted = await fillFaultReportWithPhoto(anna, tenant);
    assert.equal((await anna.post(`${submitted.base}/skicka`)).statusCode, 303);
    const webCase = await db
      .selectFrom('case')
      .select('id')
      .where('draftId', '=', submitted.draftId)
      .executeTakeFirstOrThrow();

    const other = await fillFaultReportWithPhoto(anna, tenant);
    const draft = await db
      .selectFrom('draft')
      .select(['serviceVersionId', 'answers'])
      .where('id', '=', other.draftId)
      .executeTakeFirstOrThrow();
    const photo = (draft.answers.photos as { attachmentId: string }[])[0]?.attachmentId as string;
    const opened = await t.app.services.cases.openCase({
      tenant,
      serviceVersionId: draft.serviceVersionId,
      answers: draft.answers,
      applicant: { kind: 'person', ...ANNA },
      channel: { channel: 'web' },
      registeredBy: { kind: 'resident', id: anna.personId },
      attachmentIds: [photo],
      draftId: other.draftId,
    });

    const web = await writtenRows(webCase.id);
    const intake = await writtenRows(opened.id);
    assert.deepEqual(intake, web);
    // The comparison is not vacuous: the rows say what both paths must write.
    assert.equal(web.case.channel, 'web');
    assert.equal(web.case.registeredByKind, 'resident');
    assert.equal(web.case.registeredById, anna.personId);
    assert.equal(web.case.registeredByLabel, 'Anna Andersson');
    assert.equal(web.case.applicantKind, 'person');
    assert.equal(web.events.length, 1);
    assert.equal(web.outbox.length, 1);
    assert.equal(web.files.length, 1);
    assert.deepEqual(web.draft, { status: 'submitted', boundToCase: true });
  });
});
