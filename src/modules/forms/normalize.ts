/**
 * Parsing and normalisation of single values: numbers typed the Swedish way, personal identity numbers,
 * phone numbers, postal codes and dates; control characters removed from every text. Normalisers return undefined for input they cannot make sense
 * of, so callers can keep the resident's raw input for redisplay and let validation explain the problem.
 */
import personnummerModule from 'personnummer';
import type { AddressValue, AnswerValue, Field, LocationValue } from './definition.ts';

type PersonnummerClass = typeof personnummerModule.default;
// The package's typings describe an ES module, but Node loads its CommonJS build, whose default export
// is the class itself. Accept either shape so both tsc and the runtime are satisfied.
const Personnummer: PersonnummerClass =
  (personnummerModule as unknown as { default?: PersonnummerClass }).default ??
  (personnummerModule as unknown as PersonnummerClass);

/** Residents may write thousands with spaces (also non-breaking) and decimals with a comma. */
export function parseSwedishNumber(raw: string): number | undefined {
  const compact = raw.replace(/[\s\u00a0\u202f]/g, '').replace(/\u2212/g, '-');
  // A comma is the Swedish decimal sign; we refuse inputs that mix comma and dot as too ambiguous.
  if (compact.includes(',') && compact.includes('.')) return undefined;
  const dotted = compact.replace(',', '.');
  if (!/^[+-]?(\d+(\.\d*)?|\.\d+)$/.test(dotted)) return undefined;
  const value = Number(dotted);
  return Number.isFinite(value) ? value : undefined;
}

/** Accepted shapes before checksum: 10 or 12 digits, optionally with `-` or `+` before the last four. */
const PIN_SHAPE = /^(\d{6}|\d{8})[-+]?\d{4}$/;

/** True when the input has the shape of a personal identity number (regardless of checksum). */
export function looksLikePersonalIdentityNumber(raw: string): boolean {
  return PIN_SHAPE.test(raw.trim());
}

/**
 * A valid personal identity number (or coordination number) as 12 digits `YYYYMMDDNNNN`, else undefined.
 * For 10 digits the century follows Skatteverket's rule: `+` marks people aged 100 or more.
 */
export function normalizePersonalIdentityNumber(raw: string): string | undefined {
  const value = raw.trim();
  if (!PIN_SHAPE.test(value) || !Personnummer.valid(value)) return undefined;
  return Personnummer.parse(value).format(true);
}

/** The birth date (YYYY-MM-DD) encoded in a normalised 12-digit number; coordination numbers add 60 to the day. */
export function birthDateOfPersonalIdentityNumber(normalized: string): string {
  const day = Number(normalized.slice(6, 8));
  const realDay = day > 60 ? day - 60 : day;
  return `${normalized.slice(0, 4)}-${normalized.slice(4, 6)}-${String(realDay).padStart(2, '0')}`;
}

/** Swedish number with a national (0) or international (+46, 0046) prefix; 7–15 digits in total. */
export function isValidSwedishPhone(raw: string): boolean {
  const compact = raw.trim().replace(/[\s-]/g, '');
  if (!/^(\+46|0046|0)\d+$/.test(compact)) return false;
  const digits = compact.replace(/\D/g, '').length;
  return digits >= 7 && digits <= 15;
}

/** Phone numbers are kept as written (residents format them in many valid ways), only tidied. */
export function normalizePhone(raw: string): string {
  return raw.trim().replace(/\s+/g, ' ');
}

/** Five digits, with or without the customary space, as `NNN NN`; undefined when not a postal code. */
export function normalizePostalCode(raw: string): string | undefined {
  const match = /^(\d{3}) ?(\d{2})$/.exec(raw.trim());
  return match ? `${match[1]} ${match[2]}` : undefined;
}

/** True for a real calendar date written YYYY-MM-DD (rejects 2023-02-29 and 2024-13-01). */
export function isValidIsoDate(value: string): boolean {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!match) return false;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

// biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what we remove
const CONTROLS = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g;
/** Bidirectional controls: they can make a text display as something else ("…exe.png"). */
const BIDI_CONTROLS = /[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

/**
 * Text without C0 control characters and bidirectional controls. Multi-line text keeps TAB, LF and
 * CR; in single-line text they become spaces (they only ever arrive there by tampering or pasting).
 */
export function stripControlCharacters(text: string, multiline = false): string {
  const kept = multiline ? text : text.replace(/[\t\n\r]/g, ' ');
  return kept.replace(CONTROLS, '').replace(BIDI_CONTROLS, '');
}

/** Every string inside an answer, cleaned of control characters (numbers and booleans as they are). */
function withoutControls(value: AnswerValue, multiline: boolean): AnswerValue {
  if (typeof value === 'string') return stripControlCharacters(value, multiline);
  if (Array.isArray(value)) {
    return value.map((item) =>
      typeof item === 'string' ? stripControlCharacters(item) : item,
    ) as AnswerValue;
  }
  if (typeof value === 'object' && value !== null) {
    const entries = Object.entries(value).map(([key, item]) => [
      key,
      typeof item === 'string' ? stripControlCharacters(item) : item,
    ]);
    return Object.fromEntries(entries) as AnswerValue;
  }
  return value;
}

/**
 * Normalises an answer for storage: control characters removed everywhere, personal identity numbers
 * as 12 digits, phone numbers trimmed, postal codes as `NNN NN`, e-mail trimmed. Values that do not
 * parse are returned unchanged so the resident sees what they typed next to the error message.
 */
export function normalizeAnswer(field: Field, raw: AnswerValue): AnswerValue {
  const value = withoutControls(raw, field.type === 'textarea');
  if (typeof value === 'string') {
    if (field.type === 'personalIdentityNumber') return normalizePersonalIdentityNumber(value) ?? value;
    if (field.type === 'phone') return normalizePhone(value);
    if (field.type === 'email') return value.trim();
    return value;
  }
  if (field.type === 'address' && isAddress(value)) {
    return { ...value, postalCode: normalizePostalCode(value.postalCode) ?? value.postalCode };
  }
  return value;
}

/**
 * Type guard for address answers: an object of three strings. Answers may come as any JSON from the
 * API (issue #14's hostile-input tests sent `{"postalCode": " "}`), so every part is checked.
 */
export function isAddress(value: AnswerValue | undefined): value is AddressValue {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const { street, postalCode, city } = value as Partial<Record<keyof AddressValue, unknown>>;
  return typeof street === 'string' && typeof postalCode === 'string' && typeof city === 'string';
}

/** Type guard for location answers: an address text, and finite coordinates when given. */
export function isLocation(value: AnswerValue | undefined): value is LocationValue {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const { address, latitude, longitude } = value as Partial<Record<keyof LocationValue, unknown>>;
  const coordinate = (part: unknown) =>
    part === undefined || (typeof part === 'number' && Number.isFinite(part));
  return typeof address === 'string' && coordinate(latitude) && coordinate(longitude);
}
