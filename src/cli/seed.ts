/** Loads the demo municipalities and e-services (idempotent: existing services are left alone). */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyBaseLogger } from 'fastify';
import type { StaffRole, TenantSettings } from '../db/schema.ts';
import { areaProblems, type GeoArea } from '../modules/forms/geo-area.ts';
import type { DemoEntry } from '../modules/knowledge-base/service.ts';
import type { PublisherSettings } from '../modules/open-data/model.ts';
import { parseRole } from '../modules/organisation/model.ts';
import type { DemoSynonym } from '../modules/routing/service.ts';
import type { DemoDevice } from '../modules/sensors/service.ts';
import type { LocalizedText } from '../platform/i18n/i18n.ts';
import type { Services } from '../services.ts';
import { readDefinitionFile } from './definition-file.ts';
import { seedDemoFaultReports } from './seed-fault-reports.ts';

export const demoDir = path.join(path.dirname(fileURLToPath(import.meta.url)), '../../demo');

interface DemoTenant {
  slug: string;
  name: string;
  referencePrefix: string;
  logoText: string;
  colours: TenantSettings['colours'];
  contact: TenantSettings['contact'];
  /** The data protection officer's contact details, for the privacy notices (issue #14). */
  dataProtectionOfficer?: TenantSettings['dataProtectionOfficer'];
  lifeEvents: { id: string; title: LocalizedText; description: LocalizedText }[];
  services: string[];
  /**
   * Handling units and the services each one handles (issue #3); `members` are staff personas (by
   * personnummer) who belong to the unit besides their own (a fault category's unit, issue #11).
   */
  units?: { name: string; services: string[]; members?: string[] }[];
  /** Where reported places must lie (issue #11). */
  area?: GeoArea;
  /** What the tenant publishes as open data, and its publisher (issue #12). */
  openData?: Omit<PublisherSettings, 'licenceUri'>;
}

interface DemoStaff {
  personalIdentityNumber: string;
  givenName: string;
  familyName: string;
  tenant: string;
  unit: string | null;
  role: StaffRole;
}

/** Staff personas from demo/personas.json. */
export function readDemoStaff(): DemoStaff[] {
  return (JSON.parse(fs.readFileSync(path.join(demoDir, 'personas.json'), 'utf8')) as { staff: DemoStaff[] })
    .staff;
}

/** Units, which service each handles, and the staff personas with their roles (idempotent). */
async function seedOrganisation(services: Services, tenantId: string, demo: DemoTenant): Promise<void> {
  const unitIds = new Map<string, string>();
  for (const unit of demo.units ?? []) {
    const unitId = await services.organisation.ensureUnit(tenantId, unit.name);
    unitIds.set(unit.name, unitId);
    for (const slug of unit.services) {
      const [version] = await services.catalogue.versions(tenantId, slug).catch(() => []);
      if (version) await services.organisation.seedServiceUnit(tenantId, version.serviceId, unitId);
    }
  }
  for (const staff of readDemoStaff().filter((member) => member.tenant === demo.slug)) {
    const names = (demo.units ?? [])
      .filter((unit) => unit.name === staff.unit || unit.members?.includes(staff.personalIdentityNumber))
      .map((unit) => unit.name);
    await services.organisation.seedStaff(
      tenantId,
      { ...staff, role: parseRole(staff.role) ?? 'officer', active: true },
      names.flatMap((name) => unitIds.get(name) ?? []),
    );
  }
}

/** Reads demo/tenants.json. */
export function readDemoTenants(): DemoTenant[] {
  return (
    JSON.parse(fs.readFileSync(path.join(demoDir, 'tenants.json'), 'utf8')) as { tenants: DemoTenant[] }
  ).tenants;
}

/** Reads one demo e-service definition by its service id. */
export function readDemoDefinition(service: string): unknown {
  return readDefinitionFile(path.join(demoDir, 'services', `${service}.json`));
}

/** The date demo services are published from. */
export const DEMO_PUBLISHED_FROM = new Date('2026-01-01T00:00:00Z');

