/** Creates every module's service once, in dependency order (the service graph). */
import type { Kysely } from 'kysely';
import type { Config } from './config.ts';
import type { Database } from './db/schema.ts';
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
}

export function createServices(deps: ServiceDeps): Services {
  return {
    db: deps.db,
    tenants: deps.tenants,
    sessions: deps.sessions,
    storage: deps.storage,
  };
}
