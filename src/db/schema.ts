/** Table types for Kysely (camelCase; CamelCasePlugin maps them to snake_case columns). */
import type { ColumnType, Generated, JSONColumnType } from 'kysely';
import type { Answers, ServiceDefinition } from '../modules/forms/definition.ts';
import type { GeoArea } from '../modules/forms/geo-area.ts';

type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
type CreatedAt = ColumnType<Date, Date | string | undefined, never>;

export interface TenantSettings {
  logoText: string;
  colours: { primary: string; primaryText: string; accent: string };
  /**
   * How residents reach the municipality (the contact page, issue #13): `address` is the postal
   * address; the visiting address and opening hours are optional (tenants saved before #13 lack them).
   */
  contact: { phone: string; email: string; address: string; visitingAddress?: string; openingHours?: string };
  /** The municipality's area: coordinates of a reported place must lie in it (issue #11). */
  area?: GeoArea;
  /**
   * Whether a resident's access log on My Pages names the officers who read their cases (issue
   * #14, decision 0032); absent means yes. Unit and role are always shown.
   */
  showOfficerNamesInAccessLog?: boolean;
  /** How residents reach the data protection officer (privacy notices, issue #14); optional. */
  dataProtectionOfficer?: { email: string; phone?: string; address?: string };
}

export interface TenantTable {
  id: Generated<string>;
  slug: string;
  name: string;
  referencePrefix: string;
  settings: JSONColumnType<TenantSettings>;
  createdAt: CreatedAt;
}

export interface LifeEventTable {
  id: Generated<string>;
  tenantId: string;
  slug: string;
  title: JSONColumnType<{ sv: string; en: string }>;
  description: JSONColumnType<{ sv: string; en: string }>;
  position: number;
}

export interface ServiceTable {
  id: Generated<string>;
  tenantId: string;
  slug: string;
  createdAt: CreatedAt;
}

export type ServiceVersionStatus = 'draft' | 'published' | 'retired';

export interface ServiceVersionTable {
  id: Generated<string>;
  tenantId: string;
  serviceId: string;
  version: number;
  status: ServiceVersionStatus;
  publishedFrom: Timestamp | null;
  definition: JSONColumnType<ServiceDefinition>;
  createdAt: CreatedAt;
  updatedAt: Timestamp;
}

export interface PersonAddress {
  street: string;
  postalCode: string;
  city: string;
}

export interface PersonTable {
  id: Generated<string>;
  /** Sealed (AES-256-GCM, `aes1:<key id>:…`; decision 0034); reads open it. */
  personalIdentityNumber: string;
  /** HMAC-SHA256 of the personnummer under DATA_LOOKUP_KEY: the only way a person is looked up. */
  personalIdentityNumberHash: string | null;
  /** The data key the personnummer is sealed under; '' for a row not yet sealed (before migration 0026). */
  sealedKeyId: string | null;
  givenName: string;
  familyName: string;
  email: string | null;
  phone: string | null;
  address: JSONColumnType<PersonAddress> | null;
  preferredLanguage: string | null;
  createdAt: CreatedAt;
  updatedAt: Timestamp;
}

export type LoginRealm = 'resident' | 'staff';

export interface SessionData {
  csrfToken: string;
  /** OIDC login in progress: state, nonce, PKCE verifier, where to return. */
  login?: {
    state: string;
    nonce: string;
    codeVerifier: string;
    returnTo: string;
    level: string;
    realm?: LoginRealm;
  };
  assuranceLevel?: string;
  /** Which provider the person logged in with: officers' back office needs `staff`. */
  realm?: LoginRealm;
  idToken?: string;
  /**
   * Follow-up tokens of fault reports this anonymous visitor just made (case id → token), so the
   * receipt can show the link again during the visit; the report stores only the token's hash.
   */
  followTokens?: Record<string, string>;
  /** The person this resident acts for as representative or guardian (issue #13); checked on every request. */
  actingForPersonId?: string;
}

