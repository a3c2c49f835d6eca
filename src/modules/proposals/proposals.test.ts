/**
 * Proposals (issue #10): the job handler's explained proposal per grade band, exactly once, and errors;
 * a version's model is parsed once. Also the proposal on the officer's case page (approval in one
 * step, deciding otherwise, access), and bygglov for a garage in the demo's Grannby (decision 0014):
 * the form's new questions validated in Swedish, a submitted application's stored, explained
 * proposal, read by the officer as an assessment with nothing to approve (the demo is seeded for
 * these tests only, after the others have run).
 */

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { DEMO_PUBLISHED_FROM, readDemoDefinition, seedDemo } from '../../cli/seed.ts';
import { createJobRunner } from '../../job-handlers.ts';
import { AppError } from '../../platform/errors.ts';
import type { Job } from '../../platform/jobs/job-worker.ts';
import type { Tenant } from '../../platform/tenancy/tenant-service.ts';
import { createTestApp, type TestApp } from '../../test-support/app.ts';
import { type FormValues, type TestClient, TINY_PNG } from '../../test-support/client.ts';
import { ANNA, createTestTenant, residentClient } from '../../test-support/fixtures.ts';
import { pdfText } from '../../test-support/pdf-text.ts';
import {
  jobConfig,
  proposalJobs,
  proposalsOf,
  quietLog,
  runJobs,
  runProposalJobTwice,
  submitWith,
} from '../../test-support/proposals.ts';
import { caseHandlingScene, JOHAN, MATS, PETER, staffClient } from '../../test-support/staff.ts';
import { parseDmn } from '../decision-rules/parse-dmn.ts';
import { DEFAULT_APPEAL_INFORMATION } from '../decisions/model.ts';
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

/** A grade 5 application 4,2 km from school, its proposal made, the case taken by Karin and in progress. */
async function proposedCase() {
  const scene = await caseHandlingScene(t);
  const reference = await submitWith(scene.anna, scene.tenant, { grade: '5', distanceKm: '4,2' });
  await runJobs(t, scene.tenant);
  const caseUrl = `/${scene.tenant.slug}/handlaggning/arenden/${reference}`;
  assert.equal((await scene.karin.post(`${caseUrl}/ta`)).statusCode, 303);
  assert.equal((await scene.karin.post(`${caseUrl}/status`, { status: 'inProgress' })).statusCode, 303);
  return { ...scene, reference, caseUrl };
}

/** The approval form's action on the case page, when it is shown. */
async function approveAction(client: TestClient, caseUrl: string): Promise<string | undefined> {
  const page = await client.get(caseUrl);
  assert.equal(page.statusCode, 200);
  return /action="([^"]+\/beslut\/forslag\/\d+\/godkann)"/.exec(page.body)?.[1];
}

async function eventsOf(reference: string, type: string) {
  const db = t.database.db;
  const row = await db
    .selectFrom('case')
    .select('id')
    .where('reference', '=', reference)
    .executeTakeFirstOrThrow();
  return db
    .selectFrom('caseEvent')
    .select(['id', 'data', 'visibility'])
    .where('caseId', '=', row.id)
    .where('type', '=', type)
    .orderBy('id')
    .execute();
}

async function decisionOf(reference: string) {
  return t.database.db
    .selectFrom('decision')
    .innerJoin('case', 'case.id', 'decision.caseId')
    .selectAll('decision')
    .where('case.reference', '=', reference)
    .execute();
}

