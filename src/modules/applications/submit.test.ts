/**
 * Submitting in one statement (issue #4): the common case commits the case and closes the draft
 * without a transaction round trip; a draft that moved between its load and that statement — a
 * concurrent submit, a step saved in another tab — goes through the locking transaction instead,
 * so there is still exactly one case per draft, made from the answers the draft has.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Tenant } from '../../platform/tenancy/tenant-service.ts';
import { createTestApp, type TestApp } from '../../test-support/app.ts';
import { ANNA, createTestTenant, residentClient } from '../../test-support/fixtures.ts';
import { fillSchoolTransport } from '../../test-support/staff.ts';

let t: TestApp;
before(async () => {
  t = await createTestApp();
});
after(() => t.close());

async function casesOfTenant(tenant: Tenant) {
  return t.database.db
    .selectFrom('case')
    .select(['reference', 'draftId', 'answers'])
    .where('tenantId', '=', tenant.id)
    .execute();
}

describe('submit', () => {
  test('twenty submits of one draft at once make one case, and every answer leads to it', async () => {
    const tenant = await createTestTenant(t, ['skolskjuts']);
    const anna = await residentClient(t, ANNA);
    const { base } = await fillSchoolTransport(anna, tenant);
    const answers = await Promise.all(Array.from({ length: 20 }, () => anna.post(`${base}/skicka`)));
    assert.deepEqual(
      answers.map((answer) => [answer.statusCode, answer.headers.location]),
      answers.map(() => [303, `${base}/kvitto`]),
    );
    const cases = await casesOfTenant(tenant);
    assert.equal(cases.length, 1);
    const counter = await t.database.db
      .selectFrom('caseReferenceCounter')
      .select('lastValue')
      .where('tenantId', '=', tenant.id)
      .executeTakeFirstOrThrow();
    assert.equal(counter.lastValue, 1, 'no reference number taken by the submits that lost');
    const receipt = await anna.get(`${base}/kvitto`);
    assert.match(receipt.body, new RegExp(cases[0]?.reference as string));
  });

  test('a draft changed after it was loaded is submitted with the answers it has now', async () => {
    const tenant = await createTestTenant(t, ['skolskjuts']);
    const anna = await residentClient(t, ANNA);
    const { draftId } = await fillSchoolTransport(anna, tenant, 'Elsa');
    const applications = t.app.services.applications;
    const actor = {
      personId: anna.personId,
      sessionId: null,
      assuranceLevel: 'loa3' as const,
      givenName: 'Anna',
      familyName: 'Andersson',
    };
    const stale = await applications.load(actor, draftId);
    const answers = { ...stale.draft.answers, childName: 'Leo' };
    await applications.saveAnswers(actor, draftId, 'child', answers);
    const { reference } = await applications.submit(actor, draftId, 'sv', stale);
    const cases = await casesOfTenant(tenant);
    assert.deepEqual(
      cases.map((row) => [row.reference, row.draftId, (row.answers as Record<string, unknown>).childName]),
      [[reference, draftId, 'Leo']],
    );
    const again = await applications.submit(actor, draftId, 'sv', stale);
    assert.equal(again.reference, reference, 'a repeated submit returns the same case');
    assert.equal((await casesOfTenant(tenant)).length, 1);
  });

  test('a draft whose answers became invalid after it was loaded is refused, and stays open', async () => {
    const tenant = await createTestTenant(t, ['skolskjuts']);
    const anna = await residentClient(t, ANNA);
    const { draftId } = await fillSchoolTransport(anna, tenant);
    const applications = t.app.services.applications;
    const actor = {
      personId: anna.personId,
      sessionId: null,
      assuranceLevel: 'loa3' as const,
      givenName: 'Anna',
      familyName: 'Andersson',
    };
    const stale = await applications.load(actor, draftId);
    const { childName: _removed, ...answers } = stale.draft.answers;
    await applications.saveAnswers(actor, draftId, 'child', answers);
    await assert.rejects(applications.submit(actor, draftId, 'sv', stale), { code: 'VALIDATION_FAILED' });
    assert.equal((await casesOfTenant(tenant)).length, 0);
    assert.equal((await applications.load(actor, draftId)).draft.status, 'open');
  });
});