export interface SessionTable {
  /** SHA-256 of the cookie token: a leaked table does not leak live cookies. */
  id: string;
  personId: string | null;
  data: JSONColumnType<SessionData>;
  createdAt: CreatedAt;
  /** The absolute end: SESSION_TTL_HOURS after the session started. */
  expiresAt: Timestamp;
  /** Last activity, for the idle timeout (SESSION_IDLE_MINUTES); renewed at most once a minute. */
  lastActiveAt: Timestamp;
}

export type DraftStatus = 'open' | 'submitted';

export interface DraftTable {
  id: Generated<string>;
  tenantId: string;
  serviceVersionId: string;
  personId: string | null;
  /** Owner of an anonymous draft (hashed session id). */
  sessionId: string | null;
  answers: JSONColumnType<Answers>;
  currentStep: string | null;
  status: DraftStatus;
  caseId: string | null;
  /** Set on a draft that answers a completion request (komplettering) for this case. */
  completesCaseId: ColumnType<string | null, string | null | undefined, string | null>;
  /** The representative or guardian who started it for the owner (`personId`, issue #13). */
  representativePersonId: ColumnType<string | null, string | null | undefined, never>;
  createdAt: CreatedAt;
  updatedAt: Timestamp;
  /** The data key of the sealed answers (null: none sealed; '' not yet looked at, decision 0034). */
  sealedKeyId: ColumnType<string | null, string | null | undefined, string | null>;
}

export interface AttachmentTable {
  id: Generated<string>;
  tenantId: string;
  /** The draft it was uploaded to; an attachment belongs to a draft or a case (check constraint). */
  draftId: string | null;
  caseId: string | null;
  fieldId: string;
  filename: string;
  contentType: string;
  sizeBytes: number;
  storageKey: string;
  sha256: string;
  createdAt: CreatedAt;
}

export interface CaseReferenceCounterTable {
  tenantId: string;
  year: number;
  lastValue: number;
}

export type StatusCategory = 'received' | 'inProgress' | 'waitingForResident' | 'decided' | 'closed';

export interface CaseTable {
  id: Generated<string>;
  tenantId: string;
  reference: string;
  serviceId: string;
  serviceVersionId: string;
  /** The draft it was submitted from; null for a case registered without one (intake). */
  draftId: string | null;
  applicantPersonId: string | null;
  /** Hashed session id of an anonymous submitter, so they can fetch their receipt. */
  anonymousSessionId: string | null;
  answers: JSONColumnType<Answers>;
  language: string;
  status: string;
  statusCategory: StatusCategory;
  submittedAt: Timestamp;
  updatedAt: Timestamp;
  closedAt: Timestamp | null;
  /** The unit handling the case (from the service's handling unit at submission; moves with it). */
  unitId: string | null;
  assignedStaffId: string | null;
  /** The applicant's name at submission, for the officer queue and its search. */
  applicantName: string | null;
  statusChangedAt: Timestamp | null;
  /** When the current status's target handling time runs out (null: no target). */
  dueAt: Timestamp | null;
  /** The way in (issue #9); `customerCentre` has a sub-channel in channelDetail. */
  channel: CaseChannel;
  channelDetail: CustomerCentreChannel | null;
  registeredByKind: RegisteredByKind;
  /** Person, staff member, API client or device id (text: not every registrar has a table yet). */
  registeredById: string | null;
  /** The registrar's name or label at registration, as shown on the case pages. */
  registeredByLabel: string | null;
  applicantKind: ApplicantKind;
  /** Ten digits, set when the applicant is an organisation (its name is in applicantName). */
  applicantOrganisationNumber: string | null;
  /** Contact details an organisation or anonymous reporter chose to give. */
  applicantContact: JSONColumnType<ApplicantContact> | null;
  /** Set while the resident's request for human review of an automatic decision waits (issue #10). */
  reviewRequestedAt: Timestamp | null;
  /** Set when an officer moved this one case (issue #13): a bulk reassignment leaves it be. */
  placedIndividuallyAt: ColumnType<Date | null, Date | null | undefined, Date | null>;
  /** When its personal data was disposed of at the end of retention (issue #14, decision 0031). */
  disposedAt: ColumnType<Date | null, Date | null | undefined, Date | null>;
  /** When it was kept for the archive at the end of retention; the row is read-only since (decision 0031). */
  archivedAt: ColumnType<Date | null, Date | null | undefined, Date | null>;
  /** The data key of the sealed answers (null: none sealed; '' not yet looked at, decision 0034). */
  sealedKeyId: ColumnType<string | null, string | null | undefined, string | null>;
  /** Keyed hashes of the personnummer answers: officers find the case by personnummer through them. */
  personalIdentityNumberHashes: ColumnType<string[] | null, string[] | null | undefined, string[] | null>;
}

