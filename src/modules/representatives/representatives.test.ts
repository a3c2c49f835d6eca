/**
 * Representatives and guardians (issue #13): the rules as tables, then through HTTP — a guardian
 * files for their child, a resident appoints and revokes an ombud, expired and not-yet-valid
 * representations and services outside the scope are refused, and the principal sees every act;
 * within the scope a representative asks for review of an automatic decision and reads the
 * principal's conversations.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Tenant } from '../../platform/tenancy/tenant-service.ts';
import { createTestApp, type TestApp } from '../../test-support/app.ts';
import { reportViaWeb } from '../../test-support/fault-reports.ts';
import {
  ANNA,
  createTestTenant,
  type ResidentIdentity,
  residentClient,
  uniqueResident,
} from '../../test-support/fixtures.ts';
import { automaticScene, eventsByReference, runJobs, submitWith } from '../../test-support/proposals.ts';
import { submitSchoolTransport } from '../../test-support/staff.ts';
import { activeGrants, checkAppointment, representationState } from './model.ts';

const ELSA: ResidentIdentity = {
  personalIdentityNumber: '201601022385',
  givenName: 'Elsa',
  familyName: 'Andersson',
};

let t: TestApp;
before(async () => {
  t = await createTestApp();
});
after(() => t.close());

const serviceId = async (tenant: Tenant, slug: string) =>
  (await t.app.services.catalogue.liveService(tenant.id, slug)).serviceId;

const report = (client: Awaited<ReturnType<typeof residentClient>>, tenant: Tenant, description: string) =>
  reportViaWeb(client, tenant, { category: 'park-playground', description, address: 'Stadsparken' });

describe('representation rules', () => {
  test('state by date and revocation, grants merged per municipality', () => {
    const row = { validFrom: '2026-01-01', validTo: '2026-06-30', revokedAt: null };
    assert.equal(representationState(row, '2025-12-31'), 'upcoming');
    assert.equal(representationState(row, '2026-01-01'), 'active');
    assert.equal(representationState(row, '2026-06-30'), 'active');
    assert.equal(representationState(row, '2026-07-01'), 'expired');
    assert.equal(representationState({ ...row, revokedAt: new Date() }, '2026-03-01'), 'revoked');
    const base = {
      principalPersonId: 'p',
      representativePersonId: 'r',
      kind: 'representative' as const,
      ...row,
      id: 'x',
    };
    const grants = activeGrants(
      [
        { ...base, tenantId: 'a', serviceIds: ['s2'] },
        { ...base, tenantId: 'a', serviceIds: ['s1'] },
        { ...base, tenantId: 'b', serviceIds: null },
        { ...base, tenantId: 'c', serviceIds: null, revokedAt: new Date() },
      ],
      '2026-03-01',
    );
    assert.deepEqual(grants, [
      { tenantId: 'a', serviceIds: ['s1', 's2'] },
      { tenantId: 'b', serviceIds: null },
    ]);
  });

  test('an appointment needs a valid other person, a name, a scope and sound dates', () => {
    const context = { ownNumber: '193801029202', knownServiceIds: ['s1'], today: '2026-03-01' };
    const problems = (input: Parameters<typeof checkAppointment>[0]) => {
      const result = checkAppointment(input, context);
      return result.ok ? [] : result.problems.map((p) => `${p.field}:${p.message}`);
    };
    assert.deepEqual(problems({}), [
      'personalIdentityNumber:numberMissing',
      'givenName:givenNameMissing',
      'familyName:familyNameMissing',
      'scope:scopeMissing',
      'validFrom:fromMissing',
    ]);
    const ok = {
      personalIdentityNumber: '19790101-2398',
      givenName: 'Erik',
      familyName: 'Eriksson',
      scope: 'alla',
      validFrom: '2026-03-01',
    };
    assert.deepEqual(problems(ok), []);
    assert.deepEqual(problems({ ...ok, personalIdentityNumber: '19380102-9202' }), [
      'personalIdentityNumber:numberIsYours',
    ]);
    assert.deepEqual(problems({ ...ok, personalIdentityNumber: '19790101-2399' }), [
      'personalIdentityNumber:numberInvalid',
    ]);
    assert.deepEqual(problems({ ...ok, scope: 'valda' }), ['serviceIds:servicesMissing']);
    assert.deepEqual(problems({ ...ok, scope: 'valda', serviceIds: ['other'] }), [
      'serviceIds:serviceUnknown',
    ]);
    assert.deepEqual(problems({ ...ok, validFrom: '2026-02-30' }), ['validFrom:fromInvalid']);
    assert.deepEqual(problems({ ...ok, validFrom: '2026-02-28' }), ['validFrom:fromInPast']);
    assert.deepEqual(problems({ ...ok, validTo: '2026-02-28' }), ['validTo:toBeforeFrom']);
  });
});

describe('acting for someone', () => {
  test('a guardian files for their child; the child sees it and who did it; other services stay closed', async () => {
    const tenant = await createTestTenant(t, ['skolskjuts', 'felanmalan']);
    const anna = await residentClient(t, ANNA);
    const elsa = await residentClient(t, ELSA);
    // The child's own fault report: outside the guardianship for school transport.
    const { reference: elsasReport } = await report(elsa, tenant, 'Elsas gunga');
    await t.app.services.representatives.registerGuardian({
      tenantId: tenant.id,
      guardianPersonId: anna.personId,
      childPersonId: elsa.personId,
      serviceIds: [await serviceId(tenant, 'skolskjuts')],
      validFrom: '2020-01-01',
      validTo: null,
    });

    const home = await anna.get('/mina-sidor');
    assert.match(home.body, /Agera för någon annan/);
    assert.match(home.body, /Elsa Andersson \(vårdnadshavare\)/);
    const switched = await anna.post('/mina-sidor/agera-for', { personId: elsa.personId });
    assert.equal(switched.statusCode, 303);
    const acting = await anna.get('/mina-sidor');
    assert.match(acting.body, /Du agerar för Elsa Andersson/);
    // The page speaks of her, not of the guardian.
    assert.match(acting.body, /Här ser du ärenden och utkast för Elsa Andersson, i de e-tjänster/);
    assert.match(acting.body, /Elsa Andersson har inga pågående ärenden som du får se\./);
    assert.doesNotMatch(acting.body, /Du har inga|Här ser du dina ärenden/);
    const inbox = (await anna.get('/mina-sidor/meddelanden')).body;
    assert.match(inbox, /Här ser du ärenden för Elsa Andersson där handläggaren/);
    assert.match(inbox, /Det finns inga meddelanden i de ärenden för Elsa Andersson som du får se\./);
    assert.doesNotMatch(inbox, /Du har inga meddelanden|Här ser du dina ärenden/);
    assert.doesNotMatch(acting.body, new RegExp(elsasReport), 'the child’s fault report is not shown');
    assert.equal((await anna.get(`/mina-sidor/arenden/${elsasReport}`)).statusCode, 404);
    assert.equal((await anna.post(`/${tenant.slug}/e-tjanster/felanmalan/starta`)).statusCode, 403);

    const reference = await submitSchoolTransport(anna, tenant);
    const row = await t.app.services.cases.caseRow(reference);
    assert.equal(row?.applicantPersonId, elsa.personId);
    assert.equal(row?.registeredByKind, 'representative');
    assert.equal(row?.registeredById, anna.personId);
    assert.equal(row?.registeredByLabel, 'Anna Andersson');
    assert.match((await anna.get('/mina-sidor')).body, new RegExp(reference));
    const message = await anna.post(`/mina-sidor/arenden/${reference}/meddelanden`, {
      body: 'Elsa börjar i augusti.',
    });
    assert.equal(message.statusCode, 303);
    const [entry] = await t.database.db
      .selectFrom('auditLog')
      .select(['actorPersonId', 'actorName', 'subjectPersonId', 'details'])
      .where('action', '=', 'case.message')
      .where('tenantId', '=', tenant.id)
      .execute();
    assert.equal(entry?.actorPersonId, anna.personId, 'the representative acted');
    assert.equal(entry?.subjectPersonId, elsa.personId, 'for the child');
    assert.equal(entry?.actorName, 'Anna Andersson (vårdnadshavare)');
    assert.deepEqual((entry?.details as { onBehalfOf?: unknown } | undefined)?.onBehalfOf, {
      personId: elsa.personId,
      name: 'Elsa Andersson',
      role: 'guardian',
    });

    // The child (or whoever logs in as her) sees the case, who registered it and the acts.
    const childCase = await elsa.get(`/mina-sidor/arenden/${reference}`);
    assert.equal(childCase.statusCode, 200);
    assert.match(childCase.body, /registrerat av Anna Andersson/);
    assert.match(childCase.body, /Ärendet skickades in – Anna Andersson \(vårdnadshavare\)/);
    const acts = await elsa.get('/mina-sidor/ombud');
    assert.match(acts.body, /Skickade in ansökan/);
    assert.match(acts.body, new RegExp(reference));
    assert.match(acts.body, /Vårdnad kommer från folkbokföringen/);

    // Back to herself: the child's case is no longer hers to read.
    await anna.post('/mina-sidor/agera-for', { personId: '' });
    const ownPage = (await anna.get('/mina-sidor')).body;
    assert.doesNotMatch(ownPage, /Du agerar för/);
    assert.match(ownPage, /Här ser du dina ärenden/);
    assert.equal((await anna.get(`/mina-sidor/arenden/${reference}`)).statusCode, 404);
  });

  test('a resident appoints an ombud with checked input, and revoking ends it at once', async () => {
    const tenant = await createTestTenant(t, ['felanmalan', 'skolskjuts']);
    // People of this test alone: on PostgreSQL the demo seed of other files makes Erik Margit's ombud.
    const MARGIT = uniqueResident('Margit', 'Lindqvist');
    const ERIK = uniqueResident('Erik', 'Eriksson');
    const margit = await residentClient(t, MARGIT);
    const erik = await residentClient(t, ERIK);
    const { reference } = await report(margit, tenant, 'Margits parkbänk');
    const faultService = await serviceId(tenant, 'felanmalan');

    const refused = await margit.post('/mina-sidor/ombud', {
      personalIdentityNumber: ERIK.personalIdentityNumber,
      givenName: 'Erik',
      familyName: 'Fel',
      tenantId: tenant.id,
      scope: 'valda',
      validFrom: '2000-01-01',
    });
    assert.equal(refused.statusCode, 400);
    assert.match(refused.body, /<title>Fel:/);
    assert.match(refused.body, /Välj minst en e-tjänst/);
    assert.match(refused.body, /Datumet kan inte ha passerat/);
    const today = new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/Stockholm' }).format(new Date());
    const wrongName = await margit.post('/mina-sidor/ombud', {
      personalIdentityNumber: ERIK.personalIdentityNumber,
      givenName: 'Erik',
      familyName: 'Fel',
      tenantId: tenant.id,
      scope: 'valda',
      serviceIds: faultService,
      validFrom: today,
    });
    assert.match(wrongName.body, /Efternamnet stämmer inte med personnumret/);

    const saved = await margit.post('/mina-sidor/ombud', {
      personalIdentityNumber: ERIK.personalIdentityNumber,
      givenName: 'Erik',
      familyName: 'eriksson',
      tenantId: tenant.id,
      scope: 'valda',
      serviceIds: faultService,
      validFrom: today,
    });
    assert.equal(saved.statusCode, 303);
    const page = await margit.get('/mina-sidor/ombud?sparat=1');
    assert.match(page.body, /Erik Eriksson/);
    assert.match(page.body, /Gäller/);

    assert.equal((await erik.post('/mina-sidor/agera-for', { personId: margit.personId })).statusCode, 303);
    const caseAsErik = await erik.get(`/mina-sidor/arenden/${reference}`);
    assert.equal(caseAsErik.statusCode, 200);
    assert.match(caseAsErik.body, /Margits parkbänk/);

    const id = /action="\/mina-sidor\/ombud\/([0-9a-f-]+)\/aterkalla"/.exec(page.body)?.[1];
    assert.ok(id);
    assert.equal((await margit.post(`/mina-sidor/ombud/${id}/aterkalla`)).statusCode, 303);
    assert.match((await margit.get('/mina-sidor/ombud')).body, /Återkallat/);
    assert.equal((await erik.get(`/mina-sidor/arenden/${reference}`)).statusCode, 404, 'revoked: refused');
    assert.doesNotMatch((await erik.get('/mina-sidor')).body, /Du agerar för/);
    assert.equal(
      (await erik.post(`/mina-sidor/ombud/${id}/aterkalla`)).statusCode,
      404,
      'only the principal revokes',
    );
  });

  test('within the scope the ombud asks for review of an automatic decision and reads the conversations', async () => {
    const { tenant } = await automaticScene(t);
    const ebba = await residentClient(t, uniqueResident('Ebba', 'Holm'));
    const olle = await residentClient(t, uniqueResident('Olle', 'Holm'));
    const school = await submitWith(ebba, tenant, { grade: '5', distanceKm: '4,2' });
    await runJobs(t, tenant);
    const { reference: fault } = await report(ebba, tenant, 'Ebbas gunga');
    const { reference: own } = await report(olle, tenant, 'Olles bänk');
    for (const [client, reference] of [
      [ebba, school],
      [ebba, fault],
      [olle, own],
    ] as const) {
      const sent = await client.post(`/mina-sidor/arenden/${reference}/meddelanden`, { body: 'Hej!' });
      assert.equal(sent.statusCode, 303);
    }
    const db = t.database.db;
    await db
      .insertInto('representation')
      .values({
        tenantId: tenant.id,
        principalPersonId: ebba.personId,
        representativePersonId: olle.personId,
        kind: 'representative',
        serviceIds: JSON.stringify([await serviceId(tenant, 'felanmalan')]),
        validFrom: '2020-01-01',
        validTo: null,
      })
      .execute();
    assert.equal((await olle.post('/mina-sidor/agera-for', { personId: ebba.personId })).statusCode, 303);
    const listed = async () => {
      const inbox = await olle.get('/mina-sidor/meddelanden');
      assert.match(inbox.body, /Du agerar för Ebba Holm/);
      return [fault, school, own].filter((reference) => inbox.body.includes(reference));
    };

    // Fault reports only: the school transport case is outside the scope.
    assert.deepEqual(await listed(), [fault], 'the principal’s conversations in scope, not the ombud’s own');
    const review = `/mina-sidor/arenden/${school}/provning`;
    assert.equal((await olle.post(review, { reason: 'Fel avstånd' })).statusCode, 404);

    await db
      .updateTable('representation')
      .set({ serviceIds: JSON.stringify([await serviceId(tenant, 'skolskjuts')]) })
      .where('principalPersonId', '=', ebba.personId)
      .execute();
    assert.deepEqual(await listed(), [school]);
    assert.match((await olle.get(`/mina-sidor/arenden/${school}`)).body, new RegExp(`action="${review}"`));
    const asked = await olle.post(review, { reason: 'Fel avstånd' });
    assert.equal(asked.statusCode, 303, asked.body.slice(0, 300));
    const [event] = await eventsByReference(t, school, 'reviewRequested');
    assert.deepEqual(event?.actor, {
      kind: 'resident',
      personId: olle.personId,
      name: 'Olle Holm',
      onBehalfOf: { personId: ebba.personId, name: 'Ebba Holm', role: 'representative' },
    });
    const audit = await db
      .selectFrom('auditLog')
      .select(['actorPersonId', 'actorName', 'subjectPersonId'])
      .where('action', '=', 'case.reviewRequested')
      .where('tenantId', '=', tenant.id)
      .execute();
    assert.deepEqual(audit, [
      { actorPersonId: olle.personId, actorName: 'Olle Holm (ombud)', subjectPersonId: ebba.personId },
    ]);
    assert.match((await ebba.get('/mina-sidor/ombud')).body, /Begärde att en handläggare prövar beslutet/);

    // As himself again: his own inbox.
    await olle.post('/mina-sidor/agera-for', { personId: '' });
    const inbox = await olle.get('/mina-sidor/meddelanden');
    assert.ok(inbox.body.includes(own) && !inbox.body.includes(school) && !inbox.body.includes(fault));
  });

  test('expired and not yet valid representations give no access', async () => {
    const tenant = await createTestTenant(t, ['felanmalan']);
    const margit = await residentClient(t, uniqueResident('Margit', 'Lindqvist'));
    const erik = await residentClient(t, uniqueResident('Erik', 'Eriksson'));
    const { reference } = await report(margit, tenant, 'Gammal gunga');
    const service = await serviceId(tenant, 'felanmalan');
    for (const [validFrom, validTo] of [
      ['2020-01-01', '2020-12-31'],
      ['2999-01-01', null],
    ] as const) {
      await t.database.db
        .insertInto('representation')
        .values({
          tenantId: tenant.id,
          principalPersonId: margit.personId,
          representativePersonId: erik.personId,
          kind: 'representative',
          serviceIds: JSON.stringify([service]),
          validFrom,
          validTo,
        })
        .execute();
    }
    const switched = await erik.post('/mina-sidor/agera-for', { personId: margit.personId });
    assert.equal(switched.headers.location, '/mina-sidor/agera-for', 'nobody to act for');
    assert.match((await erik.get('/mina-sidor/agera-for')).body, /Just nu kan du inte agera för någon annan/);
    assert.equal((await erik.get(`/mina-sidor/arenden/${reference}`)).statusCode, 404);
  });
});
