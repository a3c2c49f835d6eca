/**
 * The pure form engine: one import for routes and views. Everything here is free of I/O and framework
 * code, so it runs the same in request handlers, background jobs and tests.
 */
export {
  allFields,
  conditionFieldIds,
  conditionHolds,
  findField,
  findStep,
  findStepOfField,
  firstStepId,
  hasAnswer,
  isFieldVisible,
  isStepVisible,
  nextStepId,
  previousStepId,
  pruneHidden,
  visibleSteps,
} from './conditions.ts';
export { isAccepted } from './field-rules.ts';
export { formatAnswer } from './format-answer.ts';
export { formatBytes } from './messages.ts';
export {
  isValidIsoDate,
  isValidSwedishPhone,
  normalizeAnswer,
  normalizePersonalIdentityNumber,
  normalizePhone,
  normalizePostalCode,
  parseSwedishNumber,
} from './normalize.ts';
export { type FormBody, parseStepInput } from './parse-input.ts';
export { type DefinitionValidationResult, validateDefinition } from './validate-definition.ts';
export {
  type FieldError,
  firstStepWithErrors,
  type StepErrors,
  type ValidationOptions,
  validateAll,
  validateStep,
} from './validate-step.ts';
