/**
 * Rule simulation (issue #10, decision 0013), pure: what a rule version would propose for a past
 * case's answers, with the same input mapping and evaluation as the proposal handler
 * (proposals/model.ts), and which cases' outcomes change between two rule versions.
 */
import { DmnError, type DmnModel } from '../decision-rules/dmn-model.ts';
import type { Answers, DecisionSupportDefinition, ProposedOutcome } from '../forms/definition.ts';
import { answerFieldOf, decisionInputs, propose, type RuleVersion } from '../proposals/model.ts';

/** A rule version ready to evaluate: the parsed model, its mapping and its version. */
export interface RuleSet {
  model: DmnModel;
  support: DecisionSupportDefinition;
  ruleVersion: RuleVersion;
}

/** What a rule version proposes for one case: an outcome, or why it proposes none. */
export interface SimulatedOutcome {
  outcome: ProposedOutcome | null;
  /** The decision's output as the model gave it (null when it gave none). */
  value: unknown;
  /** The error code when no outcome could be proposed (`DMN_…`, `OUTCOME_UNMAPPED`, `NO_RULES`). */
  error: string | null;
}

/** The "outcome" of a service with no published rules to compare with: no proposal at all. */
export const NO_RULES: SimulatedOutcome = { outcome: null, value: null, error: 'NO_RULES' };

/** One case's outcome under the baseline and under the simulated version. */
export interface SimulatedCase {
  reference: string;
  submittedAt: Date;
  old: SimulatedOutcome;
  new: SimulatedOutcome;
}

/** A transition between two outcomes and how many cases make it. */
export interface Transition {
  old: SimulatedOutcome;
  new: SimulatedOutcome;
  count: number;
}

function outcomeForInputs(rules: RuleSet, inputs: Record<string, unknown>): SimulatedOutcome {
  try {
    const proposal = propose(rules.model, rules.support, inputs, rules.ruleVersion);
    return { outcome: proposal.outcome, value: proposal.value, error: proposal.error?.code ?? null };
  } catch (error) {
    // As in the proposal handler: any evaluation error is a proposal that could not be made.
    return { outcome: null, value: null, error: error instanceof DmnError ? error.code : 'DMN_ENGINE_ERROR' };
  }
}

/**
 * A simulator that evaluates each distinct set of inputs once: evaluation is pure, so cases with the
 * same inputs (the same grade and distance) get the same outcome, and most services' answers repeat.
 */
export function memoizedSimulator(rules: RuleSet, today: Date) {
  const seen = new Map<string, SimulatedOutcome>();
  return (answers: Answers): SimulatedOutcome => {
    const inputs = decisionInputs(rules.support, answers, today);
    const key = JSON.stringify(Object.entries(inputs));
    const known = seen.get(key);
    if (known) return known;
    const outcome = outcomeForInputs(rules, inputs);
    seen.set(key, outcome);
    return outcome;
  };
}

/**
 * Whether two outcomes are the same for the case: the same proposed outcome, or — when neither
 * proposes one — the same reason (an unmapped output also by its value).
 */
export function sameOutcome(a: SimulatedOutcome, b: SimulatedOutcome): boolean {
  if (a.outcome !== null || b.outcome !== null) return a.outcome === b.outcome;
  if (a.error !== b.error) return false;
  return a.error !== 'OUTCOME_UNMAPPED' || JSON.stringify(a.value) === JSON.stringify(b.value);
}

/** A stable key of an outcome, for counting transitions. */
function outcomeKey(outcome: SimulatedOutcome): string {
  return (
    outcome.outcome ??
    `${outcome.error}:${outcome.error === 'OUTCOME_UNMAPPED' ? JSON.stringify(outcome.value) : ''}`
  );
}

/** The changes among simulated cases, grouped by transition (most frequent first). */
export function transitions(changed: SimulatedCase[]): Transition[] {
  const groups = new Map<string, Transition>();
  for (const item of changed) {
    const key = `${outcomeKey(item.old)}→${outcomeKey(item.new)}`;
    const group = groups.get(key) ?? { old: item.old, new: item.new, count: 0 };
    group.count += 1;
    groups.set(key, group);
  }
  return [...groups.values()].sort((a, b) => b.count - a.count);
}

/** The answer fields a rule version reads (derived values read their source field). */
export function fieldsRead(support: DecisionSupportDefinition): string[] {
  return Object.values(support.inputs).map(answerFieldOf);
}
