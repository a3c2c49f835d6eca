/**
 * API clients (issue #12): the administrators' pages (through HTTP as a browser without JavaScript
 * would use them: the secret shown once, refused registrations explained next to the fields), registration by administrators, the client credentials grant, API keys,
 * rotation and revocation, the case reads within the client's reach and scopes, the audit log, the
 * per-client rate limit and the OpenAPI description.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { SESSION_COOKIE } from '../../platform/sessions/session-service.ts';
import type { Tenant } from '../../platform/tenancy/tenant-service.ts';
import { createTestApp, type TestApp } from '../../test-support/app.ts';
import type { TestClient } from '../../test-support/client.ts';
import { anonymousClient, reportViaWeb } from '../../test-support/fault-reports.ts';
import { ANNA, ERIK, residentClient } from '../../test-support/fixtures.ts';
import { caseHandlingScene, LENA, staffClient, submitSchoolTransport } from '../../test-support/staff.ts';
import type { StaffActor } from '../organisation/model.ts';

/** Low, so that one test can reach it; every other test's client stays well under it. */
const RATE_LIMIT = 25;

let t: TestApp;
before(async () => {
  t = await createTestApp({ API_RATE_LIMIT_PER_MINUTE: String(RATE_LIMIT) });
});
after(() => t.close());

const ADMIN = { givenName: 'Ada', familyName: 'Admin', personalIdentityNumber: '197001019876' };

/** A tenant, its units and admin; with `cases`, three school-transport cases (school unit) and a fault report (streets unit). */
async function scene(cases = false) {
  const { tenant, units, karin, anna } = await caseHandlingScene(t);
  const admin = await staffClient(t, tenant, ADMIN, 'admin', []);
  if (!cases) return { tenant, units, karin, admin, school: [] as string[], street: '' };
  const school = [
    await submitSchoolTransport(anna, tenant, 'Elsa'),
    await submitSchoolTransport(anna, tenant, 'Olle'),
    await submitSchoolTransport(anna, tenant, 'Nils'),
  ];
  const { reference: street } = await reportViaWeb(anonymousClient(t), tenant);
  return { tenant, units, karin, admin, school, street };
}

async function register(
  actor: StaffActor,
  scopes: string[],
  reach: { unitIds?: string[]; serviceIds?: string[] },
) {
  return t.app.services.apiClients.register(actor, {
    name: 'Ärendesystemet',
    scopes,
    unitIds: reach.unitIds ?? [],
    serviceIds: reach.serviceIds ?? [],
  });
}

function basic(id: string, secret: string) {
  return `Basic ${Buffer.from(`${id}:${secret}`).toString('base64')}`;
}

async function token(id: string, secret: string, scope?: string) {
  const response = await t.app.inject({
    method: 'POST',
    url: '/api/v1/oauth/token',
    headers: { authorization: basic(id, secret), 'content-type': 'application/x-www-form-urlencoded' },
    payload: `grant_type=client_credentials${scope ? `&scope=${encodeURIComponent(scope)}` : ''}`,
  });
  return response;
}

async function bearer(id: string, secret: string, scope?: string): Promise<string> {
  const response = await token(id, secret, scope);
  assert.equal(response.statusCode, 200, response.body);
  return response.json().access_token;
}

function get(url: string, headers: Record<string, string>) {
  return t.app.inject({ url, headers });
}

async function auditOf(tenant: Tenant, clientId: string) {
  return t.database.db
    .selectFrom('auditLog')
    .select(['action', 'caseId', 'actorName', 'actorStaffId', 'details'])
    .where('tenantId', '=', tenant.id)
    .where('actorApiClientId', '=', clientId)
    .orderBy('id')
    .execute();
}

describe('registering clients', () => {
  test('only administrators register; the secret is shown once and kept as a hash', async () => {
    const { tenant, units, karin, admin } = await scene();
    await assert.rejects(register(karin.actor, ['cases:read'], { unitIds: [units.school] }), {
      code: 'FORBIDDEN',
    });
    const created = await register(admin.actor, ['cases:read'], { unitIds: [units.school] });
    assert.match(created.secret, /^ingsk_[A-Za-z0-9_-]{43}$/);
    const row = await t.database.db
      .selectFrom('apiClient')
      .selectAll()
      .where('id', '=', created.id)
      .executeTakeFirstOrThrow();
    assert.notEqual(row.secretHash, created.secret);
    assert.equal(row.secretHint, `${created.secret.slice(0, 10)}…`);
    assert.deepEqual(row.unitIds, [units.school]);
    const [entry] = await t.database.db
      .selectFrom('auditLog')
      .select(['action', 'details'])
      .where('tenantId', '=', tenant.id)
      .where('action', '=', 'apiClient.registered')
      .execute();
    assert.equal((entry?.details as { clientId?: string } | undefined)?.clientId, created.id);
  });

  test('units and services of another tenant are dropped, so a client cannot reach them', async () => {
    const first = await scene();
    const second = await scene();
    await assert.rejects(
      register(first.admin.actor, ['cases:read'], { unitIds: [second.units.school] }),
      (error: unknown) => {
        assert.deepEqual((error as { errors: unknown }).errors, [
          { field: 'reach', message: 'reachMissing' },
        ]);
        return true;
      },
    );
  });
});

