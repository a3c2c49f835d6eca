/**
 * Decisions: the form, the letter, the case moving to decided, corrections, immutability and access.
 * Also automatic decisions (issue #10): only a service marked `automaticDecision` decides without a
 * human, exactly once per proposal job, with the rule as decider and a letter that names the
 * automation, its legal basis and the way to a human review; never for a manual outcome, an engine
 * error, an ordinary service, or a workflow that cannot reach decided. And the resident's request
 * for human review of an automatic decision: the form on My Pages, the case back in the unit's queue
 * with the request, the officer's new decision replacing the automatic one; validation, refusals and
 * who may ask.
 */

import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { h } from 'preact';
import { render } from 'preact-render-to-string';
import { readDemoDefinition } from '../../cli/seed.ts';
import { AppError } from '../../platform/errors.ts';
import type { Tenant } from '../../platform/tenancy/tenant-service.ts';
import { createTestApp, type TestApp } from '../../test-support/app.ts';
import { TestClient } from '../../test-support/client.ts';
import { ERIK, residentClient } from '../../test-support/fixtures.ts';
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
import {
  caseHandlingScene,
  JOHAN,
  PETER,
  staffClient,
  submitSchoolTransport,
} from '../../test-support/staff.ts';
import type { PageContext } from '../../web/page-context.ts';
import type { DecisionSupportDefinition, ServiceDefinition, StatusDefinition } from '../forms/definition.ts';
import { validateDefinition } from '../forms/validate-definition.ts';
import { renderDecisionLetter } from './letter-pdf.ts';
import { DEFAULT_APPEAL_INFORMATION, validateDecision } from './model.ts';
import { createDecisionService } from './service.ts';
import { OfficerDecisionSection, ResidentDecisionSection } from './views/decision-sections.tsx';

let t: TestApp;
before(async () => {
  t = await createTestApp();
});
after(() => t.close());

async function setUp() {
  const { tenant, units, karin, anna } = await caseHandlingScene(t);
  const reference = await submitSchoolTransport(anna, tenant);
  const caseUrl = `/${tenant.slug}/handlaggning/arenden/${reference}`;
  return { tenant, units, karin, anna, reference, caseUrl };
}

/** Takes the case and sets it "Under handläggning", as an officer must before deciding. */
async function prepare(client: TestClient, caseUrl: string) {
  assert.equal((await client.post(`${caseUrl}/ta`)).statusCode, 303);
  assert.equal((await client.post(`${caseUrl}/status`, { status: 'inProgress' })).statusCode, 303);
}

const REJECTION = {
  outcome: 'rejected',
  justification: 'Skolvägen är kortare än sex kilometer enligt kommunens mätning.',
  legalBasis: '10 kap. 32 § skollagen (2010:800)',
  validFrom: '',
  validTo: '',
  appealInformation: DEFAULT_APPEAL_INFORMATION,
};

const GRANT = {
  outcome: 'granted',
  justification: 'Avståndet är sju kilometer, vilket ger rätt till skolskjuts.',
  legalBasis: '10 kap. 32 § skollagen (2010:800)',
  validFrom: '2026-08-17',
  validTo: '2027-06-11',
  appealInformation: DEFAULT_APPEAL_INFORMATION,
};

async function caseRow(reference: string) {
  return t.database.db
    .selectFrom('case')
    .selectAll()
    .where('reference', '=', reference)
    .executeTakeFirstOrThrow();
}

async function decisionsOf(caseId: string) {
  return t.database.db
    .selectFrom('decision')
    .selectAll()
    .where('caseId', '=', caseId)
    .orderBy('decidedAt')
    .execute();
}

function storedFiles(): string[] {
  return fs
    .readdirSync(t.filesDir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => path.join(entry.parentPath, entry.name));
}

const outboxKinds = async (tenantId: string) =>
  (
    await t.database.db
      .selectFrom('outbox')
      .select(['topic', 'payload'])
      .where('tenantId', '=', tenantId)
      // Changes published to business systems are checked in webhooks.test.ts.
      .where('topic', '!=', 'case.changed')
      .orderBy('id')
      .execute()
  ).map((row) => `${row.topic}:${(row.payload as { kind?: string }).kind ?? ''}`);

