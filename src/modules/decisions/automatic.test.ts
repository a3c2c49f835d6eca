/**
 * Automatic decisions (issue #10): only a service marked `automaticDecision` decides without a
 * human, exactly once per proposal job, with the rule as decider and a letter that names the
 * automation, its legal basis and the way to a human review; never for a manual outcome, an engine
 * error, an ordinary service, or a workflow that cannot reach decided.
 */

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { readDemoDefinition } from '../../cli/seed.ts';
import { AppError } from '../../platform/errors.ts';
import type { Tenant } from '../../platform/tenancy/tenant-service.ts';
import { createTestApp, type TestApp } from '../../test-support/app.ts';
import { pdfText } from '../../test-support/pdf-text.ts';
import {
  AUTOMATIC_BASIS,
  automaticScene,
  automaticSchoolTransport,
  caseByReference,
  decisionsByReference,
  eventsByReference,
  proposalsOf,
  runJobs,
  runProposalJobTwice,
  submitWith,
} from '../../test-support/proposals.ts';
import { caseHandlingScene } from '../../test-support/staff.ts';
import type { DecisionSupportDefinition, ServiceDefinition, StatusDefinition } from '../forms/definition.ts';
import { validateDefinition } from '../forms/validate-definition.ts';

let t: TestApp;
before(async () => {
  t = await createTestApp();
});
after(() => t.close());

/** The tenant's rows of a table that names the case, for counting (tests share the database). */
async function auditActions(reference: string) {
  const row = await caseByReference(t, reference);
  const entries = await t.database.db
    .selectFrom('auditLog')
    .select(['action', 'actorStaffId', 'actorPersonId', 'actorName', 'details'])
    .where('caseId', '=', row.id)
    .orderBy('id')
    .execute();
  return entries;
}

async function residentMails(tenant: Tenant, reference: string) {
  const rows = await t.database.db
    .selectFrom('outbox')
    .select('payload')
    .where('tenantId', '=', tenant.id)
    .where('topic', '=', 'notification.resident')
    .execute();
  return rows.map((row) => row.payload).filter((payload) => payload.caseReference === reference);
}

