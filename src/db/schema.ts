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

export interface SessionData {
  csrfToken: string;
  /** OIDC login in progress: state, nonce, PKCE verifier, where to return. */
  login?: { state: string; nonce: string; codeVerifier: string; returnTo: string; level: string };
  assuranceLevel?: string;
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
}

export interface CaseEventActor {
  kind: 'resident' | 'anonymous' | 'officer' | 'system';
  personId?: string;
  name?: string;
}

export interface CaseEventTable {
  id: Generated<string>;
  tenantId: string;
  caseId: string;
  type: string;
  actor: JSONColumnType<CaseEventActor>;
  data: JSONColumnType<Record<string, unknown>>;
  createdAt: CreatedAt;
}

export interface OutboxTable {
  id: Generated<string>;
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
}
