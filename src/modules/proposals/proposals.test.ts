/**
 * Proposals (issue #10): the job handler's explained proposal per grade band, exactly once, and errors;
 * a version's model is parsed once.
 */

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { DEMO_PUBLISHED_FROM, readDemoDefinition } from '../../cli/seed.ts';
import { createJobRunner } from '../../job-handlers.ts';
import { AppError } from '../../platform/errors.ts';
import type { Job } from '../../platform/jobs/job-worker.ts';
import type { Tenant } from '../../platform/tenancy/tenant-service.ts';
import { createTestApp, type TestApp } from '../../test-support/app.ts';
import { ANNA, createTestTenant, residentClient } from '../../test-support/fixtures.ts';
import {
  jobConfig,
  proposalJobs,
  proposalsOf,
  quietLog,
  runJobs,
  runProposalJobTwice,
  submitWith,
} from '../../test-support/proposals.ts';
import { caseHandlingScene } from '../../test-support/staff.ts';
import { parseDmn } from '../decision-rules/parse-dmn.ts';
import type { DecisionSupportDefinition, ServiceDefinition } from '../forms/definition.ts';
import { createProposalHandler, PROPOSAL_HANDLER } from './handler.ts';
import { ageFromPersonalIdentityNumber } from './model.ts';

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

