/**
 * A submission writes its case, first history event and outbox entry in one statement (issue #4):
 * the same rows and values as the statements it replaced, and the reference as formatCaseReference
 * writes it, also past six digits. Also the internal note's limit of 10 000 characters.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { sql } from 'kysely';
import { createTestApp, type TestApp } from '../../test-support/app.ts';
import { createTestTenant, residentClient } from '../../test-support/fixtures.ts';
import { caseHandlingScene, createTestUnits, submitSchoolTransport } from '../../test-support/staff.ts';
import { formatCaseReference, swedishYear } from './model.ts';

let t: TestApp;
before(async () => {
  t = await createTestApp();
});
after(() => t.close());

const PARENT = { personalIdentityNumber: '198501012382', givenName: 'Anna', familyName: 'Andersson' };

async function notes(reference: string): Promise<string[]> {
  const rows = await t.database.db
    .selectFrom('caseEvent')
    .innerJoin('case', 'case.id', 'caseEvent.caseId')
    .select('caseEvent.data')
    .where('case.reference', '=', reference)
    .where('caseEvent.type', '=', 'note')
    .execute();
  return rows.map((row) => String((row.data as { text?: string }).text));
}

describe('submitted case', () => {
  test('writes the case, its history event and its outbox entry with the reference', async () => {
    const tenant = await createTestTenant(t, ['skolskjuts']);
    const units = await createTestUnits(t, tenant);
    const anna = await residentClient(t, PARENT);
    const reference = await submitSchoolTransport(anna, tenant);
    const year = swedishYear(new Date());
    assert.equal(reference, formatCaseReference(tenant.referencePrefix, year, 1));
    const db = t.database.db;
    const row = await db
      .selectFrom('case')
      .select([
        'id',
        'applicantPersonId',
        'applicantName',
        'unitId',
        'status',
        'statusCategory',
        'dueAt',
        'submittedAt',
      ])
      .where('reference', '=', reference)
      .executeTakeFirstOrThrow();
    assert.equal(row.applicantName, 'Anna Andersson');
    assert.equal(row.unitId, units.school);
    assert.deepEqual([row.status, row.statusCategory], ['received', 'received']);
    assert.equal(
      row.dueAt?.getTime(),
      row.submittedAt.getTime() + 5 * 86_400_000,
      'target days of "received"',
    );
    const events = await db
      .selectFrom('caseEvent')
      .select(['type', 'actor', 'data', 'visibility'])
      .where('caseId', '=', row.id)
      .execute();
    assert.deepEqual(events, [
      {
        type: 'submitted',
        actor: { kind: 'resident', personId: row.applicantPersonId, name: 'Anna Andersson' },
        data: { reference },
        visibility: 'resident',
      },
    ]);
    const outbox = await db
      .selectFrom('outbox')
      .select(['topic', 'payload', 'caseId'])
      .where('topic', '=', 'case.submitted')
      .where(sql<boolean>`payload ->> 'caseId' = ${row.id}`)
      .execute();
    assert.deepEqual(outbox, [
      {
        topic: 'case.submitted',
        payload: { caseId: row.id, reference, personId: row.applicantPersonId },
        caseId: row.id,
      },
    ]);
    const draft = await db
      .selectFrom('draft')
      .select(['status', 'caseId'])
      .where('caseId', '=', row.id)
      .executeTakeFirstOrThrow();
    assert.equal(draft.status, 'submitted');
  });

  test('numbers past six digits the way formatCaseReference does', async () => {
    const tenant = await createTestTenant(t, ['skolskjuts']);
    const year = swedishYear(new Date());
    await t.database.db
      .insertInto('caseReferenceCounter')
      .values({ tenantId: tenant.id, year, lastValue: 999_999 })
      .execute();
    const anna = await residentClient(t, PARENT);
    await submitSchoolTransport(anna, tenant);
    const { reference } = await t.database.db
      .selectFrom('case')
      .select('reference')
      .where('tenantId', '=', tenant.id)
      .executeTakeFirstOrThrow();
    assert.equal(reference, formatCaseReference(tenant.referencePrefix, year, 1_000_000));
    assert.match(reference, /-1000000$/);
  });
});

describe('the internal note’s limit', () => {
  test('a note over 10 000 characters is refused with a Swedish field error and summary; 10 000 are kept whole', async () => {
    const { tenant, karin, anna } = await caseHandlingScene(t);
    const reference = await submitSchoolTransport(anna, tenant);
    const notePath = `/${tenant.slug}/handlaggning/arenden/${reference}/anteckning`;
    const refused = await karin.post(notePath, { note: 'å'.repeat(10_001) });
    assert.equal(refused.statusCode, 400);
    assert.match(refused.body, /class="error-summary"/);
    assert.equal(
      refused.body.match(/Anteckningen får vara högst 10 000 tecken/g)?.length,
      2,
      'summary and field',
    );
    assert.deepEqual(await notes(reference), []);

    const kept = await karin.post(notePath, { note: 'å'.repeat(10_000) });
    assert.equal(kept.statusCode, 303);
    assert.deepEqual(await notes(reference), ['å'.repeat(10_000)]);
  });
});
