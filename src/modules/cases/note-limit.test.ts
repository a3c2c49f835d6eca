/** An internal note has a limit (10 000 characters): a longer one is refused next to the field, never cut. */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { createTestApp, type TestApp } from '../../test-support/app.ts';
import { caseHandlingScene, submitSchoolTransport } from '../../test-support/staff.ts';

let t: TestApp;
before(async () => {
  t = await createTestApp();
});
after(() => t?.close());

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