describe('the proposal handler', () => {
  test('each grade band and special needs get the right outcome and a Swedish explanation', async () => {
    const { tenant, anna } = await caseHandlingScene(t);
    const cases = [
      {
        grade: 'fk',
        distanceKm: '2,5',
        outcome: 'granted',
        sv: 'Avståndet 2,5 km är längre än 2 km, som gäller för årskurs F–3',
      },
      {
        grade: '3',
        distanceKm: '2',
        outcome: 'rejected',
        sv: 'Avståndet 2 km är inte längre än 2 km, som gäller för årskurs F–3',
      },
      {
        grade: '5',
        distanceKm: '4,2',
        outcome: 'granted',
        sv: 'Avståndet 4,2 km är längre än 3 km, som gäller för årskurs 4–6',
      },
      {
        grade: '6',
        distanceKm: '2,9',
        outcome: 'rejected',
        sv: 'Avståndet 2,9 km är inte längre än 3 km, som gäller för årskurs 4–6',
      },
      {
        grade: '9',
        distanceKm: '4,5',
        outcome: 'granted',
        sv: 'Avståndet 4,5 km är längre än 4 km, som gäller för årskurs 7–9',
      },
      {
        grade: '7',
        distanceKm: '3,5',
        outcome: 'rejected',
        sv: 'Avståndet 3,5 km är inte längre än 4 km, som gäller för årskurs 7–9',
      },
    ] as const;
    const references = [];
    for (const example of cases) references.push(await submitWith(anna, tenant, example));
    const special = await submitWith(anna, tenant, { grade: '8', distanceKm: '10', hasSpecialNeeds: 'yes' });
    await runJobs(t, tenant);

    for (const [i, example] of cases.entries()) {
      const [event, more] = await proposalsOf(t, references[i] as string);
      assert.ok(event && !more, `one proposal for grade ${example.grade}`);
      assert.equal(event.visibility, 'internal');
      assert.equal(event.proposal.outcome, example.outcome, `grade ${example.grade}`);
      assert.equal(event.proposal.explanation?.sv, example.sv);
      assert.equal(event.proposal.inputs.årskurs, example.grade);
      assert.equal(event.proposal.error, null);
      assert.match(event.proposal.ruleVersion.modelSha256, /^[0-9a-f]{64}$/);
      const reasons = event.proposal.tables.find((table) => table.decision === 'Skäl');
      assert.equal(reasons?.hitPolicy, 'COLLECT');
      assert.equal(reasons?.rows.length, 1);
    }
    const [manual] = await proposalsOf(t, special);
    assert.equal(manual?.proposal.outcome, 'manual');
    assert.match(
      manual?.proposal.explanation?.sv ?? '',
      /^Barnet har särskilda behov, så en handläggare prövar ansökan\./,
    );
    assert.deepEqual(
      manual?.proposal.tables.find((table) => table.decision === 'Skäl')?.rows.map((r) => r.row),
      [1, 2],
    );
  });

  test('the proposal is made once even when its job runs twice', async () => {
    const { tenant, anna } = await caseHandlingScene(t);
    const reference = await submitWith(anna, tenant, { grade: '5', distanceKm: '4,2' });
    await runProposalJobTwice(t, tenant);
    await runJobs(t, tenant);
    assert.equal((await proposalsOf(t, reference)).length, 1);
  });

  test('a batch makes the proposals one by one would, each once even when the batch runs twice', async () => {
    const { tenant, anna } = await caseHandlingScene(t);
    const answers = [
      { grade: '2', distanceKm: '3' },
      { grade: '5', distanceKm: '1' },
      { grade: '8', distanceKm: '6', hasSpecialNeeds: 'yes' },
    ] as const;
    const batched: string[] = [];
    for (const example of answers) batched.push(await submitWith(anna, tenant, example));
    const { handler, jobs } = await proposalJobs(t, tenant);
    assert.ok(handler.runBatch, 'the proposal handler runs batches');
    await handler.runBatch(jobs);
    await handler.runBatch(jobs.map((job) => ({ ...job, attempts: 2 })));
    // The same answers once more, each case through the one-job path.
    const single: string[] = [];
    for (const example of answers) single.push(await submitWith(anna, tenant, example));
    const again = (await proposalJobs(t, tenant)).jobs.slice(answers.length);
    for (const job of again) await handler.run(job);
    for (const [index, reference] of batched.entries()) {
      const made = await proposalsOf(t, reference);
      assert.equal(made.length, 1, `one proposal for ${reference}`);
      const [one] = await proposalsOf(t, single[index] as string);
      assert.deepEqual(made[0]?.proposal, one?.proposal, 'the batch stored what one job stores');
      assert.deepEqual(made[0]?.actor, one?.actor);
    }
    assert.deepEqual(
      (await Promise.all(batched.map((reference) => proposalsOf(t, reference)))).map(
        ([event]) => event?.proposal.outcome,
      ),
      ['granted', 'rejected', 'manual'],
    );
  });

  test('a submission wakes the job worker: the proposal follows without waiting for the next poll', {
    timeout: 30_000,
  }, async () => {
    const { tenant, anna } = await caseHandlingScene(t);
    // A poll interval far beyond the test's timeout: only the submission's own signal can wake it.
    const runner = await createJobRunner(t.app.services, jobConfig, quietLog, {
      onlyTenants: [tenant.id],
      pollIntervalMs: 600_000,
    });
    const paused = runner.paused();
    runner.start();
    try {
      await paused;
      const reference = await submitWith(anna, tenant, { grade: '5', distanceKm: '4,2' });
      while ((await proposalsOf(t, reference)).length === 0) await runner.paused();
      assert.equal((await proposalsOf(t, reference))[0]?.proposal.outcome, 'granted');
    } finally {
      await runner.close();
    }
  });

  test('an engine error is stored as a proposal that could not be made, never as an answer', async () => {
    const tenant = await createTestTenant(t, []);
    const definition = readDemoDefinition('skolskjuts') as ServiceDefinition;
    const support = definition.decisionSupport as DecisionSupportDefinition;
    // The grade (a string) fed to the number input: the model is valid, the mapping is not.
    support.inputs = { ...support.inputs, avstånd: 'grade' };
    const draft = await t.app.services.catalogue.saveDraft(tenant.id, definition);
    await t.app.services.catalogue.publish(tenant.id, draft.id, DEMO_PUBLISHED_FROM);
    const anna = await residentClient(t, ANNA);
    const reference = await submitWith(anna, tenant, { grade: '5', distanceKm: '4,2' });
    await runJobs(t, tenant);
    const [event] = await proposalsOf(t, reference);
    assert.equal(event?.proposal.outcome, null);
    assert.equal(event?.proposal.explanation, null);
    assert.equal(event?.proposal.error?.code, 'DMN_TYPE_MISMATCH');
    assert.equal(event?.proposal.ruleVersion.serviceVersionId, draft.id);
  });
});

