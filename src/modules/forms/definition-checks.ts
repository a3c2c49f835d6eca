/**
 * Checks a schema-valid definition for mistakes JSON Schema cannot express: duplicate ids, conditions
 * that look ahead or compare with impossible values, contradictory limits and misplaced prefills.
 * Errors are English strings prefixed with a JSON-pointer path into the definition.
 */
import type { Condition, Field, FieldType, ServiceDefinition } from './definition.ts';
import { faultReportErrors } from './fault-report-checks.ts';
import { isValidIsoDate } from './normalize.ts';

/** All semantic problems of a definition that already satisfies the JSON Schema. */
export function semanticErrors(def: ServiceDefinition): string[] {
  return [
    ...duplicateIdErrors(def),
    ...conditionErrors(def),
    ...def.steps.flatMap(stepFieldErrors),
    ...loginErrors(def),
    ...workflowErrors(def),
    ...decisionSupportErrors(def),
    ...automaticDecisionErrors(def),
    ...faultReportErrors(def),
  ];
}

/**
 * A rule decides without a human only on a recorded legal basis (issue #10), and a resident's
 * request for human review needs a handling status to put the case back in.
 */
function automaticDecisionErrors(def: ServiceDefinition): string[] {
  const automatic = def.decisionSupport?.automaticDecision;
  if (!automatic) return [];
  const path = '/decisionSupport/automaticDecision';
  const errors: string[] = [];
  if (!automatic.legalBasis.sv.trim()) {
    errors.push(
      `${path}/legalBasis/sv: an automatic decision needs the legal basis for deciding without a human (it is stated in every automatic decision's letter)`,
    );
  }
  const statuses = def.caseHandling?.statuses;
  if (statuses && !statuses.some((status) => status.category === 'inProgress')) {
    errors.push(
      `${path}: the workflow needs a status in the category inProgress, where a resident's request for human review puts the case`,
    );
  }
  return errors;
}

/** What a decision input may read: an answer field, or a value derived from one. */
const DERIVED_INPUT = /^(ageFromPersonalIdentityNumber)\(([a-zA-Z0-9]+)\)$/;

/** Every decision input names a field of the form (the model itself is checked on import, asynchronously). */
function decisionSupportErrors(def: ServiceDefinition): string[] {
  if (!def.decisionSupport) return [];
  const fields = new Map(def.steps.flatMap((step) => step.fields.map((field) => [field.id, field.type])));
  return Object.entries(def.decisionSupport.inputs).flatMap(([name, source]) => {
    const derived = DERIVED_INPUT.exec(source);
    const fieldId = derived ? derived[2] : source;
    const type = fieldId ? fields.get(fieldId) : undefined;
    const path = `/decisionSupport/inputs/${name}`;
    if (!type) return [`${path}: unknown field "${fieldId}"`];
    if (derived && type !== 'personalIdentityNumber') {
      return [`${path}: ${derived[1]} needs a personalIdentityNumber field, "${fieldId}" is ${type}`];
    }
    return [];
  });
}

function duplicateIdErrors(def: ServiceDefinition): string[] {
  const errors: string[] = [];
  const steps = new Map<string, string>();
  const fields = new Map<string, string>();
  def.steps.forEach((step, s) => {
    const stepPath = `/steps/${s}/id`;
    const firstStep = steps.get(step.id);
    if (firstStep) errors.push(`${stepPath}: duplicate step id "${step.id}" (first used at ${firstStep})`);
    else steps.set(step.id, stepPath);
    step.fields.forEach((field, f) => {
      const path = `/steps/${s}/fields/${f}/id`;
      const first = fields.get(field.id);
      if (first) errors.push(`${path}: duplicate field id "${field.id}" (first used at ${first})`);
      else fields.set(field.id, path);
    });
  });
  return errors;
}