describe('the officer and the proposal', () => {
  test('the case page shows the proposal; approving it in one step makes the decision, letter and My Pages entry', async () => {
    const { karin, anna, reference, caseUrl } = await proposedCase();
    const page = await karin.get(caseUrl);
    for (const expected of [
      'Beslutsförslag',
      'Avståndet 4,2 km är längre än 3 km, som gäller för årskurs 4–6',
      'Bifall',
      'årskurs: 5',
      'Skäl',
      'COLLECT',
      'Godkänn förslaget',
      'E-tjänstens version 1, beslut «Rätt till skolskjuts»',
    ]) {
      assert.ok(page.body.includes(expected), `the case page has “${expected}”`);
    }
    const action = await approveAction(karin, caseUrl);
    assert.ok(action);
    const approved = await karin.post(action);
    assert.equal(approved.statusCode, 303);
    assert.equal(approved.headers.location, `${caseUrl}?klart=beslut`);

    const [decision, more] = await decisionOf(reference);
    assert.ok(decision && !more);
    assert.equal(decision.outcome, 'granted');
    assert.equal(decision.justification, 'Avståndet 4,2 km är längre än 3 km, som gäller för årskurs 4–6.');
    assert.equal(decision.legalBasis, '10 kap. 32 § skollagen (2010:800)');
    assert.equal(decision.decidedByName, 'Karin Berg');
    const [proposal] = await eventsOf(reference, 'proposal');
    const [decided] = await eventsOf(reference, 'decision');
    assert.deepEqual(decided?.data, {
      decisionId: decision.id,
      outcome: 'granted',
      correctsDecisionId: null,
      proposalId: String(proposal?.id),
      followsProposal: true,
    });
    const letter = await anna.get(`/mina-sidor/arenden/${reference}/beslut/${decision.id}/beslut.pdf`);
    assert.equal(letter.statusCode, 200);
    assert.ok(pdfText(letter.rawPayload).includes('Avståndet 4,2 km är längre än 3 km'));
    const residentPage = await anna.get(`/mina-sidor/arenden/${reference}`);
    assert.match(residentPage.body, /Din ansökan har beviljats\./);
    assert.match(residentPage.body, /Avståndet 4,2 km är längre än 3 km, som gäller för årskurs 4–6\./);
    assert.doesNotMatch(residentPage.body, /Beslutsförslag/, 'the proposal itself is internal');
    assert.equal((await karin.post(action)).statusCode, 400, 'a decided case is not approved twice');
    assert.equal((await decisionOf(reference)).length, 1);
  });

  test('deciding otherwise needs a reason: a Swedish field error and summary, then an internal note', async () => {
    const { karin, reference, caseUrl } = await proposedCase();
    const rejection = {
      outcome: 'rejected',
      justification: 'Kommunens mätning ger 2,8 km.',
      legalBasis: '10 kap. 32 § skollagen (2010:800)',
      validFrom: '',
      validTo: '',
      appealInformation: DEFAULT_APPEAL_INFORMATION,
    };
    const form = await karin.get(`${caseUrl}/beslut`);
    assert.match(form.body, /Varför avviker beslutet från förslaget\?/);
    const refused = await karin.post(`${caseUrl}/beslut`, rejection);
    assert.equal(refused.statusCode, 400);
    assert.match(
      refused.body,
      /<a href="#proposalDeviation">Skriv varför beslutet avviker från beslutsförslaget<\/a>/,
    );
    assert.match(refused.body, /id="proposalDeviation-error"/);
    assert.equal((await decisionOf(reference)).length, 0, 'nothing stored');

    const reason = 'Vi har mätt skolvägen själva och den är kortare än 3 km.';
    const decided = await karin.post(`${caseUrl}/beslut`, { ...rejection, proposalDeviation: reason });
    assert.equal(decided.statusCode, 303);
    const [decision] = await decisionOf(reference);
    assert.equal(decision?.outcome, 'rejected');
    const [event] = await eventsOf(reference, 'decision');
    assert.equal(event?.data.followsProposal, false);
    const [deviation] = await eventsOf(reference, 'proposalDeviation');
    assert.equal(deviation?.visibility, 'internal');
    assert.equal(deviation?.data.reason, reason);
    assert.equal(deviation?.data.proposed, 'granted');
  });

  test('only an officer who may decide sees and uses the approval: others get 403 or 404', async () => {
    const { tenant, units, karin, reference, caseUrl } = await proposedCase();
    const action = await approveAction(karin, caseUrl);
    assert.ok(action);
    const johan = await staffClient(t, tenant, JOHAN, 'officer', [units.school]);
    const peter = await staffClient(t, tenant, PETER, 'officer', [units.streets]);
    assert.equal(await approveAction(johan, caseUrl), undefined, 'an unassigned officer sees no approval');
    assert.equal((await johan.post(action)).statusCode, 403);
    assert.equal((await peter.post(action)).statusCode, 404);
    assert.equal(
      (await karin.post(action, { _csrf: 'forged' })).statusCode,
      403,
      'the CSRF token is checked',
    );
    assert.equal((await decisionOf(reference)).length, 0);
    const stale = action.replace(/forslag\/\d+/, 'forslag/1');
    assert.equal((await karin.post(stale)).statusCode, 409, 'only the latest proposal can be approved');
  });

  test('a completion makes a new proposal from the new answers, and only the latest can be approved', async () => {
    const { tenant, karin, anna, reference, caseUrl } = await proposedCase();
    const firstAction = await approveAction(karin, caseUrl);
    await t.app.services.caseHandling.requestCompletion(
      karin.actor,
      reference,
      ['need'],
      'Ange avståndet igen.',
    );
    const casePage = `/mina-sidor/arenden/${reference}`;
    await anna.get(casePage);
    const started = await anna.post(`${casePage}/komplettera`);
    const base = String(started.headers.location).replace(/\/(steg\/[^/]+|granska)$/, '');
    await anna.post(`${base}/steg/need`, {
      distanceKm: '2,5',
      reason: 'long-distance',
      hasSpecialNeeds: 'no',
    });
    assert.equal((await anna.post(`${base}/skicka`)).statusCode, 303);
    await runJobs(t, tenant);
    const proposals = await eventsOf(reference, 'proposal');
    assert.equal(proposals.length, 2);
    assert.equal(proposals[1]?.data.outcome, 'rejected');
    assert.equal(proposals[1]?.data.trigger, 'case.completed');
    const page = await karin.get(caseUrl);
    assert.match(page.body, /Avståndet 2,5 km är inte längre än 3 km, som gäller för årskurs 4–6/);
    assert.ok(firstAction);
    assert.equal((await karin.post(firstAction)).statusCode, 409, 'the older proposal is not approved');
  });
});

