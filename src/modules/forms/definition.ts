/**
 * The e-service definition format (see docs/form-definitions.md and
 * src/modules/forms/service-definition.schema.json, which validates it on import).
 * Pure types: no I/O.
 */

/** A text in both resident languages. Swedish is mandatory, English too (issue #2). */
export interface LocalizedText {
  sv: string;
  en: string;
}

export type Language = keyof LocalizedText;

/** Information classes, after the common Swedish public-sector scheme (KLASSA-style levels). */
/**
 * Confidentiality level, KLASSA-style (issue #14): 0 public, 1 internal, 2 confidential, 3 strictly
 * confidential (stored encrypted, masked to officers until revealed).
 */
export type ConfidentialityLevel = 0 | 1 | 2 | 3;

/** Kind of personal data: ordinary, sensitive (GDPR art. 9) or about offences (GDPR art. 10). */
export type PersonalDataCategory = 'none' | 'personal' | 'sensitive' | 'offences';

/** A field's information class: one scale of confidentiality plus its kind of personal data. */
export interface InformationClass {
  confidentiality: ConfidentialityLevel;
  personalData: PersonalDataCategory;
}

/** Information classes written before issue #14, still found in stored service versions. */
export type LegacyInformationClass = 'public' | 'internal' | 'confidential' | 'secret';

const legacyLevels: Record<LegacyInformationClass, ConfidentialityLevel> = {
  public: 0,
  internal: 1,
  confidential: 2,
  secret: 3,
};

/**
 * A field's information class, also for a version stored before issue #14 (a class name and a
 * `personalData` boolean), so code reading old cases needs no second branch.
 */
export function informationClassOf(field: {
  informationClass: InformationClass | LegacyInformationClass;
  personalData?: boolean;
}): InformationClass {
  const value = field.informationClass;
  if (typeof value === 'object') return value;
  return {
    confidentiality: legacyLevels[value] ?? 1,
    personalData: field.personalData ? 'personal' : 'none',
  };
}

/** e-ID levels of assurance (Swedish "tillitsnivå"); `none` means no login needed. */
export type AssuranceLevel = 'none' | 'loa2' | 'loa3';

/** Show a field or step only when an earlier answer matches. */
export type Condition =
  | { field: string; equals: string | number | boolean }
  | { field: string; in: string[] }
  | { field: string; notEmpty: true }
  | { all: Condition[] }
  | { any: Condition[] };

export interface Option {
  value: string;
  label: LocalizedText;
}

/** Where a prefilled value comes from ("once only"). */
export type PrefillSource = 'profile.email' | 'profile.phone' | 'profile.address';

interface FieldBase {
  /** Stable id, unique within the definition (camelCase). Answers are keyed by it. */
  id: string;
  label: LocalizedText;
  help?: LocalizedText;
  required?: boolean;
  /** The message when a required answer is missing ("Ange barnets personnummer"); a generic one otherwise. */
  requiredMessage?: LocalizedText;
  showIf?: Condition;
  /** Privacy by design: every field states its confidentiality and whether it holds personal data. */
  informationClass: InformationClass;
  prefill?: PrefillSource;
}

export interface TextField extends FieldBase {
  type: 'text' | 'textarea';
  minLength?: number;
  maxLength?: number;
  /** A JavaScript regular expression the whole value must match. */
  pattern?: string;
  patternMessage?: LocalizedText;
}

export interface NumberField extends FieldBase {
  type: 'number';
  min?: number;
  max?: number;
  integer?: boolean;
  unit?: LocalizedText;
}

export interface DateField extends FieldBase {
  type: 'date';
  /** ISO date (YYYY-MM-DD) or "today". */
  min?: string;
  max?: string;
}

export interface SimpleField extends FieldBase {
  type: 'email' | 'phone' | 'personalIdentityNumber' | 'yesNo' | 'address' | 'location';
}

export interface ChoiceField extends FieldBase {
  type: 'select' | 'radio';
  options: Option[];
}

export interface CheckboxesField extends FieldBase {
  type: 'checkboxes';
  options: Option[];
  minSelected?: number;
  maxSelected?: number;
}

