/** Test fixtures for the back office: units handling services, and logged-in staff clients. */
import type { StaffRole } from '../db/schema.ts';
import type { StaffActor } from '../modules/organisation/model.ts';
import { SESSION_COOKIE } from '../platform/sessions/session-service.ts';
import type { Tenant } from '../platform/tenancy/tenant-service.ts';
import type { TestApp } from './app.ts';
import { TestClient } from './client.ts';
import { ANNA, createTestTenant, type ResidentIdentity, residentClient } from './fixtures.ts';
import { schoolTransportSteps } from './school-transport.ts';

export interface TestUnits {
  /** Handles skolskjuts. */
  school: string;
  /** Handles felanmalan. */
  streets: string;
}

/** Two units in the tenant: school transport handles `skolskjuts`, streets handles `felanmalan`. */
export async function createTestUnits(t: TestApp, tenant: Tenant): Promise<TestUnits> {
  const organisation = t.app.services.organisation;
  const school = await organisation.ensureUnit(tenant.id, 'Skolskjutsenheten');
  const streets = await organisation.ensureUnit(tenant.id, 'Gatuenheten');
  for (const [slug, unitId] of [
    ['skolskjuts', school],
    ['felanmalan', streets],
  ] as const) {
    const [version] = await t.app.services.catalogue.versions(tenant.id, slug).catch(() => []);
    if (version) await organisation.seedServiceUnit(tenant.id, version.serviceId, unitId);
  }
  return { school, streets };
}

export const KARIN: ResidentIdentity = {
  personalIdentityNumber: '196701292846',
  givenName: 'Karin',
  familyName: 'Berg',
};
export const JOHAN: ResidentIdentity = {
  personalIdentityNumber: '195201161857',
  givenName: 'Johan',
  familyName: 'Nilsson',
};
export const PETER: ResidentIdentity = {
  personalIdentityNumber: '198501012390',
  givenName: 'Peter',
  familyName: 'Ek',
};
export const LENA: ResidentIdentity = {
  personalIdentityNumber: '199401012381',
  givenName: 'Lena',
  familyName: 'Strand',
};
export const MATS: ResidentIdentity = {
  personalIdentityNumber: '195201282232',
  givenName: 'Mats',
  familyName: 'Öberg',
};

/** The demo's data protection officer (demo/personas.json). */
export const EVA: ResidentIdentity = {
  personalIdentityNumber: '198203122380',
  givenName: 'Eva',
  familyName: 'Lund',
};

export type StaffClient = TestClient & { personId: string; actor: StaffActor };

/**
 * A client logged in through the staff realm as a staff member of `tenant` with `role` in `unitIds`
 * (created directly; the OIDC round trip itself is tested in src/platform/identity).
 */
export async function staffClient(
  t: TestApp,
  tenant: Tenant,
  identity: ResidentIdentity,
  role: StaffRole,
  unitIds: string[],
): Promise<StaffClient> {
  const services = t.app.services;
  await services.organisation.seedStaff(tenant.id, { ...identity, role, active: true }, unitIds);
  const person = await services.profile.upsertFromLogin(identity);
  const actor = await services.organisation.staffActor(tenant.id, person.id);
  if (!actor) throw new Error('staff member was not created');
  const { token, session } = await services.sessions.start(person.id, {
    assuranceLevel: 'loa3',
    realm: 'staff',
  });
  const client = new TestClient(t.app);
  client.cookies.set(SESSION_COOKIE, token);
  client.csrfToken = session.data.csrfToken;
  return Object.assign(client, { personId: person.id, actor });
}

/**
 * A logged-in resident starts a school-transport application and answers every step; ready to
 * submit. `changes` replace or add answers of a step (e.g. special needs, issue #14).
 */
export async function fillSchoolTransport(
  client: TestClient,
  tenant: Tenant,
  childName = 'Elsa',
  changes: Record<string, Record<string, string>> = {},
) {
  await client.get(`/${tenant.slug}/e-tjanster/skolskjuts`);
  const started = await client.post(`/${tenant.slug}/e-tjanster/skolskjuts/starta`);
  const base = String(started.headers.location).replace(/\/steg\/[^/]+$/, '');
  for (const [step, answers] of schoolTransportSteps(childName)) {
    const response = await client.post(`${base}/steg/${step}`, { ...answers, ...changes[step] });
    if (response.statusCode !== 303) throw new Error(`step ${step} refused: ${response.body.slice(0, 500)}`);
  }
  return { base, draftId: base.split('/').pop() as string };
}

/** A logged-in resident submits a complete school-transport application; returns its reference. */
export async function submitSchoolTransport(
  client: TestClient,
  tenant: Tenant,
  childName = 'Elsa',
  changes: Record<string, Record<string, string>> = {},
): Promise<string> {
  const { base } = await fillSchoolTransport(client, tenant, childName, changes);
  const submitted = await client.post(`${base}/skicka`);
  if (submitted.statusCode !== 303) throw new Error(`submit refused: ${submitted.statusCode}`);
  const receipt = await client.get(`${base}/kvitto`);
  const reference = /([A-Z]+-\d{4}-\d{6})/.exec(receipt.body)?.[1];
  if (!reference) throw new Error('no reference on the receipt');
  return reference;
}

/**
 * The usual case-handling scene: a tenant with school transport and fault reports, its two units,
 * Karin as officer of the school-transport unit and Anna as a logged-in resident.
 */
export async function caseHandlingScene(t: TestApp) {
  const tenant = await createTestTenant(t, ['skolskjuts', 'felanmalan']);
  const units = await createTestUnits(t, tenant);
  const karin = await staffClient(t, tenant, KARIN, 'officer', [units.school]);
  const anna = await residentClient(t, ANNA);
  return { tenant, units, karin, anna };
}
