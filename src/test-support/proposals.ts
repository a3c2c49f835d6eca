/**
 * Test helpers for proposals (issue #10): applications with chosen answers, the job worker, proposal
 * events, and a school transport variant that decides automatically.
 */
import { DEMO_PUBLISHED_FROM, readDemoDefinition } from '../cli/seed.ts';
import { loadConfig } from '../config.ts';
import { createJobRunner } from '../job-handlers.ts';
import type { DecisionSupportDefinition, ServiceDefinition } from '../modules/forms/definition.ts';
import { PROPOSAL_HANDLER } from '../modules/proposals/handler.ts';
import type { Proposal } from '../modules/proposals/model.ts';
import type { Job, JobHandler, WorkerLog } from '../platform/jobs/job-worker.ts';
import type { Tenant } from '../platform/tenancy/tenant-service.ts';
import type { TestApp } from './app.ts';
import type { TestClient } from './client.ts';
import { ANNA, createTestTenant, residentClient } from './fixtures.ts';
import { schoolTransportSteps } from './school-transport.ts';
import { createTestUnits, KARIN, staffClient } from './staff.ts';

/** The configuration job runners in tests use (no mail transport). */
export const jobConfig = loadConfig({ PUBLIC_URL: 'http://localhost:3000', DATA_DIR: ':memory:' });
/** A worker log that keeps quiet. */
export const quietLog: WorkerLog = { debug() {}, info() {}, warn() {}, error() {} };

/** Submits a school-transport application with these answers of the "need" and "child" steps. */
export async function submitWith(
  client: TestClient,
  tenant: Tenant,
  answers: { grade: string; distanceKm: string; hasSpecialNeeds?: 'yes' | 'no' },
): Promise<string> {
  await client.get(`/${tenant.slug}/e-tjanster/skolskjuts`);
  const started = await client.post(`/${tenant.slug}/e-tjanster/skolskjuts/starta`);
  const base = String(started.headers.location).replace(/\/steg\/[^/]+$/, '');
  for (const [step, values] of schoolTransportSteps()) {
    const own =
      step === 'child'
        ? { ...values, grade: answers.grade }
        : step === 'need'
          ? {
              ...values,
              distanceKm: answers.distanceKm,
              hasSpecialNeeds: answers.hasSpecialNeeds ?? 'no',
              specialNeeds: 'Rullstol',
            }
          : values;
    const response = await client.post(`${base}/steg/${step}`, own);
    if (response.statusCode !== 303) throw new Error(`step ${step}: ${response.body.slice(0, 300)}`);
  }
  if ((await client.post(`${base}/skicka`)).statusCode !== 303) throw new Error('submit refused');
  const receipt = await client.get(`${base}/kvitto`);
  const reference = /([A-Z]+-\d{4}-\d{6})/.exec(receipt.body)?.[1];
  if (!reference) throw new Error('no reference on the receipt');
  return reference;
}

/** Runs the application's job worker over the tenant's events until none is left. */
export async function runJobs(t: TestApp, tenant: Tenant): Promise<void> {
  const runner = await createJobRunner(t.app.services, jobConfig, quietLog, { onlyTenants: [tenant.id] });
  try {
    while ((await runner.runOnce()) > 0);
  } finally {
    await runner.close();
  }
}

/** The application's proposal handler and a job for each of the tenant's `case.submitted` events, as claimed. */
export async function proposalJobs(
  t: TestApp,
  tenant: Tenant,
): Promise<{ handler: JobHandler; jobs: Job[] }> {
  const events = await t.database.db
    .selectFrom('outbox')
    .select(['id', 'caseId', 'payload'])
    .where('tenantId', '=', tenant.id)
    .where('topic', '=', 'case.submitted')
    .orderBy('id')
    .execute();
  const runner = await createJobRunner(t.app.services, jobConfig, quietLog, { onlyTenants: [tenant.id] });
  const handler = runner.handlers.handlers.find((candidate) => candidate.name === PROPOSAL_HANDLER);
  await runner.close();
  if (!handler) throw new Error(`no ${PROPOSAL_HANDLER} handler`);
  const jobs = events.map((event, index) => ({
    id: index + 1,
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
  }));
  return { handler, jobs };
}

