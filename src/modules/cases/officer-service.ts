/**
 * Back-office use cases: the queue, reading a case (audited), assignment, status changes, internal
 * notes and completion requests. Each change is one transaction with the case row locked, its
 * history event, its audit entry and (when the resident is told) an outbox notification.
 */
import type { Kysely, Transaction } from 'kysely';
import type { CaseEventActor, Database } from '../../db/schema.ts';
import { recordAudit } from '../../platform/audit/audit-log.ts';
import { AppError } from '../../platform/errors.ts';
import type { TenantService } from '../../platform/tenancy/tenant-service.ts';
import type { CatalogueService } from '../catalogue/service.ts';
import type { StatusCategoryName } from '../forms/definition.ts';
import type { StaffActor } from '../organisation/model.ts';
import type { OrganisationService } from '../organisation/service.ts';
import {
  type CaseChanges,
  createCaseChanges,
  type HandledCase,
  type ResidentNotificationKind,
} from './case-changes.ts';
import { isCaseReference } from './model.ts';
import { canOfficer, canOfficerRead, type OfficerAction } from './officer-policy.ts';
import {
  insertCompletionRequest,
  type LockedCase,
  lockCaseByReference,
  markCompletionAnswered,
  moveOpenCases,
  type QueueRow,
  selectAllCaseEvents,
  selectOpenCompletionRequest,
  selectQueuePage,
  updateCase,
} from './officer-store.ts';
import { type QueueCursor, type QueueFilters, swedishDayStart } from './queue-model.ts';
import {
  createResidentCompletionService,
  type ResidentCompletion,
  type ResidentCompletionService,
} from './resident-completion.ts';
import { selectCaseAttachments, selectCaseByReference as selectCaseRow } from './store.ts';
import {
  canChangeStatus,
  findStatus,
  manualTransitions,
  nextInCategory,
  type StatusDefinition,
  workflowOf,
} from './workflow.ts';

export type { HandledCase, ResidentCompletion, ResidentNotificationKind };

export interface OfficerCaseDetails extends Omit<HandledCase, 'row'> {
  case: LockedCase;
  events: Awaited<ReturnType<typeof selectAllCaseEvents>>;
  attachments: Awaited<ReturnType<typeof selectCaseAttachments>>;
  openCompletion: Awaited<ReturnType<typeof selectOpenCompletionRequest>>;
  members: Awaited<ReturnType<OrganisationService['unitMembers']>>;
  transitions: StatusDefinition[];
  /** What the actor may do now (drives which controls the page shows). */
  allowed: Record<OfficerAction, boolean>;
}

export interface QueuePage {
  rows: QueueRow[];
  nextCursor: QueueCursor | undefined;
}

export interface CaseHandlingService
  extends ResidentCompletionService,
    Pick<CaseChanges, 'recordEvent' | 'notifyResident'> {
  /** One page of the actor's units' cases. */
  queue(
    actor: StaffActor,
    filters: QueueFilters,
    cursor: QueueCursor | undefined,
    limit: number,
  ): Promise<QueuePage>;
  /** A case with full history for an officer of its unit; the read is written to the audit log. */
  caseForOfficer(actor: StaffActor, reference: string): Promise<OfficerCaseDetails>;
  take(actor: StaffActor, reference: string): Promise<void>;
  release(actor: StaffActor, reference: string): Promise<void>;
  assign(actor: StaffActor, reference: string, staffId: string): Promise<void>;
  changeStatus(actor: StaffActor, reference: string, statusId: string, message: string): Promise<void>;
  addNote(actor: StaffActor, reference: string, text: string): Promise<void>;
  requestCompletion(actor: StaffActor, reference: string, stepIds: string[], message: string): Promise<void>;
  /**
   * For other modules (decisions, messages): runs `work` in one transaction with the case locked,
   * after the policy check (404 when unreadable, 403 when the action is not allowed), and writes
   * the audit entry `case.<action>` in the same transaction.
   */
  withOfficerCase<T>(
    actor: StaffActor,
    reference: string,
    action: OfficerAction,
    work: (trx: Transaction<Database>, handled: HandledCase) => Promise<T>,
  ): Promise<T>;
  /** Moves the case to the next status of a category (a decision → decided) inside the caller's transaction. */
  moveToCategory(
    trx: Kysely<Database>,
    handled: HandledCase,
    category: StatusCategoryName,
    actor: CaseEventActor,
  ): Promise<StatusDefinition>;
  /** Organisation hook: open cases follow their service to a new handling unit. */
  moveOpenCasesOfService(
    trx: Kysely<Database>,
    change: { tenantId: string; serviceId: string; unitId: string },
  ): Promise<number>;
}

export interface CaseHandlingDeps {
  db: Kysely<Database>;
  tenants: TenantService;
  catalogue: CatalogueService;
  organisation: OrganisationService;
  now: () => Date;
}

/** The event actor for a staff member. */
export function officerEventActor(actor: StaffActor): CaseEventActor {
  return { kind: 'officer', personId: actor.personId, staffId: actor.staffId, name: actor.name };
}

