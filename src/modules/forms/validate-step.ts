/**
 * Step and whole-form validation. Only visible fields in visible steps are validated: a resident is never
 * asked to fix an answer to a question they cannot see.
 */
import { conditionHolds, pruneHidden } from './conditions.ts';
import type { Answers, ServiceDefinition, Step } from './definition.ts';
import { type FieldError, type ValidationOptions, validateField } from './field-rules.ts';

export type { FieldError, ValidationOptions };

// Made once: toLocaleDateString builds a new formatter on every call (~0.1 ms, measured in issue #4).
const SWEDISH_DATE = new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/Stockholm' });

/** Today's date in Sweden, YYYY-MM-DD (date rules such as "not in the past"). */
export function swedishToday(now: Date): string {
  return SWEDISH_DATE.format(now);
}

/** Errors per step id, in step order; steps without errors are left out. */
export type StepErrors = Record<string, FieldError[]>;

/**
 * Validates the visible fields of one step. Returns errors in field order (the order of the error
 * summary). A step that is itself hidden has no errors.
 */
export function validateStep(
  def: ServiceDefinition,
  step: Step,
  answers: Answers,
  options: ValidationOptions,
): FieldError[] {
  const effective = pruneHidden(def, answers);
  if (!conditionHolds(step.showIf, effective)) return [];
  return step.fields
    .filter((field) => conditionHolds(field.showIf, effective))
    .flatMap((field) => validateField(field, answers[field.id], options));
}

/** Validates every visible step, as at submit. An empty object means the answers can be submitted. */
export function validateAll(
  def: ServiceDefinition,
  answers: Answers,
  options: ValidationOptions,
): StepErrors {
  const errors: StepErrors = {};
  for (const step of def.steps) {
    const stepErrors = validateStep(def, step, answers, options);
    if (stepErrors.length > 0) errors[step.id] = stepErrors;
  }
  return errors;
}

/** The first step with errors, where a resident should be sent back to at submit. */
export function firstStepWithErrors(def: ServiceDefinition, errors: StepErrors): string | undefined {
  return def.steps.find((step) => errors[step.id]?.length)?.id;
}
