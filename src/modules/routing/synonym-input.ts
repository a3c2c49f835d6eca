/** An admin's synonym as typed: checked and cleaned, with field errors as codes. Pure. */

export interface SynonymInput {
  phrase: string;
  /** An e-service id of the tenant, or empty. */
  serviceId: string;
  /** Words that mean the same, or empty. */
  words: string;
}

export interface CheckedSynonym {
  phrase: string;
  serviceId: string | null;
  words: string;
}

type FieldError = { field: string; message: string };

/** The cleaned synonym, or its field errors (`phraseMissing`, `phraseTooLong`, `targetMissing`, …). */
export function checkSynonym(input: SynonymInput): { value: CheckedSynonym } | { errors: FieldError[] } {
  const phrase = input.phrase.replace(/\s+/gu, ' ').trim().toLowerCase();
  const words = input.words.replace(/\s+/gu, ' ').trim().toLowerCase();
  const serviceId = input.serviceId.trim() || null;
  const errors: FieldError[] = [];
  if (phrase.length < 2) errors.push({ field: 'phrase', message: 'phraseMissing' });
  else if (phrase.length > 100) errors.push({ field: 'phrase', message: 'phraseTooLong' });
  if (words.length > 300) errors.push({ field: 'words', message: 'wordsTooLong' });
  if (!serviceId && !words) errors.push({ field: 'serviceId', message: 'targetMissing' });
  return errors.length > 0 ? { errors } : { value: { phrase, serviceId, words } };
}
