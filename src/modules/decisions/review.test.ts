/**
 * The resident's request for human review of an automatic decision (issue #10): the form on My
 * Pages, the case back in the unit's queue with the request, the officer's new decision replacing
 * the automatic one; validation, refusals and who may ask.
 */

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createTestApp, type TestApp } from '../../test-support/app.ts';
import { TestClient } from '../../test-support/client.ts';
import { ERIK, residentClient } from '../../test-support/fixtures.ts';
import {
  automaticScene,
  caseByReference,
  decisionsByReference,
  eventsByReference,
  runJobs,
  submitWith,
} from '../../test-support/proposals.ts';
import { caseHandlingScene } from '../../test-support/staff.ts';
import { DEFAULT_APPEAL_INFORMATION } from './model.ts';

let t: TestApp;
before(async () => {
  t = await createTestApp();
});
after(() => t.close());

const REASON = 'Vägen till skolan går längs en väg utan trottoar, det borde räknas.';

/** A grade 5 application 4,2 km from school, decided automatically. */
async function automaticallyDecided() {
  const scene = await automaticScene(t);
  const reference = await submitWith(scene.anna, scene.tenant, { grade: '5', distanceKm: '4,2' });
  await runJobs(t, scene.tenant);
  const [decision] = await decisionsByReference(t, reference);
  assert.equal(decision?.decidedByStaffId, null, 'decided by the rule');
  const casePage = `/mina-sidor/arenden/${reference}`;
  const officerPage = `/${scene.tenant.slug}/handlaggning/arenden/${reference}`;
  return { ...scene, reference, casePage, officerPage, automatic: decision };
}

async function auditOf(reference: string, action: string) {
  const row = await caseByReference(t, reference);
  return t.database.db
    .selectFrom('auditLog')
    .select(['actorPersonId', 'actorStaffId'])
    .where('caseId', '=', row.id)
    .where('action', '=', action)
    .execute();
}

