/**
 * Open311 GeoReport v2 rules (issue #11; docs/open311.md, decision 0017): how a fault report
 * service reads as Open311 services and attributes, how a POSTed form becomes felanmälan answers,
 * statuses, dates and the spec's errors. Pure.
 */
import type { StatusCategory } from '../../db/schema.ts';
import type { Answers, Field, LocalizedText, ServiceDefinition } from '../forms/definition.ts';

/** The spec's error: HTTP status and a description, serialized as `errors`/`error`. */
export class Open311Error extends Error {
  constructor(
    readonly status: 400 | 403 | 404 | 415 | 429 | 500,
    readonly description: string,
  ) {
    super(description);
  }
}

export const bad = (description: string) => new Open311Error(400, description);

/** One attribute of a service definition, as `services/{code}` shows it. */
export interface Open311Attribute {
  variable: boolean;
  code: string;
  datatype: 'string' | 'number' | 'datetime' | 'text' | 'singlevaluelist' | 'multivaluelist';
  required: boolean;
  datatype_description: string;
  order: number;
  description: string;
  values?: { key: string; name: string }[];
}

/** A fault category of a live felanmälan service: the Open311 service it is. */
export interface Open311Service {
  code: string;
  name: LocalizedText;
  serviceTitle: LocalizedText;
  serviceVersionId: string;
  definition: ServiceDefinition;
  statusTexts: Record<string, LocalizedText>;
}

/** The fields the standard arguments fill: category, place, description and the contact fields. */
export function standardFieldIds(definition: ServiceDefinition): Set<string> {
  const report = definition.faultReport;
  const fields = definition.steps.flatMap((step) => step.fields);
  const ids = new Set<string>();
  if (report) {
    ids.add(report.categoryField);
    ids.add(report.locationField);
    if (report.contactEmailField) ids.add(report.contactEmailField);
  }
  ids.add('description');
  // Contact fields, and the fields their conditions depend on ("want to be contacted?", "how?").
  for (const field of fields) {
    if (field.type !== 'email' && field.type !== 'phone') continue;
    ids.add(field.id);
    for (const name of conditionFields(field.showIf)) ids.add(name);
  }
  for (const field of fields) if (field.type === 'yesNo' && field.id === 'wantsContact') ids.add(field.id);
  return ids;
}

function conditionFields(condition: Field['showIf']): string[] {
  if (!condition) return [];
  if ('all' in condition) return condition.all.flatMap(conditionFields);
  if ('any' in condition) return condition.any.flatMap(conditionFields);
  return [condition.field];
}

function datatypeOf(field: Field): Open311Attribute['datatype'] | undefined {
  switch (field.type) {
    case 'text':
    case 'address':
    case 'personalIdentityNumber':
      return 'string';
    case 'textarea':
      return 'text';
    case 'number':
      return 'number';
    case 'date':
      return 'datetime';
    case 'select':
    case 'radio':
    case 'yesNo':
      return 'singlevaluelist';
    case 'checkboxes':
      return 'multivaluelist';
    default:
      // file (media_url), location (lat/long/address_string), email and phone (standard arguments).
      return undefined;
  }
}

/** The form's other fields as Open311 attributes (fields with a condition are never required). */
export function attributesOf(definition: ServiceDefinition, lang: 'sv' | 'en' = 'sv'): Open311Attribute[] {
  const standard = standardFieldIds(definition);
  const result: Open311Attribute[] = [];
  for (const field of definition.steps.flatMap((step) => step.fields)) {
    const datatype = standard.has(field.id) ? undefined : datatypeOf(field);
    if (!datatype) continue;
    const attribute: Open311Attribute = {
      variable: true,
      code: field.id,
      datatype,
      required: field.required === true && !field.showIf,
      datatype_description: field.type === 'date' ? 'YYYY-MM-DD' : '',
      order: result.length + 1,
      description: field.label[lang],
    };
    if (field.type === 'yesNo')
      attribute.values = [
        { key: 'true', name: lang === 'sv' ? 'Ja' : 'Yes' },
        { key: 'false', name: lang === 'sv' ? 'Nej' : 'No' },
      ];
    if ('options' in field)
      attribute.values = field.options.map((option) => ({ key: option.value, name: option.label[lang] }));
    result.push(attribute);
  }
  return result;
}

