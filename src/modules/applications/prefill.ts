/** "Once only": fill contact fields from what the resident's profile already holds. Pure. */
import { allFields } from '../forms/conditions.ts';
import type { AddressValue, Answers, ServiceDefinition } from '../forms/definition.ts';

export interface ProfileContact {
  email: string | null;
  phone: string | null;
  address: AddressValue | null;
}

/** Initial answers for a new draft: every field with a `prefill` source the profile can fill. */
export function prefillAnswers(definition: ServiceDefinition, contact: ProfileContact | undefined): Answers {
  const answers: Answers = {};
  if (!contact) return answers;
  for (const field of allFields(definition)) {
    if (field.prefill === 'profile.email' && contact.email) answers[field.id] = contact.email;
    if (field.prefill === 'profile.phone' && contact.phone) answers[field.id] = contact.phone;
    if (field.prefill === 'profile.address' && contact.address) answers[field.id] = { ...contact.address };
  }
  return answers;
}

/** The contact values a step's prefilled fields now hold, to save back to the profile on request. */
export function contactFromAnswers(
  definition: ServiceDefinition,
  stepFieldIds: string[],
  answers: Answers,
): Partial<ProfileContact> {
  const contact: Partial<ProfileContact> = {};
  for (const field of allFields(definition)) {
    if (!stepFieldIds.includes(field.id) || answers[field.id] === undefined) continue;
    const value = answers[field.id];
    if (field.prefill === 'profile.email' && typeof value === 'string') contact.email = value;
    if (field.prefill === 'profile.phone' && typeof value === 'string') contact.phone = value;
    if (field.prefill === 'profile.address' && typeof value === 'object' && value && 'street' in value) {
      contact.address = value as AddressValue;
    }
  }
  return contact;
}
