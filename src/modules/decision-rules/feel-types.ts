/** FEEL values in the engine: type conformance (typeRef), equality and ordering. Pure. */
import { FeelDate, FeelDateTime, FeelDuration, FeelTime, isRange, unaryTest } from 'feelin';
import type { DmnModel, ItemDefinition } from './dmn-model.ts';

const BUILTIN_CHECKS: Record<string, (value: unknown) => boolean> = {
  number: (v) => typeof v === 'number',
  string: (v) => typeof v === 'string',
  boolean: (v) => typeof v === 'boolean',
  date: (v) => v instanceof FeelDate,
  time: (v) => v instanceof FeelTime,
  'date and time': (v) => v instanceof FeelDateTime,
  datetime: (v) => v instanceof FeelDateTime,
  duration: (v) => v instanceof FeelDuration,
  'days and time duration': (v) => v instanceof FeelDuration,
  'years and months duration': (v) => v instanceof FeelDuration,
  dayTimeDuration: (v) => v instanceof FeelDuration,
  yearMonthDuration: (v) => v instanceof FeelDuration,
  context: (v) => isContext(v),
  list: (v) => Array.isArray(v),
  any: () => true,
};

/** Whether a value is a FEEL context (a plain object, not a date, range or function). */
export function isContext(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && Object.getPrototypeOf(value) === Object.prototype;
}

/** A typeRef without its namespace prefix (`feel:number`, `tck:tStatus` from older exporters). */
const baseName = (typeRef: string) => typeRef.replace(/^[A-Za-z_][\w.-]*:(?!\/)/, '').trim();

/** The item definition a typeRef names, if any. */
export function itemDefinition(
  model: DmnModel | undefined,
  typeRef: string | undefined,
): ItemDefinition | undefined {
  if (!typeRef) return undefined;
  const name = baseName(typeRef);
  return model?.itemDefinitions.find((definition) => definition.name === name || definition.name === typeRef);
}

/** The builtin type name a typeRef resolves to, or undefined for structures and unknown names. */
export function builtinType(model: DmnModel | undefined, typeRef: string | undefined): string | undefined {
  if (!typeRef) return undefined;
  const name = baseName(typeRef);
  if (BUILTIN_CHECKS[name.toLowerCase()] || BUILTIN_CHECKS[name]) return name.toLowerCase();
  const item = itemDefinition(model, typeRef);
  if (!item || item.isCollection || item.components.length) return undefined;
  return builtinType(model, item.typeRef);
}

/**
 * Whether a value conforms to a typeRef. Null conforms to every type; names the engine cannot
 * judge conform too, so only a definite mismatch is reported.
 */
export function conforms(model: DmnModel | undefined, value: unknown, typeRef: string | undefined): boolean {
  if (value === null || value === undefined || !typeRef) return true;
  const name = baseName(typeRef);
  const check = BUILTIN_CHECKS[name] ?? BUILTIN_CHECKS[name.toLowerCase()];
  if (check) return check(value);
  const item = itemDefinition(model, typeRef);
  return item ? conformsToItem(model, value, item) : true;
}

function conformsToItem(model: DmnModel | undefined, value: unknown, item: ItemDefinition): boolean {
  if (item.isCollection) {
    if (!Array.isArray(value)) return false;
    return value.every((element) => conformsToItem(model, element, { ...item, isCollection: false }));
  }
  if (item.components.length) {
    if (!isContext(value)) return false;
    return item.components.every((component) =>
      conformsToItem(model, value[component.name] ?? null, component),
    );
  }
  if (value === null) return true;
  if (item.typeRef && !conforms(model, value, item.typeRef)) return false;
  return !item.allowedValues || unaryTest(item.allowedValues, { '?': value }).value === true;
}

/** FEEL equality of two values (numbers compared with a tiny relative tolerance for binary floats). */
export function feelEquals(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (a === null || b === null || a === undefined || b === undefined) return (a ?? null) === (b ?? null);
  if (typeof a === 'number' && typeof b === 'number') {
    return Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(a), Math.abs(b));
  }
  if (Array.isArray(a) && Array.isArray(b)) {
    return a.length === b.length && a.every((item, i) => feelEquals(item, b[i]));
  }
  if (isContext(a) && isContext(b)) {
    const keys = Object.keys(a);
    return (
      keys.length === Object.keys(b).length && keys.every((key) => key in b && feelEquals(a[key], b[key]))
    );
  }
  if (typeof a === 'object' && typeof b === 'object' && !isRange(a) && !isRange(b)) {
    return a.constructor === b.constructor && String(a) === String(b);
  }
  return false;
}

/** A JSON-friendly copy of a FEEL value: dates, times and durations become their ISO text. */
export function toJson(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(toJson);
  if (isContext(value)) {
    const defined = Object.entries(value).filter(([, v]) => v !== undefined);
    return Object.fromEntries(defined.map(([k, v]) => [k, toJson(v)]));
  }
  if (typeof value === 'object' && value !== null) return String(value);
  if (typeof value === 'function') return '<function>';
  return value ?? null;
}