/** The ways a case can come in (ARCHITECTURE.md "Ways in and ways out"). */
export type CaseChannel = 'web' | 'customerCentre' | 'open311' | 'sensor' | 'api';
/** How the customer centre was reached. */
export type CustomerCentreChannel = 'phone' | 'visit' | 'letter' | 'email';
/** Who registered a case: the applicant themself or someone or something on their behalf. */
export type RegisteredByKind = 'resident' | 'anonymous' | 'staff' | 'representative' | 'apiClient' | 'device';
export type ApplicantKind = 'person' | 'organisation' | 'anonymous';

export interface ApplicantContact {
  email?: string;
  phone?: string;
}

export interface CaseEventActor {
  kind: 'resident' | 'anonymous' | 'officer' | 'system';
  personId?: string;
  staffId?: string;
  /** A business system's API client that acted (kind `system`, issue #12). */
  apiClientId?: string;
  name?: string;
  /** Set when a representative or guardian acted (personId, name) for this person (issue #13). */
  onBehalfOf?: { personId: string; name: string; role: RepresentationKind };
}

export interface CaseEventTable {
  id: Generated<string>;
  tenantId: string;
  caseId: string;
  type: string;
  actor: JSONColumnType<CaseEventActor>;
  data: JSONColumnType<Record<string, unknown>>;
  /** `internal` events (notes, internal statuses) are never shown to the resident. */
  visibility: ColumnType<CaseEventVisibility, CaseEventVisibility | undefined, never>;
  createdAt: CreatedAt;
  /** The data key of sealed answers in `data` (an answered completion's previousAnswers; decision 0034). */
  sealedKeyId: ColumnType<string | null, string | null | undefined, string | null>;
}

export type CaseEventVisibility = 'resident' | 'internal';

/** An event in the outbox (the platform's event log); its handlers' progress is in `job`. */
export interface OutboxTable {
  id: Generated<number>;
  tenantId: string;
  topic: string;
  payload: JSONColumnType<Record<string, unknown>>;
  /** The case the event concerns: the ordering key of handlers that need a case's events in order. */
  caseId: string | null;
  createdAt: CreatedAt;
  /** When a worker created the event's jobs (null: not yet). */
  fannedOutAt: Timestamp | null;
}

/** One handler's progress on one event. */
export interface JobTable {
  id: Generated<number>;
  eventId: number;
  tenantId: string;
  topic: string;
  handler: string;
  /** The event's case id when the handler wants a case's events in order; else null. */
  orderingKey: string | null;
  availableAt: Timestamp;
  attempts: Generated<number>;
  lockedUntil: Timestamp | null;
  processedAt: Timestamp | null;
  deadAt: Timestamp | null;
  failedAt: Timestamp | null;
  lastError: string | null;
}

/** The idempotency key of an effect already made (`handler:eventId`). */
export interface JobEffectTable {
  idempotencyKey: string;
  tenantId: string;
  createdAt: CreatedAt;
}