/** The demo's Grannby, seeded before the bygglov tests (the file's other tests see no demo). */
let grannby: Tenant;

const property: FormValues = {
  propertyDesignation: 'Björken 4:12',
  'propertyAddress.street': 'Björkvägen 12',
  'propertyAddress.postalCode': '987 65',
  'propertyAddress.city': 'Grannby',
  detailPlan: 'inside',
  hasOneOrTwoDwellingHouse: 'yes',
  isPropertyOwner: 'yes',
};

const building: FormValues = {
  buildingType: 'garage',
  areaM2: '35',
  heightM: '3,5',
  distanceToBoundaryM: '6',
  neighboursApproved: 'no',
  buildingDescription: 'Röda träväggar och svart plåttak',
};

/** Starts the application in Grannby; resolves to the draft's base URL. */
async function start(client: TestClient): Promise<string> {
  await client.get('/grannby/e-tjanster/bygglov-garage');
  const started = await client.post('/grannby/e-tjanster/bygglov-garage/starta');
  assert.equal(started.statusCode, 303);
  return String(started.headers.location).replace(/\/steg\/[^/]+$/, '');
}

async function step(client: TestClient, base: string, id: string, answers: FormValues) {
  const response = await client.post(`${base}/steg/${id}`, answers);
  assert.equal(response.statusCode, 303, `step ${id}: ${response.body.slice(0, 400)}`);
}

/** Files a complete application with the building's answers changed by `changes`; its reference. */
async function submitBygglov(client: TestClient, changes: FormValues = {}): Promise<string> {
  const base = await start(client);
  await step(client, base, 'property', property);
  await step(client, base, 'building', { ...building, ...changes });
  await client.get(`${base}/steg/documents`);
  const documents = await client.postMultipart(`${base}/steg/documents`, {}, [
    { field: 'sitePlan', filename: 'situationsplan.png', contentType: 'image/png', content: TINY_PNG },
  ]);
  assert.equal(documents.statusCode, 303, documents.body.slice(0, 400));
  await step(client, base, 'contact', {
    email: 'anna@example.se',
    phone: '070-123 45 67',
    'postalAddress.street': 'Storgatan 1',
    'postalAddress.postalCode': '123 45',
    'postalAddress.city': 'Exempelstad',
  });
  assert.equal((await client.post(`${base}/skicka`)).statusCode, 303);
  const reference = /(GRB-\d{4}-\d{6})/.exec((await client.get(`${base}/kvitto`)).body)?.[1];
  assert.ok(reference, 'a Grannby reference on the receipt');
  return reference;
}