// Walks the definition in order so that `earlier` holds exactly the fields a condition may refer to.
function conditionErrors(def: ServiceDefinition): string[] {
  const all = new Map(def.steps.flatMap((step) => step.fields.map((field) => [field.id, field] as const)));
  const earlier = new Map<string, Field>();
  const errors: string[] = [];
  def.steps.forEach((step, s) => {
    if (step.showIf) errors.push(...checkCondition(step.showIf, `/steps/${s}/showIf`, earlier, all));
    step.fields.forEach((field, f) => {
      if (field.showIf)
        errors.push(...checkCondition(field.showIf, `/steps/${s}/fields/${f}/showIf`, earlier, all));
      earlier.set(field.id, field);
    });
  });
  return errors;
}

function checkCondition(
  condition: Condition,
  path: string,
  earlier: Map<string, Field>,
  all: Map<string, Field>,
): string[] {
  if ('all' in condition)
    return condition.all.flatMap((c, i) => checkCondition(c, `${path}/all/${i}`, earlier, all));
  if ('any' in condition)
    return condition.any.flatMap((c, i) => checkCondition(c, `${path}/any/${i}`, earlier, all));
  const target = earlier.get(condition.field);
  if (!target) {
    const why = all.has(condition.field) ? 'which is not an earlier field' : 'which does not exist';
    return [
      `${path}/field: condition refers to "${condition.field}", ${why}; a condition may only refer to a field in an earlier step or earlier in the same step`,
    ];
  }
  if ('equals' in condition) return checkComparedValues(target, [condition.equals], 'equals', path);
  if ('in' in condition) return checkComparedValues(target, condition.in, 'in', path);
  return [];
}

/** The JavaScript type an answer of each field type has, for `equals`/`in`; undefined: only notEmpty makes sense. */
const COMPARABLE_AS: Partial<Record<FieldType, 'string' | 'number' | 'boolean'>> = {
  text: 'string',
  textarea: 'string',
  email: 'string',
  phone: 'string',
  personalIdentityNumber: 'string',
  date: 'string',
  select: 'string',
  radio: 'string',
  checkboxes: 'string',
  number: 'number',
  yesNo: 'boolean',
};

// A condition comparing with a value the field can never hold would silently never show its target.
function checkComparedValues(
  target: Field,
  values: unknown[],
  operator: 'equals' | 'in',
  path: string,
): string[] {
  const expected = COMPARABLE_AS[target.type];
  const where = `${path}/${operator}`;
  if (!expected)
    return [`${where}: a ${target.type} field ("${target.id}") can only be tested with notEmpty`];
  if (operator === 'in' && expected !== 'string') {
    return [
      `${where}: "in" needs a field with text or option answers, but "${target.id}" is a ${target.type} field`,
    ];
  }
  const wrongType = values.find((v) => typeof v !== expected);
  if (wrongType !== undefined) {
    return [
      `${where}: ${JSON.stringify(wrongType)} can never match "${target.id}", whose answers are ${expected}s`,
    ];
  }
  if (!('options' in target)) return [];
  const known = new Set(target.options.map((option) => option.value));
  return values
    .filter((v) => !known.has(v as string))
    .map((v) => `${where}: ${JSON.stringify(v)} is not an option value of "${target.id}"`);
}

function stepFieldErrors(step: ServiceDefinition['steps'][number], s: number): string[] {
  return step.fields.flatMap((field, f) => {
    const path = `/steps/${s}/fields/${f}`;
    return [
      ...optionErrors(field, path),
      ...limitErrors(field, path),
      ...patternErrors(field, path),
      ...prefillErrors(field, path),
    ];
  });
}

function optionErrors(field: Field, path: string): string[] {
  if (!('options' in field)) return [];
  const seen = new Set<string>();
  const errors: string[] = [];
  field.options.forEach((option, i) => {
    if (seen.has(option.value))
      errors.push(
        `${path}/options/${i}/value: duplicate option value "${option.value}" in field "${field.id}"`,
      );
    seen.add(option.value);
  });
  return errors;
}

function limitErrors(field: Field, path: string): string[] {
  switch (field.type) {
    case 'text':
    case 'textarea':
      return minMax(path, 'minLength', field.minLength, 'maxLength', field.maxLength);
    case 'number':
      return minMax(path, 'min', field.min, 'max', field.max);
    case 'date':
      return dateLimitErrors(field.min, field.max, path);
    case 'checkboxes': {
      const count = field.options.length;
      const errors = minMax(path, 'minSelected', field.minSelected, 'maxSelected', field.maxSelected);
      if ((field.minSelected ?? 0) > count)
        errors.push(`${path}/minSelected: is larger than the number of options (${count})`);
      return errors;
    }
    default:
      return [];
  }
}

