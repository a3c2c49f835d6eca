/** Creates every module's service once, in dependency order (the service graph). */
import type { Kysely } from 'kysely';
import type { Config } from './config.ts';
import type { Database } from './db/schema.ts';
import { type CompletionService, createCompletionService } from './modules/applications/completion.ts';
import { type ApplicationService, createApplicationService } from './modules/applications/service.ts';
import { type CaseHandlingService, createCaseHandlingService } from './modules/cases/officer-service.ts';
import { type CaseService, createCaseService } from './modules/cases/service.ts';
import { type CatalogueService, createCatalogueService } from './modules/catalogue/service.ts';
import { createDecisionService, type DecisionService } from './modules/decisions/service.ts';
import { createMessageService, type MessageService } from './modules/messages/service.ts';
import {
  createOrganisationService,
  type OrganisationService,
  type ServiceUnitChanged,
} from './modules/organisation/service.ts';
import { createProfileService, type ProfileService } from './modules/profile/service.ts';
import type { SessionService } from './platform/sessions/session-service.ts';
import type { FileStorage } from './platform/storage/file-storage.ts';
import { type SweepResult, sweepOrphanFiles } from './platform/storage/orphan-sweeper.ts';
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
  /** The resident's side of a completion request (komplettering). */
  completions: CompletionService;
  profile: ProfileService;
  organisation: OrganisationService;
  caseHandling: CaseHandlingService;
  /** Messages between the applicant and the handling unit, per case. */
  messages: MessageService;
  /** Decisions and decision letters (issue #3). */
  decisions: DecisionService;
  /** Removes stored files that no row names, once older than a day (see orphan-sweeper.ts). */
  sweepOrphanFiles(): Promise<SweepResult>;
}

export function createServices(deps: ServiceDeps): Services {
  const catalogue = createCatalogueService(deps.db, deps.now);
  const profile = createProfileService(deps.db, deps.now);
  // Organisation calls back into case handling when a service moves unit; the hook is bound late.
  let moveOpenCases: ServiceUnitChanged = async () => 0;
  const organisation = createOrganisationService(deps.db, profile, catalogue, deps.now, (trx, change) =>
    moveOpenCases(trx, change),
  );
  const cases = createCaseService(deps.db, deps.tenants, catalogue, organisation);
  const caseHandling = createCaseHandlingService({
    db: deps.db,
    tenants: deps.tenants,
    catalogue,
    organisation,
    now: deps.now,
  });
  moveOpenCases = caseHandling.moveOpenCasesOfService;
  const applications = createApplicationService({
    db: deps.db,
    tenants: deps.tenants,
    catalogue,
    cases,
    storage: deps.storage,
    contactOf: (personId) => profile.getContact(personId),
    now: deps.now,
  });
  const completions = createCompletionService({ db: deps.db, applications, caseHandling, now: deps.now });
  const decisions = createDecisionService({
    db: deps.db,
    caseHandling,
    cases,
    storage: deps.storage,
    now: deps.now,
  });
  const messages = createMessageService({
    db: deps.db,
    cases,
    caseHandling,
    storage: deps.storage,
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
    completions,
    profile,
    organisation,
    caseHandling,
    messages,
    decisions,
    // Every module that keeps files in storage must be listed here, or its files would be removed.
    sweepOrphanFiles: () => sweepOrphanFiles(deps.storage, [applications, messages, decisions], deps.now()),
  };
}
