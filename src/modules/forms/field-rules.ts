/**
 * Validation rules per field type. Each rule receives a value that is present (absence and `required`
 * are handled by validateField) and returns the errors for that one field.
 */
import { hasAnswer } from './conditions.ts';
import type {
  AnswerValue,
  CheckboxesField,
  ChoiceField,
  DateField,
  Field,
  FileField,
  FileRef,
  LocalizedText,
  NumberField,
  TextField,
} from './definition.ts';
import { type GeoArea, isInArea } from './geo-area.ts';
import { FIXED_MESSAGES, fieldMessages, outsideAreaMessage, requiredMessage } from './messages.ts';
import {
  birthDateOfPersonalIdentityNumber,
  isAddress,
  isLocation,
  isValidIsoDate,
  isValidSwedishPhone,
  looksLikePersonalIdentityNumber,
  normalizePersonalIdentityNumber,
  normalizePostalCode,
} from './normalize.ts';

/** One problem with one answer, ready for an error summary and an inline message. */
export interface FieldError {
  fieldId: string;
  /** The HTML id of the input to link to from the error summary, e.g. "address.street". */
  inputName: string;
  message: LocalizedText;
}

export interface ValidationOptions {
  /** The date "today" stands for in date limits and birth-date checks, as YYYY-MM-DD. */
  today: string;
  /**
   * The municipality's area (issue #11): coordinates of a location field must lie in it. `name` is
   * the municipality's name for the message ("Exempelstads kommun").
   */
  area?: { area: GeoArea; name: string };
}

/** Validates one visible field's answer. */
export function validateField(
  field: Field,
  value: AnswerValue | undefined,
  options: ValidationOptions,
): FieldError[] {
  if (isEmpty(field, value)) {
    if (!field.required) return [];
    return field.type === 'address'
      ? addressErrors(field, { street: '', postalCode: '', city: '' })
      : [error(field, requiredMessage(field))];
  }
  return ruleFor(field, value as AnswerValue, options);
}

function ruleFor(field: Field, value: AnswerValue, options: ValidationOptions): FieldError[] {
  switch (field.type) {
    case 'text':
    case 'textarea':
      return textErrors(field, value);
    case 'number':
      return numberErrors(field, value);
    case 'date':
      return dateErrors(field, value, options);
    case 'email':
      return check(field, typeof value === 'string' && isEmail(value), FIXED_MESSAGES.email);
    case 'phone':
      return check(field, typeof value === 'string' && isValidSwedishPhone(value), FIXED_MESSAGES.phone);
    case 'personalIdentityNumber':
      return personalIdentityNumberErrors(field, value, options);
    case 'yesNo':
      return check(field, typeof value === 'boolean', requiredMessage(field));
    case 'select':
    case 'radio':
      return choiceErrors(field, value);
    case 'checkboxes':
      return checkboxErrors(field, value);
    case 'address':
      return addressErrors(field, value);
    case 'location':
      return locationErrors(field, value, options);
    case 'file':
      return fileErrors(field, value);
  }
}

// Composite values count as empty when every part is blank, just like an untouched text input.
function isEmpty(field: Field, value: AnswerValue | undefined): boolean {
  if (!hasAnswer(value)) return true;
  if (field.type === 'address' && isAddress(value)) return !value.street && !value.postalCode && !value.city;
  if (field.type === 'location' && isLocation(value)) {
    return !value.address.trim() && value.latitude === undefined && value.longitude === undefined;
  }
  return false;
}

function error(field: Field, message: LocalizedText, inputName = field.id): FieldError {
  return { fieldId: field.id, inputName, message };
}

function check(field: Field, ok: boolean, message: LocalizedText): FieldError[] {
  return ok ? [] : [error(field, message)];
}

function textErrors(field: TextField, value: AnswerValue): FieldError[] {
  if (typeof value !== 'string') return [error(field, fieldMessages.notFilledInCorrectly(field))];
  // Count characters as the resident sees them, not UTF-16 code units.
  const length = [...value].length;
  if (field.minLength !== undefined && length < field.minLength)
    return [error(field, fieldMessages.tooShort(field, field.minLength))];
  if (field.maxLength !== undefined && length > field.maxLength)
    return [error(field, fieldMessages.tooLong(field, field.maxLength))];
  if (field.pattern !== undefined && !matchesWhole(field.pattern, value)) {
    return [error(field, field.patternMessage ?? fieldMessages.pattern(field))];
  }
  return [];
}

/** The pattern must match the whole value, as documented; definitions are checked to compile on import. */
export function matchesWhole(pattern: string, value: string): boolean {
  return new RegExp(`^(?:${pattern})$`).test(value);
}

function numberErrors(field: NumberField, value: AnswerValue): FieldError[] {
  if (typeof value !== 'number' || !Number.isFinite(value))
    return [error(field, fieldMessages.notANumber(field))];
  if (field.integer && !Number.isInteger(value)) return [error(field, fieldMessages.notInteger(field))];
  const tooSmall = field.min !== undefined && value < field.min;
  const tooLarge = field.max !== undefined && value > field.max;
  return tooSmall || tooLarge ? [error(field, fieldMessages.numberRange(field))] : [];
}

function dateErrors(field: DateField, value: AnswerValue, options: ValidationOptions): FieldError[] {
  if (typeof value !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(value))
    return [error(field, fieldMessages.dateFormat(field))];
  if (!isValidIsoDate(value)) return [error(field, fieldMessages.dateNotReal(field))];
  const resolve = (limit: string) => (limit === 'today' ? options.today : limit);
  if (field.min !== undefined && value < resolve(field.min))
    return [error(field, fieldMessages.dateTooEarly(field, field.min))];
  if (field.max !== undefined && value > resolve(field.max))
    return [error(field, fieldMessages.dateTooLate(field, field.max))];
  return [];
}