describe('the client credentials grant', () => {
  test('a client id and secret get a short-lived bearer token, in Basic or in the body', async () => {
    const { units, admin } = await scene();
    const { id, secret } = await register(admin.actor, ['cases:read', 'cases:status'], {
      unitIds: [units.school],
    });
    const viaBasic = await token(id, secret);
    assert.equal(viaBasic.statusCode, 200);
    assert.equal(viaBasic.headers['cache-control'], 'no-store');
    const body = viaBasic.json();
    assert.equal(body.token_type, 'Bearer');
    assert.equal(body.expires_in, 900);
    assert.equal(body.scope, 'cases:read cases:status');
    assert.match(body.access_token, /^ingat_/);
    const viaBody = await t.app.inject({
      method: 'POST',
      url: '/api/v1/oauth/token',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: `grant_type=client_credentials&client_id=${id}&client_secret=${secret}&scope=cases:status`,
    });
    assert.equal(viaBody.statusCode, 200, viaBody.body);
    assert.equal(viaBody.json().scope, 'cases:status');
  });

  test('a wrong secret, another client’s id, another grant or a scope the client lacks are refused in OAuth’s terms', async () => {
    const { units, admin } = await scene();
    const one = await register(admin.actor, ['cases:read'], { unitIds: [units.school] });
    const other = await register(admin.actor, ['cases:read'], { unitIds: [units.streets] });
    const wrong = await token(one.id, `${one.secret}x`);
    assert.equal(wrong.statusCode, 401);
    assert.equal(wrong.json().error, 'invalid_client');
    assert.match(String(wrong.headers['www-authenticate']), /^Basic/);
    assert.equal((await token(other.id, one.secret)).json().error, 'invalid_client');
    const grant = await t.app.inject({
      method: 'POST',
      url: '/api/v1/oauth/token',
      headers: {
        authorization: basic(one.id, one.secret),
        'content-type': 'application/x-www-form-urlencoded',
      },
      payload: 'grant_type=password&username=a&password=b',
    });
    assert.equal(grant.statusCode, 400);
    assert.equal(grant.json().error, 'unsupported_grant_type');
    const scope = await token(one.id, one.secret, 'cases:read cases:decisions');
    assert.equal(scope.statusCode, 400);
    assert.deepEqual(scope.json(), {
      error: 'invalid_scope',
      error_description: 'Scopes the client does not have: cases:decisions',
    });
  });
});

describe('reading cases', () => {
  test('a client lists, pages and reads only the cases of its reach, and each read is audited as its act', async () => {
    const { tenant, units, admin, school, street } = await scene(true);
    const { id, secret } = await register(admin.actor, ['cases:read'], { unitIds: [units.school] });
    const auth = { authorization: `Bearer ${await bearer(id, secret)}` };

    const first = await get('/api/v1/cases?limit=2', auth);
    assert.equal(first.statusCode, 200, first.body);
    const page1 = first.json();
    assert.equal(page1.items.length, 2);
    assert.ok(page1.next, 'a next page');
    const page2 = (await get(`/api/v1/cases?limit=2&cursor=${page1.next}`, auth)).json();
    assert.equal(page2.next, undefined, 'the last page');
    const listed = [...page1.items, ...page2.items].map((item: { reference: string }) => item.reference);
    assert.deepEqual(listed, [...school].reverse(), 'newest first, every school case once');
    assert.equal(page1.items[0].service.slug, 'skolskjuts');
    assert.equal(page1.items[0].unitId, units.school);

    const one = await get(`/api/v1/cases/${school[0]}`, auth);
    assert.equal(one.statusCode, 200, one.body);
    const body = one.json();
    assert.equal(body.reference, school[0]);
    assert.equal(body.applicant.name, 'Anna Andersson');
    assert.equal(typeof body.answers, 'object');
    const history = (await get(`/api/v1/cases/${school[0]}/history`, auth)).json();
    assert.equal(history.events[0].type, 'submitted');

    const outside = await get(`/api/v1/cases/${street}`, auth);
    assert.equal(outside.statusCode, 404);
    assert.equal(outside.headers['content-type'], 'application/problem+json; charset=utf-8');
    assert.equal(outside.json().code, 'CASE_NOT_FOUND');
    assert.equal((await get(`/api/v1/cases/${street}/history`, auth)).statusCode, 404);

    const audit = await auditOf(tenant, id);
    assert.deepEqual(
      audit.map((entry) => entry.action),
      ['api.casesListed', 'api.casesListed', 'case.read', 'case.historyRead'],
    );
    assert.equal(audit[2]?.actorName, 'Ärendesystemet');
    assert.equal(audit[2]?.actorStaffId, null);
  });

  test('filters by status and submission day narrow the list; a made-up cursor is a 400 problem', async () => {
    const { units, admin, school } = await scene(true);
    const { secret } = await register(admin.actor, ['cases:read'], { unitIds: [units.school] });
    const auth = { 'x-api-key': secret };
    const received = (await get('/api/v1/cases?status=received', auth)).json();
    assert.equal(received.items.length, school.length);
    assert.equal((await get('/api/v1/cases?status=decided', auth)).json().items.length, 0);
    assert.equal((await get('/api/v1/cases?submittedTo=2000-01-01', auth)).json().items.length, 0);
    const cursor = await get('/api/v1/cases?cursor=bm90LWEtY3Vyc29y', auth);
    assert.equal(cursor.statusCode, 400);
    assert.deepEqual(cursor.json().errors, [{ field: 'cursor', message: 'cursorInvalid' }]);
  });

  test('a client reaching a service sees its cases whichever unit handles them', async () => {
    const { tenant, admin, street } = await scene(true);
    const felanmalan = await t.app.services.catalogue.liveService(tenant.id, 'felanmalan');
    const { secret } = await register(admin.actor, ['cases:read'], { serviceIds: [felanmalan.serviceId] });
    const listed = (await get('/api/v1/cases', { 'x-api-key': secret })).json();
    assert.deepEqual(
      listed.items.map((item: { reference: string }) => item.reference),
      [street],
    );
  });
});

