/**
 * Moving one case to another unit or e-service (issue #13), the officer's correction: one transaction
 * with the case locked (withOfficerCase, action `move`, audited as `case.move`), a history event with
 * the reason, and the case marked as placed by hand so a later bulk move of its service's open cases
 * (organisation: a service gets a new handling unit) leaves it where it was put. A case moved to
 * another e-service keeps the form version it was submitted on — its answers, workflow and status
 * stay as given and readable — while its service (queues, filters, API reach, statistics, routing)
 * becomes the new one (decision 0026). The `onMoved` hook lets routing learn from the correction.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { AppError } from '../../platform/errors.ts';
import { localized } from '../../platform/i18n/i18n.ts';
import type { StaffActor } from '../organisation/model.ts';
import type { CaseChanges } from './case-changes.ts';
import { type CaseHandlingDeps, officerEventActor, type WithOfficerCase } from './officer-case.ts';
import { canOfficerRead } from './policy.ts';
import { updateCase } from './store.ts';

export interface CaseMoveInput {
  /** A unit of the tenant, or empty: the new service's handling unit (or the current unit). */
  unitId: string;
  /** A live e-service of the tenant, or empty: the same service. */
  serviceId: string;
  reason: string;
}

/** What other modules hear of a move to another service, in the move's transaction. */
export interface CaseMovedFacts {
  tenantId: string;
  caseId: string;
  fromServiceId: string;
  toServiceId: string;
  applicantPersonId: string | null;
  anonymousSessionId: string | null;
  submittedAt: Date;
}

export type CaseMovedHook = (trx: Kysely<Database>, facts: CaseMovedFacts) => Promise<unknown>;

const REASON_MAX_LENGTH = 1000;

function refuse(field: string, message: string): AppError {
  return new AppError('VALIDATION_FAILED', 'The case cannot be moved like that', [{ field, message }]);
}

/** Builds `moveCase`; `onMoved` runs when the service changes. */
export function createCaseMove(
  deps: Pick<CaseHandlingDeps, 'organisation' | 'catalogue' | 'now'>,
  withOfficerCase: WithOfficerCase,
  changes: Pick<CaseChanges, 'recordEvent'>,
  onMoved?: CaseMovedHook,
) {
  return async (
    actor: StaffActor,
    reference: string,
    input: CaseMoveInput,
  ): Promise<{ readable: boolean }> => {
    const reason = input.reason.trim();
    if (!reason) throw refuse('reason', 'moveReasonMissing');
    if (reason.length > REASON_MAX_LENGTH) throw refuse('reason', 'moveReasonTooLong');
    // Read before the transaction: inside it only `trx` may be used (embedded PGlite has one connection).
    const [unitNames, live] = await Promise.all([
      deps.organisation.unitNames(actor.tenantId),
      deps.catalogue.liveServices(actor.tenantId),
    ]);
    if (input.unitId && !unitNames.has(input.unitId)) throw refuse('unitId', 'moveUnitUnknown');
    const target = input.serviceId ? live.find((s) => s.serviceId === input.serviceId) : undefined;
    if (input.serviceId && !target) throw refuse('serviceId', 'moveServiceUnknown');
    const titleOf = (serviceId: string, fallback: string) => {
      const found = live.find((s) => s.serviceId === serviceId);
      return found ? localized(found.version.definition.title, 'sv') : fallback;
    };
    return withOfficerCase(actor, reference, 'move', async (trx, handled) => {
      const row = handled.row;
      const toServiceId = target?.serviceId ?? row.serviceId;
      const serviceChanged = toServiceId !== row.serviceId;
      const handling = serviceChanged ? await deps.organisation.handlingUnitOf(toServiceId, trx) : null;
      const toUnitId = input.unitId || handling || row.unitId;
      const unitChanged = toUnitId !== row.unitId;
      if (!serviceChanged && !unitChanged) throw refuse('unitId', 'moveNothing');
      const at = deps.now();
      await updateCase(trx, row.id, {
        ...(unitChanged && toUnitId ? { unitId: toUnitId, assignedStaffId: null } : {}),
        ...(serviceChanged ? { serviceId: toServiceId } : {}),
        placedIndividuallyAt: at,
        updatedAt: at,
      });
      const fromService = titleOf(row.serviceId, localized(handled.version.definition.title, 'sv'));
      await changes.recordEvent(trx, handled, {
        type: 'moved',
        actor: officerEventActor(actor),
        data: {
          text: reason,
          fromUnitId: row.unitId,
          toUnitId,
          fromUnit: row.unitId ? (unitNames.get(row.unitId) ?? '') : '',
          toUnit: toUnitId ? (unitNames.get(toUnitId) ?? '') : '',
          fromServiceId: row.serviceId,
          toServiceId,
          fromService,
          toService: titleOf(toServiceId, fromService),
        },
        visibility: 'internal',
      });
      if (serviceChanged && onMoved) {
        await onMoved(trx, {
          tenantId: row.tenantId,
          caseId: row.id,
          fromServiceId: row.serviceId,
          toServiceId,
          applicantPersonId: row.applicantPersonId,
          anonymousSessionId: row.anonymousSessionId,
          submittedAt: new Date(row.submittedAt),
        });
      }
      return { readable: canOfficerRead(actor, { ...row, unitId: toUnitId }) };
    });
  };
}
