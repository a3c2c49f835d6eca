/**
 * Fast paths for the FEEL that decision tables are mostly made of: literals (`"beviljas"`, `2`,
 * `true`), names and context paths (`avstånd`, `Avståndsgräns.gräns`), and unary tests that are
 * lists of literals (`"fk","1","2"`) or comparisons with a number (`> 3`, `<= Avståndsgräns.gräns`),
 * and `list contains(?, "literal")` on a list of plain values.
 * feelin parses every text on every call (~100–200 µs); a rule simulation evaluates thousands of
 * cases (issue #10), so these shapes are decided here directly, exactly as FEEL decides them. Any
 * other text — or a value these paths were not written for — answers `undefined`, and the caller
 * asks feelin. `feel-fast.test.ts` checks the paths against feelin. Pure.
 */

type Primitive = string | number | boolean;

const STRING = /^"([^"\\]*)"$/;
const NUMBER = /^-?\d+(\.\d+)?$/;
/** A FEEL name as DMN models name inputs and decisions: letters, digits, `_`, single inner spaces. */
const NAME = /^[\p{L}_][\p{L}\p{N}_]*(?: [\p{L}\p{N}_]+)*$/u;
/** Words that make a text something other than a name (`x and y`, `not`, `if`). */
const KEYWORDS = new Set([
  'true',
  'false',
  'null',
  'not',
  'and',
  'or',
  'if',
  'then',
  'else',
  'for',
  'return',
  'some',
  'every',
  'satisfies',
  'in',
  'between',
  'instance',
  'of',
  'function',
  'external',
]);
const COMPARISON = /^(<=|>=|<|>)\s*(.+)$/;
/** `list contains(?, "x")`: the usual test on a COLLECT table's list of results. */
const LIST_CONTAINS = /^list contains\(\s*\?\s*,\s*(.+?)\s*\)$/;

const isPrimitive = (value: unknown): value is Primitive =>
  typeof value === 'string' ||
  (typeof value === 'number' && Number.isFinite(value)) ||
  typeof value === 'boolean';

const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && Object.getPrototypeOf(value) === Object.prototype;

/** Only values feelin passes through unchanged: primitives, null, and lists of them. */
const isSimpleValue = (value: unknown): boolean =>
  value === null ||
  isPrimitive(value) ||
  (Array.isArray(value) && value.every((item) => item === null || isPrimitive(item)));

function literal(text: string): { value: Primitive | null } | undefined {
  const string = STRING.exec(text);
  if (string) return { value: string[1] ?? '' };
  if (NUMBER.test(text)) return { value: Number(text) };
  if (text === 'true' || text === 'false') return { value: text === 'true' };
  if (text === 'null') return { value: null };
  return undefined;
}

const isName = (text: string) => NAME.test(text) && !text.split(' ').some((word) => KEYWORDS.has(word));

/** A name or a dotted path into context values, when every step exists. */
function nameValue(text: string, context: Record<string, unknown>): { value: unknown } | undefined {
  if (isName(text) && Object.hasOwn(context, text)) return { value: context[text] };
  const steps = text.split('.');
  if (steps.length < 2 || !steps.every(isName)) return undefined;
  const [head = '', ...rest] = steps;
  if (!Object.hasOwn(context, head)) return undefined;
  let value = context[head];
  for (const step of rest) {
    if (!isPlainObject(value) || !Object.hasOwn(value, step)) return undefined;
    value = value[step];
  }
  return { value };
}

/** The value of a FEEL text of one of the fast shapes; undefined when feelin must decide. */
export function fastValue(text: string, context: Record<string, unknown>): { value: unknown } | undefined {
  const trimmed = text.trim();
  const found = literal(trimmed) ?? nameValue(trimmed, context);
  return found && isSimpleValue(found.value) ? found : undefined;
}

/** The items of a comma list when no item can hold a comma of its own (no brackets, no escapes). */
function listItems(text: string): string[] | undefined {
  if (/[()[\]{}\\]/.test(text)) return undefined;
  const items = text.match(/"[^"]*"|[^,"]+/g);
  if (!items || items.join('').replace(/[\s,]/g, '') !== text.replace(/[\s,]/g, '')) return undefined;
  const trimmed = items.map((item) => item.trim());
  return trimmed.every(Boolean) ? trimmed : undefined;
}

function itemMatches(item: string, value: Primitive, context: Record<string, unknown>): boolean | undefined {
  const equal = literal(item);
  if (equal) return equal.value !== null && typeof equal.value === typeof value && equal.value === value;
  const comparison = COMPARISON.exec(item);
  if (!comparison || typeof value !== 'number') return undefined;
  const operand = fastValue(comparison[2] ?? '', context);
  if (!operand || typeof operand.value !== 'number' || !Number.isFinite(operand.value)) return undefined;
  const bound = operand.value;
  switch (comparison[1]) {
    case '<':
      return value < bound;
    case '<=':
      return value <= bound;
    case '>':
      return value > bound;
    default:
      return value >= bound;
  }
}

/**
 * Whether a value passes unary tests of one of the fast shapes (a list of literals and number
 * comparisons, any item passing); undefined when feelin must decide.
 */
export function fastTest(
  text: string,
  value: unknown,
  context: Record<string, unknown>,
): boolean | undefined {
  const trimmed = text.trim();
  const contains = LIST_CONTAINS.exec(trimmed);
  if (contains) return listContains(contains[1] ?? '', value, context);
  if (!isPrimitive(value)) return undefined;
  const items = listItems(trimmed);
  if (!items) return undefined;
  let passed = false;
  for (const item of items) {
    const matches = itemMatches(item, value, context);
    if (matches === undefined) return undefined;
    passed ||= matches;
  }
  return passed;
}

/** FEEL's `list contains` (element by `===`, as feelin's builtin) when the list holds plain values. */
function listContains(
  element: string,
  value: unknown,
  context: Record<string, unknown>,
): boolean | undefined {
  // A model may define its own function of that name; then feelin must call it.
  if (Object.hasOwn(context, 'list contains') || !Array.isArray(value) || !isSimpleValue(value))
    return undefined;
  const wanted = literal(element);
  return wanted ? value.some((item) => item === wanted.value) : undefined;
}
