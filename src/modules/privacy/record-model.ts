/**
 * The one source model of a municipality's processing of personal data (issue #14, decision 0030):
 * built from its live e-service definitions, its units, its API clients and its webhooks. The record
 * of processing (GDPR art. 30), the data inventory and every privacy notice (art. 13) are views of
 * it, so they cannot disagree. Pure.
 */
import type { TenantSettings } from '../../db/schema.ts';
import {
  type AssuranceLevel,
  type ConfidentialityLevel,
  type FieldType,
  informationClassOf,
  type LocalizedText,
  type PersonalDataCategory,
  type ServiceDefinition,
  type ServicePrivacy,
} from '../forms/definition.ts';

/** The kinds of personal data a field can hold: ordinary, sensitive (art. 9), offences (art. 10). */
export type PersonalDataKind = Exclude<PersonalDataCategory, 'none'>;
export const PERSONAL_DATA_KINDS: readonly PersonalDataKind[] = ['personal', 'sensitive', 'offences'];

/** One field of one live e-service, as the data inventory lists it. */
export interface InventoryEntry {
  serviceId: string;
  serviceSlug: string;
  serviceTitle: LocalizedText;
  stepId: string;
  stepTitle: LocalizedText;
  fieldId: string;
  label: LocalizedText;
  type: FieldType;
  required: boolean;
  confidentiality: ConfidentialityLevel;
  personalData: PersonalDataCategory;
}

/** A category of personal data in a service and the fields it was derived from. */
export interface DataCategory {
  kind: PersonalDataKind;
  fields: InventoryEntry[];
}

/** Whose data it is: the applicant always; children and others only when a field shows it. */
export type DataSubject =
  | { kind: 'applicant' }
  | { kind: 'child' | 'otherPersons'; fields: InventoryEntry[] };

/** Who receives a service's personal data. */
export type Recipient =
  | { kind: 'unit'; name: string }
  | { kind: 'apiClient'; name: string; scopes: string[] }
  | { kind: 'webhook'; name: string; eventTypes: string[]; paused: boolean }
  | { kind: 'external'; text: LocalizedText };

/** How decisions in the service are made (GDPR art. 13.2 f, art. 22). */
export type DecisionMaking = 'automatic' | 'proposal' | 'officer';

/** Everything the record says about one live e-service. */
export interface ServiceProcessing {
  serviceId: string;
  slug: string;
  title: LocalizedText;
  /** Undefined only for a version stored before issue #14, when no declaration was required. */
  privacy: ServicePrivacy | undefined;
  categories: DataCategory[];
  /** The applicant's name and personnummer come from the e-ID login: always, or when they log in. */
  identityFromLogin: 'always' | 'ifLoggedIn';
  dataSubjects: DataSubject[];
  recipients: Recipient[];
  retentionPeriod: string;
  /** Level-3 fields: stored encrypted and masked to officers until revealed. */
  encryptedFields: InventoryEntry[];
  login: AssuranceLevel;
  confidential: boolean;
  decisionMaking: DecisionMaking;
  automaticDecisionBasis: LocalizedText | undefined;
}

export type DataProtectionOfficerContact = NonNullable<TenantSettings['dataProtectionOfficer']>;

/** The municipality's record: the controller, its data protection officer, services, inventory. */
export interface ProcessingRecord {
  controller: { name: string; contact: TenantSettings['contact'] };
  dataProtectionOfficer: DataProtectionOfficerContact | undefined;
  services: ServiceProcessing[];
  inventory: InventoryEntry[];
}

/** A live API client's scopes and reach (from the api-clients module). */
export interface ClientReach {
  name: string;
  scopes: readonly string[];
  unitIds: readonly string[];
  serviceIds: readonly string[];
}

/** A webhook subscription's event types and reach (from the webhooks module). */
export interface WebhookReach extends Omit<ClientReach, 'scopes'> {
  eventTypes: readonly string[];
  paused: boolean;
}

/** What the record is built from; each part comes through its owning module's service. */
export interface ProcessingSources {
  tenant: { name: string; settings: Pick<TenantSettings, 'contact' | 'dataProtectionOfficer'> };
  services: { serviceId: string; slug: string; definition: ServiceDefinition }[];
  units: { id: string; name: string }[];
  handling: { serviceId: string; unitId: string }[];
  apiClients: ClientReach[];
  webhooks: WebhookReach[];
}

/** Every field of a definition, step by step, with its information class (old versions read too). */
export function inventoryOf(service: ProcessingSources['services'][number]): InventoryEntry[] {
  const { definition } = service;
  return definition.steps.flatMap((step) =>
    step.fields.map((field) => {
      const informationClass = informationClassOf(field);
      return {
        serviceId: service.serviceId,
        serviceSlug: service.slug,
        serviceTitle: definition.title,
        stepId: step.id,
        stepTitle: step.title,
        fieldId: field.id,
        label: field.label,
        type: field.type,
        required: field.required === true,
        confidentiality: informationClass.confidentiality,
        personalData: informationClass.personalData,
      };
    }),
  );
}

/** The categories of personal data, derived from the fields' classes, in the order of the kinds. */
export function categoriesOf(fields: readonly InventoryEntry[]): DataCategory[] {
  return PERSONAL_DATA_KINDS.flatMap((kind) => {
    const matching = fields.filter((field) => field.personalData === kind);
    return matching.length > 0 ? [{ kind, fields: matching }] : [];
  });
}