/** Events per tenant, topic and day (the statistics handler's effect). */
export interface EventCountTable {
  tenantId: string;
  topic: string;
  /** The event's day in UTC, `YYYY-MM-DD`. */
  day: ColumnType<string, string, string>;
  count: number;
}

export interface UnitTable {
  id: Generated<string>;
  tenantId: string;
  name: string;
  createdAt: CreatedAt;
}

/** `dataProtectionOfficer` (issue #14): reads the record of processing and the data inventory. */
export type StaffRole = 'officer' | 'unitLead' | 'admin' | 'customerCentre' | 'dataProtectionOfficer';

export interface StaffMemberTable {
  id: Generated<string>;
  tenantId: string;
  personId: string;
  role: StaffRole;
  active: Generated<boolean>;
  createdAt: CreatedAt;
}

export interface UnitMembershipTable {
  unitId: string;
  staffMemberId: string;
  tenantId: string;
}

export interface ServiceHandlingTable {
  serviceId: string;
  tenantId: string;
  unitId: string;
}

export interface CaseMessageTable {
  id: Generated<string>;
  tenantId: string;
  caseId: string;
  authorKind: 'resident' | 'officer';
  authorPersonId: string | null;
  authorStaffId: string | null;
  authorName: string;
  body: string;
  createdAt: CreatedAt;
  /** When the other side first read it; null = unread. */
  readAt: Timestamp | null;
}

export interface MessageAttachmentTable {
  id: Generated<string>;
  tenantId: string;
  messageId: string;
  filename: string;
  contentType: string;
  sizeBytes: number;
  storageKey: string;
  sha256: string;
  createdAt: CreatedAt;
}

export interface CompletionRequestTable {
  id: Generated<string>;
  tenantId: string;
  caseId: string;
  stepIds: JSONColumnType<string[]>;
  message: string;
  /** The status to return to when the resident has completed the case. */
  previousStatus: string;
  /** Who asked: a staff member, or a business system's API client (issue #12); exactly one. */
  requestedByStaffId: string | null;
  requestedByApiClientId: Generated<string | null>;
  requestedAt: Timestamp;
  answeredAt: Timestamp | null;
}

export type DecisionOutcome = 'granted' | 'partlyGranted' | 'rejected' | 'dismissed';

/** Append-only (a trigger refuses UPDATE and DELETE): a correction is a new row. */
export interface DecisionTable {
  id: Generated<string>;
  tenantId: string;
  caseId: string;
  outcome: DecisionOutcome;
  justification: string;
  legalBasis: string;
  /** ISO dates (YYYY-MM-DD). */
  validFrom: string | null;
  validTo: string | null;
  appealInformation: string | null;
  /** The officer who decided; null for an automatic decision (issue #10), which names its rule below. */
  decidedByStaffId: string | null;
  /** The business system's API client that recorded the decision (issue #12); exactly one decider is named. */
  decidedByApiClientId: string | null;
  decidedByName: string;
  /** An automatic decision's rule: the service version whose `decisionSupport` decided. */
  decidedByServiceVersionId: string | null;
  /** An automatic decision's rule: the DMN decision's name or id. */
  decidedByRule: string | null;
  /** The proposal event an automatic decision carried out. */
  proposalEventId: string | null;
  /** The legal basis for deciding automatically (`automaticDecision.legalBasis.sv`), as the letter states it. */
  automaticLegalBasis: string | null;
  decidedAt: ColumnType<Date, Date, never>;
  correctsDecisionId: string | null;
  /** Null once the case was disposed of (the letter file is gone; decision 0031). */
  letterStorageKey: string | null;
  letterSha256: string;
  letterSizeBytes: number;
  /** When the case's disposal removed the justification and letter (issue #14, decision 0031). */
  disposedAt: ColumnType<Date | null, Date | null | undefined, Date | null>;
}

