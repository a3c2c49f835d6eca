/**
 * Validation of a DMN model on upload (issue #10): every error names the decision, the row
 * (1-based) and the column, in Swedish first with English beside it. Pure.
 */
import { evaluate, FeelFunction, unaryTest } from 'feelin';
import { type DecisionTable, DmnError, type DmnModel, type Expr } from './dmn-model.ts';
import { entriesOverlap, entryShape, literalTypes } from './entry-analysis.ts';
import { builtinType } from './feel-types.ts';
import { parseDmn } from './parse-dmn.ts';

export type ValidationCode =
  | 'XML_INVALID'
  | 'UNSUPPORTED'
  | 'MISSING_REQUIREMENT'
  | 'MISSING_REQUIRED_DECISION'
  | 'UNKNOWN_INPUT'
  | 'FEEL_SYNTAX'
  | 'TYPE_MISMATCH'
  | 'ENTRY_COUNT'
  | 'UNIQUE_OVERLAP';

/** One problem found in a model. */
export interface ValidationError {
  code: ValidationCode;
  /** Swedish, for the admin. */
  message: string;
  messageEn: string;
  /** The decision (or business knowledge model) the problem is in. */
  decision?: string;
  /** Row number, 1-based. */
  rule?: number;
  /** Input or output name (the column's label). */
  column?: string;
}

interface Scope {
  model: DmnModel;
  owner: string;
  /** Names visible to the owner's expressions, with stand-in values. */
  names: Record<string, unknown>;
  /** Names of decisions and input data the owner did not declare as requirements. */
  undeclared: Set<string>;
  errors: ValidationError[];
}

type At = Pick<ValidationError, 'rule' | 'column'>;

function report(scope: Scope, code: ValidationCode, sv: string, en: string, at: At = {}) {
  scope.errors.push({ code, message: sv, messageEn: en, decision: scope.owner, ...at });
}

const place = (at: At) =>
  [at.rule ? `rad ${at.rule}` : '', at.column ? `kolumn «${at.column}»` : ''].filter(Boolean).join(', ');
const placeEn = (at: At) =>
  [at.rule ? `row ${at.rule}` : '', at.column ? `column «${at.column}»` : ''].filter(Boolean).join(', ');

/** Checks one FEEL text: syntax, and names that the owner cannot see. */
function checkFeel(scope: Scope, text: string, unary: boolean, at: At) {
  if (!text.trim() || (unary && text.trim() === '-')) return;
  let warnings: { type: string; message: string }[];
  try {
    warnings = unary
      ? unaryTest(text, { ...scope.names, '?': null }).warnings
      : evaluate(text, scope.names).warnings;
  } catch (error) {
    // feelin parses some malformed entries (`> > 3`) and only fails building them: that is a
    // syntax error to whoever wrote the entry, not a crash of the check.
    if (!(error instanceof Error)) throw error;
    const where = place(at);
    report(
      scope,
      'FEEL_SYNTAX',
      `FEEL-syntaxfel i «${text}»${where ? ` (${where})` : ''}: ${error.message}`,
      `FEEL syntax error in «${text}»${at.rule || at.column ? ` (${placeEn(at)})` : ''}: ${error.message}`,
      at,
    );
    return;
  }
  for (const warning of warnings.filter(
    (w) => w.type === 'NO_VARIABLE_FOUND' || w.type === 'NO_FUNCTION_FOUND',
  )) {
    const name = /'(.*)'/.exec(warning.message)?.[1] ?? warning.message;
    if (scope.undeclared.has(name)) {
      report(
        scope,
        'MISSING_REQUIRED_DECISION',
        `«${name}» används men är inte ett krav för «${scope.owner}» (informationRequirement saknas)`,
        `«${name}» is used but «${scope.owner}» does not require it (informationRequirement missing)`,
        at,
      );
    } else {
      report(
        scope,
        'UNKNOWN_INPUT',
        `«${name}» är varken indata, beslut eller funktion i modellen`,
        `«${name}» names no input data, decision or function of the model`,
        at,
      );
    }
  }
}

function checkTypes(scope: Scope, text: string, typeRef: string | undefined, unary: boolean, at: At) {
  const expected = builtinType(scope.model, typeRef);
  if (!expected || !['number', 'string', 'boolean', 'date'].includes(expected)) return;
  const found = literalTypes(text, unary).filter((type) => type !== expected);
  if (found.length) {
    report(
      scope,
      'TYPE_MISMATCH',
      `«${text}» är av typen ${found.join(', ')} men kolumnen har typen ${expected}`,
      `«${text}» is a ${found.join(', ')} but the column's type is ${expected}`,
      at,
    );
  }
}

