/** Decisions: the form, the letter, the case moving to decided, corrections, immutability and access. */

import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { h } from 'preact';
import { render } from 'preact-render-to-string';
import { createTestApp, type TestApp } from '../../test-support/app.ts';
import { TestClient } from '../../test-support/client.ts';
import { ERIK, residentClient } from '../../test-support/fixtures.ts';
import { pdfText } from '../../test-support/pdf-text.ts';
import {
  caseHandlingScene,
  JOHAN,
  PETER,
  staffClient,
  submitSchoolTransport,
} from '../../test-support/staff.ts';
import type { PageContext } from '../../web/page-context.ts';
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
    const letterKeys = letters.map((letter) => letter.letterStorageKey);
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
