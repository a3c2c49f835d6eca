/**
 * Decision proposals (issue #10), pure: which inputs a service's decision reads from a case's
 * answers, and the proposal a DMN evaluation (or its failure) becomes. A proposal records everything
 * needed to show why: inputs, the model's version, the matched rows, the outputs, the explanation.
 */
import type { DmnModel } from '../decision-rules/dmn-model.ts';
import { evaluateDecision } from '../decision-rules/evaluate.ts';
import { explain } from '../decision-rules/explain.ts';
import type { Answers, DecisionSupportDefinition, ProposedOutcome } from '../forms/definition.ts';

/** The rule version a proposal was made with: the service version and a hash of its XML. */
export interface RuleVersion {
  serviceVersionId: string;
  version: number;
  modelSha256: string;
  decision: string;
}

/** One table's rows that made its result. */
export interface ProposalTable {
  decision: string;
  hitPolicy: string;
  rows: { row: number; ruleId?: string; inputEntries: string[]; outputs: Record<string, unknown> }[];
}

/** The data of a `proposal` case event. `outcome` is null when no proposal could be made. */
export interface Proposal {
  outcome: ProposedOutcome | null;
  /** The decision's output as the model gave it. */
  value: unknown;
  explanation: { sv: string; en: string } | null;
  inputs: Record<string, unknown>;
  tables: ProposalTable[];
  ruleVersion: RuleVersion;
  /** Why no proposal could be made (an engine error, an output without an outcome). */
  error: { code: string; message: string } | null;
}

const DERIVED = /^ageFromPersonalIdentityNumber\(([a-zA-Z0-9]+)\)$/;

/** The answer field an input mapping reads: the field itself, or the source of a derived value. */
export function answerFieldOf(source: string): string {
  return DERIVED.exec(source)?.[1] ?? source;
}

/** Age in whole years on `today` from a personnummer (YYYYMMDD-XXXX); null when not readable. */
export function ageFromPersonalIdentityNumber(value: unknown, today: Date): number | null {
  const digits = typeof value === 'string' ? value.replace(/\D/g, '') : '';
  const match = /^(\d{4})(\d{2})(\d{2})/.exec(digits);
  if (!match) return null;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  // Samordningsnummer add 60 to the day; the birthday is the same.
  const birthDay = day > 60 ? day - 60 : day;
  const beforeBirthday =
    today.getUTCMonth() + 1 < month || (today.getUTCMonth() + 1 === month && today.getUTCDate() < birthDay);
  return today.getUTCFullYear() - year - (beforeBirthday ? 1 : 0);
}

/** The decision's input data from the answers (and values derived from them); a missing answer is null. */
export function decisionInputs(
  support: DecisionSupportDefinition,
  answers: Answers,
  today: Date,
): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(support.inputs).map(([name, source]) => {
      const derived = DERIVED.exec(source);
      if (derived?.[1]) return [name, ageFromPersonalIdentityNumber(answers[derived[1]], today)];
      return [name, answers[source] ?? null];
    }),
  );
}

/** A proposal that could not be made: it says so and why, and proposes nothing. */
export function failedProposal(
  ruleVersion: RuleVersion,
  inputs: Record<string, unknown>,
  error: { code: string; message: string },
): Proposal {
  return { outcome: null, value: null, explanation: null, inputs, tables: [], ruleVersion, error };
}

/** Evaluates the service's decision; throws the engine's DmnError (the caller stores it as a failure). */
export function propose(
  model: DmnModel,
  support: DecisionSupportDefinition,
  inputs: Record<string, unknown>,
  ruleVersion: RuleVersion,
): Proposal {
  const result = evaluateDecision(model, support.decision, inputs);
  const tables = result.tables.map((table) => ({
    decision: table.decision,
    hitPolicy: table.aggregation ? `${table.hitPolicy} ${table.aggregation}` : table.hitPolicy,
    rows: table.matched.map((rule) => ({
      row: rule.index,
      ruleId: rule.id,
      inputEntries: rule.inputEntries,
      outputs: rule.outputs,
    })),
  }));
  const outcome = typeof result.value === 'string' ? support.outcomes[result.value] : undefined;
  const base = { value: result.value, inputs: result.inputs, tables, ruleVersion };
  if (!outcome) {
    const message = `the decision gave ${JSON.stringify(result.value)}, which no outcome is mapped to`;
    return { ...base, outcome: null, explanation: null, error: { code: 'OUTCOME_UNMAPPED', message } };
  }
  const explanation = { sv: explain(result, 'sv'), en: explain(result, 'en') };
  return { ...base, outcome, explanation, error: null };
}