describe('bygglov for a garage in Grannby', () => {
  before(async () => {
    await seedDemo(t.app.services);
    grannby = await t.app.services.tenants.bySlug('grannby');
  });

  test('the new questions are required and the measurements checked, in Swedish', async () => {
    const anna = await residentClient(t, ANNA);
    const base = await start(anna);
    const refusedProperty = await anna.post(`${base}/steg/property`, {
      ...property,
      detailPlan: '',
      hasOneOrTwoDwellingHouse: '',
    });
    assert.notEqual(refusedProperty.statusCode, 303);
    assert.match(refusedProperty.body, /Välj om fastigheten ligger inom ett område med detaljplan/);
    assert.match(refusedProperty.body, /Svara om det finns ett en- eller tvåbostadshus på fastigheten/);
    await step(anna, base, 'property', property);
    const refusedBuilding = await anna.post(`${base}/steg/building`, {
      ...building,
      areaM2: '250',
      heightM: '',
      distanceToBoundaryM: 'nära',
    });
    assert.notEqual(refusedBuilding.statusCode, 303);
    assert.match(refusedBuilding.body, /Byggnadsarea måste vara mellan 1 m² och 200 m²/);
    assert.match(refusedBuilding.body, /Ange byggnadens höjd/);
    assert.match(refusedBuilding.body, /Kortaste avstånd till tomtgränsen måste vara ett tal/);
  });

  test('a submitted application gets a stored proposal that explains itself', async () => {
    const anna = await residentClient(t, ANNA);
    const large = await submitBygglov(anna);
    const small = await submitBygglov(anna, {
      areaM2: '24',
      distanceToBoundaryM: '2',
      neighboursApproved: 'yes',
    });
    await runJobs(t, grannby);

    const [permit, more] = await proposalsOf(t, large);
    assert.ok(permit && !more, 'one proposal');
    assert.equal(permit.visibility, 'internal');
    assert.equal(permit.proposal.value, 'bygglov krävs');
    assert.equal(permit.proposal.outcome, 'manual');
    assert.equal(permit.proposal.error, null);
    assert.match(
      permit.proposal.explanation?.sv ?? '',
      /Byggnadsarean 35 m² är större än 30 m², som är gränsen för en komplementbyggnad utan bygglov\..*Därför krävs bygglov/,
    );
    assert.equal(permit.proposal.inputs.höjd, 3.5);
    assert.equal(permit.proposal.ruleVersion.decision, 'Bygglovsprövning');

    const [notification] = await proposalsOf(t, small);
    assert.equal(notification?.proposal.value, 'anmälan räcker');
    assert.match(
      notification?.proposal.explanation?.sv ?? '',
      /Byggnaden hamnar 2 m från tomtgränsen, närmare än 4,5 m, men grannarna har godkänt bygget\. Därför räcker en anmälan/,
    );

    // The officer of Samhällsbyggnad reads the assessment; there is nothing to approve in one step.
    const unit = await t.app.services.organisation.ensureUnit(grannby.id, 'Samhällsbyggnad');
    const mats = await staffClient(t, grannby, MATS, 'officer', [unit]);
    const page = await mats.get(`/grannby/handlaggning/arenden/${large}`);
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /Beslutsförslag/);
    assert.match(page.body, /Manuell handläggning – en handläggare bedömer ärendet/);
    assert.match(page.body, /Byggnadsarean 35 m² är större än 30 m²/);
    assert.match(page.body, /bygglov krävs/);
    assert.doesNotMatch(page.body, /Godkänn förslaget/);
  });
});