/** Append-only: who read or changed what, and from which unit. */
export interface AuditLogTable {
  id: Generated<number>;
  tenantId: string;
  at: CreatedAt;
  actorStaffId: string | null;
  actorPersonId: string | null;
  /** The API client that acted (issue #12); null for people and the system. */
  actorApiClientId: Generated<string | null>;
  actorName: string;
  actorUnits: JSONColumnType<string[]>;
  /** A staff member's role when the entry was written (migration 0024); null for anyone else and older rows. */
  actorRole: ColumnType<string | null, string | null | undefined, never>;
  action: string;
  caseId: string | null;
  subjectPersonId: string | null;
  details: JSONColumnType<Record<string, unknown>>;
}

/** What the development mail server received (demo and tests only). */
export interface DevMailTable {
  id: Generated<number>;
  messageId: string;
  envelopeFrom: string;
  envelopeTo: string;
  subject: string;
  textBody: string;
  receivedAt: CreatedAt;
}

/** A fault report's place, category and status copy (issue #11; modules/fault-reports, decision 0015). */
export interface FaultReportTable {
  caseId: string;
  tenantId: string;
  reference: string;
  /** The category code (the category field's option value). */
  category: string;
  /** WGS 84 degrees; both or neither (a report given as an address only has none). */
  latitude: number | null;
  longitude: number | null;
  /** The case's status and category, written in the transaction of every status change. */
  status: string;
  statusCategory: StatusCategory;
  /** Received, in progress or waiting for the reporter (generated from statusCategory). */
  open: ColumnType<boolean, never, never>;
  submittedAt: Timestamp;
  updatedAt: Timestamp;
  /** When the category's target time runs out (Open311's expected_datetime). */
  expectedAt: Timestamp | null;
  /** When the report was last marked fixed; the reporter may answer "not fixed" for a while after. */
  fixedAt: Timestamp | null;
  notFixedCount: Generated<number>;
  /** SHA-256 of the follow-up token (base64url); null until one is issued. */
  followTokenHash: string | null;
  /** The kept report's case when this one was merged into it as a duplicate (never a merged one). */
  mergedInto: string | null;
  mergedAt: Timestamp | null;
}

/** An Open311 client app of a tenant (issue #11); its API key is stored only as a SHA-256 (hex). */
export interface Open311ClientTable {
  id: Generated<string>;
  tenantId: string;
  name: string;
  keyHash: string;
  createdAt: CreatedAt;
  revokedAt: Timestamp | null;
}

/** A business system's API client of a tenant (issue #12); its secret is stored only as a SHA-256 (hex). */
export interface ApiClientTable {
  id: Generated<string>;
  tenantId: string;
  name: string;
  scopes: JSONColumnType<string[]>;
  unitIds: JSONColumnType<string[]>;
  serviceIds: JSONColumnType<string[]>;
  secretHash: string;
  secretHint: string;
  createdAt: CreatedAt;
  secretRotatedAt: Timestamp | null;
  lastUsedAt: Timestamp | null;
  revokedAt: Timestamp | null;
}

/** A short-lived OAuth 2.0 access token of an API client, stored only as a SHA-256 (hex). */
export interface ApiTokenTable {
  tokenHash: string;
  clientId: string;
  scopes: JSONColumnType<string[]>;
  createdAt: Timestamp;
  expiresAt: Timestamp;
}

/**
 * An `Idempotency-Key` a client sent with `POST /api/v1/cases` (issue #12), the SHA-256 (hex) of
 * the request it came with, and the case that request made.
 */
export interface ApiIdempotencyKeyTable {
  apiClientId: string;
  key: string;
  requestSha256: string;
  caseId: string;
  caseReference: string;
  createdAt: Generated<Date>;
}