export interface FileField extends FieldBase {
  type: 'file';
  /** Accepted MIME types, e.g. ["image/jpeg", "image/png", "application/pdf"]. */
  accept: string[];
  maxSizeBytes: number;
  maxFiles?: number;
}

export type Field =
  | TextField
  | NumberField
  | DateField
  | SimpleField
  | ChoiceField
  | CheckboxesField
  | FileField;
export type FieldType = Field['type'];

export interface Step {
  id: string;
  title: LocalizedText;
  intro?: LocalizedText;
  showIf?: Condition;
  fields: Field[];
}

/** One version of an e-service: what the resident reads and fills in. */
export interface ServiceDefinition {
  $schema?: string;
  /** Stable identity of the service within a tenant; also its URL segment. */
  service: string;
  title: LocalizedText;
  /** One sentence for lists and search results. */
  summary: LocalizedText;
  /** What the service is for (start page). */
  description: LocalizedText;
  /** What the resident needs at hand (start page). */
  youNeed: LocalizedText[];
  /** How long filling in takes and how long handling usually takes (start page). */
  duration: LocalizedText;
  keywords: { sv: string[]; en: string[] };
  /** Ids of the tenant's life events this service sits under. */
  lifeEvents: string[];
  login: { required: boolean; minimumLevel: AssuranceLevel };
  /** ISO 8601 duration a closed case is kept before disposal (gallring), e.g. "P10Y". */
  retentionPeriod: string;
  /** What the record of processing and the privacy notice say (issue #14, docs/privacy.md). */
  privacy: ServicePrivacy;
  /**
   * Whole-case target time in calendar days, from submission to decision (issue #12): open data
   * publishes the share of cases decided within it. Unlike a status's `targetDays` it spans the case.
   */
  targetDays?: number;
  /**
   * The matter itself is confidential (sekretess, e.g. social services, issue #13): the customer
   * centre sees only that a case exists and which unit to contact. Default false.
   */
  confidential?: boolean;
  steps: Step[];
  /** How cases of this type are handled; a standard workflow applies when absent (issue #3). */
  caseHandling?: CaseHandlingDefinition;
  /** How cases of this type may come in (issue #9); every channel when absent. */
  intake?: IntakeDefinition;
  /** A DMN decision that proposes the decision (issue #10); no proposals when absent. */
  decisionSupport?: DecisionSupportDefinition;
  /** The case type is a fault report (issue #11): categories, location, the "not fixed" answer. */
  faultReport?: FaultReportDefinition;
}

/**
 * A fault report service (issue #11, docs/fault-reports.md): which answers hold the category and the
 * location, each category's unit, target time and texts, and how long the reporter may answer "not
 * fixed" after a report was marked fixed.
 */
export interface FaultReportDefinition {
  /** The radio or select field whose value is the category code. */
  categoryField: string;
  /** The location field (address text and optional WGS 84 coordinates). */
  locationField: string;
  /** An e-mail field of an anonymous reporter who wants to be told (the web form's contact step). */
  contactEmailField?: string;
  /** The status a report is in when the unit has fixed the fault (the reporter may answer "not fixed"). */
  fixedStatus: string;
  /** The status a report goes back to when the reporter answers "not fixed". */
  reopenStatus: string;
  /** ISO 8601 duration (days, weeks or hours) the reporter may answer "not fixed", e.g. "P14D". */
  notFixedWindow: string;
  /** One per option of the category field. */
  categories: FaultCategoryDefinition[];
}

export interface FaultCategoryDefinition {
  /** The category field's option value (and, later, the Open311 service code). */
  code: string;
  /** The handling unit's name in the tenant; the service's unit when the tenant has none by that name. */
  unit?: string;
  /** ISO 8601 duration (days, weeks or hours) to fix a fault of this category, e.g. "P5D". */
  targetTime?: string;
  /** What the reporter reads per status id, instead of the workflow's text, e.g. "The lamp is fixed". */
  statusTexts?: Record<string, LocalizedText>;
  /** Metres within which open reports of this category are suggested as duplicates (default 150). */
  duplicateRadius?: number;
  /** ISO 8601 duration: how far apart in submission time suggested duplicates may be (default "P30D"). */
  duplicateWindow?: string;
}