const STREET_LIGHT = {
  category: 'street-lighting',
  description: 'Lampan är släckt',
  location: { address: 'Storgatan 3' },
  wantsContact: false,
};

function post(url: string, headers: Record<string, string>, payload: unknown) {
  return t.app.inject({
    method: 'POST',
    url,
    headers: { ...headers, 'content-type': 'application/json' },
    payload: JSON.stringify(payload),
  });
}

describe('registering cases', () => {
  test('a client registers a case in its reach: channel api, the client as registrar, on the resident’s My Pages, audited', async () => {
    const { tenant, units, admin } = await scene();
    const { id, secret } = await register(admin.actor, ['cases:create', 'cases:read'], {
      unitIds: [units.streets],
    });
    const applicant = {
      kind: 'person',
      personalIdentityNumber: ERIK.personalIdentityNumber,
      givenName: ERIK.givenName,
      familyName: ERIK.familyName,
    };
    const created = await post(
      '/api/v1/cases',
      { 'x-api-key': secret },
      { service: 'felanmalan', answers: STREET_LIGHT, applicant },
    );
    assert.equal(created.statusCode, 201, created.body);
    const { reference, links } = created.json();
    assert.match(reference, /^[A-Z]+-\d{4}-\d{6}$/);
    assert.equal(created.headers.location, `/api/v1/cases/${reference}`);
    assert.equal(links.history, `/api/v1/cases/${reference}/history`);
    const read = (await get(links.self, { 'x-api-key': secret })).json();
    assert.equal(read.channel, 'api');
    assert.equal(read.unitId, units.streets);
    assert.equal(read.applicant.name, `${ERIK.givenName} ${ERIK.familyName}`);
    const row = await t.database.db
      .selectFrom('case')
      .select(['registeredByKind', 'registeredById', 'registeredByLabel'])
      .where('reference', '=', reference)
      .executeTakeFirstOrThrow();
    assert.deepEqual(row, {
      registeredByKind: 'apiClient',
      registeredById: id,
      registeredByLabel: 'Ärendesystemet',
    });
    // Erik had never logged in: the intake created him, and his My Pages shows the case.
    const erik = await residentClient(t, ERIK);
    const mine = (await erik.get('/api/v1/me/cases')).json();
    assert.ok(
      mine.ongoing.some((item: { reference: string }) => item.reference === reference),
      'on My Pages',
    );
    const audit = await auditOf(tenant, id);
    assert.deepEqual(
      audit.map((entry) => entry.action),
      ['case.created', 'case.read'],
    );
  });

  test('bad answers, a service out of reach, a missing scope and a malformed body are refused; nothing is written', async () => {
    const { tenant, units, admin } = await scene();
    const { secret } = await register(admin.actor, ['cases:create'], { unitIds: [units.streets] });
    const anonymous = { kind: 'anonymous' };
    const invalid = await post(
      '/api/v1/cases',
      { 'x-api-key': secret },
      { service: 'felanmalan', answers: { category: 'street-lighting' }, applicant: anonymous },
    );
    assert.equal(invalid.statusCode, 422, invalid.body);
    assert.equal(invalid.json().code, 'INTAKE_INVALID');
    assert.ok(
      invalid.json().errors.some((error: { field: string }) => error.field === 'description'),
      invalid.body,
    );
    const outside = await post(
      '/api/v1/cases',
      { 'x-api-key': secret },
      { service: 'skolskjuts', answers: {}, applicant: anonymous },
    );
    assert.equal(outside.statusCode, 404);
    assert.equal(outside.json().code, 'SERVICE_NOT_FOUND');
    const reader = await register(admin.actor, ['cases:read'], { unitIds: [units.streets] });
    const scopeless = await post(
      '/api/v1/cases',
      { 'x-api-key': reader.secret },
      { service: 'felanmalan', answers: STREET_LIGHT, applicant: anonymous },
    );
    assert.equal(scopeless.statusCode, 403);
    assert.equal(scopeless.json().code, 'API_SCOPE_MISSING');
    const malformed = await post(
      '/api/v1/cases',
      { 'x-api-key': secret },
      { service: 'felanmalan', answers: STREET_LIGHT, applicant: { kind: 'robot' } },
    );
    assert.equal(malformed.statusCode, 400);
    assert.equal(malformed.headers['content-type'], 'application/problem+json; charset=utf-8');
    const cases = await t.database.db
      .selectFrom('case')
      .select('id')
      .where('tenantId', '=', tenant.id)
      .execute();
    assert.equal(cases.length, 0, 'nothing was written');
  });
});

