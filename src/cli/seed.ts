/** Loads the demo municipalities and e-services (idempotent: existing services are left alone). */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyBaseLogger } from 'fastify';
import type { StaffRole, TenantSettings } from '../db/schema.ts';
import { parseRole } from '../modules/organisation/model.ts';
import type { LocalizedText } from '../platform/i18n/i18n.ts';
import type { Services } from '../services.ts';

export const demoDir = path.join(path.dirname(fileURLToPath(import.meta.url)), '../../demo');

interface DemoTenant {
  slug: string;
  name: string;
  referencePrefix: string;
  logoText: string;
  colours: TenantSettings['colours'];
  contact: TenantSettings['contact'];
  lifeEvents: { id: string; title: LocalizedText; description: LocalizedText }[];
  services: string[];
  /** Handling units and the services each one handles (issue #3). */
  units?: { name: string; services: string[] }[];
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
    const unitId = staff.unit ? unitIds.get(staff.unit) : undefined;
    await services.organisation.seedStaff(
      tenantId,
      { ...staff, role: parseRole(staff.role) ?? 'officer', active: true },
      unitId ? [unitId] : [],
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
  return JSON.parse(fs.readFileSync(path.join(demoDir, 'services', `${service}.json`), 'utf8'));
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
        settings: { logoText: demo.logoText, colours: demo.colours, contact: demo.contact },
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
  }
}
