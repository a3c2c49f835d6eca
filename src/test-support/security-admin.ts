/**
 * The security scene's administration (issue #14): what administrators manage (a spare staff
 * member, a synonym, an FAQ entry, an offer, open data, a failed job) and the machines' credentials
 * (API, Open311 and sensor), a webhook with a delivery that gave up.
 */
import { API_SCOPES } from '../modules/api-clients/model.ts';
import { deviceType } from '../modules/sensors/model.ts';
import type { Tenant } from '../platform/tenancy/tenant-service.ts';
import type { TestApp } from './app.ts';
import type { MachineCredentials } from './security-actors.ts';
import { mustRedirect, type SceneUnits } from './security-fixtures.ts';
import { type StaffClient, staffClient } from './staff.ts';

/** What administrators manage: a spare staff member, a synonym, an FAQ entry, an offer, a failed job. */
export async function adminFixtures(
  t: TestApp,
  tenant: Tenant,
  admin: StaffClient,
  units: SceneUnits,
  ids: Record<string, string>,
  spare: Parameters<typeof staffClient>[2],
) {
  const db = t.database.db;
  const services = t.app.services;
  const base = `/${tenant.slug}/handlaggning`;
  ids.staffId = (await staffClient(t, tenant, spare, 'officer', [units.other])).actor.staffId;
  ids.unitId = units.other;
  ids.serviceId = (await services.catalogue.liveService(tenant.id, 'skolskjuts')).serviceId;
  ids.versionId = (await services.catalogue.liveService(tenant.id, 'skolskjuts')).version.id;
  await services.routing.addSynonym(admin.actor, { phrase: 'skolbuss', serviceId: ids.serviceId, words: '' });
  ids.synonymId = (
    await db
      .selectFrom('routingSynonym')
      .select('id')
      .where('tenantId', '=', tenant.id)
      .executeTakeFirstOrThrow()
  ).id;
  await mustRedirect(admin.post(`${base}/fragor-och-svar/ny`, FAQ_FORM));
  ids.entryId = (
    await db
      .selectFrom('knowledgeBaseEntry')
      .select('id')
      .where('tenantId', '=', tenant.id)
      .executeTakeFirstOrThrow()
  ).id;
  await mustRedirect(admin.post(`${base}/admin/digital-stod/ny`, OFFER_FORM));
  ids.offerId = (
    await db
      .selectFrom('digitalSupportOffer')
      .select('id')
      .where('tenantId', '=', tenant.id)
      .executeTakeFirstOrThrow()
  ).id;
  ids.jobId = String(await deadJob(t, tenant));
  await services.openData.saveSettings(admin.actor, {
    datasets: ['arendestatistik', 'felanmalningar'],
    publisherUri: 'https://matris.example/',
    organisationNumber: '2120009994',
    contactName: 'Öppna data',
    contactEmail: 'oppnadata@matris.example',
  });
}

export const FAQ_FORM = {
  question: 'Hur ansöker jag om skolskjuts?',
  answer: 'Du ansöker i e-tjänsten.',
  category: 'Skola',
  status: 'published',
  reviewIntervalMonths: '12',
};

export const OFFER_FORM = {
  name: 'Digital hjälp på biblioteket',
  providerName: 'Stadsbiblioteket',
  providerKind: 'bibliotek',
  operatingModel: 'drop-in',
  targetGroups: ['aldre'],
  channels: ['pa-plats'],
  address: 'Biblioteksgatan 2',
  locality: 'Norrby',
  contactPhone: '08-123 456 78',
  servicePromise: 'Hjälp med BankID och e-tjänster.',
  howItWorks: 'Kom förbi under drop-in-tiden.',
  status: 'published',
};

/** A job that gave up (as the failed-jobs page lists it), on the tenant's first event. */
let deadJobs = 0;

