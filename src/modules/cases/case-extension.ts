/**
 * What a kind of case adds to the cases it opens (issue #11: fault reports). The port is declared
 * here and bound at the composition root (src/services.ts), so the cases module imports no module
 * that builds on it. Its SQL runs in the case's own statement (decision 0005), whichever door the
 * case came in by: the web submit's one statement, its locked fallback, and the intake.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import type { Answers, ServiceDefinition } from '../forms/definition.ts';
import type { AlsoInStatement } from './store.ts';

/** A new case as the extension sees it: valid answers, already pruned of hidden fields. */
export interface ExtendedCase {
  tenantId: string;
  serviceId: string;
  definition: ServiceDefinition;
  answers: Answers;
  submittedAt: Date;
}

/** Where the case goes, when its kind decides (a fault category's unit and target time). */
export interface CasePlacement {
  unitId?: string;
  dueAt?: Date;
}

export interface CaseExtension {
  /**
   * The unit and due date of a new case, read before the reference counter is locked; undefined
   * (or a missing part) keeps the service's handling unit and the first status's target.
   */
  placement(input: ExtendedCase, trx?: Kysely<Database>): Promise<CasePlacement | undefined>;
  /** The extension's own writes in the case's statement, or undefined when it has none. */
  alsoInStatement(input: ExtendedCase): AlsoInStatement | undefined;
}

/** No extension: every case is placed by its service and its workflow. */
export const NO_CASE_EXTENSION: CaseExtension = {
  placement: async () => undefined,
  alsoInStatement: () => undefined,
};

/** Both callers' writes in one statement: the submitting module's first, then the extension's. */
export function bothInStatement(
  first: AlsoInStatement | undefined,
  second: AlsoInStatement | undefined,
): AlsoInStatement | undefined {
  if (!first || !second) return first ?? second;
  return (id, reference) => [...first(id, reference), ...second(id, reference)];
}
