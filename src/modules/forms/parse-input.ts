/**
 * Turns an HTML form post for one step into answers.
 *
 * Input names (the views render exactly these):
 * - simple fields: `<id>`; checkboxes post `<id>` once per ticked box; yesNo posts "yes" or "no"
 * - address: `<id>.street`, `<id>.postalCode`, `<id>.city`
 * - location: `<id>.address`, `<id>.latitude`, `<id>.longitude`
 * - file fields are never read from the body: uploads are handled separately and stored as FileRef[].
 */
import { conditionHolds } from './conditions.ts';
import type { Answers, AnswerValue, Field, LocationValue, Step } from './definition.ts';
import { normalizeAnswer, parseSwedishNumber } from './normalize.ts';

/** A parsed urlencoded body: repeated names arrive as arrays. */
export type FormBody = Record<string, string | string[] | undefined>;

/**
 * Merges the posted values of `step` into a copy of `existing`. Empty inputs make the field absent;
 * fields hidden by their `showIf` (evaluated in order, against the answers as they stand after this post)
 * are removed. Values that do not parse (e.g. "tolv" in a number field) are kept as the raw string.
 */
export function parseStepInput(step: Step, body: FormBody, existing: Answers): Answers {
  const answers: Answers = { ...existing };
  for (const field of step.fields) {
    const value = field.type === 'file' ? existing[field.id] : readField(field, body);
    if (value === undefined || !conditionHolds(field.showIf, answers)) delete answers[field.id];
    else answers[field.id] = normalizeAnswer(field, value);
  }
  return answers;
}

function readField(field: Field, body: FormBody): AnswerValue | undefined {
  switch (field.type) {
    case 'checkboxes':
      return readList(body[field.id]);
    case 'address':
      return readAddress(field.id, body);
    case 'location':
      return readLocation(field.id, body);
    case 'yesNo':
      return readYesNo(readText(body[field.id]));
    case 'number': {
      const raw = readText(body[field.id]);
      return raw === undefined ? undefined : (parseSwedishNumber(raw) ?? raw);
    }
    case 'textarea':
      // Browsers post CRLF; count and store line breaks as one character each.
      return readText(body[field.id])?.replace(/\r\n?/g, '\n');
    default:
      return readText(body[field.id]);
  }
}

/** A single text input: trimmed; empty means not answered. A repeated name (tampering) keeps the first. */
function readText(raw: string | string[] | undefined): string | undefined {
  const value = Array.isArray(raw) ? raw[0] : raw;
  const trimmed = value?.trim();
  return trimmed ? trimmed : undefined;
}

function readList(raw: string | string[] | undefined): string[] | undefined {
  const values = (Array.isArray(raw) ? raw : raw === undefined ? [] : [raw])
    .map((v) => v.trim())
    .filter(Boolean);
  const unique = [...new Set(values)];
  return unique.length > 0 ? unique : undefined;
}

// Anything other than yes/no is kept as text so validation can ask the resident to choose.
function readYesNo(raw: string | undefined): boolean | string | undefined {
  if (raw === 'yes') return true;
  if (raw === 'no') return false;
  return raw;
}

function readAddress(id: string, body: FormBody): AnswerValue | undefined {
  const street = readText(body[`${id}.street`]) ?? '';
  const postalCode = readText(body[`${id}.postalCode`]) ?? '';
  const city = readText(body[`${id}.city`]) ?? '';
  // A partly filled address is kept (with empty parts) so validation can point at the missing part.
  return street || postalCode || city ? { street, postalCode, city } : undefined;
}

// Coordinates normally come from a map widget; a coordinate that does not parse is treated as not given,
// and validation then reports a lone latitude or longitude.
function readLocation(id: string, body: FormBody): LocationValue | undefined {
  const address = readText(body[`${id}.address`]) ?? '';
  const latitude = parseCoordinate(body[`${id}.latitude`]);
  const longitude = parseCoordinate(body[`${id}.longitude`]);
  if (!address && latitude === undefined && longitude === undefined) return undefined;
  const value: LocationValue = { address };
  if (latitude !== undefined) value.latitude = latitude;
  if (longitude !== undefined) value.longitude = longitude;
  return value;
}

function parseCoordinate(raw: string | string[] | undefined): number | undefined {
  const text = readText(raw);
  return text === undefined ? undefined : parseSwedishNumber(text);
}