/** A form body as @fastify/formbody hands it over: repeated keys as arrays. */
export type FormBody = Record<string, string | string[] | undefined>;

/** One value of a form key; 400 when the key is repeated where one value is expected. */
export function single(body: FormBody, key: string): string | undefined {
  const value = body[key];
  if (Array.isArray(value)) throw bad(`${key} was given more than once`);
  return value === undefined ? undefined : value.trim();
}

/** `attribute[code]=v` and `attribute[code][]=v` (lists), by code. */
export function attributeValues(body: FormBody): Map<string, string | string[]> {
  const found = new Map<string, string | string[]>();
  for (const [key, raw] of Object.entries(body)) {
    const match = /^attribute\[([^\]]+)\](\[\])?$/.exec(key);
    if (!match?.[1] || raw === undefined) continue;
    const values = (Array.isArray(raw) ? raw : [raw]).map((value) => value.trim());
    if (match[2]) found.set(match[1], [...((found.get(match[1]) as string[] | undefined) ?? []), ...values]);
    else if (values.length !== 1) throw bad(`attribute[${match[1]}] was given more than once`);
    else found.set(match[1], values[0] as string);
  }
  return found;
}

/** A number argument (lat, long); 400 when it is not one. */
export function numberArg(body: FormBody, key: string): number | undefined {
  const value = single(body, key);
  if (value === undefined || value === '') return undefined;
  const number = Number(value);
  if (!/^[-+]?\d+(\.\d+)?$/.test(value) || !Number.isFinite(number)) throw bad(`${key} is not a number`);
  return number;
}

/** What the POST's standard arguments and attributes say, as the felanmälan form's answers. */
export interface RequestInput {
  answers: Answers;
  contact: { email?: string; phone?: string };
  reporterName?: string;
  extra: Record<string, string>;
}

/** Builds the answers of a new report; 400 for missing or ill-formed arguments and attributes. */
export function requestInput(service: Open311Service, body: FormBody): RequestInput {
  const definition = service.definition;
  const report = definition.faultReport;
  if (!report) throw bad('service_code is not a fault report service');
  const lat = numberArg(body, 'lat');
  const long = numberArg(body, 'long');
  const address = single(body, 'address_string') ?? '';
  const addressId = single(body, 'address_id') ?? '';
  if ((lat === undefined) !== (long === undefined)) throw bad('lat and long must be given together');
  if (lat === undefined && !address && !addressId)
    throw bad('A location is required: lat and long, address_string or address_id');
  const description = single(body, 'description') ?? '';
  if (description.length > 4000) throw bad('description is longer than 4000 characters');
  const email = single(body, 'email') || undefined;
  const phone = single(body, 'phone') || undefined;
  const place = address || addressId || `${lat}, ${long}`;
  const answers: Answers = {
    [report.categoryField]: service.code,
    [report.locationField]:
      lat === undefined ? { address: place } : { address: place, latitude: lat, longitude: long },
  };
  const fields = definition.steps.flatMap((step) => step.fields);
  if (fields.some((field) => field.id === 'description')) answers.description = description;
  const wantsContact = fields.find((field) => field.id === 'wantsContact');
  const method = fields.find(
    (field) => field.type === 'radio' && field.options.some((option) => option.value === 'email'),
  );
  const emailField = fields.find((field) => field.type === 'email');
  const phoneField = fields.find((field) => field.type === 'phone');
  if (wantsContact) answers[wantsContact.id] = Boolean(email || phone);
  if (method && (email || phone)) answers[method.id] = email ? 'email' : 'phone';
  if (email && emailField) answers[emailField.id] = email;
  else if (phone && phoneField) answers[phoneField.id] = phone;

  const given = attributeValues(body);
  for (const attribute of attributesOf(definition)) {
    const value = given.get(attribute.code);
    given.delete(attribute.code);
    const empty = value === undefined || value === '' || (Array.isArray(value) && value.length === 0);
    if (empty) {
      if (attribute.required) throw bad(`attribute[${attribute.code}] is required`);
      continue;
    }
    answers[attribute.code] = attributeAnswer(attribute, value);
  }
  const unknown = [...given.keys()][0];
  if (unknown !== undefined) throw bad(`attribute[${unknown}] is not an attribute of this service`);
  const first = single(body, 'first_name') ?? '';
  const last = single(body, 'last_name') ?? '';
  const extra: Record<string, string> = {};
  for (const key of ['device_id', 'account_id', 'media_url', 'address_id'] as const) {
    const value = single(body, key);
    if (value) extra[key] = value.slice(0, 500);
  }
  return {
    answers,
    contact: { ...(email ? { email } : {}), ...(phone ? { phone } : {}) },
    ...(first || last ? { reporterName: `${first} ${last}`.trim() } : {}),
    extra,
  };
}