describe('changing the status', () => {
  test('a client moves a case along its workflow; the history and audit name the client, the resident sees the status', async () => {
    const { tenant, units, admin, school } = await scene(true);
    const { id, secret } = await register(admin.actor, ['cases:read', 'cases:status'], {
      unitIds: [units.school],
    });
    const reference = school[0] as string;
    const moved = await post(
      `/api/v1/cases/${reference}/status`,
      { 'x-api-key': secret },
      { status: 'inProgress', message: 'Vi handlägger din ansökan.' },
    );
    assert.equal(moved.statusCode, 200, moved.body);
    assert.deepEqual(moved.json(), { reference, status: 'inProgress' });
    const events = (await get(`/api/v1/cases/${reference}/history`, { 'x-api-key': secret })).json().events;
    const change = events.find((event: { type: string }) => event.type === 'statusChanged');
    assert.deepEqual(change.actor, { kind: 'system', apiClientId: id, name: 'Ärendesystemet' });
    assert.equal(change.data.to, 'inProgress');
    const audit = await auditOf(tenant, id);
    assert.ok(
      audit.some((entry) => entry.action === 'case.changeStatus'),
      'audited as the client’s act',
    );
    const anna = await residentClient(t, ANNA);
    const mine = (await anna.get('/api/v1/me/cases')).json();
    assert.equal(
      mine.ongoing.find((item: { reference: string }) => item.reference === reference)?.status,
      'inProgress',
    );
  });

  test('a transition the workflow does not allow, a case out of reach and a missing scope are refused; nothing changes', async () => {
    const { units, admin, school, street } = await scene(true);
    const { secret } = await register(admin.actor, ['cases:status'], { unitIds: [units.school] });
    const reference = school[0] as string;
    const jump = await post(
      `/api/v1/cases/${reference}/status`,
      { 'x-api-key': secret },
      { status: 'no-such-status' },
    );
    assert.equal(jump.statusCode, 400, jump.body);
    assert.deepEqual(jump.json().errors, [{ field: 'status', message: 'transitionNotAllowed' }]);
    const outside = await post(
      `/api/v1/cases/${street}/status`,
      { 'x-api-key': secret },
      { status: 'inProgress' },
    );
    assert.equal(outside.statusCode, 404);
    const reader = await register(admin.actor, ['cases:read'], { unitIds: [units.school] });
    const scopeless = await post(
      `/api/v1/cases/${reference}/status`,
      { 'x-api-key': reader.secret },
      { status: 'inProgress' },
    );
    assert.equal(scopeless.statusCode, 403);
    const row = await t.database.db
      .selectFrom('case')
      .select('status')
      .where('reference', '=', reference)
      .executeTakeFirstOrThrow();
    assert.equal(row.status, 'received', 'still where it was');
  });
});

describe('asking for completion', () => {
  test('a client asks the applicant to complete a step; the case waits for them and they see the request', async () => {
    const { tenant, units, admin, school } = await scene(true);
    const { id, secret } = await register(admin.actor, ['cases:read', 'cases:status'], {
      unitIds: [units.school],
    });
    const reference = school[0] as string;
    const asked = await post(
      `/api/v1/cases/${reference}/completion-request`,
      { 'x-api-key': secret },
      { steps: ['need'], message: 'Ange avståndet enligt kartan.' },
    );
    assert.equal(asked.statusCode, 201, asked.body);
    const read = (await get(`/api/v1/cases/${reference}`, { 'x-api-key': secret })).json();
    assert.equal(read.statusCategory, 'waitingForResident');
    const request = await t.database.db
      .selectFrom('completionRequest')
      .select(['requestedByStaffId', 'requestedByApiClientId', 'stepIds'])
      .where('answeredAt', 'is', null)
      .where('tenantId', '=', tenant.id)
      .executeTakeFirstOrThrow();
    assert.deepEqual(request, { requestedByStaffId: null, requestedByApiClientId: id, stepIds: ['need'] });
    const anna = await residentClient(t, ANNA);
    const page = await anna.get(`/mina-sidor/arenden/${reference}`);
    assert.match(page.body, /Ange avståndet enligt kartan\./);
    assert.ok((await auditOf(tenant, id)).some((entry) => entry.action === 'case.requestCompletion'));
    const again = await post(
      `/api/v1/cases/${reference}/completion-request`,
      { 'x-api-key': secret },
      { steps: ['nosuchstep'], message: 'x' },
    );
    assert.equal(again.statusCode, 400, again.body);
  });
});

