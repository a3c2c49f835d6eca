/**
 * The proposal handler parses a version's model once, not once per proposal (docs/performance.md:
 * parsing cost as much as evaluating), and a new version's model is parsed and used at once.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { DEMO_PUBLISHED_FROM, readDemoDefinition } from '../../cli/seed.ts';
import type { Job } from '../../platform/jobs/job-worker.ts';
import type { Tenant } from '../../platform/tenancy/tenant-service.ts';
import { createTestApp, type TestApp } from '../../test-support/app.ts';
import { proposalsOf, submitWith } from '../../test-support/proposals.ts';
import { caseHandlingScene } from '../../test-support/staff.ts';
import { parseDmn } from '../decision-rules/parse-dmn.ts';
import type { DecisionSupportDefinition, ServiceDefinition } from '../forms/definition.ts';
import { createProposalHandler, PROPOSAL_HANDLER } from './handler.ts';

let t: TestApp;
before(async () => {
  t = await createTestApp();
});
after(() => t.close());

/** The `case.submitted` job of a case, as the worker would hand it to the handler. */
async function submittedJob(tenant: Tenant, reference: string): Promise<Job> {
  const event = await t.database.db
    .selectFrom('outbox')
    .select(['id', 'caseId', 'payload'])
    .where('tenantId', '=', tenant.id)
    .where('topic', '=', 'case.submitted')
    .where(({ ref }) => ref('payload', '->>').key('reference' as never), '=', reference)
    .executeTakeFirstOrThrow();
  return {
    id: Number(event.id),
    eventId: Number(event.id),
    tenantId: tenant.id,
    topic: 'case.submitted',
    handler: PROPOSAL_HANDLER,
    caseId: event.caseId,
    payload: event.payload as Record<string, unknown>,
    attempts: 1,
    createdAt: new Date(),
    lockedUntil: new Date(Date.now() + 60_000),
    idempotencyKey: `${PROPOSAL_HANDLER}:${event.id}`,
  };
}

test('a version’s model is parsed once for all its proposals; a new version’s at its first', async () => {
  const { tenant, anna } = await caseHandlingScene(t);
  const parsed: string[] = [];
  const handler = createProposalHandler({
    db: t.database.db,
    caseHandling: t.app.services.caseHandling,
    now: () => new Date(),
    parseModel: (xml) => {
      parsed.push(xml);
      return parseDmn(xml);
    },
  });
  const first = [
    await submitWith(anna, tenant, { grade: '5', distanceKm: '4,2' }),
    await submitWith(anna, tenant, { grade: '5', distanceKm: '2,5' }),
    await submitWith(anna, tenant, { grade: '8', distanceKm: '5' }),
  ];
  for (const reference of first) await handler.run(await submittedJob(tenant, reference));
  assert.equal(parsed.length, 1, 'one parse for three proposals of one version');

  // Version 2 raises the limit for grades 4–6 to 4 km: its own model, parsed once and used.
  const definition = readDemoDefinition('skolskjuts') as ServiceDefinition;
  const support = definition.decisionSupport as DecisionSupportDefinition;
  support.model = support.model.replace(
    '<outputEntry><text>3</text></outputEntry>',
    '<outputEntry><text>4</text></outputEntry>',
  );
  const draft = await t.app.services.catalogue.saveDraft(tenant.id, definition);
  await t.app.services.catalogue.publish(tenant.id, draft.id, DEMO_PUBLISHED_FROM);
  const later = await submitWith(anna, tenant, { grade: '5', distanceKm: '3,5' });
  await handler.run(await submittedJob(tenant, later));
  await handler.run(await submittedJob(tenant, first[0] as string));
  assert.equal(parsed.length, 2);
  assert.equal(parsed[1], support.model);

  const outcomes = [];
  for (const reference of [...first, later]) outcomes.push((await proposalsOf(t, reference))[0]?.proposal);
  assert.deepEqual(
    outcomes.map((proposal) => proposal?.outcome),
    ['granted', 'rejected', 'granted', 'rejected'],
  );
  assert.equal(outcomes[3]?.ruleVersion.serviceVersionId, draft.id);
  assert.match(outcomes[3]?.explanation?.sv ?? '', /inte längre än 4 km, som gäller för årskurs 4–6/);
  assert.equal((await proposalsOf(t, first[0] as string)).length, 1, 'a repeated job wrote nothing');
});
