/** Rules for filling in an e-service: who owns a draft, what login a service needs. Pure. */

import type { ApplicantActor } from '../../platform/identity/model.ts';
import { canResidentReadCase } from '../cases/policy.ts';
import type { AssuranceLevel, ServiceDefinition } from '../forms/definition.ts';
import { stripControlCharacters } from '../forms/normalize.ts';

// The applicant is who the session says; the type lives with identity so the web layer can build it.
export type { ApplicantActor };

export interface DraftOwnership {
  personId: string | null;
  sessionId: string | null;
  /** The draft's municipality and service: a representative may use only those granted (issue #13). */
  tenantId?: string;
  serviceId?: string;
}

/** A logged-in person's draft is theirs wherever they log in; an anonymous draft lives in its session. */
export function canUseDraft(actor: ApplicantActor, draft: DraftOwnership): boolean {
  // The same ownership rule as for the case the draft becomes.
  return canResidentReadCase(actor, {
    applicantPersonId: draft.personId,
    anonymousSessionId: draft.sessionId,
    tenantId: draft.tenantId,
    serviceId: draft.serviceId,
  });
}

const LEVEL_RANK: Record<AssuranceLevel, number> = { none: 0, loa2: 2, loa3: 3 };

/** The login level the actor still needs for this service, or undefined when they may go ahead. */
export function missingLogin(
  definition: ServiceDefinition,
  actor: ApplicantActor,
): AssuranceLevel | undefined {
  if (!definition.login.required) return undefined;
  const needed = definition.login.minimumLevel === 'none' ? 'loa2' : definition.login.minimumLevel;
  if (actor.personId === null || LEVEL_RANK[actor.assuranceLevel] < LEVEL_RANK[needed]) return needed;
  return undefined;
}

/** Sniffs a few magic numbers so a renamed file cannot pass as an accepted type. */
export function sniffContentType(head: Buffer): string | undefined {
  if (head.subarray(0, 4).toString('latin1') === '%PDF') return 'application/pdf';
  if (head[0] === 0xff && head[1] === 0xd8 && head[2] === 0xff) return 'image/jpeg';
  if (head.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])))
    return 'image/png';
  if (
    head.subarray(0, 4).toString('latin1') === 'RIFF' &&
    head.subarray(8, 12).toString('latin1') === 'WEBP'
  ) {
    return 'image/webp';
  }
  return undefined;
}

const SNIFFABLE = new Set(['application/pdf', 'image/jpeg', 'image/png', 'image/webp']);

/**
 * The type we trust for an upload: what its bytes say. A file that claims a type we can recognise
 * but whose bytes do not match is treated as unknown, so it fails the field's accept list.
 */
export function effectiveContentType(head: Buffer, declared: string): string {
  const sniffed = sniffContentType(head);
  if (sniffed) return sniffed;
  return SNIFFABLE.has(declared.toLowerCase()) ? 'application/octet-stream' : declared;
}

/** Keeps a file name safe to show and to put in a Content-Disposition header. */
export function cleanFilename(name: string): string {
  const base = name.split(/[\\/]/).pop() ?? '';
  // Control characters, bidirectional controls (a name can display as "…exe.png") and characters
  // Windows forbids are dropped.
  const cleaned = [...stripControlCharacters(base)]
    .filter((char) => !'"<>|:*?'.includes(char))
    .join('')
    .trim();
  return (cleaned || 'fil').slice(0, 150);
}
