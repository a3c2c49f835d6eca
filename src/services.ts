/** Creates every module's service once, in dependency order (the service graph). */
import path from 'node:path';
import type { Kysely } from 'kysely';
import type { Config } from './config.ts';
import type { Database } from './db/schema.ts';
import { type ClientCaseService, createClientCaseService } from './modules/api-clients/client-cases.ts';
import { type ApiClientService, createApiClientService } from './modules/api-clients/service.ts';
import { type CompletionService, createCompletionService } from './modules/applications/completion.ts';
import { abandonedDraftDisposal, draftsOfCaseDisposal } from './modules/applications/disposal.ts';
import { intakeFiles } from './modules/applications/intake-files.ts';
import { type ApplicationService, createApplicationService } from './modules/applications/service.ts';
import { backOfficeOfCaseDisposal } from './modules/case-handling/disposal.ts';
import { type CaseHandlingService, createCaseHandlingService } from './modules/case-handling/service.ts';
import { createCaseRecordDisposal } from './modules/cases/disposal.ts';
import { type CaseService, createCaseService } from './modules/cases/service.ts';
import { type CatalogueService, createCatalogueService } from './modules/catalogue/service.ts';
import {
  type CustomerCentreService,
  createCustomerCentreService,
} from './modules/customer-centre/service.ts';
import { createDataRightsService, type DataRightsService } from './modules/data-rights/service.ts';
import { decisionsOfCaseDisposal } from './modules/decisions/disposal.ts';
import { createDecisionService, type DecisionService } from './modules/decisions/service.ts';
import {
  createDigitalSupportService,
  type DigitalSupportService,
} from './modules/digital-support/service.ts';
import { createDisposalService, type DisposalService } from './modules/disposal/service.ts';
import { faultReportCaseExtension, faultReportCaseHooks } from './modules/fault-reports/case-ports.ts';
import { createFaultReportDisposal } from './modules/fault-reports/disposal.ts';
import { createFaultReportService, type FaultReportService } from './modules/fault-reports/service.ts';
import { sealedFieldsOf } from './modules/forms/sealed-fields.ts';
import { createKnowledgeBaseService, type KnowledgeBaseService } from './modules/knowledge-base/service.ts';
import { messagesOfCaseDisposal } from './modules/messages/disposal.ts';
import { createMessageService, type MessageService } from './modules/messages/service.ts';
import { coarseCell } from './modules/open-data/model.ts';
import { createOpenDataService, type OpenDataService } from './modules/open-data/service.ts';
import { createOpen311Service, type Open311ApiService } from './modules/open311/service.ts';
import { createJobAdminService, type JobAdminService } from './modules/organisation/job-admin.ts';
import {
  createOrganisationService,
  type OrganisationService,
  type ServiceUnitChanged,
} from './modules/organisation/service.ts';
import { createPrivacyService, type PrivacyService } from './modules/privacy/service.ts';
import { createProfileService, type ProfileService } from './modules/profile/service.ts';
import {
  createRepresentativeService,
  type RepresentativeService,
} from './modules/representatives/service.ts';
import { createRoutingService, type RoutingService } from './modules/routing/service.ts';
import { createRulesAdminService, type RulesAdminService } from './modules/rules-admin/service.ts';
import { createSensorService, type SensorService } from './modules/sensors/service.ts';
import { createSitePagesService, type SitePagesService } from './modules/site-pages/service.ts';
import { createWebhookService, type WebhookService } from './modules/webhooks/service.ts';
import { auditOfCaseDisposal } from './platform/audit/audit-disposal.ts';
import { createJobSignal, type JobSignal } from './platform/jobs/job-signal.ts';
import { eventsOfCaseDisposal } from './platform/jobs/outbox-disposal.ts';
import type { DataProtection } from './platform/protection/data-protection.ts';
import { createDataKeyJobs, type DataKeyJobs } from './platform/protection/reseal.ts';
import type { SessionService } from './platform/sessions/session-service.ts';
import { createLocalFileStorage, type FileStorage } from './platform/storage/file-storage.ts';
import { type SweepResult, sweepOrphanFiles } from './platform/storage/orphan-sweeper.ts';
import { sealedFileStorage } from './platform/storage/sealed-file-storage.ts';
import type { TenantService } from './platform/tenancy/tenant-service.ts';