/** What a proposal may propose: a decision outcome, or that an officer assesses the case. */
export type ProposedOutcome = 'granted' | 'partlyGranted' | 'rejected' | 'dismissed' | 'manual';

/** Rules as data (issue #10): the model is stored inline, so it is versioned with its service version. */
export interface DecisionSupportDefinition {
  /** DMN 1.3 XML (a definition file may name a .dmn file beside it; the importer inlines it). */
  model: string;
  /** The decision's name or id. */
  decision: string;
  /** DMN input data name → answer field id or a derived value (`ageFromPersonalIdentityNumber(field)`). */
  inputs: Record<string, string>;
  /** The decision's output value → the proposed outcome. */
  outcomes: Record<string, ProposedOutcome>;
  /** The legal basis (lagrum) of decisions made on this rule; an approved proposal's letter states it. */
  legalBasis: string;
  /** Only with a recorded legal basis may the rule decide without a human. */
  automaticDecision?: { legalBasis: LocalizedText };
}

/** The ways a case can come in (ARCHITECTURE.md "Ways in and ways out"). */
export type IntakeChannel = 'web' | 'customerCentre' | 'open311' | 'sensor' | 'api';

export interface IntakeDefinition {
  /** The channels that may open a case of this type; absent means all. */
  channels?: IntakeChannel[];
}

/** The fixed semantic categories every status belongs to (My Pages, statistics, integrations). */
export type StatusCategoryName = 'received' | 'inProgress' | 'waitingForResident' | 'decided' | 'closed';

/** One status in a case type's workflow. */
export interface StatusDefinition {
  /** Stable id, unique within the case type (camelCase). */
  id: string;
  /** The officers' name for the status. */
  name: LocalizedText;
  /** What the resident reads on My Pages. */
  residentText: LocalizedText;
  category: StatusCategoryName;
  /** Whether moving into this status notifies the resident and shows on their timeline. */
  notifyResident: boolean;
  /** Target handling time in this status, in calendar days; overdue after that. */
  targetDays?: number;
  /** Ids of the statuses a case may move to from this one. */
  next: string[];
  /**
   * Entering this status keeps the case's due date when it has one (a fault category's target time
   * set at intake) instead of starting this status's own target.
   */
  keepDueDate?: boolean;
}

export interface CaseHandlingDefinition {
  /**
   * False for case types that end without a formal decision (a fault report is fixed, not decided):
   * no decision is offered, and statuses of category "decided" are reached by a plain status change.
   */
  formalDecision?: boolean;
  /** The first status is where every new case starts. */
  statuses: StatusDefinition[];
}

/** Value shapes stored per field type. */
export interface AddressValue {
  street: string;
  postalCode: string;
  city: string;
}
export interface LocationValue {
  address: string;
  latitude?: number;
  longitude?: number;
}
export interface FileRef {
  attachmentId: string;
  filename: string;
  contentType: string;
  sizeBytes: number;
}
export type AnswerValue = string | number | boolean | string[] | AddressValue | LocationValue | FileRef[];
export type Answers = Record<string, AnswerValue>;

/** GDPR art. 6.1 legal bases a municipality uses (a–e; f is not for public authorities' tasks). */
export type LegalBasis = 'consent' | 'contract' | 'legalObligation' | 'vitalInterests' | 'publicInterest';

/** What happens when a closed case's retention period has ended. */
export type RetentionEndAction = 'dispose' | 'archive';

/** A service's privacy declaration (issue #14): import refuses a definition without one. */
export interface ServicePrivacy {
  /** Why the data is processed (GDPR art. 13.1 c), in words a resident understands. */
  purpose: LocalizedText;
  legalBasis: LegalBasis;
  /** The law or decision the basis rests on, e.g. "Skollagen (2010:800) 10 kap. 32 §". */
  legalBasisText: LocalizedText;
  /** Recipients outside the municipality's units, API clients and webhooks; may be empty. */
  recipients: LocalizedText[];
  atRetentionEnd: RetentionEndAction;
}