describe('decision rules', () => {
  test('validation gives a Swedish-keyed error per field and cleans the values', () => {
    const empty = validateDecision({});
    assert.equal(empty.ok, false);
    assert.deepEqual(!empty.ok && empty.errors, [
      { field: 'outcome', message: 'outcomeMissing' },
      { field: 'justification', message: 'justificationMissing' },
      { field: 'legalBasis', message: 'legalBasisMissing' },
    ]);
    const dates = validateDecision({ ...GRANT, validFrom: '2026-02-30', validTo: '15/6 2027' });
    assert.deepEqual(!dates.ok && dates.errors, [
      { field: 'validFrom', message: 'validFromInvalid' },
      { field: 'validTo', message: 'validToInvalid' },
    ]);
    const backwards = validateDecision({ ...GRANT, validFrom: '2027-01-01', validTo: '2026-12-31' });
    assert.deepEqual(!backwards.ok && backwards.errors, [{ field: 'validTo', message: 'validToBeforeFrom' }]);
    const rejection = validateDecision({ ...REJECTION, appealInformation: '   ' });
    assert.deepEqual(!rejection.ok && rejection.errors, [
      { field: 'appealInformation', message: 'appealInformationMissing' },
    ]);
    const grant = validateDecision({ ...GRANT, justification: '  Sju km.\r\nRätt till skjuts.  ' });
    assert.ok(grant.ok);
    assert.equal(grant.value.justification, 'Sju km.\nRätt till skjuts.');
    assert.equal(grant.value.appealInformation, null, 'a full grant carries no appeal information');
    assert.equal(grant.value.validFrom, '2026-08-17');
    const partly = validateDecision({ ...GRANT, outcome: 'partlyGranted', validFrom: '', validTo: '' });
    assert.ok(partly.ok);
    assert.equal(partly.value.appealInformation, DEFAULT_APPEAL_INFORMATION);
    assert.equal(partly.value.validFrom, null);
  });

  test('the letter names the municipality, case, applicant, outcome, reasons, validity, decider and appeal', async () => {
    const pdf = await renderDecisionLetter({
      tenantName: 'Exempelstads kommun',
      reference: 'EXS-2026-000042',
      serviceTitle: 'Ansök om skolskjuts',
      applicantName: 'Anna Andersson',
      decidedAt: new Date('2026-05-04T10:00:00Z'),
      decidedByName: 'Karin Berg',
      ...REJECTION,
      validFrom: '2026-08-17',
      validTo: null,
      outcome: 'rejected',
      correctsDecidedAt: new Date('2026-04-30T10:00:00Z'),
    });
    assert.equal(pdf.subarray(0, 5).toString(), '%PDF-');
    const text = pdfText(pdf);
    for (const expected of [
      'Exempelstads kommun',
      'Beslut – EXS-2026-000042',
      '2026-05-04',
      'Anna Andersson',
      'Ansök om skolskjuts',
      'Avslag',
      'Skolvägen är kortare',
      '10 kap. 32 § skollagen',
      'Från och med 2026-08-17',
      'Karin Berg',
      'Hur du överklagar',
      'förvaltningsrätten',
      'Detta beslut ersätter beslut daterat 2026-04-30.',
    ]) {
      assert.ok(text.includes(expected), `letter has “${expected}”`);
    }
  });
});

