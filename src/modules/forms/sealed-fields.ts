/**
 * Which answers of a form are sealed at rest (issue #14, decision 0034): those of fields at
 * confidentiality level 3 (often health data, GDPR art. 9; OSL 25:1 secrecy), and every personnummer,
 * whatever its level, which is also hashed so officers can still find the case by it. Pure.
 */
import { informationClassOf, type ServiceDefinition } from './definition.ts';

/** How an answer is kept: sealed, or sealed and hashed for look-ups (platform/protection's SealedFields). */
export type SealedFieldKind = 'confidential' | 'personalIdentityNumber';
export type SealedFields = ReadonlyMap<string, SealedFieldKind>;

const cache = new WeakMap<ServiceDefinition, SealedFields>();

/** The sealed fields of a definition, by id (computed once per definition object). */
export function sealedFieldsOf(definition: ServiceDefinition): SealedFields {
  const known = cache.get(definition);
  if (known) return known;
  const fields = new Map<string, SealedFieldKind>();
  for (const field of definition.steps.flatMap((step) => step.fields)) {
    if (field.type === 'personalIdentityNumber') fields.set(field.id, 'personalIdentityNumber');
    else if (informationClassOf(field).confidentiality >= 3) fields.set(field.id, 'confidential');
  }
  cache.set(definition, fields);
  return fields;
}