describe('deciding', () => {
  const GRANTED = {
    outcome: 'granted',
    justification: 'Avståndet till skolan är 4,2 km, längre än 3 km som gäller för årskurs 4–6.',
    legalBasis: 'Skollagen (2010:800) 10 kap. 32 §',
    validFrom: '2026-08-15',
    decidedByName: 'Hans Handläggare',
  };

  test('a client decides with a letter; the decision names it, the resident reads it on My Pages and cannot ask for an automatic decision’s review', async () => {
    const { tenant, units, admin, school } = await scene(true);
    const { id, secret } = await register(admin.actor, ['cases:read', 'cases:status', 'cases:decisions'], {
      unitIds: [units.school],
    });
    const reference = school[0] as string;
    const key = { 'x-api-key': secret };
    assert.equal(
      (await post(`/api/v1/cases/${reference}/status`, key, { status: 'inProgress' })).statusCode,
      200,
    );
    const decided = await post(`/api/v1/cases/${reference}/decisions`, key, GRANTED);
    assert.equal(decided.statusCode, 201, decided.body);
    const { id: decisionId, links } = decided.json();
    assert.equal(links.letter, `/api/v1/cases/${reference}/decisions/${decisionId}/letter`);
    const letter = await get(links.letter, key);
    assert.equal(letter.statusCode, 200, letter.body);
    assert.equal(letter.headers['content-type'], 'application/pdf');
    assert.equal(letter.rawPayload.subarray(0, 5).toString(), '%PDF-');
    const row = await t.database.db
      .selectFrom('decision')
      .select(['decidedByApiClientId', 'decidedByStaffId', 'decidedByName', 'decidedByRule', 'outcome'])
      .where('id', '=', decisionId)
      .executeTakeFirstOrThrow();
    assert.deepEqual(row, {
      decidedByApiClientId: id,
      decidedByStaffId: null,
      decidedByName: 'Hans Handläggare',
      decidedByRule: null,
      outcome: 'granted',
    });
    const read = (await get(`/api/v1/cases/${reference}`, key)).json();
    assert.equal(read.statusCategory, 'decided');
    const events = (await get(`/api/v1/cases/${reference}/history`, key)).json().events;
    const decision = events.find((event: { type: string }) => event.type === 'decision');
    assert.deepEqual(decision.actor, { kind: 'system', apiClientId: id, name: 'Ärendesystemet' });
    assert.ok((await auditOf(tenant, id)).some((entry) => entry.action === 'case.decide'));
    const anna = await residentClient(t, ANNA);
    const page = await anna.get(`/mina-sidor/arenden/${reference}`);
    assert.match(page.body, /Din ansökan har beviljats\./);
    assert.doesNotMatch(page.body, /Begär att en handläggare prövar beslutet/, 'not an automatic decision');
    const residentLetter = await anna.get(`/mina-sidor/arenden/${reference}/beslut/${decisionId}/beslut.pdf`);
    assert.equal(residentLetter.statusCode, 200, 'the applicant gets the same letter');
    const corrected = await post(`/api/v1/cases/${reference}/decisions`, key, {
      ...GRANTED,
      outcome: 'partlyGranted',
      appealInformation: 'Överklaga inom tre veckor.',
      corrects: decisionId,
    });
    assert.equal(corrected.statusCode, 201, corrected.body);
    const correction = await t.database.db
      .selectFrom('decision')
      .select('correctsDecisionId')
      .where('id', '=', corrected.json().id)
      .executeTakeFirstOrThrow();
    assert.equal(correction.correctsDecisionId, decisionId);
  });

  test('an incomplete decision, a case out of reach, a missing scope and another case’s letter are refused; nothing is written', async () => {
    const { tenant, units, admin, school, street } = await scene(true);
    const { secret } = await register(admin.actor, ['cases:read', 'cases:decisions'], {
      unitIds: [units.school],
    });
    const key = { 'x-api-key': secret };
    const reference = school[0] as string;
    const rejected = await post(`/api/v1/cases/${reference}/decisions`, key, {
      outcome: 'rejected',
      justification: ' ',
      legalBasis: 'Skollagen (2010:800) 10 kap. 32 §',
    });
    assert.equal(rejected.statusCode, 400, rejected.body);
    assert.equal(rejected.json().code, 'VALIDATION_FAILED');
    const fields = rejected.json().errors.map((error: { field: string }) => error.field);
    assert.ok(fields.includes('justification') && fields.includes('appealInformation'), rejected.body);
    const unknown = await post(`/api/v1/cases/${reference}/decisions`, key, { ...GRANTED, outcome: 'maybe' });
    assert.equal(unknown.statusCode, 400);
    const outside = await post(`/api/v1/cases/${street}/decisions`, key, GRANTED);
    assert.equal(outside.statusCode, 404);
    assert.equal(outside.json().code, 'CASE_NOT_FOUND');
    const reader = await register(admin.actor, ['cases:read'], { unitIds: [units.school] });
    const scopeless = await post(
      `/api/v1/cases/${reference}/decisions`,
      { 'x-api-key': reader.secret },
      GRANTED,
    );
    assert.equal(scopeless.statusCode, 403);
    assert.equal(scopeless.json().code, 'API_SCOPE_MISSING');
    const noLetter = await get(
      `/api/v1/cases/${reference}/decisions/00000000-0000-4000-8000-000000000000/letter`,
      key,
    );
    assert.equal(noLetter.statusCode, 404);
    const decisions = await t.database.db
      .selectFrom('decision')
      .select('id')
      .where('tenantId', '=', tenant.id)
      .execute();
    assert.equal(decisions.length, 0, 'nothing was written');
  });
});

describe('registering a case again with an Idempotency-Key', () => {
  test('a retry gets the first request’s case, racing requests make one case, and another body with the key is refused', async () => {
    const { tenant, units, admin } = await scene();
    const { secret } = await register(admin.actor, ['cases:create'], { unitIds: [units.streets] });
    const body = { service: 'felanmalan', answers: STREET_LIGHT, applicant: { kind: 'anonymous' } };
    const headers = { 'x-api-key': secret, 'idempotency-key': 'order-4711' };
    const first = await post('/api/v1/cases', headers, body);
    assert.equal(first.statusCode, 201, first.body);
    assert.equal(first.headers['idempotent-replayed'], undefined);
    // The same request with its keys in another order is the same request.
    const retry = await post('/api/v1/cases', headers, {
      applicant: body.applicant,
      answers: body.answers,
      service: body.service,
    });
    assert.equal(retry.statusCode, 201, retry.body);
    assert.equal(retry.headers['idempotent-replayed'], 'true');
    assert.equal(retry.json().reference, first.json().reference);
    const other = await post('/api/v1/cases', headers, {
      ...body,
      answers: { ...STREET_LIGHT, description: 'Lampan blinkar' },
    });
    assert.equal(other.statusCode, 422, other.body);
    assert.equal(other.json().code, 'IDEMPOTENCY_KEY_REUSED');
    const racing = await Promise.all(
      [1, 2, 3, 4].map(() => post('/api/v1/cases', { ...headers, 'idempotency-key': 'order-4712' }, body)),
    );
    assert.deepEqual(
      racing.map((response) => response.statusCode),
      [201, 201, 201, 201],
    );
    assert.equal(new Set(racing.map((response) => response.json().reference)).size, 1, 'one case');
    const badKey = await post('/api/v1/cases', { ...headers, 'idempotency-key': 'två ord' }, body);
    assert.equal(badKey.statusCode, 400);
    const cases = await t.database.db
      .selectFrom('case')
      .select('id')
      .where('tenantId', '=', tenant.id)
      .execute();
    assert.equal(cases.length, 2, 'one case per key');
  });
});

