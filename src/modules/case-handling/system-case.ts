/**
 * Case access for job handlers (issue #10 proposals): no staff actor, so no policy check and no
 * audit entry of a person; the handler's own history event says what it did. The fixed context
 * (tenant, version) is read before the handler's transaction, because inside it only `trx` may be
 * used (embedded PGlite has one connection).
 */
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { findStatus, workflowOf } from '../cases/workflow.ts';
import type { HandledCase, NewCaseEvent } from './case-changes.ts';
import type { CaseHandlingDeps } from './officer-case.ts';
import {
  insertCaseEvents,
  lockCaseByReference,
  lockCasesById,
  selectCaseVersions,
  selectLatestCaseEvent,
} from './store.ts';

/** Locks the case inside the caller's transaction; undefined when it is gone. */
export type SystemCaseLock = (trx: Kysely<Database>) => Promise<HandledCase | undefined>;

/** Locks several cases inside the caller's transaction; those gone are left out. */
export type SystemCasesLock = (trx: Kysely<Database>) => Promise<Map<string, HandledCase>>;

export interface SystemCaseAccess {
  /** The case's fixed context read now, and the lock to take inside the handler's transaction. */
  systemCase(reference: string): Promise<SystemCaseLock | undefined>;
  /** `systemCase` for several cases by id (a job batch): one read now, one locking read in the transaction. */
  systemCases(caseIds: readonly string[]): Promise<SystemCasesLock>;
  /** Appends several history events in one statement, inside the caller's transaction. */
  recordEvents(
    trx: Kysely<Database>,
    events: readonly { handled: HandledCase; event: NewCaseEvent }[],
  ): Promise<void>;
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
    async systemCases(caseIds) {
      const found = await selectCaseVersions(deps.db, caseIds);
      const contexts = new Map(
        await Promise.all(
          found.map(async (row) => {
            const [tenant, version] = await Promise.all([
              deps.tenants.byId(row.tenantId),
              deps.catalogue.version(row.serviceVersionId),
            ]);
            return [row.id, { tenant, version, workflow: workflowOf(version.definition) }] as const;
          }),
        ),
      );
      return async (trx) => {
        const rows = await lockCasesById(trx, [...contexts.keys()]);
        const handled = new Map<string, HandledCase>();
        for (const row of rows) {
          const context = contexts.get(row.id);
          // A case's tenant and version never change, so the context read before the lock holds.
          if (context)
            handled.set(row.id, { row, ...context, status: findStatus(context.workflow, row.status) });
        }
        return handled;
      };
    },
    recordEvents: (trx, events) =>
      insertCaseEvents(
        trx,
        events.map(({ handled, event }) => ({
          ...event,
          tenantId: handled.row.tenantId,
          caseId: handled.row.id,
          at: deps.now(),
        })),
      ),
    latestEvent: (trx, caseId, type) => selectLatestCaseEvent(trx, caseId, type),
  };
}
