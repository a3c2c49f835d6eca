import type { Field } from '../../forms/definition.ts';

/**
 * The id of the first input a field renders: what error-summary and "change" links point at.
 * Grouped fields render parts (`x.street`, `x.address`), so a link to the bare field id would go nowhere.
 */
export function firstInputId(field: Field): string {
  if (field.type === 'location') return `${field.id}.address`;
  if (field.type === 'address') return `${field.id}.street`;
  return field.id;
}

/** Where a validation error for `inputName` should link: the part named, or the field's first input. */
export function inputIdForError(fields: Field[], inputName: string): string {
  const field = fields.find((candidate) => candidate.id === inputName);
  return field ? firstInputId(field) : inputName;
}