function attributeAnswer(attribute: Open311Attribute, value: string | string[]) {
  if (attribute.datatype === 'multivaluelist') {
    const list = Array.isArray(value) ? value : [value];
    for (const item of list)
      if (!attribute.values?.some((option) => option.key === item))
        throw bad(`attribute[${attribute.code}] has no value "${item}"`);
    return list;
  }
  if (Array.isArray(value)) throw bad(`attribute[${attribute.code}] takes one value`);
  if (attribute.datatype === 'singlevaluelist') {
    if (!attribute.values?.some((option) => option.key === value))
      throw bad(`attribute[${attribute.code}] has no value "${value}"`);
    if (attribute.values.some((option) => option.key === 'true') && attribute.values.length === 2)
      return value === 'true';
    return value;
  }
  if (attribute.datatype === 'number') {
    const number = Number(value);
    if (!Number.isFinite(number)) throw bad(`attribute[${attribute.code}] is not a number`);
    return number;
  }
  if (attribute.datatype === 'datetime') {
    const date = /^\d{4}-\d{2}-\d{2}/.exec(value)?.[0];
    if (!date) throw bad(`attribute[${attribute.code}] is not a date`);
    return date;
  }
  return value;
}

/** Open311's two statuses: open while the report waits for someone to act, closed otherwise. */
export function open311Status(category: StatusCategory): 'open' | 'closed' {
  return category === 'received' || category === 'inProgress' || category === 'waitingForResident'
    ? 'open'
    : 'closed';
}

/** An ISO 8601 date-time with a time zone (`2026-12-05T16:00:00Z`, `…+01:00`); 400 otherwise. */
export function dateArg(value: string | undefined, key: string): Date | undefined {
  if (value === undefined || value === '') return undefined;
  const ok = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?(Z|[+-]\d{2}:?\d{2})$/.test(value);
  const date = new Date(value);
  if (!ok || Number.isNaN(date.getTime())) throw bad(`${key} is not an ISO 8601 date-time with a time zone`);
  return date;
}

/** A date-time as the spec shows it: ISO 8601, seconds, UTC offset. */
export function isoDate(date: Date | string | null | undefined): string | null {
  if (date === null || date === undefined) return null;
  return new Date(date).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** A comma-separated list argument (`service_request_id=A,B`), trimmed, without empty items. */
export function listArg(value: string | undefined): string[] | undefined {
  if (value === undefined) return undefined;
  const items = value
    .split(',')
    .map((item) => item.trim())
    .filter(Boolean);
  return items.length > 0 ? items : undefined;
}

/** The paging cursor (an extension): the last row's submission time and case id, base64url. */
export function encodeCursor(cursor: { submittedAt: Date; caseId: string }): string {
  return Buffer.from(`${cursor.submittedAt.toISOString()}_${cursor.caseId}`).toString('base64url');
}

export function decodeCursor(value: string | undefined) {
  if (!value) return undefined;
  const [at, caseId] = Buffer.from(value, 'base64url').toString('utf8').split('_');
  const submittedAt = new Date(at ?? '');
  if (Number.isNaN(submittedAt.getTime()) || !/^[0-9a-f-]{36}$/.test(caseId ?? ''))
    throw bad('page_after is not a cursor this server gave');
  return { submittedAt, caseId: caseId as string };
}