/** Creates or updates the demo tenants; imports and publishes each service the first time. */
export async function seedDemo(services: Services, log?: FastifyBaseLogger): Promise<void> {
  for (const demo of readDemoTenants()) {
    const tenant = await services.tenants.save(
      {
        slug: demo.slug,
        name: demo.name,
        referencePrefix: demo.referencePrefix,
        settings: {
          logoText: demo.logoText,
          colours: demo.colours,
          contact: demo.contact,
          ...(demo.area ? { area: checkedArea(demo.slug, demo.area) } : {}),
          ...(demo.dataProtectionOfficer ? { dataProtectionOfficer: demo.dataProtectionOfficer } : {}),
        },
      },
      demo.lifeEvents.map((event, position) => ({
        slug: event.id,
        title: event.title,
        description: event.description,
        position,
      })),
    );
    for (const slug of demo.services) {
      const existing = await services.catalogue.versions(tenant.id, slug).catch(() => []);
      if (existing.some((version) => version.status !== 'draft')) continue;
      // A crash between saving and publishing on a first start leaves only a draft: publish that one.
      const draft =
        existing.find((version) => version.status === 'draft') ??
        (await services.catalogue.saveDraft(tenant.id, readDemoDefinition(slug)));
      await services.catalogue.publish(tenant.id, draft.id, DEMO_PUBLISHED_FROM);
      log?.info({ tenant: demo.slug, service: slug }, 'demo e-service published');
    }
    await seedOrganisation(services, tenant.id, demo);
    const sensors = readDemoSensors()[demo.slug] ?? [];
    const added = await services.sensors.seedDemo(tenant.id, sensors);
    if (added > 0) log?.info({ tenant: demo.slug, devices: added }, 'demo sensors registered');
    if (demo.services.includes('felanmalan')) await seedDemoFaultReports(services, tenant, log);
    if (demo.openData && (await services.openData.seedDemo(tenant.id, demo.openData)))
      log?.info({ tenant: demo.slug }, 'demo open data published');
    // A few closed customer-centre contacts, so the statistics page shows something (issue #13).
    if (demo.units?.some((unit) => unit.name === 'Kundcenter')) {
      const contacts = await services.customerCentre.seedDemo(tenant.id);
      if (contacts > 0) log?.info({ tenant: demo.slug, contacts }, 'demo customer-centre contacts added');
    }
    const support = readDemoDigitalSupport()[demo.slug];
    if (support && (await services.digitalSupport.seedDemo(tenant.id, support.offers, support.interviews)))
      log?.info(
        { tenant: demo.slug, offers: support.offers.length },
        'demo digital-support directory seeded',
      );
    // Issue #13: Anna is guardian of Elsa and Leo for school transport; Margit has an ombud.
    if (demo.slug === 'exempelstad') {
      const representations = await services.representatives.seedDemo(tenant.id);
      if (representations > 0)
        log?.info({ tenant: demo.slug, representations }, 'demo representatives added');
    }
    const app = DEMO_OPEN311_CLIENTS[demo.slug];
    if (app && (await services.open311.seedDemoClient(tenant.id, app.name, app.key)))
      log?.info({ tenant: demo.slug, client: app.name }, 'demo Open311 client registered');
    const answers = await services.knowledgeBase.seedDemo(tenant.id, readDemoKnowledgeBase(demo.slug));
    if (answers > 0) log?.info({ tenant: demo.slug, answers }, 'demo knowledge base answers added');
    const synonyms = await services.routing.seedDemo(tenant.id, readDemoRoutingSynonyms(demo.slug));
    if (synonyms > 0) log?.info({ tenant: demo.slug, synonyms }, 'demo search synonyms added');
  }
}

/** The demo search synonyms of one tenant (demo/routing-synonyms.json), issue #13. */
export function readDemoRoutingSynonyms(tenantSlug: string): DemoSynonym[] {
  const file = path.join(demoDir, 'routing-synonyms.json');
  if (!fs.existsSync(file)) return [];
  return (JSON.parse(fs.readFileSync(file, 'utf8')).tenants?.[tenantSlug] ?? []) as DemoSynonym[];
}

/** The demo questions and answers of one tenant (demo/knowledge-base.json), issue #13. */
export function readDemoKnowledgeBase(tenantSlug: string): DemoEntry[] {
  const file = path.join(demoDir, 'knowledge-base.json');
  if (!fs.existsSync(file)) return [];
  const all = JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, unknown>;
  const entries = all[tenantSlug];
  return Array.isArray(entries) ? (entries as DemoEntry[]) : [];
}

/**
 * Demo only: an Open311 client app with a published key (docs/open311.md), stored hashed like any
 * key. A real installation creates clients on the admin page, where each key is random and shown once.
 */
const DEMO_OPEN311_CLIENTS: Record<string, { name: string; key: string }> = {
  exempelstad: { name: 'Demoappen (Open311)', key: 'demo-open311-key' },
};

/** An area from tenants.json, refused with the tenant named when it is not a usable area. */
function checkedArea(slug: string, area: GeoArea): GeoArea {
  const problems = areaProblems(area);
  if (problems.length > 0) throw new Error(`demo/tenants.json, ${slug}: area ${problems.join('; ')}`);
  return area;
}

/** Demo sensors per tenant slug (demo/sensors.json). */
export function readDemoSensors(): Record<string, DemoDevice[]> {
  const file = path.join(demoDir, 'sensors.json');
  if (!fs.existsSync(file)) return {};
  return (JSON.parse(fs.readFileSync(file, 'utf8')) as { tenants: Record<string, DemoDevice[]> }).tenants;
}

type DemoFormValues = Record<string, string | string[]>;

/** Demo digital-support offers and needs interviews per tenant slug (demo/digital-support.json, issue #13). */
export function readDemoDigitalSupport(): Record<
  string,
  { offers: DemoFormValues[]; interviews: DemoFormValues[] }
> {
  const file = path.join(demoDir, 'digital-support.json');
  if (!fs.existsSync(file)) return {};
  return (JSON.parse(fs.readFileSync(file, 'utf8')) as { tenants: ReturnType<typeof readDemoDigitalSupport> })
    .tenants;
}