describe('rule versions', () => {
  test('publishing a new version never changes a proposal already made', async () => {
    const { tenant, anna } = await caseHandlingScene(t);
    const before = await submitWith(anna, tenant, { grade: '5', distanceKm: '3,5' });
    await runJobs(t, tenant);
    const [made] = await proposalsOf(t, before);
    // Version 2 raises the limit for grades 4–6 to 4 km.
    const definition = readDemoDefinition('skolskjuts') as ServiceDefinition;
    const support = definition.decisionSupport as DecisionSupportDefinition;
    support.model = support.model.replace(
      '<outputEntry><text>3</text></outputEntry>',
      '<outputEntry><text>4</text></outputEntry>',
    );
    const draft = await t.app.services.catalogue.saveDraft(tenant.id, definition);
    await t.app.services.catalogue.publish(tenant.id, draft.id, new Date('2026-06-01T00:00:00Z'));
    const afterwards = await submitWith(anna, tenant, { grade: '5', distanceKm: '3,5' });
    await runJobs(t, tenant);
    const [unchanged, more] = await proposalsOf(t, before);
    assert.deepEqual(unchanged, made);
    assert.equal(more, undefined);
    assert.equal(made?.proposal.outcome, 'granted');
    const [next] = await proposalsOf(t, afterwards);
    assert.equal(next?.proposal.outcome, 'rejected');
    assert.equal(next?.proposal.ruleVersion.serviceVersionId, draft.id);
    assert.notEqual(next?.proposal.ruleVersion.modelSha256, made?.proposal.ruleVersion.modelSha256);
  });
});

describe('decision models on import', () => {
  test('an invalid model is refused with its errors named by row and column', async () => {
    const { tenant } = await caseHandlingScene(t);
    const definition = readDemoDefinition('skolskjuts') as ServiceDefinition;
    const support = definition.decisionSupport as DecisionSupportDefinition;
    support.model = support.model
      .replace(
        '<inputEntry><text>&gt; Avståndsgräns.gräns</text></inputEntry>',
        '<inputEntry><text>[1..</text></inputEntry>',
      )
      .replace(
        '<outputEntry><text>"kort avstånd"</text></outputEntry>',
        '<outputEntry><text>17</text></outputEntry>',
      );
    const refused = await t.app.services.catalogue.saveDraft(tenant.id, definition).catch((error) => error);
    assert.ok(refused instanceof AppError);
    assert.equal(refused.code, 'DEFINITION_INVALID');
    const messages = (refused.errors ?? []).map((error) => error.message);
    assert.ok(
      messages.some(
        (m) =>
          m.startsWith('/decisionSupport/model: beslut «Skäl», rad 2, kolumn «Avstånd (km)»') &&
          m.includes('FEEL_SYNTAX'),
      ),
      messages.join('\n'),
    );
    assert.ok(
      messages.some(
        (m) =>
          m.startsWith('/decisionSupport/model: beslut «Skäl», rad 3, kolumn «skäl»') &&
          m.includes('TYPE_MISMATCH'),
      ),
      messages.join('\n'),
    );
    const unreadable = readDemoDefinition('skolskjuts') as ServiceDefinition;
    const unreadableSupport = unreadable.decisionSupport as DecisionSupportDefinition;
    unreadableSupport.model = unreadableSupport.model.replace('&gt; Avståndsgräns.gräns', '&gt; &gt; 3');
    const refusedUnreadable = await t.app.services.catalogue.saveDraft(tenant.id, unreadable).catch((e) => e);
    assert.equal(refusedUnreadable.code, 'DEFINITION_INVALID', 'what the checker cannot read is refused too');
    const unknownInput = readDemoDefinition('skolskjuts') as ServiceDefinition;
    (unknownInput.decisionSupport as DecisionSupportDefinition).inputs.ålder =
      'ageFromPersonalIdentityNumber(childPersonalIdentityNumber)';
    const refusedInput = await t.app.services.catalogue
      .saveDraft(tenant.id, unknownInput)
      .catch((error) => error);
    assert.deepEqual(
      refusedInput.errors.map((error: { message: string }) => error.message),
      ['/decisionSupport/inputs/ålder: the model has no input data «ålder»'],
    );
    assert.equal(
      (await t.app.services.catalogue.versions(tenant.id, 'skolskjuts')).length,
      1,
      'nothing stored',
    );
  });

  test('a derived age reads the personnummer, before and after the birthday', () => {
    assert.equal(ageFromPersonalIdentityNumber('20160102-2385', new Date('2026-01-01T12:00:00Z')), 9);
    assert.equal(ageFromPersonalIdentityNumber('201601022385', new Date('2026-01-02T12:00:00Z')), 10);
    assert.equal(
      ageFromPersonalIdentityNumber('201601622385', new Date('2026-01-02T12:00:00Z')),
      10,
      'samordningsnummer',
    );
    assert.equal(ageFromPersonalIdentityNumber('', new Date()), null);
  });
});

describe('the decision model cache', () => {
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
});
