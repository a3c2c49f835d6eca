/**
 * The "Prova" form of a decision model (issue #10): one field per input data of the model, its kind
 * read from the input's type and allowed values, and what the admin typed parsed into the model's
 * input values with an error per field. Pure.
 */
import { evaluate } from 'feelin';
import type { DmnModel, Expr, InputData } from '../decision-rules/dmn-model.ts';
import { builtinType, itemDefinition } from '../decision-rules/feel-types.ts';

/**
 * How a field is typed in: a number (Swedish decimal comma allowed), yes/no, one of the allowed
 * values, free text, or a FEEL expression for anything else (dates, lists, contexts).
 */
export type TryFieldKind = 'number' | 'boolean' | 'choice' | 'text' | 'feel';

export interface TryField {
  /** The form field's name and id: `in1`, `in2`, … (input data names may hold spaces). */
  name: string;
  /** The input data's name in the model. */
  inputName: string;
  /** The input's type as the model declares it (`number`, an item definition's name, …). */
  typeRef?: string;
  kind: TryFieldKind;
  /** For a choice: the allowed values, as typed in the model (strings without quotes). */
  options: string[];
  /** For a choice: whether the values are numbers. */
  numeric: boolean;
}

export type TryErrorCode = 'tryNumberInvalid' | 'tryChoiceInvalid' | 'tryFeelInvalid';

export interface TryInput {
  inputs: Record<string, unknown>;
  errors: { field: string; message: TryErrorCode }[];
  /** What was typed, to show again. */
  values: Record<string, string>;
}

type Literal = { text: string; numeric: boolean };

/** `"fk","1"` or `1, 2, 3` → its literals; undefined when any item is not a plain literal. */
export function literalList(text: string | undefined): Literal[] | undefined {
  if (!text?.trim()) return undefined;
  const items = text.match(/"(?:[^"\\]|\\.)*"|[^,]+/g) ?? [];
  const literals: Literal[] = [];
  for (const raw of items.map((item) => item.trim()).filter(Boolean)) {
    if (/^"(?:[^"\\]|\\.)*"$/.test(raw))
      literals.push({ text: raw.slice(1, -1).replace(/\\(.)/g, '$1'), numeric: false });
    else if (/^-?\d+(\.\d+)?$/.test(raw)) literals.push({ text: raw, numeric: true });
    else return undefined;
  }
  return literals.length > 0 ? literals : undefined;
}

/** Every decision table of a boxed expression, nested ones included. */
function tablesOf(expr: Expr | null): Extract<Expr, { kind: 'table' }>['table'][] {
  if (!expr) return [];
  switch (expr.kind) {
    case 'table':
      return [expr.table];
    case 'context':
      return expr.entries.flatMap((entry) => tablesOf(entry.expr));
    case 'list':
      return expr.items.flatMap(tablesOf);
    case 'function':
      return tablesOf(expr.body);
    case 'invocation':
      return expr.bindings.flatMap((binding) => tablesOf(binding.expr));
    default:
      return [];
  }
}

/**
 * The allowed values of an input: its item definition's, else those of a table column (of a decision
 * or a knowledge model) whose expression is the input's name alone.
 */
function allowedValues(model: DmnModel, input: InputData): Literal[] | undefined {
  const item = itemDefinition(model, input.typeRef);
  const fromType = literalList(item?.allowedValues);
  if (fromType) return fromType;
  const logic = [...model.decisions.map((d) => d.logic), ...model.knowledgeModels.map((k) => k.body)];
  const columns = logic
    .flatMap(tablesOf)
    .flatMap((table) => table.inputs)
    .filter((column) => column.expression.trim() === input.name && column.inputValues);
  for (const column of columns) {
    const literals = literalList(column.inputValues);
    if (literals) return literals;
  }
  return undefined;
}

function kindOf(model: DmnModel, input: InputData, allowed: Literal[] | undefined): TryFieldKind {
  const type = builtinType(model, input.typeRef);
  if (type === 'boolean') return 'boolean';
  if (allowed && (type === 'string' || type === 'number' || type === undefined)) return 'choice';
  if (type === 'number') return 'number';
  if (type === 'string') return 'text';
  // No type at all is most often text; anything else (dates, lists, contexts) is typed as FEEL.
  return input.typeRef ? 'feel' : 'text';
}

/** One field per input data of the model, in the model's order. */
export function tryFields(model: DmnModel): TryField[] {
  return model.inputs.map((input, i) => {
    const allowed = allowedValues(model, input);
    const kind = kindOf(model, input, allowed);
    return {
      name: `in${i + 1}`,
      inputName: input.name,
      typeRef: input.typeRef,
      kind,
      options: kind === 'choice' ? (allowed ?? []).map((literal) => literal.text) : [],
      numeric: kind === 'choice' && (allowed ?? []).every((literal) => literal.numeric),
    };
  });
}

/** A number as typed in Sweden: `4,2`, `4.2`, `1 200`. */
export function parseNumber(text: string): number | undefined {
  const compact = text.replace(/[\s\u00a0\u202f]/g, '').replace(',', '.');
  return /^-?\d+(\.\d+)?$/.test(compact) ? Number(compact) : undefined;
}

type Parsed = { value: unknown } | { error: TryErrorCode };

function parseField(field: TryField, text: string): Parsed {
  if (text === '') return { value: null };
  switch (field.kind) {
    case 'number': {
      const value = parseNumber(text);
      return value === undefined ? { error: 'tryNumberInvalid' } : { value };
    }
    case 'boolean':
      if (text === 'true' || text === 'false') return { value: text === 'true' };
      return { error: 'tryChoiceInvalid' };
    case 'choice':
      if (!field.options.includes(text)) return { error: 'tryChoiceInvalid' };
      return { value: field.numeric ? Number(text) : text };
    case 'text':
      return { value: text };
    case 'feel':
      return feelLiteral(text);
  }
}

function feelLiteral(text: string): Parsed {
  try {
    const result = evaluate(text, {});
    if (result.warnings.length > 0) return { error: 'tryFeelInvalid' };
    return { value: result.value ?? null };
  } catch {
    return { error: 'tryFeelInvalid' };
  }
}

/** Parses the posted form: an empty field is null; a field that cannot be read is an error. */
export function parseTryInput(fields: TryField[], body: Record<string, string | string[]>): TryInput {
  const result: TryInput = { inputs: {}, errors: [], values: {} };
  for (const field of fields) {
    const raw = body[field.name];
    const text = (Array.isArray(raw) ? (raw[0] ?? '') : (raw ?? '')).trim();
    result.values[field.name] = text;
    const parsed = parseField(field, text);
    if ('error' in parsed) result.errors.push({ field: field.name, message: parsed.error });
    else result.inputs[field.inputName] = parsed.value;
  }
  return result;
}
