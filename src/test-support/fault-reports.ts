/** Test scenes for fault reports: a municipality with an area, its units and web reports. */
import assert from 'node:assert/strict';
import type { OpenCaseInput } from '../modules/cases/service.ts';
import type { GeoArea } from '../modules/forms/geo-area.ts';
import type { Tenant } from '../platform/tenancy/tenant-service.ts';
import type { TestApp } from './app.ts';
import { TestClient, TINY_PNG } from './client.ts';
import { createTestTenant } from './fixtures.ts';
import { PETER, type StaffClient, staffClient } from './staff.ts';

/** A box around an invented town (the same size as Exempelstad's in the demo). */
export const TEST_AREA: GeoArea = { boundingBox: { south: 59.1, west: 17.45, north: 59.3, east: 17.8 } };
/** A point in the area, and one just north of it. */
export const INSIDE = { latitude: 59.2, longitude: 17.6 };
export const OUTSIDE = { latitude: 59.31, longitude: 17.6 };

export interface FaultScene {
  tenant: Tenant;
  /** Handles the felanmalan service (and so every category without a unit of its own). */
  streets: string;
  /** The demo definition's unit for parks, graffiti and litter bins. */
  parks: string;
  /** Peter, officer in both units. */
  peter: StaffClient;
}

/** A tenant with felanmalan, an area, Gatuenheten (the service's unit) and Parkenheten. */
export async function faultScene(t: TestApp, area: GeoArea | null = TEST_AREA): Promise<FaultScene> {
  const created = await createTestTenant(t, ['felanmalan']);
  const { id: _id, ...rest } = created;
  const tenant = area
    ? await t.app.services.tenants.save({ ...rest, settings: { ...rest.settings, area } }, [])
    : created;
  const organisation = t.app.services.organisation;
  const streets = await organisation.ensureUnit(tenant.id, 'Gatuenheten');
  const parks = await organisation.ensureUnit(tenant.id, 'Parkenheten');
  const live = await t.app.services.catalogue.liveService(tenant.id, 'felanmalan');
  await organisation.seedServiceUnit(tenant.id, live.version.serviceId, streets);
  const peter = await staffClient(t, tenant, PETER, 'officer', [streets, parks]);
  return { tenant, streets, parks, peter };
}

export interface WebReport {
  category?: string;
  description?: string;
  address?: string;
  latitude?: number;
  longitude?: number;
  /** An e-mail address to be told at (the contact step's "yes, by e-mail"). */
  email?: string;
  /** The file name of a small PNG photo uploaded at the where step (sent as multipart). */
  photo?: string;
}

/** Fills in felanmalan up to "check your answers"; the last step's response and the draft's base URL. */
export async function fillFaultReport(client: TestClient, tenant: Tenant, report: WebReport = {}) {
  await client.get(`/${tenant.slug}/e-tjanster/felanmalan`);
  const started = await client.post(`/${tenant.slug}/e-tjanster/felanmalan/starta`);
  const base = String(started.headers.location).replace(/\/steg\/[^/]+$/, '');
  const what = await client.post(`${base}/steg/what`, {
    category: report.category ?? 'street-lighting',
    description: report.description ?? 'Lampan är släckt.',
  });
  assert.equal(what.statusCode, 303, what.body);
  const location = {
    'location.address': report.address ?? 'Storgatan 3',
    'location.latitude': report.latitude === undefined ? '' : String(report.latitude),
    'location.longitude': report.longitude === undefined ? '' : String(report.longitude),
  };
  const where = report.photo
    ? await client.postMultipart(`${base}/steg/where`, location, [
        { field: 'photos', filename: report.photo, contentType: 'image/png', content: TINY_PNG },
      ])
    : await client.post(`${base}/steg/where`, location);
  if (where.statusCode !== 303) return { base, refused: where };
  const contact = await client.post(
    `${base}/steg/contact`,
    report.email
      ? { wantsContact: 'yes', contactMethod: 'email', contactEmail: report.email }
      : { wantsContact: 'no' },
  );
  assert.equal(contact.statusCode, 303, contact.body);
  return { base, refused: undefined };
}

/** Submits a fault report through the web form; its reference and the receipt page. */
export async function reportViaWeb(client: TestClient, tenant: Tenant, report: WebReport = {}) {
  const { base, refused } = await fillFaultReport(client, tenant, report);
  if (refused) assert.fail(`the where step was refused: ${refused.body.slice(0, 500)}`);
  const submitted = await client.post(`${base}/skicka`);
  assert.equal(submitted.statusCode, 303, submitted.body);
  const receipt = await client.get(`${base}/kvitto`);
  const reference = /([A-Z]+-\d{4}-\d{6})/.exec(receipt.body)?.[1];
  assert.ok(reference, 'the receipt names the case');
  return { reference, receipt: receipt.body, base };
}

/** A fresh anonymous visitor. */
export const anonymousClient = (t: TestApp) => new TestClient(t.app);

/** The follow-up link on a receipt, as a path. */
export function followPathOf(receipt: string): string {
  const href = /href="(https?:\/\/[^"]+\/felanmalan\/folj\/[A-Za-z0-9_-]{43})"/.exec(receipt)?.[1];
  assert.ok(href, 'the receipt shows the follow-up link');
  return new URL(href).pathname;
}

/** The case id and fault report row of a reference. */
export async function reportRow(t: TestApp, reference: string) {
  return t.database.db
    .selectFrom('faultReport')
    .selectAll()
    .where('reference', '=', reference)
    .executeTakeFirst();
}

/** The case row of a reference. */
export async function caseRow(t: TestApp, reference: string) {
  return t.database.db
    .selectFrom('case')
    .selectAll()
    .where('reference', '=', reference)
    .executeTakeFirstOrThrow();
}

/** A felanmälan opened through the intake (no form): the answers that vary, and who opened it how. */
export interface IntakeReport {
  category?: string;
  description?: string;
  location: { address: string; latitude?: number; longitude?: number };
  applicant?: OpenCaseInput['applicant'];
  channel?: OpenCaseInput['channel'];
  registeredBy?: OpenCaseInput['registeredBy'];
}

/**
 * Opens a fault report in the tenant's live felanmälan through the intake: street lighting, an
 * anonymous reporter and an API client unless told otherwise.
 */
export async function openFaultReport(
  services: Pick<TestApp['app']['services'], 'catalogue' | 'cases'>,
  tenant: Tenant,
  report: IntakeReport,
): Promise<{ id: string; reference: string }> {
  const live = await services.catalogue.liveService(tenant.id, 'felanmalan');
  return services.cases.openCase({
    tenant,
    serviceVersionId: live.version.id,
    answers: {
      category: report.category ?? 'street-lighting',
      description: report.description ?? 'Något är trasigt',
      location: report.location,
      wantsContact: false,
    },
    applicant: report.applicant ?? { kind: 'anonymous' },
    channel: report.channel ?? { channel: 'api' },
    registeredBy: report.registeredBy ?? { kind: 'apiClient', id: 'test' },
  });
}