/** An endpoint subscribed to case events (issue #12, modules/webhooks); its secret is sealed, not hashed. */
export interface WebhookSubscriptionTable {
  id: Generated<string>;
  tenantId: string;
  name: string;
  url: string;
  eventTypes: JSONColumnType<string[]>;
  unitIds: JSONColumnType<string[]>;
  serviceIds: JSONColumnType<string[]>;
  /** The signing secret, sealed under WEBHOOK_SECRET_KEY (`gcm1:`) or as given (`plain:`). */
  secretSealed: string;
  secretHint: string;
  pausedAt: Timestamp | null;
  createdAt: CreatedAt;
  lastDeliveredAt: Timestamp | null;
}

/** One event for one subscription: its attempts, and whether it was delivered or is dead. */
export interface WebhookDeliveryTable {
  id: Generated<number>;
  subscriptionId: string;
  tenantId: string;
  /** The outbox event's id: the stable event id, and the order of a case's events. */
  eventId: number;
  eventType: string;
  caseId: string;
  /** The exact JSON every attempt sends. */
  body: string;
  attempts: Generated<number>;
  nextAttemptAt: Timestamp;
  lockedUntil: Timestamp | null;
  lastAttemptAt: Timestamp | null;
  lastStatus: number | null;
  lastError: string | null;
  deliveredAt: Timestamp | null;
  deadAt: Timestamp | null;
  createdAt: Timestamp;
}

/** What a sensor device measures (issue #11); its measurements and rules are in sensors/model.ts. */
export type SensorDeviceType = 'binFillLevel' | 'roofSnowLoad' | 'waterLevel' | 'waterQuality';

/** An alarm limit: a reading above `upper` or below `lower` is outside (either may be absent). */
export interface SensorThresholds {
  upper?: number;
  lower?: number;
}

/** The thing a device watches ("Sopkärl Stortorget 3"); unique by name in its tenant. */
export interface SensorAssetTable {
  id: Generated<string>;
  tenantId: string;
  name: string;
  /** The municipality's own inventory number, if any. */
  identifier: string | null;
  createdAt: CreatedAt;
}

export interface SensorDeviceTable {
  id: Generated<string>;
  tenantId: string;
  assetId: string;
  type: SensorDeviceType;
  name: string;
  /** The SenML name prefix of the device's records (`urn:dev:mac:0024befffe804ff1:`). */
  baseName: string;
  latitude: number;
  longitude: number;
  thresholds: JSONColumnType<SensorThresholds>;
  /** SHA-256 (hex) of the HTTP token; null when none is issued or it was revoked. */
  tokenHash: string | null;
  tokenIssuedAt: Timestamp | null;
  /** Readings dropped because the same (time, measurement) was already stored. */
  duplicatesDropped: ColumnType<number, number | undefined, number>;
  createdAt: CreatedAt;
  updatedAt: Timestamp;
}

/** One reading, in the measurement's stored unit (sensors/model.ts MEASUREMENTS). */
export interface SensorReadingTable {
  deviceId: string;
  at: Timestamp;
  /** The measurement (`fillLevel`), i.e. the SenML name without the device's base name. */
  name: string;
  value: number;
  unit: string;
  receivedAt: CreatedAt;
}

/** The state of one alarm rule on one asset: outside or not, evaluated up to when, its open case. */
export interface SensorWatchTable {
  assetId: string;
  kind: string;
  tenantId: string;
  outside: Generated<boolean>;
  evaluatedTo: Timestamp | null;
  caseId: string | null;
  caseReference: string | null;
  updatedAt: Timestamp;
}

/** What a tenant publishes as open data, and as whom (issue #12, modules/open-data). */
/** A contact the customer centre handled (issue #13): statistics only, no person, no free text. */
export interface CustomerCentreContactTable {
  id: Generated<string>;
  tenantId: string;
  channel: CustomerCentreChannel;
  /** A life event's slug of the tenant, or `other`. */
  category: string;
  /** What came of it: `caseRegistered`, or a closing code such as `answeredFromKnowledgeBase`. */
  outcome: string;
  caseId: string | null;
  createdAt: Timestamp;
}