describe('writing to the applicant', () => {
  test('a client’s message reaches the applicant’s conversation under its name; bad input and missing scope are refused', async () => {
    const { tenant, units, admin, school, street } = await scene(true);
    const { id, secret } = await register(admin.actor, ['cases:messages'], {
      unitIds: [units.school, units.streets],
    });
    const reference = school[0] as string;
    const sent = await post(
      `/api/v1/cases/${reference}/messages`,
      { 'x-api-key': secret },
      { body: 'Hej! Vi behöver skolans adress.' },
    );
    assert.equal(sent.statusCode, 201, sent.body);
    const anna = await residentClient(t, ANNA);
    const thread = await anna.get(`/mina-sidor/arenden/${reference}/meddelanden`);
    assert.equal(thread.statusCode, 200);
    assert.match(thread.body, /Hej! Vi behöver skolans adress\./);
    const row = await t.database.db
      .selectFrom('caseMessage')
      .select(['authorKind', 'authorName', 'authorStaffId'])
      .where('id', '=', sent.json().id)
      .executeTakeFirstOrThrow();
    assert.deepEqual(row, { authorKind: 'officer', authorName: 'Ärendesystemet', authorStaffId: null });
    assert.ok((await auditOf(tenant, id)).some((entry) => entry.action === 'case.message'));
    const empty = await post(`/api/v1/cases/${reference}/messages`, { 'x-api-key': secret }, { body: '' });
    assert.equal(empty.statusCode, 400);
    // The fault report was made anonymously: there is nobody to write to.
    const anonymous = await post(
      `/api/v1/cases/${street}/messages`,
      { 'x-api-key': secret },
      { body: 'Tack!' },
    );
    assert.equal(anonymous.statusCode, 400, anonymous.body);
    const reader = await register(admin.actor, ['cases:read'], { unitIds: [units.school] });
    assert.equal(
      (await post(`/api/v1/cases/${reference}/messages`, { 'x-api-key': reader.secret }, { body: 'Hej' }))
        .statusCode,
      403,
    );
  });
});

describe('credentials that do not work', () => {
  test('no credentials, an unknown key or token, and an expired token answer 401 problems', async () => {
    const { units, admin, school } = await scene(true);
    const { id, secret } = await register(admin.actor, ['cases:read'], { unitIds: [units.school] });
    const none = await get('/api/v1/cases', {});
    assert.equal(none.statusCode, 401);
    assert.equal(none.json().code, 'API_CLIENT_UNAUTHENTICATED');
    assert.match(String(none.headers['www-authenticate']), /^Bearer/);
    assert.equal((await get('/api/v1/cases', { 'x-api-key': 'ingsk_made-up' })).statusCode, 401);
    assert.equal((await get('/api/v1/cases', { authorization: 'Bearer ingat_made-up' })).statusCode, 401);
    const issued = await bearer(id, secret);
    await t.database.db
      .updateTable('apiToken')
      .set({ expiresAt: new Date(Date.now() - 1000) })
      .where('clientId', '=', id)
      .execute();
    const expired = await get(`/api/v1/cases/${school[0]}`, { authorization: `Bearer ${issued}` });
    assert.equal(expired.statusCode, 401);
  });

  test('a credential without cases:read is refused with 403 naming the scope', async () => {
    const { units, admin } = await scene();
    const { id, secret } = await register(admin.actor, ['cases:read', 'cases:status'], {
      unitIds: [units.school],
    });
    const narrow = await bearer(id, secret, 'cases:status');
    const refused = await get('/api/v1/cases', { authorization: `Bearer ${narrow}` });
    assert.equal(refused.statusCode, 403);
    assert.equal(refused.json().code, 'API_SCOPE_MISSING');
    assert.match(refused.json().detail, /cases:read/);
  });

  test('rotating a secret ends the old secret and its tokens; revoking ends the client', async () => {
    const { units, admin } = await scene();
    const { id, secret } = await register(admin.actor, ['cases:read'], { unitIds: [units.school] });
    const oldToken = await bearer(id, secret);
    const rotated = await t.app.services.apiClients.rotate(admin.actor, id);
    assert.notEqual(rotated.secret, secret);
    assert.equal((await get('/api/v1/cases', { 'x-api-key': secret })).statusCode, 401);
    assert.equal((await get('/api/v1/cases', { authorization: `Bearer ${oldToken}` })).statusCode, 401);
    assert.equal((await get('/api/v1/cases', { 'x-api-key': rotated.secret })).statusCode, 200);
    const newToken = await bearer(id, rotated.secret);
    await t.app.services.apiClients.revoke(admin.actor, id);
    assert.equal((await get('/api/v1/cases', { 'x-api-key': rotated.secret })).statusCode, 401);
    assert.equal((await get('/api/v1/cases', { authorization: `Bearer ${newToken}` })).statusCode, 401);
    assert.equal((await token(id, rotated.secret)).statusCode, 401);
    await assert.rejects(t.app.services.apiClients.revoke(admin.actor, id), { code: 'NOT_FOUND' });
    const [row] = await t.app.services.apiClients.clients(admin.actor);
    assert.ok(row?.revokedAt && row.lastUsedAt, 'revoked, and its last use is kept');
  });
});

