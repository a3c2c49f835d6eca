/** Proposals on the officer's case page (issue #10): approval in one step, deciding otherwise, access. */

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createTestApp, type TestApp } from '../../test-support/app.ts';
import type { TestClient } from '../../test-support/client.ts';
import { pdfText } from '../../test-support/pdf-text.ts';
import { runJobs, submitWith } from '../../test-support/proposals.ts';
import { caseHandlingScene, JOHAN, PETER, staffClient } from '../../test-support/staff.ts';
import { DEFAULT_APPEAL_INFORMATION } from '../decisions/model.ts';

let t: TestApp;
before(async () => {
  t = await createTestApp();
});
after(() => t.close());

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
