/**
 * Malformed and hostile input for property-based tests (issue #14): strings with NUL, control and
 * bidirectional characters, huge strings, lone surrogates, SQL/HTML/script payloads, numbers written
 * as strings, and JSON of the wrong types, deeply nested, with prototype-pollution keys.
 */
import fc from 'fast-check';

/** Payloads that must come back escaped, if at all: an HTML answer never contains them verbatim. */
export const SCRIPT_MARKERS = ['<script>ingang(1)</script>', '"><svg onload=ingang(1)>'];

/** Strings people and attackers send that ordinary generators rarely produce. */
const PAYLOADS = [
  '',
  ' ',
  '\u0000',
  'a\u0000b',
  '\u0001\u0007\u001b[31m\u007f',
  '\r\n\r\nX-Injected: 1',
  '\u202eexe.png',
  '\u2066\u2069\u200f\u061c',
  '\ud800',
  '\udfff\ud800',
  '😀'.repeat(50),
  'Å'.repeat(5000),
  ...SCRIPT_MARKERS,
  "' or 1=1 --",
  '\'); drop table "case"; --',
  // biome-ignore lint/suspicious/noTemplateCurlyInString: a template injection payload, on purpose
  '${7*7}{{7*7}}<%= 7*7 %>',
  '../../../../etc/passwd',
  '%00%2e%2e%2f',
  'javascript:alert(1)',
  '//evil.example/',
  '/\\evil.example',
  '__proto__',
  'constructor',
  'NaN',
  'Infinity',
  '-0',
  '1e309',
  '0x1F',
  '١٢٣',
  '9'.repeat(400),
  '2026-02-30',
  '19000101-0000',
  'true',
  'null',
  '[]',
  '{}',
];

/** One hostile string: a payload, random text (all of Unicode), or a mix of both. */
export const hostileString: fc.Arbitrary<string> = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(...PAYLOADS) },
  { weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength: 60 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'grapheme', maxLength: 20 }) },
  {
    weight: 2,
    arbitrary: fc
      .array(fc.oneof(fc.constantFrom(...PAYLOADS), fc.string({ maxLength: 5 })), { maxLength: 6 })
      .map((parts) => parts.join('')),
  },
);

/** A huge string (up to ~200 kB), for length limits. */
export const hugeString: fc.Arbitrary<string> = fc
  .tuple(fc.constantFrom('a', 'Å', '😀', '<', '\u0000', ' '), fc.integer({ min: 10_000, max: 200_000 }))
  .map(([unit, length]) => unit.repeat(Math.ceil(length / unit.length)));

/** Keys that pollute prototypes when an object is merged carelessly. */
export const POLLUTION_KEYS = ['__proto__', 'constructor', 'prototype', '__defineGetter__', 'hasOwnProperty'];

const hostileKey = fc.oneof(fc.constantFrom(...POLLUTION_KEYS), hostileString);

/** Any JSON value: scalars of every type, arrays, objects with hostile keys, nested a few levels. */
export const hostileJson: fc.Arbitrary<unknown> = fc.letrec<{ value: unknown }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.constantFrom(null, true, false, 0, -0, -1, 1.5, 1e308, -1e308, Number.MAX_SAFE_INTEGER + 2),
    fc.constantFrom([null], [{}], [[]], {}, { '': null }),
    fc.double({ noNaN: true, noDefaultInfinity: true }),
    hostileString,
    fc.array(fc.oneof(fc.constant(null), tie('value')), { maxLength: 4 }),
    fc.dictionary(hostileKey, tie('value'), { maxKeys: 4 }),
  ),
})).value;

/** A value nested `depth` times in arrays or objects (parsers and validators that recurse). */
export const deeplyNested: fc.Arbitrary<unknown> = fc
  .tuple(fc.integer({ min: 50, max: 2000 }), fc.boolean())
  .map(([depth, arrays]) => {
    let value: unknown = 'x';
    for (let level = 0; level < depth; level++) value = arrays ? [value] : { a: value };
    return value;
  });

const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * A JSON value shaped like `valid` (an object the route accepts), each field kept, removed or made
 * hostile (nested objects recursively), with hostile keys added: deep enough to get past the first
 * check and reach the service's own.
 */
export function hostileLike(valid: Record<string, unknown>): fc.Arbitrary<unknown> {
  const fields = Object.fromEntries(
    Object.entries(valid).map(([key, value]) => [
      key,
      fc.oneof(
        { weight: 4, arbitrary: fc.constant(value) },
        { weight: 3, arbitrary: isPlainObject(value) ? hostileLike(value) : hostileJson },
        { weight: 1, arbitrary: fc.constant(undefined) },
      ),
    ]),
  );
  const mutated = fc
    .tuple(
      fc.record(fields),
      fc.oneof(
        { weight: 2, arbitrary: fc.constant({}) },
        { weight: 1, arbitrary: fc.dictionary(hostileKey, hostileJson, { minKeys: 1, maxKeys: 2 }) },
      ),
    )
    .map(([kept, extra]) => {
      const out: Record<string, unknown> = {};
      for (const [key, value] of Object.entries(kept)) if (value !== undefined) out[key] = value;
      return Object.assign(out, extra);
    });
  return fc.oneof({ weight: 4, arbitrary: mutated }, hostileJson, deeplyNested);
}

/** A form value: one string, or the same name repeated (arrays where scalars are expected). */
export const hostileFormValue: fc.Arbitrary<string | string[]> = fc.oneof(
  { weight: 4, arbitrary: hostileString },
  { weight: 1, arbitrary: fc.array(hostileString, { minLength: 2, maxLength: 4 }) },
);

/**
 * An urlencoded form: the route's fields (`names`), each either its plausible value from `valid` or
 * a hostile one, plus hostile and prototype-pollution names.
 */
export function hostileForm(
  names: readonly string[],
  valid: Record<string, unknown> = {},
): fc.Arbitrary<Record<string, string | string[]>> {
  const field = (name: string) =>
    fc.oneof(
      fc.constant(valid[name] === undefined ? undefined : formText(valid[name])),
      hostileFormValue,
      fc.constant(undefined),
    );
  const known = fc
    .tuple(...names.map(field))
    .map((values) =>
      Object.fromEntries(
        names.flatMap((name, index) => (values[index] === undefined ? [] : [[name, values[index]]])),
      ),
    );
  return fc
    .tuple(known, fc.dictionary(hostileKey, hostileFormValue, { maxKeys: 3 }))
    .map(([fields, extra]) => ({ ...extra, ...fields }) as Record<string, string | string[]>);
}

function formText(value: unknown): string | string[] {
  return Array.isArray(value) ? value.map(String) : String(value);
}

/** Whether something added properties to Object.prototype (a polluted prototype). */
export function prototypeIsClean(): boolean {
  const probe: Record<string, unknown> = {};
  return Object.keys(Object.prototype).length === 0 && probe.polluted === undefined && probe.x === undefined;
}
