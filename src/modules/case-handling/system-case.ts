/**
 * Case access for job handlers (issue #10 proposals): no staff actor, so no policy check and no
 * audit entry of a person; the handler's own history event says what it did. The fixed context
 * (tenant, version) is read before the handler's transaction, because inside it only `trx` may be
 * used (embedded PGlite has one connection).
 */
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { findStatus, workflowOf } from '../cases/workflow.ts';
import type { HandledCase } from './case-changes.ts';
import type { CaseHandlingDeps } from './officer-case.ts';
import { lockCaseByReference, selectLatestCaseEvent } from './store.ts';

/** Locks the case inside the caller's transaction; undefined when it is gone. */
export type SystemCaseLock = (trx: Kysely<Database>) => Promise<HandledCase | undefined>;

export interface SystemCaseAccess {
  /** The case's fixed context read now, and the lock to take inside the handler's transaction. */
  systemCase(reference: string): Promise<SystemCaseLock | undefined>;
  /** The newest history event of a type (a case's latest proposal), inside the caller's transaction. */
  latestEvent(trx: Kysely<Database>, caseId: string, type: string): ReturnType<typeof selectLatestCaseEvent>;
}

/** Builds the handlers' case access over the back office's dependencies. */
export function createSystemCaseAccess(deps: CaseHandlingDeps): SystemCaseAccess {
  return {
    async systemCase(reference) {
      const found = await deps.cases.caseRow(reference);
      if (!found) return undefined;
      const [tenant, version] = await Promise.all([
        deps.tenants.byId(found.tenantId),
        deps.catalogue.version(found.serviceVersionId),
      ]);
      const workflow = workflowOf(version.definition);
      return async (trx) => {
        const row = await lockCaseByReference(trx, reference);
        return row ? { row, tenant, version, workflow, status: findStatus(workflow, row.status) } : undefined;
      };
    },
    latestEvent: (trx, caseId, type) => selectLatestCaseEvent(trx, caseId, type),
  };
}