export async function deadJob(t: TestApp, tenant: Tenant): Promise<number> {
  deadJobs += 1;
  const db = t.database.db;
  const event = await db
    .selectFrom('outbox')
    .select('id')
    .where('tenantId', '=', tenant.id)
    .orderBy('id')
    .executeTakeFirstOrThrow();
  const at = new Date();
  const job = await db
    .insertInto('job')
    .values({
      eventId: Number(event.id),
      tenantId: tenant.id,
      topic: 'case.submitted',
      handler: `matrix-test-${deadJobs}`,
      orderingKey: null,
      availableAt: at,
      lockedUntil: null,
      processedAt: null,
      deadAt: at,
      failedAt: at,
      lastError: 'refused by the test',
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return Number(job.id);
}

/** The machines' credentials: API clients (one per missing scope), an Open311 client, a sensor, a webhook. */
export async function machineCredentials(
  t: TestApp,
  tenant: Tenant,
  admin: StaffClient,
  units: SceneUnits,
  ids: Record<string, string>,
): Promise<MachineCredentials> {
  const services = t.app.services;
  const register = (scopes: string[]) =>
    services.apiClients.register(admin.actor, {
      name: 'Verksamhetssystem',
      scopes: scopes,
      unitIds: [units.own],
      serviceIds: [],
    });
  const all = await register([...API_SCOPES]);
  ids.clientId = all.id;
  const without = new Map<string, { id: string; secret: string }>();
  for (const scope of API_SCOPES) without.set(scope, await register(API_SCOPES.filter((s) => s !== scope)));
  const open311 = await services.open311.createClient(admin.actor, 'Felanmälningsappen');
  ids.open311ClientId = open311.id;
  const device = await registerDevice(t, admin);
  ids.deviceId = device.id;
  ids.deviceBaseName = device.baseName;
  ids.assetId = device.assetId;
  ids.subscriptionId = (await webhook(t, admin, units)).id;
  ids.deliveryId = String(await deadDelivery(t, tenant, ids.subscriptionId));
  return {
    client: all,
    clientWithout: (scope: string | undefined) =>
      without.get(scope ?? 'cases:read') as { id: string; secret: string },
    open311Key: open311.key,
    deviceToken: device.token,
  };
}

/** A bin sensor with a token, on an asset of its own. */
export async function registerDevice(t: TestApp, admin: StaffClient, name = 'Nivågivare 1') {
  const sensors = t.app.services.sensors;
  const id = await sensors.registerDevice(admin.actor, deviceType('binFillLevel'), {
    name,
    assetName: `Sopkärl ${name}`,
    assetIdentifier: '',
    latitude: '59,2',
    longitude: '17,6',
    baseName: `urn:dev:matrix:${name.replace(/\W/g, '')}:`,
    upper: '90',
  });
  const token = await sensors.issueToken(admin.actor, id);
  const device = await sensors.device(admin.actor, id);
  return { id, token, assetId: device.assetId, baseName: device.baseName };
}

/** A webhook subscription to a local receiver (nothing listens; deliveries are never run here). */
export function webhook(t: TestApp, admin: StaffClient, units: SceneUnits) {
  return t.app.services.webhooks.create(admin.actor, {
    name: 'Ärendesystemet',
    url: 'http://127.0.0.1:9/webhook',
    eventTypes: ['case.submitted'],
    unitIds: [units.own],
    serviceIds: [],
  });
}

/** A delivery that gave up, so it can be sent again. */
export async function deadDelivery(t: TestApp, tenant: Tenant, subscriptionId: string): Promise<number> {
  const db = t.database.db;
  const event = await db
    .selectFrom('outbox')
    .select(['id', 'caseId'])
    .where('tenantId', '=', tenant.id)
    .orderBy('id')
    .executeTakeFirstOrThrow();
  const at = new Date();
  const row = await db
    .insertInto('webhookDelivery')
    .values({
      subscriptionId,
      tenantId: tenant.id,
      eventId: Number(event.id),
      eventType: 'case.submitted',
      caseId: event.caseId as string,
      body: '{}',
      nextAttemptAt: at,
      lockedUntil: null,
      lastAttemptAt: at,
      lastStatus: 503,
      lastError: 'refused by the test',
      deliveredAt: null,
      deadAt: at,
      createdAt: at,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return Number(row.id);
}