export interface ServiceDeps {
  db: Kysely<Database>;
  config: Config;
  storage: FileStorage;
  /**
   * Wraps the (sealed) storage that residents' and officers' uploads go to: the clamd scan when one
   * is configured (issue #14). It sees the plaintext, the sealing happens below it.
   */
  scanUploads?: (sealed: FileStorage) => FileStorage;
  tenants: TenantService;
  sessions: SessionService;
  now: () => Date;
  /** Seals personal data at rest; `db` must be the handle whose reads open it (withDataProtection). */
  protection: DataProtection;
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
  /** Administrators' view of failed jobs, and their retry. */
  jobAdmin: JobAdminService;
  caseHandling: CaseHandlingService;
  /** Messages between the applicant and the handling unit, per case. */
  messages: MessageService;
  /** Decisions and decision letters (issue #3). */
  decisions: DecisionService;
  /** Administrators' decision rules: models, trying them, uploads, simulation, publishing (issue #10). */
  rulesAdmin: RulesAdminService;
  /** Sensor devices, their readings and alarms (issue #11). */
  sensors: SensorService;
  /** Fault reports: places, the reporter's follow-up and "not fixed", the public list (issue #11). */
  faultReports: FaultReportService;
  /** Open311 GeoReport v2: client apps and their keys, requests as fault report cases (issue #11). */
  open311: Open311ApiService;
  /** Business systems' API clients: registration, secrets, tokens (issue #12). */
  apiClients: ApiClientService;
  /** What an API client reads of the cases in its reach (issue #12). */
  clientCases: ClientCaseService;
  /** Signed webhooks: subscriptions to case events, their deliveries and dead letters (issue #12). */
  webhooks: WebhookService;
  /** Open data: published datasets, suppression, the DCAT-AP-SE catalogue (issue #12). */
  openData: OpenDataService;
  /** The digital-support directory: offers, supply matrix, needs interviews (issue #13). */
  digitalSupport: DigitalSupportService;
  /** Contact, get help and accessibility pages; the contact details form (issue #13). */
  sitePages: SitePagesService;
  /** The customer centre: find a person, act on their behalf, contact statistics (issue #13). */
  customerCentre: CustomerCentreService;
  /** Plain-language routing: suggestions, residents' choices, officers' corrections, synonyms (issue #13). */
  routing: RoutingService;
  /** Representatives (ombud) and guardians acting for a person (issue #13). */
  representatives: RepresentativeService;
  /** The knowledge base, Frågor och svar: answers per municipality, searched and reviewed (issue #13). */
  knowledgeBase: KnowledgeBaseService;
  /** Residents' rights on My Pages: their data export, who read their cases, deleting their profile (issue #14). */
  dataRights: DataRightsService;
  /** The record of processing, data inventory and privacy notices (issue #14). */
  privacy: PrivacyService;
  /** Retention and disposal (gallring) of closed cases, abandoned drafts and expired sessions (issue #14). */
  disposal: DisposalService;
  /** Removes stored files that no row names, once older than a day (see orphan-sweeper.ts). */
  sweepOrphanFiles(): Promise<SweepResult>;
  /** Tells this process's job worker that events may have been written (platform/jobs/job-signal.ts). */
  jobSignal: JobSignal;
  /** The data keys' codec: sealing at rest and personnummer look-up hashes (decision 0034). */
  protection: DataProtection;
  /** Sealing rows not yet sealed, re-sealing after a key rotation, and the keys' status (decision 0034). */
  dataKeys: DataKeyJobs;
}

// Routes see every service through RouteContext without importing this file (no cycle through the root).
declare module './platform/http/route-context.ts' {
  interface RouteServices extends Services {}
}