test('each client has its own rate limit; over it the API answers 429 with Retry-After', async () => {
  const { units, admin } = await scene();
  const busy = await register(admin.actor, ['cases:read'], { unitIds: [units.school] });
  const calm = await register(admin.actor, ['cases:read'], { unitIds: [units.school] });
  for (let i = 0; i < RATE_LIMIT; i++) {
    assert.equal(
      (await get('/api/v1/cases?limit=1', { 'x-api-key': busy.secret })).statusCode,
      200,
      `request ${i + 1}`,
    );
  }
  const over = await get('/api/v1/cases?limit=1', { 'x-api-key': busy.secret });
  assert.equal(over.statusCode, 429);
  assert.equal(over.json().code, 'RATE_LIMITED');
  assert.ok(Number(over.headers['retry-after']) > 0);
  assert.equal((await get('/api/v1/cases?limit=1', { 'x-api-key': calm.secret })).statusCode, 200);
});

test('the OpenAPI document describes the client routes with their security schemes', async () => {
  const document = (await t.app.inject({ url: '/api/v1/openapi.json' })).json();
  for (const path of ['/api/v1/cases', '/api/v1/cases/{reference}', '/api/v1/cases/{reference}/history']) {
    assert.deepEqual(document.paths[path]?.get?.security, [{ oauth2: ['cases:read'] }, { apiKey: [] }], path);
  }
  assert.ok(document.paths['/api/v1/cases/{reference}/attachments/{attachmentId}']?.get);
  assert.ok(document.paths['/api/v1/oauth/token']?.post);
  const schemes = document.components.securitySchemes;
  assert.equal(schemes.oauth2.flows.clientCredentials.tokenUrl, 'http://localhost:3000/api/v1/oauth/token');
  assert.deepEqual(schemes.apiKey, { type: 'apiKey', in: 'header', name: 'X-API-Key' });
});

// The administrators’ API client pages, as a browser without JavaScript uses them.
async function pageScene() {
  const { tenant, units, karin, anna } = await caseHandlingScene(t);
  const admin = await staffClient(t, tenant, LENA, 'admin', []);
  const page = `/${tenant.slug}/handlaggning/admin/api-klienter`;
  return { tenant, units, karin, anna, admin, page };
}

const casesWithKey = (secret: string) =>
  t.app.inject({ url: '/api/v1/cases', headers: { 'x-api-key': secret } });

/** The client id and the secret on a secret page (each shown once, in a summary list). */
function shown(body: string) {
  const secret = [...body.matchAll(/<code class="secret">(ingsk_[^<]+)<\/code>/g)].map((match) => match[1]);
  assert.equal(secret.length, 1, 'the secret is shown exactly once');
  const id = /<dt>Klient-id<\/dt><dd><code>([0-9a-f-]{36})<\/code>/.exec(body)?.[1];
  assert.ok(id, 'the client id is shown');
  return { secret: secret[0] as string, id };
}

async function registerByPage(admin: TestClient, page: string, form: Record<string, string | string[]>) {
  const response = await admin.post(`${page}/ny`, form);
  assert.equal(response.statusCode, 200, response.body.slice(0, 500));
  return shown(response.body);
}