describe('asking for a human review', () => {
  test('the request puts the case in the queue with its reason; the officer’s decision replaces the automatic one', async () => {
    const { tenant, anna, karin, reference, casePage, officerPage, automatic } = await automaticallyDecided();
    const page = await anna.get(casePage);
    assert.match(page.body, new RegExp(`<form method="post" action="${casePage}/provning"`));
    assert.match(
      page.body,
      /<label for="reason">Varför vill du att en handläggare prövar beslutet\? \(valfritt\)/,
    );
    assert.match(page.body, /name="_csrf"/);

    const sent = await anna.post(`${casePage}/provning`, { reason: REASON });
    assert.equal(sent.statusCode, 303);
    assert.equal(sent.headers.location, `${casePage}?provning=1`);
    const after = await anna.get(String(sent.headers.location));
    assert.match(after.body, /role="status">Din begäran är skickad\./);
    assert.match(after.body, /Du har begärt att en handläggare prövar beslutet/);
    assert.ok(after.body.includes(REASON), 'the resident sees what they wrote');
    assert.doesNotMatch(after.body, /action="[^"]*\/provning"/, 'no second form while the request waits');

    const row = await caseByReference(t, reference);
    assert.equal(row.statusCategory, 'inProgress');
    assert.equal(row.assignedStaffId, null, 'in the unit’s queue, nobody assigned');
    assert.ok(row.reviewRequestedAt);
    const [request, more] = await eventsByReference(t, reference, 'reviewRequested');
    assert.ok(request && !more);
    assert.equal(request.visibility, 'resident');
    assert.deepEqual(request.data, { decisionId: automatic?.id, message: REASON });
    assert.equal(request.actor.kind, 'resident');
    const audit = await auditOf(reference, 'case.reviewRequested');
    assert.deepEqual(audit, [{ actorPersonId: anna.personId, actorStaffId: null }]);

    const queue = await karin.get(`/${tenant.slug}/handlaggning/?provning=ja`);
    assert.ok(queue.body.includes(reference), 'the queue filter finds the case');
    assert.match(queue.body, /Prövning begärd/);
    const officer = await karin.get(officerPage);
    assert.match(officer.body, /<h2 id="review-request-title">Begäran om prövning<\/h2>/);
    assert.ok(officer.body.includes(REASON), 'the officer reads the reason');

    assert.equal((await karin.post(`${officerPage}/ta`)).statusCode, 303);
    const form = await karin.get(`${officerPage}/beslut`);
    assert.match(form.body, /Den sökande har begärt att en handläggare prövar det automatiska beslutet/);
    const decided = await karin.post(`${officerPage}/beslut`, {
      outcome: 'rejected',
      justification: 'Skolvägen är 2,8 km enligt kommunens mätning.',
      legalBasis: '10 kap. 32 § skollagen (2010:800)',
      validFrom: '',
      validTo: '',
      appealInformation: DEFAULT_APPEAL_INFORMATION,
      proposalDeviation: 'Kommunens egen mätning av skolvägen.',
    });
    assert.equal(decided.statusCode, 303, decided.body.slice(0, 500));
    const [, review] = await decisionsByReference(t, reference);
    assert.equal(review?.correctsDecisionId, automatic?.id, 'the review replaces the automatic decision');
    assert.equal(review?.decidedByName, 'Karin Berg');
    const reviewed = await caseByReference(t, reference);
    assert.equal(reviewed.status, 'decided');
    assert.equal(reviewed.reviewRequestedAt, null, 'the request is answered');
    const [, event] = await eventsByReference(t, reference, 'decision');
    assert.equal(event?.data.review, true);
    const finalPage = await anna.get(casePage);
    assert.doesNotMatch(
      finalPage.body,
      /Begär att en handläggare prövar beslutet/,
      'a person has decided now',
    );
    assert.match(finalPage.body, /Det här beslutet har ersatts av ett senare beslut\./);
    assert.equal((await anna.post(`${casePage}/provning`, {})).statusCode, 404);
  });

  test('a reason over 2 000 characters is refused beside the field and in the summary; nothing is stored', async () => {
    const { anna, reference, casePage } = await automaticallyDecided();
    const long = 'å'.repeat(2001);
    const refused = await anna.post(`${casePage}/provning`, { reason: long });
    assert.equal(refused.statusCode, 400);
    assert.match(refused.body, /<title>Fel:/);
    assert.match(
      refused.body,
      /<a href="#reason">Skriv högst 2 000 tecken om varför beslutet ska prövas<\/a>/,
    );
    assert.match(refused.body, /id="reason-error"/);
    assert.ok(refused.body.includes(long), 'what was typed is kept');
    assert.equal((await eventsByReference(t, reference, 'reviewRequested')).length, 0);
    assert.equal((await caseByReference(t, reference)).status, 'decided');
    const empty = await anna.post(`${casePage}/provning`, { reason: '' });
    assert.equal(empty.statusCode, 303, 'the reason is optional');
  });

  test('a second request while one waits is refused with a clear message', async () => {
    const { anna, reference, casePage } = await automaticallyDecided();
    assert.equal((await anna.post(`${casePage}/provning`, { reason: 'Första' })).statusCode, 303);
    const again = await anna.post(`${casePage}/provning`, { reason: 'Andra' });
    assert.equal(again.statusCode, 400);
    assert.match(
      again.body,
      /<a href="#review-title">Du har redan begärt att en handläggare prövar beslutet\./,
    );
    assert.match(again.body, /<h2 id="review-title">Du har begärt att en handläggare prövar beslutet<\/h2>/);
    const requests = await eventsByReference(t, reference, 'reviewRequested');
    assert.deepEqual(
      requests.map((request) => request.data.message),
      ['Första'],
    );
  });

  test('only the case’s own resident may ask, and only about an automatic decision', async () => {
    const { tenant: own, anna, reference, casePage } = await automaticallyDecided();
    const erik = await residentClient(t, ERIK);
    assert.equal((await erik.post(`${casePage}/provning`, { reason: 'Hej' })).statusCode, 404);
    const visitor = new TestClient(t.app);
    // An anonymous session (with its CSRF token) from starting an e-service without logging in.
    await visitor.get(`/${own.slug}/e-tjanster/skolskjuts`);
    const anonymous = await visitor.post(`${casePage}/provning`, { reason: 'Hej' });
    assert.equal(anonymous.statusCode, 303);
    assert.equal(anonymous.headers.location, `/logga-in?tillbaka=${encodeURIComponent(casePage)}`);
    assert.equal((await anna.post(`${casePage}/provning`, { _csrf: 'forged' })).statusCode, 403);
    assert.equal((await eventsByReference(t, reference, 'reviewRequested')).length, 0);

    // A decision an officer made is appealed, not sent back for review.
    const { tenant, karin, anna: resident } = await caseHandlingScene(t);
    const manual = await submitWith(resident, tenant, { grade: '5', distanceKm: '4,2' });
    await runJobs(t, tenant);
    const officerPage = `/${tenant.slug}/handlaggning/arenden/${manual}`;
    await karin.post(`${officerPage}/ta`);
    await karin.post(`${officerPage}/status`, { status: 'inProgress' });
    const approve = /action="([^"]+\/godkann)"/.exec((await karin.get(officerPage)).body)?.[1];
    assert.ok(approve);
    assert.equal((await karin.post(approve)).statusCode, 303);
    const page = await resident.get(`/mina-sidor/arenden/${manual}`);
    assert.doesNotMatch(page.body, /provning/, 'no review form for an officer’s decision');
    assert.equal((await resident.post(`/mina-sidor/arenden/${manual}/provning`, {})).statusCode, 404);
    assert.equal((await eventsByReference(t, manual, 'reviewRequested')).length, 0);
  });
});
