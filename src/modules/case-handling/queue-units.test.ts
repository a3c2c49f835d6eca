/** The queue of a staff member in several units: one page per unit, merged in order (issue #4). */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Tenant } from '../../platform/tenancy/tenant-service.ts';
import { createTestApp, type TestApp } from '../../test-support/app.ts';
import type { TestClient } from '../../test-support/client.ts';
import { reportViaWeb } from '../../test-support/fault-reports.ts';
import { ANNA, createTestTenant, residentClient } from '../../test-support/fixtures.ts';
import {
  createTestUnits,
  JOHAN,
  KARIN,
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