function clean(text: string, max: number): string {
  return text.trim().slice(0, max);
}

export function createCaseHandlingService(deps: CaseHandlingDeps): CaseHandlingService {
  const { db, now } = deps;

  /**
   * Reads what does not change (tenant, version) before the transaction, then locks the row inside
   * it. Inside a transaction only `trx` may be used: embedded PGlite has a single connection, so a
   * query on the root handle would wait for the transaction that waits for it.
   */
  const context = async (actor: StaffActor, reference: string) => {
    const row = isCaseReference(reference) ? await selectCaseRow(db, reference) : undefined;
    if (!row || !canOfficerRead(actor, row)) throw new AppError('CASE_NOT_FOUND');
    const [tenant, version] = await Promise.all([
      deps.tenants.byId(row.tenantId),
      deps.catalogue.version(row.serviceVersionId),
    ]);
    return { tenant, version, workflow: workflowOf(version.definition) };
  };

  const lockIn = async (
    trx: Kysely<Database>,
    actor: StaffActor,
    reference: string,
    fixed: Awaited<ReturnType<typeof context>>,
  ): Promise<HandledCase> => {
    const row = await lockCaseByReference(trx, reference);
    if (!row || !canOfficerRead(actor, row)) throw new AppError('CASE_NOT_FOUND');
    return { row, ...fixed, status: findStatus(fixed.workflow, row.status) };
  };

  const audit = (
    trx: Kysely<Database>,
    actor: StaffActor,
    handled: HandledCase,
    action: string,
    details = {},
  ) =>
    recordAudit(trx, {
      tenantId: handled.row.tenantId,
      actor: {
        staffId: actor.staffId,
        personId: actor.personId,
        name: actor.name,
        unitNames: actor.unitNames,
      },
      action,
      caseId: handled.row.id,
      subjectPersonId: handled.row.applicantPersonId,
      details,
      at: now(),
    });

  const withOfficerCase: CaseHandlingService['withOfficerCase'] = async (actor, reference, action, work) => {
    const fixed = await context(actor, reference);
    return db.transaction().execute(async (trx) => {
      const handled = await lockIn(trx, actor, reference, fixed);
      if (!canOfficer(actor, action, handled.row)) throw new AppError('FORBIDDEN');
      const result = await work(trx, handled);
      await audit(trx, actor, handled, `case.${action}`);
      return result;
    });
  };

  const changes = createCaseChanges(now);
  const { recordEvent, notifyResident, enterStatus } = changes;
  const assignTo = async (
    trx: Kysely<Database>,
    handled: HandledCase,
    actor: StaffActor,
    staffId: string | null,
  ) => {
    await updateCase(trx, handled.row.id, { assignedStaffId: staffId, updatedAt: now() });
    const members =
      staffId && handled.row.unitId ? await deps.organisation.unitMembers(handled.row.unitId, trx) : [];
    const assignee = members.find((member) => member.id === staffId);
    await recordEvent(trx, handled, {
      type: staffId ? 'assigned' : 'released',
      actor: officerEventActor(actor),
      data: assignee ? { staffId, name: `${assignee.givenName} ${assignee.familyName}` } : {},
      visibility: 'internal',
    });
  };

  return {
    async queue(actor, filters, cursor, limit) {
      const rows = await selectQueuePage(
        db,
        {
          unitIds: actor.tenantId ? actor.unitIds : [],
          staffId: actor.staffId,
          now: now(),
          submittedFrom: filters.submittedFrom ? swedishDayStart(filters.submittedFrom) : undefined,
          submittedBefore: filters.submittedTo
            ? new Date(swedishDayStart(filters.submittedTo).getTime() + 24 * 3600_000)
            : undefined,
        },
        filters,
        cursor,
        limit + 1,
      );
      const page = rows.slice(0, limit);
      const last = page.at(-1);
      const key = last && (filters.sort === 'due' ? last.dueAt : last.submittedAt);
      return {
        rows: page,
        nextCursor:
          rows.length > limit && last && key ? { key: new Date(key).toISOString(), id: last.id } : undefined,
      };
    },

    async caseForOfficer(actor, reference) {
      return withOfficerCase(actor, reference, 'read', async (trx, handled) => {
        const [events, attachments, openCompletion, members] = await Promise.all([
          selectAllCaseEvents(trx, handled.row.id),
          selectCaseAttachments(trx, handled.row.id),
          selectOpenCompletionRequest(trx, handled.row.id),
          handled.row.unitId ? deps.organisation.unitMembers(handled.row.unitId, trx) : Promise.resolve([]),
        ]);
        const allowed = Object.fromEntries(
          (
            [
              'read',
              'note',
              'message',
              'take',
              'assign',
              'release',
              'changeStatus',
              'requestCompletion',
              'decide',
            ] as const
          ).map((action) => [action, canOfficer(actor, action, handled.row)]),
        ) as Record<OfficerAction, boolean>;
        const { row, ...rest } = handled;
        return {
          ...rest,
          case: row,
          events,
          attachments,
          openCompletion,
          members,
          transitions: manualTransitions(handled.workflow, row.status),
          allowed,
        };
      });
    },

    take: (actor, reference) =>
      withOfficerCase(actor, reference, 'take', (trx, handled) =>
        assignTo(trx, handled, actor, actor.staffId),
      ),

    release: (actor, reference) =>
      withOfficerCase(actor, reference, 'release', (trx, handled) => assignTo(trx, handled, actor, null)),

    assign: (actor, reference, staffId) =>
      withOfficerCase(actor, reference, 'assign', async (trx, handled) => {
        const members = handled.row.unitId
          ? await deps.organisation.unitMembers(handled.row.unitId, trx)
          : [];
        if (!members.some((member) => member.id === staffId)) {
          throw new AppError('VALIDATION_FAILED', 'Choose someone in the unit', [
            { field: 'staffId', message: 'assigneeNotInUnit' },
          ]);
        }
        await assignTo(trx, handled, actor, staffId);
      }),

    changeStatus: (actor, reference, statusId, message) =>
      withOfficerCase(actor, reference, 'changeStatus', async (trx, handled) => {
        const target = findStatus(handled.workflow, statusId);
        if (!target || !canChangeStatus(handled.workflow, handled.row.status, statusId)) {
          throw new AppError('VALIDATION_FAILED', 'That status change is not allowed', [
            { field: 'status', message: 'transitionNotAllowed' },
          ]);
        }
        const text = clean(message, 2000);
        if (handled.status?.category === 'waitingForResident') {
          // Leaving "waiting for you" by hand withdraws the open completion request, so the resident
          // is no longer asked for something the officer has stopped waiting for.
          const open = await selectOpenCompletionRequest(trx, handled.row.id);
          if (open) {
            await markCompletionAnswered(trx, open.id, now());
            await recordEvent(trx, handled, {
              type: 'completionWithdrawn',
              actor: officerEventActor(actor),
              data: {},
              visibility: 'resident',
            });
          }
        }
        await enterStatus(trx, handled, target, officerEventActor(actor), text ? { message: text } : {});
      }),

    addNote: (actor, reference, text) =>
      withOfficerCase(actor, reference, 'note', async (trx, handled) => {
        const note = clean(text, 5000);
        if (!note) {
          throw new AppError('VALIDATION_FAILED', 'Write a note', [
            { field: 'note', message: 'noteMissing' },
          ]);
        }
        await recordEvent(trx, handled, {
          type: 'note',
          actor: officerEventActor(actor),
          data: { text: note },
          visibility: 'internal',
        });
      }),

    requestCompletion: (actor, reference, stepIds, message) =>
      withOfficerCase(actor, reference, 'requestCompletion', async (trx, handled) => {
        const target = nextInCategory(handled.workflow, handled.row.status, 'waitingForResident');
        const errors = [];
        if (!target) errors.push({ field: 'steps', message: 'completionNotAllowedNow' });
        const known = new Set(handled.version.definition.steps.map((step) => step.id));
        const steps = [...new Set(stepIds)].filter((id) => known.has(id));
        if (steps.length === 0 && target) errors.push({ field: 'steps', message: 'completionStepsMissing' });
        const text = clean(message, 2000);
        if (!text) errors.push({ field: 'message', message: 'completionMessageMissing' });
        if (errors.length > 0 || !target) {
          throw new AppError('VALIDATION_FAILED', 'The completion request is not complete', errors);
        }
        if (!handled.row.applicantPersonId) {
          throw new AppError('VALIDATION_FAILED', 'An anonymous applicant cannot be asked', [
            { field: 'steps', message: 'completionAnonymous' },
          ]);
        }
        await insertCompletionRequest(trx, {
          tenantId: handled.row.tenantId,
          caseId: handled.row.id,
          stepIds: steps,
          message: text,
          previousStatus: handled.row.status,
          requestedByStaffId: actor.staffId,
          requestedAt: now(),
        });
        await enterStatus(trx, handled, target, officerEventActor(actor), {}, null);
        await recordEvent(trx, handled, {
          type: 'completionRequested',
          actor: officerEventActor(actor),
          data: { stepIds: steps, message: text },
          visibility: 'resident',
        });
        await notifyResident(trx, handled, 'completionRequested');
      }),

    withOfficerCase,
    recordEvent,
    notifyResident,

    async moveToCategory(trx, handled, category, actor) {
      const target =
        nextInCategory(handled.workflow, handled.row.status, category) ??
        (handled.status?.category === category ? handled.status : undefined);
      if (!target) {
        throw new AppError('VALIDATION_FAILED', `The case cannot move to ${category} from here`, [
          { field: 'status', message: 'transitionNotAllowed' },
        ]);
      }
      // The action (e.g. the decision) sends its own notification; no second mail for the status.
      if (target.id !== handled.row.status) await enterStatus(trx, handled, target, actor, {}, null);
      return target;
    },

    ...createResidentCompletionService({
      db,
      tenants: deps.tenants,
      catalogue: deps.catalogue,
      changes,
      now,
    }),

    moveOpenCasesOfService: (trx, change) => moveOpenCases(trx, change.serviceId, change.unitId, now()),
  };
}