// Words in a field id that name a person other than the applicant (camelCase split, lower case).
// Not "guardian": a guardian applying for their child is the applicant (school transport).
const OTHER_PERSON_WORDS = new Set(['representative', 'companion', 'neighbour', 'owner', 'relative']);
// Field types that can identify a person or reach them; a yes/no or a description cannot.
const IDENTIFYING_TYPES = new Set<FieldType>([
  'personalIdentityNumber',
  'text',
  'email',
  'phone',
  'address',
  'file',
]);

const idWords = (id: string) => id.split(/(?=[A-Z])/).map((word) => word.toLowerCase());
const namesChild = (field: InventoryEntry) =>
  idWords(field.fieldId).includes('child') || /\bbarn/i.test(field.label.sv);

/**
 * Whose data a service holds, inferred only from what the definition shows: the applicant always;
 * children where a personnummer field is a child's; other persons where a personnummer field is
 * someone else's or an identifying field's id names another person (a representative, neighbour…).
 */
export function dataSubjectsOf(fields: readonly InventoryEntry[]): DataSubject[] {
  const personal = fields.filter((field) => field.personalData !== 'none');
  const pins = personal.filter((field) => field.type === 'personalIdentityNumber');
  const children = pins.filter(namesChild);
  const others = personal.filter(
    (field) =>
      (field.type === 'personalIdentityNumber' && !namesChild(field)) ||
      (IDENTIFYING_TYPES.has(field.type) &&
        idWords(field.fieldId).some((word) => OTHER_PERSON_WORDS.has(word))),
  );
  const subjects: DataSubject[] = [{ kind: 'applicant' }];
  if (children.length > 0) subjects.push({ kind: 'child', fields: children });
  if (others.length > 0) subjects.push({ kind: 'otherPersons', fields: others });
  return subjects;
}

/** Whether a client or subscription reaches a service's cases: by one of its units or the service. */
function reaches(reach: Pick<ClientReach, 'unitIds' | 'serviceIds'>, serviceId: string, unitIds: string[]) {
  return reach.serviceIds.includes(serviceId) || reach.unitIds.some((id) => unitIds.includes(id));
}

/**
 * The units that handle a service (its handling unit and, for a fault report, its categories' units
 * by name), the API clients with a case scope and the webhooks that reach them, then the declared
 * recipients outside the municipality.
 */
export function recipientsOf(
  service: ProcessingSources['services'][number],
  sources: Pick<ProcessingSources, 'units' | 'handling' | 'apiClients' | 'webhooks'>,
): Recipient[] {
  const handling = sources.handling
    .filter((row) => row.serviceId === service.serviceId)
    .map((row) => row.unitId);
  const categoryUnits = (service.definition.faultReport?.categories ?? []).flatMap((category) =>
    sources.units.filter((unit) => unit.name === category.unit).map((unit) => unit.id),
  );
  const unitIds = [...new Set([...handling, ...categoryUnits])];
  const units = sources.units.filter((unit) => unitIds.includes(unit.id));
  const clients = sources.apiClients.filter(
    (client) =>
      client.scopes.some((scope) => scope.startsWith('cases:')) &&
      reaches(client, service.serviceId, unitIds),
  );
  const hooks = sources.webhooks.filter((hook) => reaches(hook, service.serviceId, unitIds));
  return [
    ...units.map((unit): Recipient => ({ kind: 'unit', name: unit.name })),
    ...clients.map(
      (client): Recipient => ({
        kind: 'apiClient',
        name: client.name,
        scopes: client.scopes.filter((scope) => scope.startsWith('cases:')),
      }),
    ),
    ...hooks.map(
      (hook): Recipient => ({
        kind: 'webhook',
        name: hook.name,
        eventTypes: [...hook.eventTypes],
        paused: hook.paused,
      }),
    ),
    ...(service.definition.privacy?.recipients ?? []).map((text): Recipient => ({ kind: 'external', text })),
  ];
}

function decisionMakingOf(definition: ServiceDefinition): DecisionMaking {
  if (definition.decisionSupport?.automaticDecision) return 'automatic';
  return definition.decisionSupport ? 'proposal' : 'officer';
}

/** One service's part of the record. */
export function serviceProcessing(
  service: ProcessingSources['services'][number],
  sources: ProcessingSources,
): ServiceProcessing {
  const { definition } = service;
  const fields = inventoryOf(service);
  return {
    serviceId: service.serviceId,
    slug: service.slug,
    title: definition.title,
    privacy: definition.privacy,
    categories: categoriesOf(fields),
    identityFromLogin: definition.login.required ? 'always' : 'ifLoggedIn',
    dataSubjects: dataSubjectsOf(fields),
    recipients: recipientsOf(service, sources),
    retentionPeriod: definition.retentionPeriod,
    encryptedFields: fields.filter((field) => field.confidentiality === 3),
    login: definition.login.required ? definition.login.minimumLevel : 'none',
    confidential: definition.confidential === true,
    decisionMaking: decisionMakingOf(definition),
    automaticDecisionBasis: definition.decisionSupport?.automaticDecision?.legalBasis,
  };
}

/** The municipality's record of processing, services in title order. */
export function buildProcessingRecord(sources: ProcessingSources): ProcessingRecord {
  const services = [...sources.services].sort((a, b) =>
    a.definition.title.sv.localeCompare(b.definition.title.sv, 'sv'),
  );
  return {
    controller: { name: sources.tenant.name, contact: sources.tenant.settings.contact },
    dataProtectionOfficer: sources.tenant.settings.dataProtectionOfficer,
    services: services.map((service) => serviceProcessing(service, sources)),
    inventory: services.flatMap(inventoryOf),
  };
}