export interface OpenDataSettingsTable {
  tenantId: string;
  /** Dataset ids (open-data/model.ts DATASET_IDS). */
  datasets: JSONColumnType<string[]>;
  publisherUri: string;
  organisationNumber: string;
  contactName: string;
  contactEmail: string;
  licenceUri: ColumnType<string, string | undefined, string>;
  updatedAt: Timestamp;
}

/** One digital-support offer (issue #13, modules/digital-support; the codes are in its model.ts). */
export interface DigitalSupportOfferTable {
  id: Generated<string>;
  tenantId: string;
  status: 'draft' | 'published';
  name: string;
  providerName: string;
  providerKind: string;
  operatingModel: string;
  targetGroups: JSONColumnType<string[]>;
  channels: JSONColumnType<string[]>;
  locality: string;
  /** The rest of the uniform description (modules/digital-support/model.ts OfferDetails). */
  details: JSONColumnType<Record<string, string | number | null>>;
  createdAt: CreatedAt;
  updatedAt: Timestamp;
}

/** A needs interview without the person: codes and a short checked note (issue #13). */
export interface DigitalSupportInterviewTable {
  id: Generated<string>;
  tenantId: string;
  interviewedOn: ColumnType<string, string, string>;
  targetGroup: string;
  lifeSituation: string;
  servicesUsed: JSONColumnType<string[]>;
  difficulties: JSONColumnType<string[]>;
  helpReceived: JSONColumnType<string[]>;
  helpMissing: JSONColumnType<string[]>;
  note: string;
  createdAt: CreatedAt;
}

/**
 * A question and its answer in a tenant's knowledge base (issue #13, modules/knowledge-base):
 * category, linked e-services, owner unit, draft/published/archived and the review cycle.
 */
export interface KnowledgeBaseEntryTable {
  id: Generated<string>;
  tenantId: string;
  question: string;
  answer: string;
  category: string;
  serviceIds: JSONColumnType<string[]>;
  ownerUnitId: string | null;
  status: 'draft' | 'published' | 'archived';
  reviewIntervalMonths: number;
  lastReviewedAt: Timestamp;
  nextReviewAt: Timestamp;
  lastReviewedByName: string | null;
  createdAt: CreatedAt;
  createdByStaffId: string | null;
  createdByName: string;
  updatedAt: Timestamp;
  updatedByStaffId: string | null;
  updatedByName: string;
}

/** A phrase residents use → an e-service, or → words that mean the same here (issue #13, routing). */
export interface RoutingSynonymTable {
  id: Generated<string>;
  tenantId: string;
  phrase: string;
  serviceId: string | null;
  words: ColumnType<string, string | undefined, string>;
  createdAt: CreatedAt;
}

/** A scrubbed query and the service it led to (+1) or away from (−1): the routing classifier's history. */
export interface RoutingExampleTable {
  id: Generated<string>;
  tenantId: string;
  query: string;
  serviceId: string;
  source: 'choice' | 'correction';
  weight: number;
  /** Hashed session and person: only to link a choice to its case; cleared once used, 30 days at most. */
  sessionId: string | null;
  personId: string | null;
  caseId: string | null;
  createdAt: CreatedAt;
}

/** Who represents someone: appointed by the resident, or a child's guardian (vårdnadshavare). */
export type RepresentationKind = 'representative' | 'guardian';

/** One person may act for another in one municipality's services (issue #13, decision 0028). */
export interface RepresentationTable {
  id: Generated<string>;
  tenantId: string;
  principalPersonId: string;
  representativePersonId: string;
  kind: RepresentationKind;
  /** The services covered; null = every service of the tenant. */
  serviceIds: ColumnType<string[] | null, string | null, string | null>;
  /** Swedish calendar dates (YYYY-MM-DD), both inclusive; no end = until revoked. */
  validFrom: string;
  validTo: string | null;
  revokedAt: Timestamp | null;
  createdByPersonId: string | null;
  createdAt: CreatedAt;
}

