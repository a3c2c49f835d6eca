/**
 * Protected answers through the API (issue #14, decision 0033). A business system reads answers at
 * confidentiality 3 and their files only with the scope `cases:protected`, given on purpose to the
 * system that handles such cases; with `cases:read` alone they are left out of the case (named in
 * `protectedAnswers`), out of the history's earlier answers, and their files are not found. An
 * officer reveals such an answer with a reason for each look; a system has no reason to give per
 * request, so its scope is the reason, given once by an administrator, and every read is audited.
 */
import { maskAnswers, protectedFieldIds } from '../case-handling/secrecy-model.ts';
import type { Answers, ServiceDefinition } from '../forms/definition.ts';
import type { ClientActor } from './model.ts';

/** Whether the client reads protected answers and their files. */
export function readsProtected(client: Pick<ClientActor, 'scopes'>): boolean {
  return client.scopes.includes('cases:protected');
}

/** The protected field ids a client may not read (none with the scope). */
export function fieldsHiddenFrom(
  client: Pick<ClientActor, 'scopes'>,
  definition: ServiceDefinition,
): string[] {
  return readsProtected(client) ? [] : protectedFieldIds(definition);
}

/** The answers and files the client may read, and the answered protected fields left out. */
export function protectForClient<F extends { fieldId: string }>(
  hiddenIds: readonly string[],
  answers: Answers,
  attachments: F[],
): { answers: Answers; attachments: F[]; protectedAnswers: string[] } {
  const masked = maskAnswers(answers, hiddenIds, new Set());
  const hidden = new Set(hiddenIds);
  return {
    answers: masked.answers,
    attachments: attachments.filter((file) => !hidden.has(file.fieldId)),
    protectedAnswers: masked.hidden,
  };
}

/** A history event without the protected earlier answers a completion keeps (`previousAnswers`). */
export function protectEvent<E extends { data: Record<string, unknown> }>(
  hiddenIds: readonly string[],
  event: E,
): E {
  const previous = event.data.previousAnswers;
  if (hiddenIds.length === 0 || typeof previous !== 'object' || previous === null) return event;
  const masked = maskAnswers(previous as Answers, hiddenIds, new Set());
  return { ...event, data: { ...event.data, previousAnswers: masked.answers } };
}
