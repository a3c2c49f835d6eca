/** The failed-jobs page over HTTP: what admins see, the retry, and who may do neither. */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createJobWorker, type JobHandler, type WorkerLog } from '../../platform/jobs/job-worker.ts';
import type { Tenant } from '../../platform/tenancy/tenant-service.ts';
import { createTestApp, type TestApp } from '../../test-support/app.ts';
import { TestClient } from '../../test-support/client.ts';
import { ANNA, createTestTenant, ERIK, residentClient } from '../../test-support/fixtures.ts';
import {
  createTestUnits,
  KARIN,
  LENA,
  MATS,
  staffClient,
  submitSchoolTransport,
} from '../../test-support/staff.ts';

const silent: WorkerLog = { debug() {}, info() {}, warn() {}, error() {} };

let t: TestApp;
before(async () => {
  t = await createTestApp();
});
after(() => t.close());

const jobsUrl = (tenant: Tenant, path = '') => `/${tenant.slug}/handlaggning/admin/jobb${path}`;

/**
 * A tenant whose submitted case's event went to a `webhook` handler that fails (its error quotes
 * the applicant's name, personnummer and address, as a careless remote error might) until `healed`.
 */
async function failedScene(maxAttempts = 1) {
  const tenant = await createTestTenant(t, ['skolskjuts']);
  await createTestUnits(t, tenant);
  const admin = await staffClient(t, tenant, LENA, 'admin', []);
  const reference = await submitSchoolTransport(await residentClient(t, ANNA), tenant, 'Elsa');
  const state = { healed: false, runs: 0 };
  const webhook: JobHandler = {
    name: 'webhook',
    topics: ['case.submitted'],
    async run() {
      state.runs++;
      if (!state.healed)
        throw new Error('remote refused "Elsa Andersson" 198501012382 anna.andersson@example.se: 503');
    },
  };
  const worker = createJobWorker({
    db: t.database.db,
    handlers: [webhook],
    log: silent,
    maxAttempts,
    onlyTenants: [tenant.id],
  });
  assert.equal(await worker.runOnce(), 1);
  const job = await t.database.db
    .selectFrom('job')
    .selectAll()
    .where('tenantId', '=', tenant.id)
    .where('handler', '=', 'webhook')
    .executeTakeFirstOrThrow();
  return { tenant, admin, reference, worker, state, jobId: Number(job.id) };
}

describe('failed jobs', () => {
  test('an admin sees a dead job without personal data and retries it: it runs again and is audited', async () => {
    const { tenant, admin, reference, worker, state, jobId } = await failedScene();
    const overview = await admin.get(`/${tenant.slug}/handlaggning/admin`);
    assert.ok(overview.body.includes(`href="${jobsUrl(tenant)}"`), 'the admin navigation links the page');

    const page = await admin.get(jobsUrl(tenant));
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /<code>case\.submitted<\/code>/);
    assert.match(page.body, /<code>webhook<\/code>/);
    assert.match(
      page.body,
      /dead after 1 attempts: Error: remote refused &lt;value> &lt;number> &lt;address> 503/,
    );
    assert.match(page.body, /Uppgivet/);
    for (const personal of ['Elsa', 'Andersson', '198501012382', 'anna.andersson', reference])
      assert.ok(!page.body.includes(personal), `the page does not show "${personal}"`);
    assert.ok(page.body.includes(`action="${jobsUrl(tenant, `/${jobId}/forsok-igen`)}"`));

    const retried = await admin.post(jobsUrl(tenant, `/${jobId}/forsok-igen`));
    assert.equal(retried.statusCode, 303);
    assert.equal(retried.headers.location, jobsUrl(tenant, '?klart=igen'));
    const after = await admin.get(String(retried.headers.location));
    assert.match(after.body, /Jobbet körs igen inom kort/);
    assert.match(after.body, /Inga jobb har misslyckats/);

    state.healed = true;
    assert.equal(await worker.runOnce(), 1, 'the job runs again');
    assert.equal(state.runs, 2);
    const job = await t.database.db
      .selectFrom('job')
      .selectAll()
      .where('id', '=', jobId)
      .executeTakeFirstOrThrow();
    assert.ok(job.processedAt);
    const audit = await t.database.db
      .selectFrom('auditLog')
      .select(['action', 'actorName', 'details', 'caseId'])
      .where('tenantId', '=', tenant.id)
      .where('action', '=', 'job.retried')
      .execute();
    const caseRow = await t.database.db
      .selectFrom('case')
      .select('id')
      .where('reference', '=', reference)
      .executeTakeFirstOrThrow();
    assert.deepEqual(audit, [
      {
        action: 'job.retried',
        actorName: 'Lena Strand',
        details: { jobId, topic: 'case.submitted', handler: 'webhook' },
        caseId: caseRow.id,
      },
    ]);
    const again = await admin.post(jobsUrl(tenant, `/${jobId}/forsok-igen`));
    assert.equal(again.statusCode, 404, 'a job that is done is not retried');
  });

  test('a job still retrying on its own is listed as such and can be hurried', async () => {
    const { tenant, admin, jobId } = await failedScene(5);
    const page = await admin.get(jobsUrl(tenant));
    assert.match(page.body, /Försöker igen automatiskt/);
    assert.match(page.body, /Error: remote refused &lt;value>/);
    assert.equal((await admin.post(jobsUrl(tenant, `/${jobId}/forsok-igen`))).statusCode, 303);
    const job = await t.database.db
      .selectFrom('job')
      .selectAll()
      .where('id', '=', jobId)
      .executeTakeFirstOrThrow();
    assert.equal(job.attempts, 0);
    assert.ok(new Date(job.availableAt).getTime() <= Date.now());
  });

  test('officers, residents and other tenants’ admins neither see nor retry a tenant’s jobs', async () => {
    const { tenant, jobId } = await failedScene();
    const units = await createTestUnits(t, tenant);
    const officer = await staffClient(t, tenant, KARIN, 'officer', [units.school]);
    const other = await createTestTenant(t, ['skolskjuts']);
    const foreignAdmin = await staffClient(t, other, MATS, 'admin', []);
    const resident = await residentClient(t, ERIK);
    const retry = jobsUrl(tenant, `/${jobId}/forsok-igen`);
    for (const client of [officer, foreignAdmin]) {
      assert.equal((await client.get(jobsUrl(tenant))).statusCode, 403, client.actor.name);
      assert.equal((await client.post(retry)).statusCode, 403, client.actor.name);
    }
    const staffLogin = /^\/handlaggning\/logga-in\?tillbaka=/;
    for (const response of [await resident.get(jobsUrl(tenant)), await resident.post(retry)]) {
      assert.equal(response.statusCode, 303);
      assert.match(String(response.headers.location), staffLogin);
    }
    assert.equal((await new TestClient(t.app).post(retry)).statusCode, 403, 'no session, no CSRF token');
    // In their own tenant, the other admin neither sees the job nor reaches it by its id.
    const own = await foreignAdmin.get(jobsUrl(other));
    assert.equal(own.statusCode, 200);
    assert.match(own.body, /Inga jobb har misslyckats/);
    assert.equal((await foreignAdmin.post(jobsUrl(other, `/${jobId}/forsok-igen`))).statusCode, 404);
    assert.equal((await foreignAdmin.post(jobsUrl(other, '/abc/forsok-igen'))).statusCode, 404);
    const job = await t.database.db
      .selectFrom('job')
      .selectAll()
      .where('id', '=', jobId)
      .executeTakeFirstOrThrow();
    assert.ok(job.deadAt, 'the job is still dead');
    assert.equal(job.attempts, 1);
  });
});
