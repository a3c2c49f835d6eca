/**
 * Simulating a rule change against past cases, in the admin page and through the JSON API, and
 * publishing it (issue #10): which cases change, that nothing is written to them, the problems the
 * API answers with, and that publishing never changes a proposal already made.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Tenant } from '../../platform/tenancy/tenant-service.ts';
import { createTestApp, type TestApp } from '../../test-support/app.ts';
import { TestClient } from '../../test-support/client.ts';
import { proposalsOf, runJobs, submitWith } from '../../test-support/proposals.ts';
import { rulesUrl, schoolModelWithLimit46, uploadModel } from '../../test-support/rules.ts';
import { caseHandlingScene, JOHAN, LENA, staffClient } from '../../test-support/staff.ts';

let t: TestApp;
before(async () => {
  t = await createTestApp();
});
after(() => t.close());

/**
 * Six applications and a draft whose limit for grades 4–6 is 5 km instead of 3: the two cases of
 * grades 4–6 between 3 and 5 km change from granted to rejected; the others keep their outcome.
 */
async function simulationScene() {
  const { tenant, units, karin, anna } = await caseHandlingScene(t);
  const admin = await staffClient(t, tenant, LENA, 'admin', []);
  const answers = [
    { grade: '5', distanceKm: '4,2' }, // granted → rejected
    { grade: '6', distanceKm: '4,5' }, // granted → rejected
    { grade: '5', distanceKm: '2,9' }, // rejected → rejected
    { grade: '8', distanceKm: '10' }, // granted → granted
    { grade: '4', distanceKm: '6' }, // granted → granted
    { grade: '5', distanceKm: '4', hasSpecialNeeds: 'yes' as const }, // manual → manual
  ];
  const references: string[] = [];
  for (const answer of answers) references.push(await submitWith(anna, tenant, answer));
  const uploaded = await uploadModel(admin, tenant, schoolModelWithLimit46(5));
  assert.equal(uploaded.statusCode, 303, uploaded.body.slice(0, 300));
  const [v1, v2] = await t.app.services.catalogue.versions(tenant.id, 'skolskjuts');
  assert.ok(v1 && v2);
  return { tenant, units, karin, anna, admin, references, v1, v2 };
}

const simulationPage = (tenant: Tenant, versionId: string, query = '') =>
  rulesUrl(tenant, `/skolskjuts/versioner/${versionId}/simulering${query}`);
const apiUrl = (tenant: Tenant, versionId: string, query = '') =>
  `/api/v1/tenants/${tenant.slug}/services/skolskjuts/versions/${versionId}/simulation${query}`;

const text = (html: string) => html.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ');

/** Everything a simulation could touch on the tenant's cases: rows and history events. */
async function caseState(tenant: Tenant) {
  const db = t.database.db;
  const cases = await db
    .selectFrom('case')
    .select(['id', 'status', 'updatedAt', 'answers'])
    .where('tenantId', '=', tenant.id)
    .orderBy('id')
    .execute();
  const events = await db
    .selectFrom('caseEvent')
    .select(['id'])
    .where('tenantId', '=', tenant.id)
    .orderBy('id')
    .execute();
  return { cases, events };
}

/** POSTs to the API as a client of the session (its CSRF token in the header). */
function apiPost(client: TestClient, url: string) {
  return t.app.inject({
    method: 'POST',
    url,
    headers: {
      cookie: [...client.cookies].map(([name, value]) => `${name}=${value}`).join('; '),
      'x-csrf-token': client.csrfToken,
    },
  });
}