function minMax(
  path: string,
  minName: string,
  min: number | undefined,
  maxName: string,
  max: number | undefined,
): string[] {
  if (min === undefined || max === undefined || min <= max) return [];
  return [`${path}/${minName}: ${minName} (${min}) is larger than ${maxName} (${max})`];
}

function dateLimitErrors(min: string | undefined, max: string | undefined, path: string): string[] {
  const errors: string[] = [];
  for (const [name, value] of [
    ['min', min],
    ['max', max],
  ] as const) {
    if (value !== undefined && value !== 'today' && !isValidIsoDate(value))
      errors.push(`${path}/${name}: "${value}" is not a real date`);
  }
  // Any ISO date compares correctly as a string; "today" moves, so only fixed pairs can be checked here.
  if (errors.length === 0 && min && max && min !== 'today' && max !== 'today' && min > max) {
    errors.push(`${path}/min: min (${min}) is later than max (${max})`);
  }
  return errors;
}

function patternErrors(field: Field, path: string): string[] {
  if (field.type !== 'text' && field.type !== 'textarea') return [];
  if (field.pattern === undefined) {
    return field.patternMessage
      ? [`${path}/patternMessage: patternMessage has no effect without a pattern`]
      : [];
  }
  try {
    new RegExp(`^(?:${field.pattern})$`);
    return [];
  } catch (error) {
    return [`${path}/pattern: not a valid JavaScript regular expression (${(error as Error).message})`];
  }
}

const PREFILL_TYPES: Record<string, FieldType> = {
  'profile.email': 'email',
  'profile.phone': 'phone',
  'profile.address': 'address',
};

function prefillErrors(field: Field, path: string): string[] {
  if (!field.prefill) return [];
  const expected = PREFILL_TYPES[field.prefill];
  if (field.type === expected) return [];
  return [
    `${path}/prefill: "${field.prefill}" can only prefill a field of type "${expected}", not "${field.type}"`,
  ];
}

function loginErrors(def: ServiceDefinition): string[] {
  if (!def.login.required || def.login.minimumLevel !== 'none') return [];
  return [
    '/login/minimumLevel: a service that requires login needs a level of assurance ("loa2" or "loa3"), not "none"',
  ];
}

/**
 * A workflow must be walkable: unique ids, transitions to statuses that exist, a start that is a
 * received or in-progress status, and a way to closing and, unless the case type ends without a
 * formal decision (`formalDecision: false`, issue #11), to a decision and to asking for completion.
 */
function workflowErrors(def: ServiceDefinition): string[] {
  const statuses = def.caseHandling?.statuses;
  if (!statuses) return [];
  const errors: string[] = [];
  const ids = new Set<string>();
  statuses.forEach((status, index) => {
    if (ids.has(status.id))
      errors.push(`/caseHandling/statuses/${index}/id: duplicate status id "${status.id}"`);
    ids.add(status.id);
  });
  statuses.forEach((status, index) => {
    for (const next of status.next) {
      if (!ids.has(next)) errors.push(`/caseHandling/statuses/${index}/next: unknown status "${next}"`);
      if (next === status.id)
        errors.push(`/caseHandling/statuses/${index}/next: a status cannot lead to itself`);
    }
  });
  const first = statuses[0];
  if (first && first.category !== 'received' && first.category !== 'inProgress') {
    errors.push('/caseHandling/statuses/0/category: the first status must be "received" or "inProgress"');
  }
  const needed =
    def.caseHandling?.formalDecision === false
      ? (['closed'] as const)
      : (['waitingForResident', 'decided', 'closed'] as const);
  for (const category of needed) {
    if (!statuses.some((status) => status.category === category)) {
      errors.push(`/caseHandling/statuses: needs at least one status in category "${category}"`);
    }
  }
  return errors;
}