/** Uploaded files on local disk under DATA_DIR/files (the app's and the job thread's default). */
export function defaultStorage(config: Config): FileStorage {
  const base = config.dataDir === ':memory:' ? path.join(process.cwd(), '.data-memory') : config.dataDir;
  return createLocalFileStorage(path.join(base, 'files'));
}

/** Creates every module's service once, wired in dependency order. */
export function createServices(given: ServiceDeps): Services {
  // Every file is stored sealed (platform/storage/sealed-file-storage.ts, decision 0034).
  const files = sealedFileStorage(given.storage, given.protection);
  const deps = { ...given, storage: files };
  const uploadStorage = given.scanUploads ? given.scanUploads(files) : files;
  const catalogue = createCatalogueService(deps.db, deps.now);
  const profile = createProfileService(deps.db, deps.protection, deps.now);
  // Organisation calls back into case handling when a service moves unit; the hook is bound late.
  let moveOpenCases: ServiceUnitChanged = async () => 0;
  const organisation = createOrganisationService(deps.db, profile, catalogue, deps.now, (trx, change) =>
    moveOpenCases(trx, change),
  );
  const cases = createCaseService(deps.db, deps.tenants, catalogue, organisation, {
    persons: profile,
    files: intakeFiles,
    now: deps.now,
    protection: deps.protection,
    // A fault report's row is written in its case's statement, placed by its category (issue #11).
    extension: faultReportCaseExtension(organisation),
  });
  // The knowledge base (issue #13): Frågor och svar, searched by residents, staff and the routing.
  const knowledgeBase = createKnowledgeBaseService({
    db: deps.db,
    tenants: deps.tenants,
    catalogue,
    units: async (tenantId) =>
      [...(await organisation.unitNames(tenantId))]
        .map(([id, name]) => ({ id, name }))
        .sort((a, b) => a.name.localeCompare(b.name, 'sv')),
    now: deps.now,
  });
  // Routing learns from officers' corrections (a case moved to another service), issue #13.
  // The routing's results page shows the knowledge base's answers too.
  const routing = createRoutingService({
    db: deps.db,
    tenants: deps.tenants,
    catalogue,
    knowledge: (tenantId, text, options) => knowledgeBase.search(tenantId, text, options),
    now: deps.now,
  });
  const caseHandling = createCaseHandlingService({
    db: deps.db,
    tenants: deps.tenants,
    catalogue,
    organisation,
    cases,
    now: deps.now,
    // A fault report keeps its status copy, fixed time and place with every change (issue #11).
    hooks: faultReportCaseHooks(),
    onCaseMoved: routing.recordCorrection,
    protection: deps.protection,
    personIdOf: async (number) => (await profile.personByNumber(number))?.id,
  });
  moveOpenCases = caseHandling.moveOpenCasesOfService;
  const applications = createApplicationService({
    db: deps.db,
    tenants: deps.tenants,
    catalogue,
    cases,
    storage: uploadStorage,
    contactOf: (personId) => profile.getContact(personId),
    now: deps.now,
    protection: deps.protection,
  });
  const completions = createCompletionService({
    db: deps.db,
    applications,
    caseHandling,
    now: deps.now,
    protection: deps.protection,
  });
  const decisions = createDecisionService({
    db: deps.db,
    caseHandling,
    cases,
    storage: deps.storage,
    now: deps.now,
  });
  const faultReports = createFaultReportService({
    db: deps.db,
    cases,
    caseHandling,
    catalogue,
    now: deps.now,
  });
  const sensors = createSensorService({
    db: deps.db,
    tenants: deps.tenants,
    catalogue,
    cases,
    caseHandling,
    now: deps.now,
  });
  const messages = createMessageService({
    db: deps.db,
    cases,
    caseHandling,
    storage: uploadStorage,
    now: deps.now,
  });
  const digitalSupport = createDigitalSupportService({ db: deps.db, now: deps.now });
  const representatives = createRepresentativeService({
    db: deps.db,
    tenants: deps.tenants,
    catalogue,
    profile,
    cases,
    now: deps.now,
  });
  const services: Omit<Services, 'privacy'> = {
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
    jobAdmin: createJobAdminService(deps.db, deps.now),
    caseHandling,
    messages,
    decisions,
    rulesAdmin: createRulesAdminService({ db: deps.db, catalogue, cases, now: deps.now }),
    sensors,
    faultReports,
    routing,
    knowledgeBase,
    digitalSupport,
    sitePages: createSitePagesService({ tenants: deps.tenants, now: deps.now }),
    openData: createOpenDataService({
      db: deps.db,
      catalogue,
      cases,
      faultReports,
      sensors,
      digitalSupport,
      publicUrl: deps.config.publicUrl,
      now: deps.now,
    }),
    open311: createOpen311Service({
      db: deps.db,
      catalogue,
      cases,
      caseHandling,
      faultReports,
      now: deps.now,
    }),
    apiClients: createApiClientService({
      db: deps.db,
      // A client reaches the tenant's own units and services only.
      reachOf: async (actor) => ({
        unitIds: (await organisation.overview(actor)).units.map((unit) => unit.id),
        serviceIds: (await catalogue.allVersions(actor.tenantId)).map((service) => service.serviceId),
      }),
      now: deps.now,
    }),
    clientCases: createClientCaseService({
      db: deps.db,
      cases,
      catalogue,
      organisation,
      caseHandling,
      messages,
      decisions,
      tenants: deps.tenants,
      now: deps.now,
    }),
    webhooks: createWebhookService({
      db: deps.db,
      tenants: deps.tenants,
      cases,
      reachOf: async (actor) => ({
        unitIds: (await organisation.overview(actor)).units.map((unit) => unit.id),
        serviceIds: (await catalogue.allVersions(actor.tenantId)).map((service) => service.serviceId),
      }),
      secretKey: deps.config.webhookSecretKey,
      now: deps.now,
    }),
    customerCentre: createCustomerCentreService({
      db: deps.db,
      tenants: deps.tenants,
      catalogue,
      cases,
      organisation,
      profile,
      now: deps.now,
    }),
    representatives,
    dataRights: createDataRightsService({
      db: deps.db,
      tenants: deps.tenants,
      profile,
      cases,
      catalogue,
      applications,
      messages,
      decisions,
      representatives,
      organisation,
      sessions: deps.sessions,
      storage: deps.storage,
      now: deps.now,
    }),
    // Every module that keeps a case's data disposes of its own rows, in this order (decision 0031).
    disposal: createDisposalService({
      db: deps.db,
      tenants: deps.tenants,
      catalogue,
      storage: deps.storage,
      sessions: deps.sessions,
      record: createCaseRecordDisposal(deps.db),
      parts: [
        draftsOfCaseDisposal,
        messagesOfCaseDisposal,
        backOfficeOfCaseDisposal,
        decisionsOfCaseDisposal,
        createFaultReportDisposal(coarseCell),
        auditOfCaseDisposal,
        eventsOfCaseDisposal,
      ],
      drafts: abandonedDraftDisposal,
      settings: deps.config.disposal,
      now: deps.now,
    }),
    jobSignal: createJobSignal(),
    protection: deps.protection,
    dataKeys: createDataKeyJobs({
      db: deps.db,
      protection: deps.protection,
      sealedFieldsOfVersion: async (id) => sealedFieldsOf((await catalogue.version(id)).definition),
      files,
    }),
    // Every module that keeps files in storage must be listed here, or its files would be removed.
    sweepOrphanFiles: () => sweepOrphanFiles(deps.storage, [applications, messages, decisions], deps.now()),
  };
  // The record of processing reads the API clients and webhooks made above (issue #14).
  const privacy = createPrivacyService({
    tenants: deps.tenants,
    catalogue,
    organisation,
    apiClients: services.apiClients,
    webhooks: services.webhooks,
    now: deps.now,
  });
  return { ...services, privacy };
}