describe('simulating a rule change', () => {
  test('the page counts the cases, names those whose outcome changes, and writes nothing to them', async () => {
    const { tenant, admin, references, v2 } = await simulationScene();
    const before = await caseState(tenant);
    const page = await admin.get(simulationPage(tenant, v2.id));
    assert.equal(page.statusCode, 200);
    const body = text(page.body);
    assert.match(page.body, /<h1>Simulering av Ansökan om skolskjuts, version 2<\/h1>/);
    assert.match(body, /6 ärenden prövades på \d+ ms\./);
    assert.match(body, /Jämfört med version 1, vars regler gäller nu/);
    assert.match(body, /2 av 6 ärenden skulle få ett annat utfall\./);
    assert.match(body, /Ändrade utfall Nu Med version 2 Antal ärenden Bifall Avslag 2/);
    const changed = [
      ...page.body.matchAll(
        /<tr><th scope="row">([A-Z]+-\d{4}-\d{6})<\/th><td>[^<]*<\/td><td>([^<]*)<\/td><td>([^<]*)<\/td><\/tr>/g,
      ),
    ].map((match) => [match[1], match[2], match[3]]);
    assert.deepEqual(
      changed.sort(),
      [
        [references[0], 'Bifall', 'Avslag'],
        [references[1], 'Bifall', 'Avslag'],
      ].sort(),
    );
    assert.doesNotMatch(body, /E-tjänsten har \d+ ärenden\. Bara de/, 'not capped');
    assert.deepEqual(await caseState(tenant), before, 'no case row or event was written');
    const audit = await t.database.db
      .selectFrom('auditLog')
      .select(['action', 'details'])
      .where('tenantId', '=', tenant.id)
      .where('action', '=', 'rules.simulated')
      .execute();
    assert.equal(audit.length, 1);
    assert.equal(audit[0]?.details.changed, 2);
    assert.equal(audit[0]?.details.evaluated, 6);
  });

  test('the live version simulated against itself changes nothing', async () => {
    const { tenant, admin, v1 } = await simulationScene();
    const body = text((await admin.get(simulationPage(tenant, v1.id))).body);
    assert.match(body, /6 ärenden prövades/);
    assert.match(body, /Det här är versionen som gäller nu, så inget utfall kan ändras\./);
    assert.match(body, /Inget ärende skulle få ett annat utfall\./);
  });

  test('the JSON API gives the same counts and cases', async () => {
    const { tenant, admin, references, v1, v2 } = await simulationScene();
    const response = await apiPost(admin, apiUrl(tenant, v2.id, '?pageSize=1&page=2'));
    assert.equal(response.statusCode, 200, response.body);
    const report = response.json();
    assert.equal(report.service, 'skolskjuts');
    assert.deepEqual(report.version, { id: v2.id, version: 2 });
    assert.deepEqual(report.baseline, { id: v1.id, version: 1 });
    assert.equal(report.total, 6);
    assert.equal(report.evaluated, 6);
    assert.equal(report.capped, false);
    assert.equal(report.limit, 10000);
    assert.equal(report.changed, 2);
    assert.deepEqual(report.transitions, [
      {
        current: { outcome: 'granted', value: 'beviljas', error: null },
        simulated: { outcome: 'rejected', value: 'avslås', error: null },
        count: 2,
      },
    ]);
    assert.deepEqual(
      { page: report.changes.page, pages: report.changes.pages, pageSize: report.changes.pageSize },
      { page: 2, pages: 2, pageSize: 1 },
    );
    assert.equal(report.changes.items.length, 1);
    // Newest first: page 2 of one holds the older of the two, the first application.
    assert.equal(report.changes.items[0].reference, references[0]);
    assert.match(report.changes.items[0].submittedAt, /^\d{4}-\d{2}-\d{2}T/);

    const document = (await t.app.inject({ url: '/api/v1/openapi.json' })).json();
    const operation =
      document.paths['/api/v1/tenants/{tenant}/services/{slug}/versions/{versionId}/simulation']?.post;
    assert.ok(operation, 'the API is described in the OpenAPI document');
    assert.deepEqual(operation.security, [{ session: [] }]);
  });

  test('the API answers RFC 9457 problems: 403 for an officer or another tenant’s admin, 401 without a staff login, 404 for an unknown version', async () => {
    const { tenant, karin, anna, admin, v2 } = await simulationScene();
    const expectProblem = async (
      response: Awaited<ReturnType<typeof apiPost>>,
      status: number,
      code: string,
    ) => {
      assert.equal(response.statusCode, status, response.body);
      assert.match(String(response.headers['content-type']), /^application\/problem\+json/);
      assert.equal(response.json().code, code);
      assert.equal(response.json().status, status);
    };
    await expectProblem(await apiPost(karin, apiUrl(tenant, v2.id)), 403, 'FORBIDDEN');
    await expectProblem(await apiPost(anna, apiUrl(tenant, v2.id)), 401, 'LOGIN_REQUIRED');
    // Without a session there is no CSRF token to send: the platform's check refuses first.
    await expectProblem(await apiPost(new TestClient(t.app), apiUrl(tenant, v2.id)), 403, 'CSRF_FAILED');
    await expectProblem(
      await apiPost(admin, apiUrl(tenant, '00000000-0000-4000-8000-000000000000')),
      404,
      'SERVICE_NOT_FOUND',
    );
    await expectProblem(
      await apiPost(admin, `/api/v1/tenants/finns-inte/services/skolskjuts/versions/${v2.id}/simulation`),
      404,
      'TENANT_NOT_FOUND',
    );
    await expectProblem(
      await apiPost(admin, apiUrl(tenant, v2.id, '?pageSize=5000')),
      400,
      'VALIDATION_FAILED',
    );
    await expectProblem(await apiPost(admin, apiUrl(tenant, 'not-a-uuid')), 400, 'VALIDATION_FAILED');
    const other = await caseHandlingScene(t);
    const otherAdmin = await staffClient(t, other.tenant, JOHAN, 'admin', []);
    await expectProblem(await apiPost(otherAdmin, apiUrl(tenant, v2.id)), 403, 'FORBIDDEN');
    const [otherVersion] = await t.app.services.catalogue.versions(other.tenant.id, 'skolskjuts');
    assert.ok(otherVersion);
    await expectProblem(await apiPost(admin, apiUrl(tenant, otherVersion.id)), 404, 'SERVICE_NOT_FOUND');
  });
});