function isEmail(value: string): boolean {
  return value.length <= 254 && /^[^\s@]+@[^\s@.]+(\.[^\s@.]+)+$/.test(value.trim());
}

function personalIdentityNumberErrors(
  field: Field,
  value: AnswerValue,
  options: ValidationOptions,
): FieldError[] {
  if (typeof value !== 'string' || !looksLikePersonalIdentityNumber(value)) {
    return [error(field, FIXED_MESSAGES.personalIdentityNumberFormat)];
  }
  const normalized = normalizePersonalIdentityNumber(value);
  // A checksum can be right by chance for a birth date in the future; nobody is born after today.
  const valid = normalized !== undefined && birthDateOfPersonalIdentityNumber(normalized) <= options.today;
  return check(field, valid, FIXED_MESSAGES.personalIdentityNumberInvalid);
}

function choiceErrors(field: ChoiceField, value: AnswerValue): FieldError[] {
  const ok = typeof value === 'string' && field.options.some((option) => option.value === value);
  return check(field, ok, fieldMessages.invalidOption(field));
}

function checkboxErrors(field: CheckboxesField, value: AnswerValue): FieldError[] {
  const values = typeof value === 'string' ? [value] : value;
  if (!Array.isArray(values) || !values.every((v) => typeof v === 'string')) {
    return [error(field, fieldMessages.invalidOption(field))];
  }
  const allowed = new Set(field.options.map((option) => option.value));
  if (!values.every((v) => allowed.has(v as string)))
    return [error(field, fieldMessages.invalidOption(field))];
  if (field.minSelected !== undefined && values.length < field.minSelected) {
    return [error(field, fieldMessages.tooFewSelected(field, field.minSelected))];
  }
  if (field.maxSelected !== undefined && values.length > field.maxSelected) {
    return [error(field, fieldMessages.tooManySelected(field, field.maxSelected))];
  }
  return [];
}

function addressErrors(field: Field, value: AnswerValue): FieldError[] {
  if (!isAddress(value))
    return [error(field, fieldMessages.notFilledInCorrectly(field), `${field.id}.street`)];
  const errors: FieldError[] = [];
  if (!value.street.trim()) errors.push(error(field, FIXED_MESSAGES.street, `${field.id}.street`));
  if (!value.postalCode.trim())
    errors.push(error(field, FIXED_MESSAGES.postalCode, `${field.id}.postalCode`));
  else if (!normalizePostalCode(value.postalCode)) {
    errors.push(error(field, FIXED_MESSAGES.postalCodeFormat, `${field.id}.postalCode`));
  }
  if (!value.city.trim()) errors.push(error(field, FIXED_MESSAGES.city, `${field.id}.city`));
  return errors;
}

function locationErrors(field: Field, value: AnswerValue, options: ValidationOptions): FieldError[] {
  if (!isLocation(value)) {
    return [error(field, fieldMessages.notFilledInCorrectly(field), `${field.id}.address`)];
  }
  const { latitude, longitude } = value;
  if ((latitude === undefined) !== (longitude === undefined)) {
    const missing = latitude === undefined ? 'latitude' : 'longitude';
    return [error(field, FIXED_MESSAGES.coordinatePair, `${field.id}.${missing}`)];
  }
  const errors: FieldError[] = [];
  if (latitude !== undefined && !(Math.abs(latitude) <= 90)) {
    errors.push(error(field, FIXED_MESSAGES.latitude, `${field.id}.latitude`));
  }
  if (longitude !== undefined && !(Math.abs(longitude) <= 180)) {
    errors.push(error(field, FIXED_MESSAGES.longitude, `${field.id}.longitude`));
  }
  const area = options.area;
  if (errors.length === 0 && area && latitude !== undefined && longitude !== undefined)
    if (!isInArea(area.area, latitude, longitude))
      errors.push(error(field, outsideAreaMessage(area.name), `${field.id}.latitude`));
  return errors;
}

function fileErrors(field: FileField, value: AnswerValue): FieldError[] {
  if (!Array.isArray(value) || !value.every(isFileRef))
    return [error(field, fieldMessages.notFilledInCorrectly(field))];
  const maxFiles = field.maxFiles ?? 1;
  const errors: FieldError[] = [];
  if (value.length > maxFiles) errors.push(error(field, fieldMessages.tooManyFiles(field, maxFiles)));
  for (const file of value) {
    if (file.sizeBytes > field.maxSizeBytes)
      errors.push(error(field, fieldMessages.fileTooLarge(file.filename, field.maxSizeBytes)));
    if (!isAccepted(file.contentType, field.accept))
      errors.push(error(field, fieldMessages.fileType(file.filename, field.accept)));
  }
  return errors;
}

function isFileRef(value: unknown): value is FileRef {
  const ref = value as Partial<FileRef> | null;
  return (
    typeof ref === 'object' &&
    ref !== null &&
    typeof ref.attachmentId === 'string' &&
    typeof ref.filename === 'string' &&
    typeof ref.contentType === 'string' &&
    typeof ref.sizeBytes === 'number'
  );
}

/** Exact MIME type match, or a wildcard such as "image/*"; parameters like "; charset=utf-8" are ignored. */
export function isAccepted(contentType: string, accept: string[]): boolean {
  const type = (contentType.split(';')[0] ?? '').trim().toLowerCase();
  return accept.some((a) => {
    const wanted = a.toLowerCase();
    return wanted.endsWith('/*') ? type.startsWith(wanted.slice(0, -1)) : type === wanted;
  });
}