function checkTable(scope: Scope, table: DecisionTable) {
  for (const input of table.inputs) {
    checkFeel(scope, input.expression, false, { column: input.label });
    if (input.inputValues) {
      checkFeel(scope, input.inputValues, true, { column: input.label });
      checkTypes(scope, input.inputValues, input.typeRef, true, { column: input.label });
    }
  }
  for (const output of table.outputs) {
    const at = { column: output.name };
    if (output.outputValues) {
      checkFeel(scope, output.outputValues, true, at);
      checkTypes(scope, output.outputValues, output.typeRef, true, at);
    }
    if (output.defaultOutput) checkFeel(scope, output.defaultOutput, false, at);
  }
  for (const rule of table.rules) {
    if (
      rule.inputEntries.length !== table.inputs.length ||
      rule.outputEntries.length !== table.outputs.length
    ) {
      report(
        scope,
        'ENTRY_COUNT',
        `raden har ${rule.inputEntries.length} villkor och ${rule.outputEntries.length} utfall, tabellen har ${table.inputs.length} och ${table.outputs.length}`,
        `the row has ${rule.inputEntries.length} input and ${rule.outputEntries.length} output entries; the table has ${table.inputs.length} and ${table.outputs.length}`,
        { rule: rule.index },
      );
    }
    table.inputs.forEach((input, i) => {
      const at = { rule: rule.index, column: input.label };
      checkFeel(scope, rule.inputEntries[i] ?? '-', true, at);
      checkTypes(scope, rule.inputEntries[i] ?? '-', input.typeRef, true, at);
    });
    table.outputs.forEach((output, i) => {
      const at = { rule: rule.index, column: output.name };
      checkFeel(scope, rule.outputEntries[i] ?? '', false, at);
      checkTypes(scope, rule.outputEntries[i] ?? '', output.typeRef, false, at);
    });
  }
  if (table.hitPolicy === 'UNIQUE') checkOverlaps(scope, table);
}

/** Reports pairs of rows of a UNIQUE table that surely match one same input (see entry-analysis.ts). */
function checkOverlaps(scope: Scope, table: DecisionTable) {
  const shapes = table.rules.map((rule) =>
    table.inputs.map((_, i) => entryShape(rule.inputEntries[i] ?? '-')),
  );
  for (let j = 1; j < table.rules.length; j++) {
    for (let i = 0; i < j; i++) {
      const a = shapes[i] ?? [];
      const b = shapes[j] ?? [];
      if (
        !a.every((entry, c) => {
          const other = b[c];
          return other !== undefined && entriesOverlap(entry, other) === true;
        })
      )
        continue;
      report(
        scope,
        'UNIQUE_OVERLAP',
        `raderna ${i + 1} och ${j + 1} kan gälla för samma indata, men tabellen har träffpolicyn UNIQUE`,
        `rows ${i + 1} and ${j + 1} can match the same input, yet the table's hit policy is UNIQUE`,
        { rule: j + 1 },
      );
    }
  }
}

function checkExpr(scope: Scope, expr: Expr | null) {
  if (!expr) return;
  switch (expr.kind) {
    case 'literal':
      return checkFeel(scope, expr.text, false, {});
    case 'table':
      return checkTable(scope, expr.table);
    case 'invocation':
      if (!scope.model.knowledgeModels.some((bkm) => bkm.name === expr.called))
        checkFeel(scope, expr.called, false, {});
      for (const binding of expr.bindings) checkExpr(scope, binding.expr);
      return;
    case 'context': {
      const inner = { ...scope, names: { ...scope.names } };
      for (const entry of expr.entries) {
        checkExpr(inner, entry.expr);
        if (entry.name) inner.names[entry.name] = null;
      }
      return;
    }
    case 'list':
      for (const item of expr.items) checkExpr(scope, item);
      return;
    case 'function': {
      const params = Object.fromEntries(expr.params.map((param) => [param, null]));
      return checkExpr({ ...scope, names: { ...scope.names, ...params } }, expr.body);
    }
    case 'unsupported':
      report(
        scope,
        'UNSUPPORTED',
        `motorn kan inte utvärdera ${expr.element}`,
        `the engine cannot evaluate a ${expr.element}`,
      );
  }
}

function functions(model: DmnModel): Record<string, unknown> {
  return Object.fromEntries(
    model.knowledgeModels.map((bkm) => [
      bkm.name,
      new FeelFunction(
        () => null,
        bkm.params.map((p) => p.name),
      ),
    ]),
  );
}

/** Validates an already parsed model. */
export function validateParsedModel(model: DmnModel): ValidationError[] {
  const errors: ValidationError[] = [];
  const every = [...model.decisions.map((d) => d.name), ...model.inputs.map((i) => i.name)];
  for (const decision of model.decisions) {
    const names: Record<string, unknown> = functions(model);
    const scope: Scope = { model, owner: decision.name, names, undeclared: new Set(), errors };
    for (const id of [...decision.requiredInputs, ...decision.requiredDecisions]) {
      const found = [...model.inputs, ...model.decisions].find((element) => element.id === id);
      if (found) names[found.name] = null;
      else {
        report(
          scope,
          'MISSING_REQUIREMENT',
          `kräver «${id}», som inte finns i modellen`,
          `requires «${id}», which is not in the model`,
        );
      }
    }
    for (const name of every) if (!(name in names)) scope.undeclared.add(name);
    checkExpr(scope, decision.logic);
  }
  for (const bkm of model.knowledgeModels) {
    const names = { ...functions(model), ...Object.fromEntries(bkm.params.map((p) => [p.name, null])) };
    checkExpr({ model, owner: bkm.name, names, undeclared: new Set(every), errors }, bkm.body);
  }
  return errors;
}

/** Validates DMN XML on upload; an empty list means the model can be published. */
export async function validateModel(xml: string): Promise<ValidationError[]> {
  try {
    return validateParsedModel(await parseDmn(xml));
  } catch (error) {
    if (!(error instanceof DmnError)) throw error;
    return [
      { code: 'XML_INVALID', message: `filen kan inte läsas: ${error.message}`, messageEn: error.message },
    ];
  }
}
