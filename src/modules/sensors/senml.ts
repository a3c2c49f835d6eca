/**
 * SenML JSON (RFC 8428): reads a pack and resolves its records (section 4.6) — base name prepended,
 * base time added, relative times (below 2**28) taken from `now`, base unit applied where a record
 * has none, base value added to the value and base sum to the sum. Pure: the clock is a parameter.
 * What the records must be for a device (units, names, times) is checked in reading-model.ts.
 */

/** One resolved record: its name, time (ms since the epoch), unit and exactly one kind of value. */
export interface ResolvedRecord {
  /** Index of the record in the pack, for problems that point at it (`/3/u`). */
  index: number;
  name: string;
  /** Milliseconds since the epoch (the RFC's seconds × 1000). */
  time: number;
  unit: string | undefined;
  value?: number;
  stringValue?: string;
  booleanValue?: boolean;
  dataValue?: string;
  sum?: number;
}

/** A refusal: which record and label (a JSON pointer into the pack) and why (a stable code). */
export interface SenmlProblem {
  pointer: string;
  reason: SenmlReason;
}

export type SenmlReason =
  | 'notJson'
  | 'notAPack'
  | 'packEmpty'
  | 'packTooLarge'
  | 'recordNotObject'
  | 'labelType'
  | 'mustUnderstand'
  | 'versionUnsupported'
  | 'nameMissing'
  | 'nameInvalid'
  | 'valueMissing'
  | 'valueConflict'
  | 'timeInvalid';

export type SenmlResult = { ok: true; records: ResolvedRecord[] } | { ok: false; problems: SenmlProblem[] };

/** RFC 8428 section 4.5.3: times below 2**28 seconds are relative to the current time. */
export const RELATIVE_TIME_LIMIT = 2 ** 28;
/** The version this reader understands (section 4.4: absent means 10). */
const SENML_VERSION = 10;
/** Records in one pack; a larger pack is refused as a whole. */
export const MAX_RECORDS = 1000;

/** Section 4.5.1: names start with a letter or digit and use letters, digits and `-:./_`. */
const NAME = /^[A-Za-z0-9][A-Za-z0-9\-:./_]*$/;

const LABEL_TYPES: Record<string, 'string' | 'number' | 'boolean'> = {
  bn: 'string',
  bt: 'number',
  bu: 'string',
  bv: 'number',
  bs: 'number',
  bver: 'number',
  n: 'string',
  u: 'string',
  v: 'number',
  vs: 'string',
  vb: 'boolean',
  vd: 'string',
  s: 'number',
  t: 'number',
  ut: 'number',
};

type Fields = Partial<Record<keyof typeof LABEL_TYPES, string | number | boolean>>;

/** The base values in effect: each one holds from the record that sets it until another sets it. */
interface Bases {
  name: string;
  time: number;
  unit: string | undefined;
  value: number | undefined;
  sum: number | undefined;
}

/** Checks one record's labels: known labels have their JSON type; unknown `_` labels are refused. */
function checkLabels(record: Record<string, unknown>, index: number, problems: SenmlProblem[]): Fields {
  const fields: Fields = {};
  for (const [label, value] of Object.entries(record)) {
    const type = LABEL_TYPES[label];
    if (type === undefined) {
      // Section 4.4: a label ending in `_` must be understood; other unknown labels are ignored.
      if (label.endsWith('_')) problems.push({ pointer: `/${index}/${label}`, reason: 'mustUnderstand' });
      continue;
    }
    const finite = type !== 'number' || (typeof value === 'number' && Number.isFinite(value));
    if (typeof value !== type || !finite) {
      problems.push({ pointer: `/${index}/${label}`, reason: 'labelType' });
      continue;
    }
    fields[label as keyof Fields] = value as string | number | boolean;
  }
  return fields;
}

function applyBases(fields: Fields, bases: Bases): void {
  if (fields.bn !== undefined) bases.name = fields.bn as string;
  if (fields.bt !== undefined) bases.time = fields.bt as number;
  if (fields.bu !== undefined) bases.unit = fields.bu as string;
  if (fields.bv !== undefined) bases.value = fields.bv as number;
  if (fields.bs !== undefined) bases.sum = fields.bs as number;
}

