/**
 * Conditions, visibility and step navigation. Pure functions over a definition and the answers so far.
 *
 * Visibility is always worked out in definition order against the answers of *visible* fields only, so a
 * stale answer to a field that has since become hidden can never keep a dependent field or step visible.
 * That is sound because `showIf` may only refer to earlier fields (checked by validateDefinition).
 */
import type { Answers, AnswerValue, Condition, Field, ServiceDefinition, Step } from './definition.ts';

/** True when the answer counts as given: absent, empty strings and empty lists do not. */
export function hasAnswer(value: AnswerValue | undefined): boolean {
  if (value === undefined) return false;
  if (typeof value === 'string') return value.trim() !== '';
  if (Array.isArray(value)) return value.length > 0;
  return true;
}

/**
 * Evaluates a condition against answers. An absent condition holds. For checkboxes (a list of values),
 * `equals` holds when the value is ticked and `in` when any listed value is ticked.
 */
export function conditionHolds(condition: Condition | undefined, answers: Answers): boolean {
  if (!condition) return true;
  if ('all' in condition) return condition.all.every((c) => conditionHolds(c, answers));
  if ('any' in condition) return condition.any.some((c) => conditionHolds(c, answers));
  const value = answers[condition.field];
  if ('notEmpty' in condition) return hasAnswer(value);
  if ('in' in condition) {
    if (Array.isArray(value)) return value.some((v) => typeof v === 'string' && condition.in.includes(v));
    return typeof value === 'string' && condition.in.includes(value);
  }
  if (Array.isArray(value)) return value.some((v) => v === condition.equals);
  return value === condition.equals;
}

/** Ids of the fields a condition looks at (used by definition checks and by views for same-step reveals). */
export function conditionFieldIds(condition: Condition | undefined): string[] {
  if (!condition) return [];
  if ('all' in condition) return condition.all.flatMap(conditionFieldIds);
  if ('any' in condition) return condition.any.flatMap(conditionFieldIds);
  return [condition.field];
}

/**
 * Keeps only the answers to fields that are visible, in visible steps. Answers to unknown field ids are
 * dropped too. Use before submit so hidden answers are never stored on a case.
 */
export function pruneHidden(def: ServiceDefinition, answers: Answers): Answers {
  const kept: Answers = {};
  for (const step of def.steps) {
    if (!conditionHolds(step.showIf, kept)) continue;
    for (const field of step.fields) {
      const value = answers[field.id];
      if (value !== undefined && conditionHolds(field.showIf, kept)) kept[field.id] = value;
    }
  }
  return kept;
}

/** The steps the resident should see, in order. */
export function visibleSteps(def: ServiceDefinition, answers: Answers): Step[] {
  const effective = pruneHidden(def, answers);
  return def.steps.filter((step) => conditionHolds(step.showIf, effective));
}

/** Whether a step is currently shown. Unknown ids are not. */
export function isStepVisible(def: ServiceDefinition, stepId: string, answers: Answers): boolean {
  return visibleSteps(def, answers).some((step) => step.id === stepId);
}

/**
 * Whether a field is currently shown: its step is visible and its own condition holds.
 * A field whose condition refers to a field in the same step depends on input not yet posted; views
 * render such fields and reveal them client-side (see docs/form-definitions.md).
 */
export function isFieldVisible(def: ServiceDefinition, fieldId: string, answers: Answers): boolean {
  const effective = pruneHidden(def, answers);
  const step = findStepOfField(def, fieldId);
  const field = findField(def, fieldId);
  if (!step || !field || !conditionHolds(step.showIf, effective)) return false;
  return conditionHolds(field.showIf, effective);
}

/** The first visible step (steps without a condition are always visible, but the first may have one). */
export function firstStepId(def: ServiceDefinition, answers: Answers): string | undefined {
  return visibleSteps(def, answers)[0]?.id;
}

/** The visible step after `currentStepId`, or undefined when it is the last (go to "check your answers"). */
export function nextStepId(
  def: ServiceDefinition,
  currentStepId: string,
  answers: Answers,
): string | undefined {
  return neighbourStepId(def, currentStepId, answers, 1);
}

/** The visible step before `currentStepId`, or undefined when it is the first (go to the start page). */
export function previousStepId(
  def: ServiceDefinition,
  currentStepId: string,
  answers: Answers,
): string | undefined {
  return neighbourStepId(def, currentStepId, answers, -1);
}

// Walks the definition order rather than the visible list, so navigation still works from a step that
// the latest answers have just hidden.
function neighbourStepId(
  def: ServiceDefinition,
  currentStepId: string,
  answers: Answers,
  direction: 1 | -1,
): string | undefined {
  const index = def.steps.findIndex((step) => step.id === currentStepId);
  if (index < 0) return undefined;
  const visible = new Set(visibleSteps(def, answers).map((step) => step.id));
  for (let i = index + direction; i >= 0 && i < def.steps.length; i += direction) {
    const step = def.steps[i];
    if (step && visible.has(step.id)) return step.id;
  }
  return undefined;
}

/** Finds a step by id. */
export function findStep(def: ServiceDefinition, stepId: string): Step | undefined {
  return def.steps.find((step) => step.id === stepId);
}

/** Finds a field by id anywhere in the definition. */
export function findField(def: ServiceDefinition, fieldId: string): Field | undefined {
  return allFields(def).find((field) => field.id === fieldId);
}

/** The step that holds a field. */
export function findStepOfField(def: ServiceDefinition, fieldId: string): Step | undefined {
  return def.steps.find((step) => step.fields.some((field) => field.id === fieldId));
}

/** Every field of the definition, in order. */
export function allFields(def: ServiceDefinition): Field[] {
  return def.steps.flatMap((step) => step.fields);
}