describe('automatic decisions', () => {
  test('the rule decides exactly once, recorded as the decider, and the letter names automation, basis and review', async () => {
    const { tenant, anna, versionId } = await automaticScene(t);
    const reference = await submitWith(anna, tenant, { grade: '5', distanceKm: '4,2' });
    await runProposalJobTwice(t, tenant);
    await runJobs(t, tenant);

    const [proposal, moreProposals] = await proposalsOf(t, reference);
    assert.ok(proposal && !moreProposals, 'one proposal');
    assert.equal(
      (await eventsByReference(t, reference, 'automaticDecisionNotMade')).length,
      0,
      'the repeated job wrote nothing at all',
    );
    const [decision, more] = await decisionsByReference(t, reference);
    assert.ok(decision && !more, 'exactly one decision');
    assert.equal(decision.outcome, 'granted');
    assert.equal(decision.decidedByStaffId, null, 'no staff member decided');
    assert.equal(decision.decidedByName, 'Automatiskt beslut');
    assert.equal(decision.decidedByRule, 'Rätt till skolskjuts');
    assert.equal(decision.decidedByServiceVersionId, versionId);
    assert.equal(String(decision.proposalEventId), String(proposal.id));
    assert.equal(decision.automaticLegalBasis, AUTOMATIC_BASIS.sv);
    assert.equal(decision.legalBasis, '10 kap. 32 § skollagen (2010:800)');
    assert.equal(decision.justification, 'Avståndet 4,2 km är längre än 3 km, som gäller för årskurs 4–6.');

    const row = await caseByReference(t, reference);
    assert.equal(row.status, 'decided');
    const moves = (await eventsByReference(t, reference, 'statusChanged')).map((event) => [
      event.data.from,
      event.data.to,
    ]);
    assert.deepEqual(
      moves,
      [
        ['received', 'inProgress'],
        ['inProgress', 'decided'],
      ],
      'through the workflow’s handling status',
    );
    const [event, moreEvents] = await eventsByReference(t, reference, 'decision');
    assert.ok(event && !moreEvents);
    assert.equal(event.visibility, 'resident');
    assert.deepEqual(event.actor, { kind: 'system', name: 'Automatiskt beslut' });
    assert.equal(event.data.automatic, true);
    assert.equal(event.data.proposalId, String(proposal.id));
    const mails = await residentMails(tenant, reference);
    assert.deepEqual(
      mails.map((mail) => mail.kind),
      ['decision'],
      'the resident is told once, as for any decision',
    );
    const audit = (await auditActions(reference)).filter(
      (entry) => entry.action === 'case.decidedAutomatically',
    );
    assert.equal(audit.length, 1);
    assert.equal(audit[0]?.actorStaffId, null);

    const letter = await anna.get(`/mina-sidor/arenden/${reference}/beslut/${decision.id}/beslut.pdf`);
    assert.equal(letter.statusCode, 200);
    const text = pdfText(letter.rawPayload).replace(/\s+/g, ' ');
    for (const expected of [
      'Beslutet är fattat automatiskt',
      'utan att en handläggare har prövat',
      'Stöd för att besluta automatiskt',
      AUTOMATIC_BASIS.sv,
      'Begär att en handläggare prövar beslutet',
      `Logga in på Mina sidor, öppna ärendet ${reference}`,
      'Avståndet 4,2 km är längre än 3 km',
    ]) {
      assert.ok(text.includes(expected), `the letter has “${expected}”`);
    }
    assert.ok(!text.includes('Beslutet är fattat av'), 'no officer is named as the decider');

    const page = await anna.get(`/mina-sidor/arenden/${reference}`);
    assert.match(page.body, /Automatiskt, av e-tjänstens regler, utan att en handläggare prövade ärendet\./);
    assert.ok(page.body.includes(AUTOMATIC_BASIS.sv), 'My Pages names the basis');
    assert.match(page.body, /<h2 id="review-title">Begär att en handläggare prövar beslutet<\/h2>/);
  });

  test('no automatic decision for a manual outcome, an engine error, or a service without automaticDecision', async () => {
    const manualScene = await automaticScene(t);
    const manual = await submitWith(manualScene.anna, manualScene.tenant, {
      grade: '8',
      distanceKm: '10',
      hasSpecialNeeds: 'yes',
    });
    await runJobs(t, manualScene.tenant);

    const broken = await automaticScene(t, (definition) => {
      const support = definition.decisionSupport as DecisionSupportDefinition;
      support.inputs = { ...support.inputs, avstånd: 'grade' };
    });
    const failed = await submitWith(broken.anna, broken.tenant, { grade: '5', distanceKm: '4,2' });
    await runJobs(t, broken.tenant);

    const ordinary = await caseHandlingScene(t);
    const human = await submitWith(ordinary.anna, ordinary.tenant, { grade: '5', distanceKm: '4,2' });
    await runJobs(t, ordinary.tenant);

    for (const [reference, outcome] of [
      [manual, 'manual'],
      [failed, null],
      [human, 'granted'],
    ] as const) {
      const [proposal] = await proposalsOf(t, reference);
      assert.equal(proposal?.proposal.outcome, outcome, `${reference} has its proposal`);
      assert.equal((await decisionsByReference(t, reference)).length, 0, `${reference} waits for a human`);
      assert.equal((await caseByReference(t, reference)).status, 'received');
      assert.equal((await eventsByReference(t, reference, 'automaticDecisionNotMade')).length, 0);
    }
  });

  test('a workflow that cannot reach decided leaves the proposal for a human and says why', async () => {
    const { tenant, anna, karin } = await automaticScene(t, (definition) => {
      const statuses = definition.caseHandling?.statuses as StatusDefinition[];
      for (const status of statuses) {
        if (status.category === 'inProgress') status.next = status.next.filter((id) => id !== 'decided');
      }
    });
    const reference = await submitWith(anna, tenant, { grade: '5', distanceKm: '4,2' });
    await runJobs(t, tenant);
    const [proposal] = await proposalsOf(t, reference);
    assert.equal(proposal?.proposal.outcome, 'granted');
    assert.equal((await decisionsByReference(t, reference)).length, 0);
    const row = await caseByReference(t, reference);
    assert.equal(row.status, 'received', 'not moved half way');
    const [note] = await eventsByReference(t, reference, 'automaticDecisionNotMade');
    assert.equal(note?.visibility, 'internal');
    assert.deepEqual(note?.data, { proposalId: String(proposal?.id), reason: 'workflowCannotDecide' });
    const page = await karin.get(`/${tenant.slug}/handlaggning/arenden/${reference}`);
    assert.match(page.body, /Inget automatiskt beslut: arbetsflödet kan inte nå beslut fattat härifrån/);
    assert.match(page.body, /Beslutsförslag/, 'the officer sees the proposal');
  });
});

