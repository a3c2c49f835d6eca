/** Table types for Kysely (camelCase; CamelCasePlugin maps them to snake_case columns). */
import type { ColumnType, Generated, JSONColumnType } from 'kysely';
import type { Answers, ServiceDefinition } from '../modules/forms/definition.ts';

type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
type CreatedAt = ColumnType<Date, Date | string | undefined, never>;

export interface TenantSettings {
  logoText: string;
  colours: { primary: string; primaryText: string; accent: string };
  contact: { phone: string; email: string; address: string };
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
  personalIdentityNumber: string;
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
}

export interface SessionTable {
  /** SHA-256 of the cookie token: a leaked table does not leak live cookies. */
  id: string;
  personId: string | null;
  data: JSONColumnType<SessionData>;
  createdAt: CreatedAt;
  expiresAt: Timestamp;
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
  createdAt: CreatedAt;
  updatedAt: Timestamp;
}

export interface AttachmentTable {
  id: Generated<string>;
  tenantId: string;
  draftId: string;
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
  draftId: string;
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
}

export interface CaseEventActor {
  kind: 'resident' | 'anonymous' | 'officer' | 'system';
  personId?: string;
  staffId?: string;
  name?: string;
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
}

export type CaseEventVisibility = 'resident' | 'internal';

export interface OutboxTable {
  id: Generated<number>;
  tenantId: string;
  topic: string;
  payload: JSONColumnType<Record<string, unknown>>;
  createdAt: CreatedAt;
  availableAt: Timestamp;
  attempts: Generated<number>;
  lockedUntil: Timestamp | null;
  processedAt: Timestamp | null;
  lastError: string | null;
}

export interface UnitTable {
  id: Generated<string>;
  tenantId: string;
  name: string;
  createdAt: CreatedAt;
}

export type StaffRole = 'officer' | 'unitLead' | 'admin' | 'customerCentre';

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
  requestedByStaffId: string;
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
  decidedByStaffId: string;
  decidedByName: string;
  decidedAt: ColumnType<Date, Date, never>;
  correctsDecisionId: string | null;
  letterStorageKey: string;
  letterSha256: string;
  letterSizeBytes: number;
}

/** Append-only: who read or changed what, and from which unit. */
export interface AuditLogTable {
  id: Generated<number>;
  tenantId: string;
  at: CreatedAt;
  actorStaffId: string | null;
  actorPersonId: string | null;
  actorName: string;
  actorUnits: JSONColumnType<string[]>;
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
}