/**
 * Runs the proposal handler on the tenant's first `case.submitted` event by hand, twice, as a
 * repeated delivery of the same job would.
 */
export async function runProposalJobTwice(t: TestApp, tenant: Tenant): Promise<void> {
  const { handler, jobs } = await proposalJobs(t, tenant);
  const [job] = jobs;
  if (!job) throw new Error('no case.submitted event');
  await handler.run(job);
  await handler.run({ ...job, attempts: 2 });
}

/** The proposal events of a case, oldest first. */
export async function proposalsOf(testApp: TestApp, reference: string) {
  const db = testApp.database.db;
  const row = await db
    .selectFrom('case')
    .select('id')
    .where('reference', '=', reference)
    .executeTakeFirstOrThrow();
  const events = await db
    .selectFrom('caseEvent')
    .select(['id', 'data', 'visibility', 'actor'])
    .where('caseId', '=', row.id)
    .where('type', '=', 'proposal')
    .orderBy('id')
    .execute();
  return events.map((event) => ({ ...event, proposal: event.data as unknown as Proposal }));
}

/** The legal basis for deciding automatically that the automatic school transport variant records. */
export const AUTOMATIC_BASIS = {
  sv: 'Förvaltningslagen (2017:900) 28 § och barn- och utbildningsnämndens beslut 2026-01-15 § 4 om automatiserade beslut om skolskjuts',
  en: 'Administrative Procedure Act (2017:900) section 28 and the education committee’s decision of 2026-01-15 § 4 on automated school transport decisions',
};

/** The demo's school transport with `automaticDecision` (the demo itself is proposal-only); `change` may alter it. */
export function automaticSchoolTransport(
  change?: (definition: ServiceDefinition) => void,
): ServiceDefinition {
  const definition = readDemoDefinition('skolskjuts') as ServiceDefinition;
  const support = definition.decisionSupport as DecisionSupportDefinition;
  support.automaticDecision = { legalBasis: { ...AUTOMATIC_BASIS } };
  change?.(definition);
  return definition;
}

/**
 * The case-handling scene with the automatic school transport variant published instead of the
 * demo's: a tenant, its units, Karin in the school-transport unit and Anna logged in.
 */
export async function automaticScene(t: TestApp, change?: (definition: ServiceDefinition) => void) {
  const tenant = await createTestTenant(t, ['felanmalan']);
  const catalogue = t.app.services.catalogue;
  const draft = await catalogue.saveDraft(tenant.id, automaticSchoolTransport(change));
  await catalogue.publish(tenant.id, draft.id, DEMO_PUBLISHED_FROM);
  const units = await createTestUnits(t, tenant);
  const karin = await staffClient(t, tenant, KARIN, 'officer', [units.school]);
  const anna = await residentClient(t, ANNA);
  return { tenant, units, karin, anna, versionId: draft.id };
}

/** A case's row as the tests read it. */
export async function caseByReference(testApp: TestApp, reference: string) {
  return testApp.database.db
    .selectFrom('case')
    .selectAll()
    .where('reference', '=', reference)
    .executeTakeFirstOrThrow();
}

/** The decisions of a case, oldest first. */
export async function decisionsByReference(testApp: TestApp, reference: string) {
  return testApp.database.db
    .selectFrom('decision')
    .innerJoin('case', 'case.id', 'decision.caseId')
    .selectAll('decision')
    .where('case.reference', '=', reference)
    .orderBy('decision.decidedAt')
    .execute();
}

/** The history events of one type of a case, oldest first. */
export async function eventsByReference(testApp: TestApp, reference: string, type: string) {
  const row = await caseByReference(testApp, reference);
  return testApp.database.db
    .selectFrom('caseEvent')
    .select(['id', 'data', 'visibility', 'actor'])
    .where('caseId', '=', row.id)
    .where('type', '=', type)
    .orderBy('id')
    .execute();
}