describe('decisions', () => {
  test('an officer decides: the case is decided, the resident sees it and is told, both can download the letter', async () => {
    const { tenant, karin, anna, reference, caseUrl } = await setUp();
    await prepare(karin, caseUrl);
    const form = await karin.get(`${caseUrl}/beslut`);
    assert.equal(form.statusCode, 200);
    assert.match(form.body, new RegExp(`<h1>Fatta beslut i ärende ${reference}</h1>`));
    assert.match(form.body, /Anna Andersson/);
    assert.match(
      form.body,
      /inom tre veckor från den dag du fick del av beslutet/,
      'the appeal text is prefilled',
    );
    assert.match(form.body, /<legend>Beslut<\/legend>/);
    for (const label of ['Bifall', 'Delvis bifall', 'Avslag', 'Avvisning'])
      assert.match(form.body, new RegExp(`>${label}</label>`));

    const posted = await karin.post(`${caseUrl}/beslut`, REJECTION);
    assert.equal(posted.statusCode, 303);
    assert.equal(posted.headers.location, `${caseUrl}?klart=beslut`);

    const row = await caseRow(reference);
    assert.equal(row.status, 'decided');
    assert.equal(row.statusCategory, 'decided');
    const [decision] = await decisionsOf(row.id);
    assert.ok(decision);
    assert.equal(decision.outcome, 'rejected');
    assert.equal(decision.decidedByName, 'Karin Berg');
    assert.equal(decision.decidedByStaffId, karin.actor.staffId);
    assert.equal(decision.appealInformation, DEFAULT_APPEAL_INFORMATION);
    assert.equal(decision.correctsDecisionId, null);
    assert.match(decision.letterSha256, /^[0-9a-f]{64}$/);

    const events = await t.database.db
      .selectFrom('caseEvent')
      .select(['type', 'data', 'visibility'])
      .where('caseId', '=', row.id)
      .where('type', '=', 'decision')
      .execute();
    assert.deepEqual(events, [
      {
        type: 'decision',
        data: { decisionId: decision.id, outcome: 'rejected', correctsDecisionId: null },
        visibility: 'resident',
      },
    ]);
    const residentPage = await anna.get(`/mina-sidor/arenden/${reference}`);
    assert.equal(residentPage.statusCode, 200);
    assert.match(residentPage.body, /Beslut fattades/, 'the decision is in the resident’s history');
    assert.deepEqual(await outboxKinds(tenant.id), [
      'case.submitted:',
      'notification.resident:statusChanged',
      'notification.resident:decision',
    ]);

    const officerLetter = await karin.get(`${caseUrl}/beslut/${decision.id}/beslut.pdf`);
    assert.equal(officerLetter.statusCode, 200);
    assert.equal(officerLetter.headers['content-type'], 'application/pdf');
    assert.match(
      String(officerLetter.headers['content-disposition']),
      new RegExp(`beslut-${reference}-\\d{4}-\\d{2}-\\d{2}\\.pdf`),
    );
    assert.equal(officerLetter.rawPayload.subarray(0, 4).toString(), '%PDF');
    assert.equal(officerLetter.rawPayload.length, decision.letterSizeBytes);
    const text = pdfText(officerLetter.rawPayload);
    for (const expected of [
      reference,
      'Anna Andersson',
      'Avslag',
      'Skolvägen är kortare',
      'Karin Berg',
      'Hur du överklagar',
    ]) {
      assert.ok(text.includes(expected), `the stored letter has “${expected}”`);
    }
    const residentLetter = await anna.get(
      `/mina-sidor/arenden/${reference}/beslut/${decision.id}/beslut.pdf`,
    );
    assert.equal(residentLetter.statusCode, 200);
    assert.equal(residentLetter.rawPayload.subarray(0, 4).toString(), '%PDF');
    assert.deepEqual(residentLetter.rawPayload, officerLetter.rawPayload);

    const audit = await t.database.db
      .selectFrom('auditLog')
      .select('action')
      .where('caseId', '=', row.id)
      .orderBy('id')
      .execute();
    const actions = audit.map((entry) => entry.action);
    assert.ok(actions.includes('case.decide'), actions.join(', '));
    assert.equal(actions.at(-1), 'case.read', 'reading the letter is audited');

    const officerPage = await karin.get(caseUrl);
    assert.match(officerPage.body, /Beslut fattat/);
  });

  test('a form with errors is shown again with Swedish messages beside the fields and in the summary; nothing is stored', async () => {
    const { tenant, karin, reference, caseUrl } = await setUp();
    await prepare(karin, caseUrl);
    const filesBefore = storedFiles().length;
    const refused = await karin.post(`${caseUrl}/beslut`, {
      outcome: '',
      justification: 'Utkast till motivering',
      legalBasis: '',
      validFrom: '2026-02-30',
      validTo: '',
      appealInformation: '',
    });
    assert.equal(refused.statusCode, 400);
    assert.match(refused.body, /class="error-summary"/);
    assert.match(refused.body, /<title>Fel: /);
    for (const [field, message] of [
      ['outcome', 'Välj vilket beslut du fattar'],
      ['legalBasis', 'Ange vilket lagrum beslutet grundar sig på'],
      ['validFrom', 'Skriv datumet som ÅÅÅÅ-MM-DD, till exempel 2026-08-15'],
    ]) {
      assert.match(
        refused.body,
        new RegExp(`<a href="#${field}">${message}</a>`),
        `summary links to ${field}`,
      );
      assert.match(
        refused.body,
        new RegExp(`id="${field}-error"><span class="visually-hidden">Fel: </span>${message}`),
      );
      assert.match(refused.body, new RegExp(`aria-describedby="[^"]*${field}-error`));
    }
    assert.doesNotMatch(refused.body, /id="justification-error"/);
    assert.match(refused.body, />Utkast till motivering<\/textarea>/, 'what was typed is kept');
    assert.match(refused.body, /value="2026-02-30"/);

    const row = await caseRow(reference);
    assert.equal(row.status, 'inProgress');
    assert.deepEqual(await decisionsOf(row.id), []);
    assert.equal(storedFiles().length, filesBefore, 'no letter was stored');
    assert.deepEqual(await outboxKinds(tenant.id), [
      'case.submitted:',
      'notification.resident:statusChanged',
    ]);
  });

  test('a rejection without appeal information is refused', async () => {
    const { karin, reference, caseUrl } = await setUp();
    await prepare(karin, caseUrl);
    const refused = await karin.post(`${caseUrl}/beslut`, { ...REJECTION, appealInformation: '  ' });
    assert.equal(refused.statusCode, 400);
    assert.match(
      refused.body,
      /<a href="#appealInformation">Skriv hur den sökande överklagar, eftersom beslutet är ett avslag<\/a>/,
    );
    assert.match(refused.body, /id="appealInformation-error"/);
    assert.deepEqual(await decisionsOf((await caseRow(reference)).id), []);
  });

  test('a case still “Mottagen” cannot be decided: the officer is told to set “Under handläggning” first', async () => {
    const { karin, reference, caseUrl } = await setUp();
    await karin.post(`${caseUrl}/ta`);
    const form = await karin.get(`${caseUrl}/beslut`);
    assert.match(form.body, /Ändra först status till en status där ärendet handläggs/);
    const filesBefore = storedFiles().length;
    const refused = await karin.post(`${caseUrl}/beslut`, GRANT);
    assert.equal(refused.statusCode, 400);
    assert.match(
      refused.body,
      /<a href="#decision-status">Ärendet kan inte få ett beslut i sin nuvarande status/,
    );
    assert.match(refused.body, /id="decision-status-error"/);
    assert.match(refused.body, /Avståndet är sju kilometer/, 'the typed decision is kept');
    const row = await caseRow(reference);
    assert.equal(row.status, 'received');
    assert.deepEqual(await decisionsOf(row.id), []);
    assert.equal(storedFiles().length, filesBefore, 'no letter was stored');
  });

  test('decisions cannot be changed: a correction is a new decision referring to the old one, and the database refuses UPDATE and DELETE', async () => {
    const { karin, anna, reference, caseUrl } = await setUp();
    await prepare(karin, caseUrl);
    assert.equal((await karin.post(`${caseUrl}/beslut`, REJECTION)).statusCode, 303);
    const row = await caseRow(reference);
    const [original] = await decisionsOf(row.id);
    assert.ok(original);

    const again = await karin.post(`${caseUrl}/beslut`, GRANT);
    assert.equal(again.statusCode, 400, 'a second first decision is refused');
    assert.match(again.body, /Ärendet har redan ett beslut\. Rätta det beslutet i stället/);

    const correctionForm = await karin.get(`${caseUrl}/beslut?rattar=${original.id}`);
    assert.equal(correctionForm.statusCode, 200);
    assert.match(correctionForm.body, new RegExp(`<h1>Rätta beslut i ärende ${reference}</h1>`));
    assert.match(
      correctionForm.body,
      /Du rättar beslutet från \d{4}-\d{2}-\d{2} \(Avslag\), fattat av Karin Berg/,
    );
    assert.match(
      correctionForm.body,
      /Skolvägen är kortare än sex kilometer/,
      'prefilled from the decision corrected',
    );
    assert.match(correctionForm.body, /value="rejected" checked/);
    assert.match(correctionForm.body, new RegExp(`name="rattar" value="${original.id}"`));

    const corrected = await karin.post(`${caseUrl}/beslut`, { ...GRANT, rattar: original.id });
    assert.equal(corrected.statusCode, 303);
    const after = await decisionsOf(row.id);
    assert.equal(after.length, 2);
    assert.deepEqual(after[0], original, 'the original decision is unchanged');
    const correction = after[1];
    assert.ok(correction);
    assert.equal(correction.correctsDecisionId, original.id);
    assert.equal(correction.outcome, 'granted');
    assert.equal(correction.validFrom, '2026-08-17');
    assert.equal(correction.appealInformation, null);
    assert.notEqual(correction.letterStorageKey, original.letterStorageKey);
    assert.equal((await caseRow(reference)).status, 'decided', 'a correction leaves the status alone');

    const letter = await anna.get(`/mina-sidor/arenden/${reference}/beslut/${correction.id}/beslut.pdf`);
    const text = pdfText(letter.rawPayload);
    assert.ok(text.includes('Detta beslut ersätter beslut daterat'), 'the letter says what it replaces');
    assert.ok(text.includes('Bifall'));

    const twice = await karin.post(`${caseUrl}/beslut`, { ...GRANT, rattar: original.id });
    assert.equal(twice.statusCode, 409, 'a replaced decision cannot be corrected again');

    await assert.rejects(
      t.database.db
        .updateTable('decision')
        .set({ justification: 'Ändrad i efterhand' })
        .where('id', '=', original.id)
        .execute(),
      /append-only/,
    );
    await assert.rejects(
      t.database.db.deleteFrom('decision').where('id', '=', original.id).execute(),
      /append-only/,
    );
    assert.deepEqual((await decisionsOf(row.id))[0], original);
  });

  test('access: another unit gets 404, an unassigned officer of the unit 403, another resident 404, anonymous visitors log in', async () => {
    const { tenant, units, karin, reference, caseUrl } = await setUp();
    const peter = await staffClient(t, tenant, PETER, 'officer', [units.streets]);
    const johan = await staffClient(t, tenant, JOHAN, 'officer', [units.school]);
    const erik = await residentClient(t, ERIK);
    await prepare(karin, caseUrl);

    assert.equal((await peter.get(`${caseUrl}/beslut`)).statusCode, 404);
    assert.equal((await peter.post(`${caseUrl}/beslut`, GRANT)).statusCode, 404);
    assert.equal((await johan.get(`${caseUrl}/beslut`)).statusCode, 403);
    const forbidden = await johan.post(`${caseUrl}/beslut`, GRANT);
    assert.equal(forbidden.statusCode, 403);
    const row = await caseRow(reference);
    assert.deepEqual(await decisionsOf(row.id), [], 'nothing recorded for the unassigned officer');

    assert.equal((await karin.post(`${caseUrl}/beslut`, GRANT)).statusCode, 303);
    const [decision] = await decisionsOf(row.id);
    assert.ok(decision);
    const officerLetter = `${caseUrl}/beslut/${decision.id}/beslut.pdf`;
    const residentLetter = `/mina-sidor/arenden/${reference}/beslut/${decision.id}/beslut.pdf`;
    assert.equal((await peter.get(officerLetter)).statusCode, 404);
    assert.equal((await johan.get(officerLetter)).statusCode, 200, 'every member of the unit reads the case');
    assert.equal(
      (await karin.get(`${caseUrl}/beslut/00000000-0000-0000-0000-000000000000/beslut.pdf`)).statusCode,
      404,
    );
    assert.equal((await karin.get(`${caseUrl}/beslut/inte-ett-id/beslut.pdf`)).statusCode, 404);
    assert.equal((await erik.get(residentLetter)).statusCode, 404);

    const anonymous = new TestClient(t.app);
    const login = await anonymous.get(residentLetter);
    assert.equal(login.statusCode, 303);
    assert.equal(login.headers.location, `/logga-in?tillbaka=${encodeURIComponent(residentLetter)}`);
    const staffLogin = await anonymous.get(officerLetter);
    assert.equal(staffLogin.statusCode, 303);
    assert.match(String(staffLogin.headers.location), /^\/handlaggning\/logga-in/);
    assert.equal((await anonymous.get(`${caseUrl}/beslut`)).statusCode, 303);
  });

  test('when the transaction fails after the letter was stored, the letter is removed again', async () => {
    const { karin, reference, caseUrl } = await setUp();
    await prepare(karin, caseUrl);
    const services = t.app.services;
    const failing = createDecisionService({
      db: services.db,
      cases: services.cases,
      storage: services.storage,
      now: () => new Date(),
      caseHandling: {
        ...services.caseHandling,
        notifyResident: async () => {
          throw new Error('outbox unavailable');
        },
      },
    });
    const filesBefore = storedFiles().length;
    await assert.rejects(failing.recordDecision(karin.actor, reference, GRANT), /outbox unavailable/);
    assert.equal(storedFiles().length, filesBefore);
    const row = await caseRow(reference);
    assert.deepEqual(await decisionsOf(row.id), []);
    assert.equal(row.status, 'inProgress', 'the status change was rolled back with the decision');
  });

  test('the case-page sections: officers see letters and corrections; residents read the outcome in plain words', async () => {
    const { tenant, karin, reference, caseUrl } = await setUp();
    await prepare(karin, caseUrl);
    const decisions = t.app.services.decisions;
    const first = await decisions.recordDecision(karin.actor, reference, REJECTION);
    const second = await decisions.recordDecision(
      karin.actor,
      reference,
      { ...REJECTION, outcome: 'partlyGranted' },
      first.decisionId,
    );
    const row = await caseRow(reference);
    const list = await decisions.decisionsOfCase(row.id);
    assert.deepEqual(
      list.map((decision) => decision.id),
      [second.decisionId, first.decisionId],
      'newest first',
    );
    const letters = await t.database.db
      .selectFrom('decision')
      .select('letterStorageKey')
      .where('caseId', '=', row.id)
      .execute();
    const letterKeys = letters.flatMap((letter) => letter.letterStorageKey ?? []);
    assert.equal(letterKeys.length, 2);
    assert.deepEqual(
      (await decisions.storageKeysInUse([...letterKeys, crypto.randomUUID()])).sort(),
      [...letterKeys].sort(),
      'the orphan file sweeper learns that the letters are in use',
    );

    const ctx: PageContext = {
      lang: 'sv',
      currentPath: caseUrl,
      person: null,
      csrfToken: 'x',
      tenant: undefined,
    };
    const officer = render(
      h(OfficerDecisionSection, {
        ctx,
        tenantSlug: tenant.slug,
        reference,
        decisions: list,
        canDecide: true,
        caseCategory: 'decided',
      }),
    );
    assert.match(officer, /Delvis bifall/);
    assert.match(officer, /Ersatt av ett senare beslut/);
    assert.match(officer, new RegExp(`href="${caseUrl}/beslut/${first.decisionId}/beslut.pdf"`));
    assert.match(officer, new RegExp(`href="${caseUrl}/beslut\\?rattar=${second.decisionId}"`));
    assert.doesNotMatch(
      officer,
      new RegExp(`rattar=${first.decisionId}`),
      'a replaced decision is not corrected again',
    );
    assert.doesNotMatch(officer, />Fatta beslut</, 'no new decision once decided');
    const undecided = render(
      h(OfficerDecisionSection, {
        ctx,
        tenantSlug: tenant.slug,
        reference,
        decisions: [],
        canDecide: true,
        caseCategory: 'inProgress',
      }),
    );
    assert.match(undecided, /Inget beslut är fattat ännu/);
    assert.match(undecided, new RegExp(`<a class="button" href="${caseUrl}/beslut">Fatta beslut</a>`));

    const resident = render(h(ResidentDecisionSection, { ctx, reference, decisions: list }));
    assert.match(resident, /Din ansökan har beviljats delvis\./);
    assert.match(resident, /Din ansökan har avslagits\./);
    assert.match(resident, /Det här beslutet har ersatts av ett senare beslut\./);
    assert.match(resident, /Om du vill överklaga/);
    assert.match(resident, /inom tre veckor/);
    assert.match(
      resident,
      new RegExp(
        `href="/mina-sidor/arenden/${reference}/beslut/${second.decisionId}/beslut.pdf">Ladda ner beslutsbrevet \\(PDF\\)`,
      ),
    );
    assert.equal(render(h(ResidentDecisionSection, { ctx, reference, decisions: [] })), '');
  });
});

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

describe('deciding without a human (automaticDecision)', () => {
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
      assert.match(
        page.body,
        /Automatiskt, av e-tjänstens regler, utan att en handläggare prövade ärendet\./,
      );
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
        const refused = await t.app.services.catalogue
          .saveDraft(tenant.id, definition)
          .catch((error) => error);
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
