/** Hit policies of DMN 1.3 (clause 8.2.11): from the matched rows to the table's result. Pure. */
import { evaluate as feelEvaluate, unaryTest } from 'feelin';
import { type DecisionTable, DmnError, type Rule } from './dmn-model.ts';
import { feelEquals } from './feel-types.ts';

/** A matched rule with its evaluated outputs (one per output column). */
export interface Hit {
  rule: Rule;
  outputs: unknown[];
}

/** Splits unary tests or a list at top-level commas (outside strings, brackets and parentheses). */
export function splitTopLevel(text: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let inString = false;
  let current = '';
  for (let i = 0; i < text.length; i++) {
    const ch = text[i] ?? '';
    if (inString) {
      if (ch === '\\') current += ch + (text[++i] ?? '');
      else current += ch;
      if (ch === '"') inString = false;
      continue;
    }
    if (ch === '"') inString = true;
    else if ('([{'.includes(ch)) depth++;
    else if (')]}'.includes(ch) && depth > 0) depth--;
    else if (ch === ',' && depth === 0) {
      parts.push(current.trim());
      current = '';
      continue;
    }
    current += ch;
  }
  if (current.trim()) parts.push(current.trim());
  return parts;
}

/** A row's value: the single output, or a context of outputs by name. */
export function rowValue(table: DecisionTable, outputs: unknown[]): unknown {
  if (table.outputs.length === 1) return outputs[0] ?? null;
  return Object.fromEntries(table.outputs.map((column, i) => [column.name, outputs[i] ?? null]));
}

/** The priority of each output value: its position in the output's value list (lower first). */
function priorityKey(table: DecisionTable, hit: Hit): number[] {
  return table.outputs.flatMap((column, i) => {
    if (!column.outputValues) return [];
    const tests = splitTopLevel(column.outputValues);
    const position = tests.findIndex((test) => unaryTest(test, { '?': hit.outputs[i] }).value === true);
    return [position < 0 ? tests.length : position];
  });
}

function byPriority(table: DecisionTable, hits: Hit[]): Hit[] {
  if (!table.outputs.some((column) => column.outputValues)) {
    throw new DmnError(
      'DMN_HIT_POLICY_VIOLATION',
      `${table.hitPolicy} needs output values to order the outputs by, and no output has any`,
      table.hitPolicy,
    );
  }
  const keyed = hits.map((hit) => ({ hit, key: priorityKey(table, hit) }));
  // Array.prototype.sort is stable, so equal priorities keep rule order.
  keyed.sort((a, b) => {
    for (let i = 0; i < a.key.length; i++) {
      const difference = (a.key[i] ?? 0) - (b.key[i] ?? 0);
      if (difference) return difference;
    }
    return 0;
  });
  return keyed.map((entry) => entry.hit);
}

/**
 * COLLECT with an aggregation. DMN 1.3 defines it for one output; with several outputs each
 * output is aggregated on its own into a context, as the DMN TCK expects.
 */
function aggregate(table: DecisionTable, hits: Hit[]): unknown {
  if (table.outputs.length === 1)
    return aggregateValues(
      table,
      hits.map((hit) => hit.outputs[0] ?? null),
    );
  return Object.fromEntries(
    table.outputs.map((output, i) => [
      output.name,
      aggregateValues(
        table,
        hits.map((hit) => hit.outputs[i] ?? null),
      ),
    ]),
  );
}

function aggregateValues(table: DecisionTable, values: unknown[]): unknown {
  if (table.aggregation === 'COUNT') return values.length;
  if (values.length === 0) return null;
  if (table.aggregation === 'SUM') {
    if (!values.every((value) => typeof value === 'number')) {
      throw new DmnError('DMN_TYPE_MISMATCH', 'COLLECT SUM over values that are not all numbers', 'SUM');
    }
    return (values as number[]).reduce((sum, value) => sum + value, 0);
  }
  const smaller = (a: unknown, b: unknown) => {
    if (typeof a === typeof b && (typeof a === 'number' || typeof a === 'string'))
      return (a as number) < (b as number);
    const less = feelEvaluate('a < b', { a, b }).value;
    if (typeof less !== 'boolean') {
      throw new DmnError(
        'DMN_TYPE_MISMATCH',
        `COLLECT ${table.aggregation} over values that cannot be compared`,
      );
    }
    return less;
  };
  const [first, ...rest] = values;
  return rest.reduce(
    (best, value) =>
      (table.aggregation === 'MIN' ? smaller(value, best) : smaller(best, value)) ? value : best,
    first,
  );
}

const rows = (list: number[]) => list.join(', ');

/** Applies the table's hit policy to its matched rows (in rule order). */
export function applyHitPolicy(table: DecisionTable, hits: Hit[]): unknown {
  const values = (list: Hit[]) => list.map((hit) => rowValue(table, hit.outputs));
  switch (table.hitPolicy) {
    case 'UNIQUE':
      if (hits.length > 1) {
        throw new DmnError(
          'DMN_HIT_POLICY_VIOLATION',
          `UNIQUE table, yet rows ${rows(hits.map((hit) => hit.rule.index))} all match`,
          'UNIQUE',
        );
      }
      return hits[0] ? rowValue(table, hits[0].outputs) : null;
    case 'ANY': {
      const [first, ...rest] = values(hits);
      if (rest.some((value) => !feelEquals(value, first))) {
        throw new DmnError(
          'DMN_HIT_POLICY_VIOLATION',
          `ANY table, yet the matching rows ${rows(hits.map((hit) => hit.rule.index))} give different outputs`,
          'ANY',
        );
      }
      return hits.length ? first : null;
    }
    case 'FIRST':
      return hits[0] ? rowValue(table, hits[0].outputs) : null;
    case 'PRIORITY': {
      if (!hits.length) return null;
      const [best] = byPriority(table, hits);
      return best ? rowValue(table, best.outputs) : null;
    }
    case 'RULE ORDER':
      return values(hits);
    case 'OUTPUT ORDER':
      return hits.length ? values(byPriority(table, hits)) : [];
    case 'COLLECT':
      return table.aggregation ? aggregate(table, hits) : values(hits);
  }
}

/** The rows that the hit policy lets through to the result (for explanations). */
export function contributingHits(table: DecisionTable, hits: Hit[]): Hit[] {
  if (table.hitPolicy === 'FIRST') return hits.slice(0, 1);
  if (table.hitPolicy === 'ANY') return hits.slice(0, 1);
  if (table.hitPolicy === 'PRIORITY') return hits.length ? byPriority(table, hits).slice(0, 1) : [];
  if (table.hitPolicy === 'OUTPUT ORDER') return hits.length ? byPriority(table, hits) : [];
  return hits;
}
