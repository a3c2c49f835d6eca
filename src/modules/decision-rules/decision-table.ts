/** Evaluates one decision table (DMN 1.3 clause 8.3) and records what matched. Pure. */
import { type DecisionTable, DmnError, type DmnModel } from './dmn-model.ts';
import { type ErrorTrap, feelTest, feelValue } from './feel.ts';
import { conforms } from './feel-types.ts';
import { applyHitPolicy, contributingHits, type Hit, rowValue } from './hit-policies.ts';

/** One matched rule, as the explanation shows it. */
export interface MatchedRule {
  /** Row number, 1-based. */
  index: number;
  id?: string;
  inputEntries: string[];
  outputs: Record<string, unknown>;
  /** Annotation text by annotation column name. */
  annotations: Record<string, string>;
}

/** What one decision table saw and which rows decided its result. */
export interface TableTrace {
  decision: string;
  decisionId?: string;
  hitPolicy: string;
  aggregation?: string;
  inputs: { label: string; expression: string; value: unknown }[];
  /** The rows that make up the result (for FIRST and PRIORITY the one chosen). */
  matched: MatchedRule[];
  result: unknown;
}

/** Evaluates a decision table in a FEEL context; `owner` names the decision or model for errors. */
export function evaluateTable(
  model: DmnModel,
  table: DecisionTable,
  context: Record<string, unknown>,
  owner: { name: string; id?: string },
  trap: ErrorTrap,
): TableTrace {
  const where = (detail: string) => `decision «${owner.name}», ${detail}`;
  for (const rule of table.rules) {
    if (
      rule.inputEntries.length !== table.inputs.length ||
      rule.outputEntries.length !== table.outputs.length
    ) {
      throw new DmnError(
        'DMN_XML_INVALID',
        where(
          `row ${rule.index} has ${rule.inputEntries.length} input and ${rule.outputEntries.length} output entries; the table has ${table.inputs.length} and ${table.outputs.length} columns`,
        ),
      );
    }
  }
  const inputValues = table.inputs.map((input) => {
    const value = feelValue(input.expression, context, where(`input «${input.label}»`), trap);
    if (!conforms(model, value, input.typeRef)) {
      throw new DmnError(
        'DMN_TYPE_MISMATCH',
        where(`input «${input.label}»: ${JSON.stringify(value)} is not a ${input.typeRef}`),
      );
    }
    if (input.inputValues && value !== null) {
      if (!feelTest(input.inputValues, value, context, where(`input values of «${input.label}»`), trap)) {
        throw new DmnError(
          'DMN_INPUT_OUT_OF_RANGE',
          where(`input «${input.label}»: ${JSON.stringify(value)} is not one of ${input.inputValues}`),
        );
      }
    }
    return value;
  });
  const hits: Hit[] = [];
  for (const rule of table.rules) {
    const matches = table.inputs.every((input, i) =>
      feelTest(
        rule.inputEntries[i] ?? '-',
        inputValues[i],
        context,
        where(`row ${rule.index}, «${input.label}»`),
        trap,
      ),
    );
    if (matches) hits.push({ rule, outputs: outputsOf(model, table, rule.index, context, owner, trap) });
  }
  const chosen = contributingHits(table, hits);
  const result =
    hits.length === 0 && table.outputs.some((output) => output.defaultOutput)
      ? defaults(model, table, context, owner, trap)
      : applyHitPolicy(table, hits);
  return {
    decision: owner.name,
    decisionId: owner.id,
    hitPolicy: table.hitPolicy,
    aggregation: table.aggregation,
    inputs: table.inputs.map((input, i) => ({
      label: input.label,
      expression: input.expression,
      value: inputValues[i],
    })),
    matched: chosen.map((hit) => ({
      index: hit.rule.index,
      id: hit.rule.id,
      inputEntries: hit.rule.inputEntries,
      outputs: Object.fromEntries(table.outputs.map((output, i) => [output.name, hit.outputs[i] ?? null])),
      annotations: Object.fromEntries(
        table.annotations.map((name, i) => [name || `annotation${i + 1}`, hit.rule.annotations[i] ?? '']),
      ),
    })),
    result,
  };
}

function outputsOf(
  model: DmnModel,
  table: DecisionTable,
  rowIndex: number,
  context: Record<string, unknown>,
  owner: { name: string },
  trap: ErrorTrap,
): unknown[] {
  const rule = table.rules[rowIndex - 1];
  return table.outputs.map((output, i) => {
    const where = `decision «${owner.name}», row ${rowIndex}, output «${output.name}»`;
    const value = feelValue(rule?.outputEntries[i] ?? '', context, where, trap);
    checkOutput(model, output, value, where, context, trap);
    return value;
  });
}

function checkOutput(
  model: DmnModel,
  output: DecisionTable['outputs'][number],
  value: unknown,
  where: string,
  context: Record<string, unknown>,
  trap: ErrorTrap,
) {
  if (!conforms(model, value, output.typeRef)) {
    throw new DmnError('DMN_TYPE_MISMATCH', `${where}: ${JSON.stringify(value)} is not a ${output.typeRef}`);
  }
  if (output.outputValues && value !== null && !feelTest(output.outputValues, value, context, where, trap)) {
    throw new DmnError(
      'DMN_OUTPUT_OUT_OF_RANGE',
      `${where}: ${JSON.stringify(value)} is not one of ${output.outputValues}`,
    );
  }
}

function defaults(
  model: DmnModel,
  table: DecisionTable,
  context: Record<string, unknown>,
  owner: { name: string },
  trap: ErrorTrap,
): unknown {
  const values = table.outputs.map((output) => {
    const where = `decision «${owner.name}», default of «${output.name}»`;
    const value = feelValue(output.defaultOutput ?? '', context, where, trap);
    checkOutput(model, output, value, where, context, trap);
    return value;
  });
  return rowValue(table, values);
}