/** A case shared by its handling unit with another unit, with a reason and an end (decision 0033). */
export interface CaseShareTable {
  id: Generated<string>;
  tenantId: string;
  caseId: string;
  unitId: string;
  reason: string;
  sharedByStaffId: string;
  sharedByName: string;
  sharedAt: Timestamp;
  endsAt: Timestamp;
  revokedAt: Timestamp | null;
  revokedByStaffId: string | null;
  revokedByName: string | null;
}

/** An officer sees a protected answer (confidentiality 3) of a case until `expiresAt` (decision 0033). */
export interface CaseFieldRevealTable {
  id: Generated<string>;
  tenantId: string;
  caseId: string;
  staffId: string;
  fieldId: string;
  revealedAt: Timestamp;
  expiresAt: Timestamp;
}

export type DisposalAction = 'case.disposed' | 'case.archived' | 'drafts.removed';

/** What one disposal did (issue #14, modules/disposal): a case, or a tenant's abandoned drafts; never a name. */
export interface DisposalLogTable {
  id: Generated<number>;
  tenantId: string;
  at: Date;
  action: DisposalAction;
  caseId: string | null;
  caseReference: string | null;
  serviceId: string | null;
  counts: JSONColumnType<Record<string, number>>;
}

/** A stored file whose row a disposal removed, waiting to be deleted after the commit. */
export interface DisposalFileTable {
  storageKey: string;
  queuedAt: Date;
}

export interface Database {
  tenant: TenantTable;
  lifeEvent: LifeEventTable;
  service: ServiceTable;
  serviceVersion: ServiceVersionTable;
  person: PersonTable;
  session: SessionTable;
  draft: DraftTable;
  attachment: AttachmentTable;
  caseReferenceCounter: CaseReferenceCounterTable;
  case: CaseTable;
  caseEvent: CaseEventTable;
  outbox: OutboxTable;
  job: JobTable;
  jobEffect: JobEffectTable;
  eventCount: EventCountTable;
  unit: UnitTable;
  staffMember: StaffMemberTable;
  unitMembership: UnitMembershipTable;
  serviceHandling: ServiceHandlingTable;
  caseMessage: CaseMessageTable;
  messageAttachment: MessageAttachmentTable;
  completionRequest: CompletionRequestTable;
  decision: DecisionTable;
  auditLog: AuditLogTable;
  devMail: DevMailTable;
  faultReport: FaultReportTable;
  sensorAsset: SensorAssetTable;
  sensorDevice: SensorDeviceTable;
  sensorReading: SensorReadingTable;
  sensorWatch: SensorWatchTable;
  open311Client: Open311ClientTable;
  apiClient: ApiClientTable;
  apiToken: ApiTokenTable;
  apiIdempotencyKey: ApiIdempotencyKeyTable;
  webhookSubscription: WebhookSubscriptionTable;
  webhookDelivery: WebhookDeliveryTable;
  openDataSettings: OpenDataSettingsTable;
  customerCentreContact: CustomerCentreContactTable;
  representation: RepresentationTable;
  knowledgeBaseEntry: KnowledgeBaseEntryTable;
  digitalSupportOffer: DigitalSupportOfferTable;
  digitalSupportInterview: DigitalSupportInterviewTable;
  routingSynonym: RoutingSynonymTable;
  routingExample: RoutingExampleTable;
  caseShare: CaseShareTable;
  caseFieldReveal: CaseFieldRevealTable;
  disposalLog: DisposalLogTable;
  disposalFile: DisposalFileTable;
  rateLimitCounter: RateLimitCounterTable;
}

/** Hits of one rate-limited key in its current window (platform/rate-limit, decision 0035). */
export interface RateLimitCounterTable {
  key: string;
  hits: number;
  windowEndsAt: Date;
}
