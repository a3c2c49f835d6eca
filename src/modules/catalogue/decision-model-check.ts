/**
 * Checks a definition's decision model on import (issue #10): the DMN must validate (every error names
 * its decision, row and column), name the configured decision, and declare every mapped input.
 */
import { DmnError } from '../decision-rules/dmn-model.ts';
import { findDecision } from '../decision-rules/evaluate.ts';
import { parseDmn } from '../decision-rules/parse-dmn.ts';
import { type ValidationError, validateModel } from '../decision-rules/validate.ts';
import type { DecisionSupportDefinition } from '../forms/definition.ts';

/** Where an error is: "beslut «X», rad 2, kolumn «Avstånd (km)»". */
function place(error: ValidationError): string {
  return [
    error.decision ? `beslut «${error.decision}»` : undefined,
    error.rule !== undefined ? `rad ${error.rule}` : undefined,
    error.column ? `kolumn «${error.column}»` : undefined,
  ]
    .filter(Boolean)
    .join(', ');
}

/** The model's problems as "/decisionSupport/model: <where>: <what> (<code>)"; empty when it can be used. */
export async function decisionModelErrors(support: DecisionSupportDefinition): Promise<string[]> {
  let errors: ValidationError[];
  try {
    errors = await validateModel(support.model);
  } catch (error) {
    // An entry the checker itself cannot read is refused too, rather than stored unchecked.
    return [`/decisionSupport/model: the model could not be checked: ${(error as Error).message}`];
  }
  if (errors.length > 0) {
    return errors.map((error) => {
      const where = place(error);
      return `/decisionSupport/model: ${where ? `${where}: ` : ''}${error.message} (${error.code})`;
    });
  }
  const model = await parseDmn(support.model);
  try {
    findDecision(model, support.decision);
  } catch (error) {
    if (!(error instanceof DmnError)) throw error;
    return [`/decisionSupport/decision: ${error.message}`];
  }
  const declared = new Set(model.inputs.map((input) => input.name));
  return Object.keys(support.inputs)
    .filter((name) => !declared.has(name))
    .map((name) => `/decisionSupport/inputs/${name}: the model has no input data «${name}»`);
}
