/** Creates every module's service once, in dependency order (the service graph). */
import type { Kysely } from 'kysely';
import type { Config } from './config.ts';
import type { Database } from './db/schema.ts';
import { type ApplicationService, createApplicationService } from './modules/applications/service.ts';
import { type CaseService, createCaseService } from './modules/cases/service.ts';
import { type CatalogueService, createCatalogueService } from './modules/catalogue/service.ts';
import { createProfileService, type ProfileService } from './modules/profile/service.ts';
import type { SessionService } from './platform/sessions/session-service.ts';
import type { FileStorage } from './platform/storage/file-storage.ts';
import type { TenantService } from './platform/tenancy/tenant-service.ts';

export interface ServiceDeps {
  db: Kysely<Database>;
  config: Config;
  storage: FileStorage;
  tenants: TenantService;
  sessions: SessionService;
  now: () => Date;
}

export interface Services {
  db: Kysely<Database>;
  tenants: TenantService;
  sessions: SessionService;
  storage: FileStorage;
  catalogue: CatalogueService;
  cases: CaseService;
  applications: ApplicationService;
  profile: ProfileService;
}

export function createServices(deps: ServiceDeps): Services {
  const catalogue = createCatalogueService(deps.db, deps.now);
  const cases = createCaseService(deps.db, deps.tenants, catalogue);
  const profile = createProfileService(deps.db, deps.now);
  const applications = createApplicationService({
    db: deps.db,
    tenants: deps.tenants,
    catalogue,
    cases,
    storage: deps.storage,
    contactOf: (personId) => profile.getContact(personId),
    now: deps.now,
  });
  return {
    db: deps.db,
    tenants: deps.tenants,
    sessions: deps.sessions,
    storage: deps.storage,
    catalogue,
    cases,
    applications,
    profile,
  };
}