async function clientCount(tenant: Tenant) {
  const row = await t.database.db
    .selectFrom('apiClient')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('tenantId', '=', tenant.id)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

describe('the API client pages', () => {
  test('registering shows the secret once; it works as an API key; the list never shows it', async () => {
    const { tenant, units, anna, admin, page } = await pageScene();
    await submitSchoolTransport(anna, tenant);
    const response = await admin.post(`${page}/ny`, {
      name: '  Ekonomisystemet ',
      scopes: ['cases:read', 'cases:status'],
      unitIds: units.school,
    });
    assert.equal(response.statusCode, 200);
    assert.match(response.body, /<h1>API-klienten Ekonomisystemet är registrerad<\/h1>/);
    assert.match(response.body, /visas bara den här gången/);
    assert.match(response.body, /http:\/\/[^<]+\/api\/v1\/oauth\/token/);
    assert.match(response.body, /href="\/api\/v1\/reference"/);
    assert.match(response.body, /X-API-Key/);
    const { secret, id } = shown(response.body);

    const listed = await admin.get(page);
    assert.equal(listed.statusCode, 200);
    assert.equal(listed.body.includes(secret), false, 'the secret is not shown again');
    assert.match(listed.body, /<th scope="row">Ekonomisystemet<\/th>/);
    assert.ok(listed.body.includes(id), 'the client id is in the list');
    assert.match(listed.body, /Läsa ärenden, historik och filer/);
    assert.match(listed.body, /Ändra status/);
    assert.match(listed.body, /<td>Skolskjutsenheten<\/td>/);
    assert.ok(listed.body.includes(`<code>${secret.slice(0, 10)}…</code>`), 'the hint tells secrets apart');
    assert.match(listed.body, /<td>Aldrig<\/td>/);
    assert.match(listed.body, /<td>Aktiv<\/td>/);
    assert.match(listed.body, /Byt hemlighet för Ekonomisystemet/);

    const read = await casesWithKey(secret);
    assert.equal(read.statusCode, 200, read.body);
    assert.equal(read.json().items.length, 1, 'the school-transport case is in its reach');
    assert.doesNotMatch((await admin.get(page)).body, /<td>Aldrig<\/td>/, 'last used is shown');
  });

  test('a refused registration is explained in the summary and next to each field, with what was typed', async () => {
    const { tenant, units, admin, page } = await pageScene();
    const noScopes = await admin.post(`${page}/ny`, { name: 'Ekonomisystemet', unitIds: units.streets });
    assert.equal(noScopes.statusCode, 400);
    assert.match(noScopes.body, /<title>Fel: /);
    assert.match(noScopes.body, /<a href="#scopes">Välj minst en behörighet<\/a>/);
    assert.match(noScopes.body, /<fieldset id="scopes-group" aria-describedby="scopes-hint scopes-error">/);
    assert.match(
      noScopes.body,
      /id="scopes-error"><span class="visually-hidden">Fel: <\/span>Välj minst en behörighet/,
    );
    assert.match(noScopes.body, /<input type="checkbox" id="scopes" name="scopes" value="cases:read"\/>/);
    assert.match(noScopes.body, /name="name" value="Ekonomisystemet"/);
    assert.match(noScopes.body, new RegExp(`name="unitIds" value="${units.streets}" checked`));
    assert.doesNotMatch(noScopes.body, /Ange systemets namn/);

    const noNameNoReach = await admin.post(`${page}/ny`, { name: ' ', scopes: 'cases:read' });
    assert.equal(noNameNoReach.statusCode, 400);
    const summary = /<div class="error-summary"[\s\S]*?<\/div>/.exec(noNameNoReach.body)?.[0] ?? '';
    assert.match(summary, /<a href="#name">Ange systemets namn<\/a>/);
    assert.match(
      summary,
      /<a href="#reach">Välj minst en enhet eller e-tjänst för behörigheterna som gäller ärenden<\/a>/,
    );
    assert.match(noNameNoReach.body, /id="name-error">.*Ange systemets namn/);
    assert.match(noNameNoReach.body, /aria-describedby="reach-hint reach-error"/);
    assert.match(noNameNoReach.body, /<input type="checkbox" id="reach" name="unitIds"/);
    assert.match(noNameNoReach.body, /id="reach-error">.*Välj minst en enhet/);
    assert.match(noNameNoReach.body, /id="scopes" name="scopes" value="cases:read" checked/);

    const tooLong = await admin.post(`${page}/ny`, { name: 'x'.repeat(201), scopes: 'opendata:read' });
    assert.equal(tooLong.statusCode, 400);
    assert.match(tooLong.body, /Namnet får vara högst 200 tecken/);
    assert.equal(await clientCount(tenant), 0, 'nothing is registered');
  });

  test('rotating shows a new secret once and the old one stops working', async () => {
    const { units, admin, page } = await pageScene();
    const first = await registerByPage(admin, page, {
      name: 'Arkivet',
      scopes: 'cases:read',
      unitIds: units.school,
    });
    const rotated = await admin.post(`${page}/${first.id}/byt-hemlighet`);
    assert.equal(rotated.statusCode, 200);
    assert.match(rotated.body, /<h1>Ny hemlighet för Arkivet<\/h1>/);
    const second = shown(rotated.body);
    assert.equal(second.id, first.id);
    assert.notEqual(second.secret, first.secret);
    assert.equal((await casesWithKey(first.secret)).statusCode, 401);
    assert.equal((await casesWithKey(second.secret)).statusCode, 200);
    assert.equal((await admin.get(page)).body.includes(second.secret), false);
  });

  test('revoking redirects to the list, which says Återkallad; the secret stops working', async () => {
    const { units, admin, page } = await pageScene();
    const { id, secret } = await registerByPage(admin, page, {
      name: 'Arkivet',
      scopes: 'cases:read',
      serviceIds: [],
      unitIds: units.school,
    });
    const revoked = await admin.post(`${page}/${id}/aterkalla`);
    assert.equal(revoked.statusCode, 303);
    assert.equal(revoked.headers.location, `${page}?klart=aterkallad`);
    const listed = await admin.get(String(revoked.headers.location));
    assert.match(listed.body, /role="status"><p>API-klienten är återkallad/);
    assert.match(listed.body, /<td>Återkallad \d{4}-\d{2}-\d{2} \d{2}:\d{2}<\/td>/);
    assert.doesNotMatch(listed.body, /Återkalla Arkivet|Byt hemlighet för Arkivet/);
    assert.equal((await casesWithKey(secret)).statusCode, 401);
    assert.equal(
      (await admin.post(`${page}/${id}/byt-hemlighet`)).statusCode,
      404,
      'a revoked client stays so',
    );
    assert.equal((await admin.post(`${page}/${id}/aterkalla`)).statusCode, 404);
  });

  test('an officer gets no access and registers nothing; a visitor is sent to the login', async () => {
    const { tenant, units, karin, page } = await pageScene();
    assert.equal((await karin.get(page)).statusCode, 403);
    const posted = await karin.post(`${page}/ny`, {
      name: 'Smyg',
      scopes: 'cases:read',
      unitIds: units.school,
    });
    assert.equal(posted.statusCode, 403);
    assert.equal(await clientCount(tenant), 0);
    const visitor = await t.app.inject({ url: page });
    assert.equal(visitor.statusCode, 303);
    assert.match(String(visitor.headers.location), /\/handlaggning\/logga-in/);
  });

  test('a post without the CSRF token is refused and registers nothing', async () => {
    const { tenant, units, admin, page } = await pageScene();
    await admin.get(page);
    const form = { name: 'Smyg', scopes: 'cases:read', unitIds: units.school };
    const wrong = await admin.post(`${page}/ny`, { ...form, _csrf: 'not-the-token' });
    assert.equal(wrong.statusCode, 403);
    const absent = await t.app.inject({
      method: 'POST',
      url: `${page}/ny`,
      headers: {
        cookie: `${SESSION_COOKIE}=${admin.cookies.get(SESSION_COOKIE)}`,
        'content-type': 'application/x-www-form-urlencoded',
      },
      payload: new URLSearchParams(form).toString(),
    });
    assert.equal(absent.statusCode, 403);
    assert.equal(await clientCount(tenant), 0);
  });
});