describe('automaticDecision on import', () => {
  test('is refused without a legal basis, with a clear error', async () => {
    const { tenant } = await caseHandlingScene(t);
    const refusals: [ServiceDefinition, string][] = [
      [
        automaticSchoolTransport((definition) => {
          const automatic = definition.decisionSupport?.automaticDecision as { legalBasis?: unknown };
          delete automatic.legalBasis;
        }),
        '/decisionSupport/automaticDecision: missing required property "legalBasis"',
      ],
      [
        automaticSchoolTransport((definition) => {
          const automatic = definition.decisionSupport?.automaticDecision;
          if (automatic) automatic.legalBasis.sv = '';
        }),
        '/decisionSupport/automaticDecision/legalBasis/sv: must not be empty',
      ],
      [
        automaticSchoolTransport((definition) => {
          const automatic = definition.decisionSupport?.automaticDecision;
          if (automatic) automatic.legalBasis.sv = '   ';
        }),
        "/decisionSupport/automaticDecision/legalBasis/sv: an automatic decision needs the legal basis for deciding without a human (it is stated in every automatic decision's letter)",
      ],
    ];
    for (const [definition, message] of refusals) {
      const refused = await t.app.services.catalogue.saveDraft(tenant.id, definition).catch((error) => error);
      assert.ok(refused instanceof AppError, message);
      assert.equal(refused.code, 'DEFINITION_INVALID');
      assert.deepEqual(
        (refused.errors ?? []).map((error) => error.message),
        [message],
      );
    }
    const versions = await t.app.services.catalogue.versions(tenant.id, 'skolskjuts');
    assert.equal(versions.length, 1, 'nothing stored beside the demo version');
  });

  test('needs a handling status for the review to put the case in', () => {
    const definition = automaticSchoolTransport();
    definition.caseHandling = {
      statuses: [
        { ...status('received', 'received'), next: ['decided', 'waiting'] },
        { ...status('waiting', 'waitingForResident'), next: ['received'] },
        { ...status('decided', 'decided'), next: ['closed'] },
        status('closed', 'closed'),
      ],
    };
    const result = validateDefinition(definition);
    assert.equal(result.ok, false);
    assert.deepEqual(!result.ok && result.errors, [
      "/decisionSupport/automaticDecision: the workflow needs a status in the category inProgress, where a resident's request for human review puts the case",
    ]);
    const proposalOnly = readDemoDefinition('skolskjuts') as ServiceDefinition;
    proposalOnly.caseHandling = definition.caseHandling;
    assert.equal(validateDefinition(proposalOnly).ok, true, 'a proposal-only service needs none');
  });
});

function status(id: string, category: StatusDefinition['category']): StatusDefinition {
  return {
    id,
    name: { sv: id, en: id },
    residentText: { sv: id, en: id },
    category,
    notifyResident: false,
    next: [],
  };
}