describe('publishing from the page', () => {
  test('publishes the draft (audited); proposals already made keep their rule version, new ones use the new rules', async () => {
    const { tenant, anna, admin, references, v1, v2 } = await simulationScene();
    await runJobs(t, tenant);
    const [before] = await proposalsOf(t, references[0] as string);
    assert.ok(before);
    assert.equal(before.proposal.outcome, 'granted');
    assert.equal(before.proposal.ruleVersion.serviceVersionId, v1.id);

    const versionPage = await admin.get(rulesUrl(tenant, `/skolskjuts/versioner/${v2.id}`));
    assert.match(versionPage.body, /<button type="submit" class="button">Publicera version 2<\/button>/);
    const published = await admin.post(rulesUrl(tenant, `/skolskjuts/versioner/${v2.id}/publicera`));
    assert.equal(published.statusCode, 303);
    const page = await admin.follow(String(published.headers.location));
    assert.match(page.body, /Version 2 är publicerad och gäller från nu\./);
    assert.match(text(page.body), /Läge Publicerad, gäller nu/);
    assert.doesNotMatch(page.body, /Publicera version 2/);
    const live = await t.app.services.catalogue.liveService(tenant.id, 'skolskjuts');
    assert.equal(live.version.id, v2.id);
    const audit = await t.database.db
      .selectFrom('auditLog')
      .select(['details'])
      .where('tenantId', '=', tenant.id)
      .where('action', '=', 'rules.published')
      .execute();
    assert.equal(audit.length, 1);
    assert.equal(audit[0]?.details.versionId, v2.id);
    assert.match(String(audit[0]?.details.modelSha256), /^[0-9a-f]{64}$/);

    const again = await admin.post(rulesUrl(tenant, `/skolskjuts/versioner/${v2.id}/publicera`));
    assert.equal(again.statusCode, 409, 'a published version cannot be published again');

    // A later job run (a retry, a completion of another case) does not touch the earlier proposal.
    const newer = await submitWith(anna, tenant, { grade: '5', distanceKm: '4,2' });
    await runJobs(t, tenant);
    assert.deepEqual(
      await proposalsOf(t, references[0] as string),
      [before],
      'the old proposal is unchanged',
    );
    const [fresh] = await proposalsOf(t, newer);
    assert.ok(fresh);
    assert.equal(fresh.proposal.ruleVersion.serviceVersionId, v2.id);
    assert.equal(fresh.proposal.outcome, 'rejected', 'the same answers now meet the 5 km limit');
  });

  test('an officer cannot publish', async () => {
    const { tenant, karin, v2 } = await simulationScene();
    const refused = await karin.post(rulesUrl(tenant, `/skolskjuts/versioner/${v2.id}/publicera`));
    assert.equal(refused.statusCode, 403);
    const [, still] = await t.app.services.catalogue.versions(tenant.id, 'skolskjuts');
    assert.equal(still?.status, 'draft');
    const anonymous = await new TestClient(t.app).get(simulationPage(tenant, v2.id));
    assert.equal(anonymous.statusCode, 303);
    assert.equal((await karin.get(simulationPage(tenant, v2.id))).statusCode, 403);
  });
});