/** The record's value: exactly one of v, vs, vb, vd (a base value stands for a missing v), or a sum. */
function recordValue(fields: Fields, bases: Bases, pointer: string, problems: SenmlProblem[]) {
  const present = (['v', 'vs', 'vb', 'vd'] as const).filter((label) => fields[label] !== undefined);
  if (present.length > 1) {
    problems.push({ pointer, reason: 'valueConflict' });
    return undefined;
  }
  const value: Partial<ResolvedRecord> = {};
  if (fields.v !== undefined || (present.length === 0 && bases.value !== undefined)) {
    value.value = (bases.value ?? 0) + ((fields.v as number | undefined) ?? 0);
  }
  if (fields.vs !== undefined) value.stringValue = fields.vs as string;
  if (fields.vb !== undefined) value.booleanValue = fields.vb as boolean;
  if (fields.vd !== undefined) value.dataValue = fields.vd as string;
  if (fields.s !== undefined || bases.sum !== undefined) {
    value.sum = (bases.sum ?? 0) + ((fields.s as number | undefined) ?? 0);
  }
  if (Object.keys(value).length === 0) {
    problems.push({ pointer, reason: 'valueMissing' });
    return undefined;
  }
  return value;
}

/** Resolves one record against the bases in effect; problems are added, nothing is returned then. */
function resolveRecord(
  fields: Fields,
  index: number,
  bases: Bases,
  nowMs: number,
  problems: SenmlProblem[],
): ResolvedRecord | undefined {
  const before = problems.length;
  if (
    fields.bver !== undefined &&
    !(Number.isInteger(fields.bver) && (fields.bver as number) <= SENML_VERSION)
  )
    problems.push({ pointer: `/${index}/bver`, reason: 'versionUnsupported' });
  applyBases(fields, bases);
  const name = bases.name + ((fields.n as string | undefined) ?? '');
  if (name === '') problems.push({ pointer: `/${index}/n`, reason: 'nameMissing' });
  else if (!NAME.test(name)) problems.push({ pointer: `/${index}/n`, reason: 'nameInvalid' });
  const seconds = bases.time + ((fields.t as number | undefined) ?? 0);
  // Section 4.5.3: a resolved time below 2**28 is relative to now (zero: "roughly now"). Times are
  // kept in whole milliseconds, rounded: seconds are binary fractions, and 1796453606.06 + 0.001 is
  // 1796453606060.9998 ms, which a Date would cut to the millisecond of the record before it.
  const milliseconds = Math.round(seconds * 1000);
  const time = seconds < RELATIVE_TIME_LIMIT ? nowMs + milliseconds : milliseconds;
  if (!Number.isFinite(time) || Math.abs(time) > 8.64e15)
    problems.push({ pointer: `/${index}/t`, reason: 'timeInvalid' });
  const value = recordValue(fields, bases, `/${index}`, problems);
  if (problems.length > before || !value) return undefined;
  return { index, name, time, unit: (fields.u as string | undefined) ?? bases.unit, ...value };
}

/** Reads a SenML JSON pack (already parsed JSON) into resolved records, or every problem found. */
export function resolvePack(pack: unknown, nowMs: number): SenmlResult {
  if (!Array.isArray(pack)) return { ok: false, problems: [{ pointer: '', reason: 'notAPack' }] };
  if (pack.length === 0) return { ok: false, problems: [{ pointer: '', reason: 'packEmpty' }] };
  if (pack.length > MAX_RECORDS) return { ok: false, problems: [{ pointer: '', reason: 'packTooLarge' }] };
  const problems: SenmlProblem[] = [];
  const records: ResolvedRecord[] = [];
  const bases: Bases = { name: '', time: 0, unit: undefined, value: undefined, sum: undefined };
  pack.forEach((record: unknown, index) => {
    if (record === null || typeof record !== 'object' || Array.isArray(record)) {
      problems.push({ pointer: `/${index}`, reason: 'recordNotObject' });
      return;
    }
    const fields = checkLabels(record as Record<string, unknown>, index, problems);
    const resolved = resolveRecord(fields, index, bases, nowMs, problems);
    if (resolved) records.push(resolved);
  });
  return problems.length > 0 ? { ok: false, problems } : { ok: true, records };
}

/** Parses SenML JSON text and resolves it (`notJson` when the text is not JSON). */
export function parseSenml(text: string, nowMs: number): SenmlResult {
  let pack: unknown;
  try {
    pack = JSON.parse(text);
  } catch {
    return { ok: false, problems: [{ pointer: '', reason: 'notJson' }] };
  }
  return resolvePack(pack, nowMs);
}
