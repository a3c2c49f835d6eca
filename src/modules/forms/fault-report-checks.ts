/**
 * Checks of a fault report definition (`faultReport`, issue #11) that JSON Schema cannot express:
 * the named fields exist with the right types, every option of the category field has exactly one
 * category, the statuses exist in the workflow and mean what they are used for.
 */
import type { Field, ServiceDefinition, StatusDefinition } from './definition.ts';

const PATH = '/faultReport';

function fieldsById(def: ServiceDefinition): Map<string, Field> {
  return new Map(def.steps.flatMap((step) => step.fields.map((field) => [field.id, field] as const)));
}

function fieldErrors(def: ServiceDefinition, fields: Map<string, Field>): string[] {
  const report = def.faultReport;
  if (!report) return [];
  const expect = (key: string, id: string | undefined, types: string[]) => {
    if (id === undefined) return [];
    const field = fields.get(id);
    if (!field) return [`${PATH}/${key}: unknown field "${id}"`];
    if (!types.includes(field.type))
      return [`${PATH}/${key}: "${id}" must be a ${types.join(' or ')} field, not ${field.type}`];
    return [];
  };
  return [
    ...expect('categoryField', report.categoryField, ['radio', 'select']),
    ...expect('locationField', report.locationField, ['location']),
    ...expect('contactEmailField', report.contactEmailField, ['email']),
  ];
}

function categoryErrors(def: ServiceDefinition, fields: Map<string, Field>, statusIds: Set<string>) {
  const report = def.faultReport;
  if (!report) return [];
  const field = fields.get(report.categoryField);
  const options = field && 'options' in field ? field.options.map((option) => option.value) : [];
  const errors: string[] = [];
  const seen = new Set<string>();
  report.categories.forEach((category, index) => {
    const path = `${PATH}/categories/${index}`;
    if (seen.has(category.code)) errors.push(`${path}/code: duplicate category "${category.code}"`);
    seen.add(category.code);
    if (field && !options.includes(category.code))
      errors.push(`${path}/code: "${category.code}" is not an option of "${report.categoryField}"`);
    for (const statusId of Object.keys(category.statusTexts ?? {}))
      if (!statusIds.has(statusId)) errors.push(`${path}/statusTexts: unknown status "${statusId}"`);
  });
  const missing = options.filter((value) => !seen.has(value));
  if (field && missing.length > 0)
    errors.push(
      `${PATH}/categories: no category for the option(s) ${missing.map((v) => `"${v}"`).join(', ')}`,
    );
  return errors;
}

function statusErrors(def: ServiceDefinition, statuses: Map<string, StatusDefinition>): string[] {
  const report = def.faultReport;
  if (!report) return [];
  const errors: string[] = [];
  const fixed = statuses.get(report.fixedStatus);
  const reopen = statuses.get(report.reopenStatus);
  if (!def.caseHandling) errors.push(`${PATH}: a fault report service declares its workflow (caseHandling)`);
  else if (!fixed) errors.push(`${PATH}/fixedStatus: unknown status "${report.fixedStatus}"`);
  else if (fixed.category !== 'decided' && fixed.category !== 'closed')
    errors.push(`${PATH}/fixedStatus: "${fixed.id}" must be of category "decided" or "closed"`);
  if (def.caseHandling && !reopen)
    errors.push(`${PATH}/reopenStatus: unknown status "${report.reopenStatus}"`);
  else if (reopen && reopen.category !== 'inProgress' && reopen.category !== 'received')
    errors.push(`${PATH}/reopenStatus: "${reopen.id}" must be of category "received" or "inProgress"`);
  if (def.caseHandling?.formalDecision !== false && fixed?.category === 'decided')
    errors.push(
      `${PATH}/fixedStatus: "${fixed.id}" is a decision status; declare "formalDecision": false in caseHandling`,
    );
  return errors;
}

/** Every problem of the definition's `faultReport`, and of decision support in a workflow without decisions. */
export function faultReportErrors(def: ServiceDefinition): string[] {
  const noDecision =
    def.caseHandling?.formalDecision === false && def.decisionSupport
      ? ['/decisionSupport: a workflow without formal decisions ("formalDecision": false) cannot propose one']
      : [];
  if (!def.faultReport) return noDecision;
  const fields = fieldsById(def);
  const statuses = new Map((def.caseHandling?.statuses ?? []).map((status) => [status.id, status] as const));
  return [
    ...noDecision,
    ...fieldErrors(def, fields),
    ...categoryErrors(def, fields, new Set(statuses.keys())),
    ...statusErrors(def, statuses),
  ];
}
