/**
 * Back-office use cases: the queue, reading a case (audited), and the officer's changes
 * (case-actions.ts: assignment, status changes, internal notes, completion requests). Each change is
 * one transaction with the case row locked (officer-case.ts), its history event, its audit entry and
 * (when the resident is told) an outbox notification.
 */
import type { Kysely, Transaction } from 'kysely';
import type { CaseEventActor, Database } from '../../db/schema.ts';
import type { CaseDetails } from '../cases/service.ts';
import { manualTransitions, type StatusDefinition } from '../cases/workflow.ts';
import type { StatusCategoryName } from '../forms/definition.ts';
import type { StaffActor } from '../organisation/model.ts';
import type { OrganisationService } from '../organisation/service.ts';
import { type CaseActions, createCaseActions } from './case-actions.ts';
import {
  type CaseChangeHooks,
  type CaseChanges,
  createCaseChanges,
  type HandledCase,
  type ResidentNotificationKind,
} from './case-changes.ts';
import { type CaseMovedHook, type CaseMoveInput, createCaseMove } from './case-move.ts';
import {
  type CaseSecrecyActions,
  type CaseSecrecyView,
  createCaseSecrecyActions,
  protectForOfficer,
} from './case-secrecy.ts';
import {
  createResidentCompletionService,
  type ResidentCompletion,
  type ResidentCompletionService,
} from './completion.ts';
import {
  auditOfficerAction,
  type CaseClient,
  type CaseHandlingDeps,
  clientEventActor,
  createWithClientCase,
  createWithOfficerCase,
  officerEventActor,
  type WithClientCase,
} from './officer-case.ts';
import { canOfficer, type OfficerAction } from './policy.ts';
import { type QueueCursor, type QueueFilters, swedishDayStart } from './queue-model.ts';
import { type QueueRow, selectQueuePage } from './queue-store.ts';
import { createResidentCaseAccess, type ResidentCaseAccess } from './resident-case.ts';
import { selectSharesOfCase } from './share-store.ts';
import { type LockedCase, moveOpenCases, selectAllCaseEvents, selectOpenCompletionRequest } from './store.ts';
import { createSystemCaseAccess, type SystemCaseAccess } from './system-case.ts';

export type { ResidentCaseActor } from './resident-case.ts';
export type {
  CaseChangeHooks,
  CaseClient,
  CaseHandlingDeps,
  CaseMovedHook,
  CaseMoveInput,
  HandledCase,
  ResidentCompletion,
  ResidentNotificationKind,
};
export { auditOfficerAction, clientEventActor, officerEventActor };

export interface OfficerCaseDetails extends Omit<HandledCase, 'row'> {
  case: LockedCase;
  events: Awaited<ReturnType<typeof selectAllCaseEvents>>;
  attachments: CaseDetails['attachments'];
  openCompletion: Awaited<ReturnType<typeof selectOpenCompletionRequest>>;
  members: Awaited<ReturnType<OrganisationService['unitMembers']>>;
  transitions: StatusDefinition[];
  /** What the actor may do now (drives which controls the page shows). */
  allowed: Record<OfficerAction, boolean>;
  /**
   * Shares and protected answers (decision 0033). `case.answers` and `attachments` hold only what
   * this officer may see now: protected answers and their files are left out until revealed.
   */
  secrecy: CaseSecrecyView;
}

export interface QueuePage {
  rows: QueueRow[];
  nextCursor: QueueCursor | undefined;
}

export interface CaseHandlingService
  extends ResidentCompletionService,
    CaseSecrecyActions,
    SystemCaseAccess,
    ResidentCaseAccess,
    // An API client's status change and completion request (issue #12), declared with the actions.
    Pick<CaseActions, 'changeStatusByClient' | 'requestCompletionByClient'>,
    Pick<
      CaseChanges,
      'recordEvent' | 'notifyResident' | 'enterStatus' | 'publishChange' | 'lockAndPublishChange'
    > {
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
   * Moves one case to another unit or e-service with a reason (issue #13, case-move.ts): a history
   * event, and the case stays where it was put when its service's open cases are later moved in bulk.
   */
  moveCase(actor: StaffActor, reference: string, input: CaseMoveInput): Promise<{ readable: boolean }>;
  /** `withOfficerCase` for a business system's API client (issue #12): its reach checked, its act audited. */
  withClientCase: WithClientCase;
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
  /**
   * Moves the case to the next status of a category (a decision → decided) inside the caller's
   * transaction; with `via`, along the workflow's shortest path through statuses of those
   * categories (an automatic decision passes "in progress" when the workflow asks for it).
   */
  moveToCategory(
    trx: Kysely<Database>,
    handled: HandledCase,
    category: StatusCategoryName,
    actor: CaseEventActor,
    via?: readonly StatusCategoryName[],
  ): Promise<StatusDefinition>;
  /** Organisation hook: open cases follow their service to a new handling unit. */
  moveOpenCasesOfService(
    trx: Kysely<Database>,
    change: { tenantId: string; serviceId: string; unitId: string },
  ): Promise<number>;
}

/** Every action an officer page may offer, to tell the page which ones this actor may take now. */
const PAGE_ACTIONS = [
  'read',
  'note',
  'message',
  'take',
  'assign',
  'release',
  'changeStatus',
  'requestCompletion',
  'decide',
  'move',
  'share',
] as const satisfies readonly OfficerAction[];

/** The back office's reads: a page of the queue, and one case with everything its page shows. */
function createOfficerReads(
  deps: CaseHandlingDeps,
  withOfficerCase: CaseHandlingService['withOfficerCase'],
): Pick<CaseHandlingService, 'queue' | 'caseForOfficer'> {
  const { db, now } = deps;
  return {
    async queue(actor, filters, cursor, limit) {
      const number = filters.personalIdentityNumber;
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
          // Found through keyed hashes only: the personnummer is stored sealed (decision 0034).
          personalIdentityNumber: number
            ? { hash: deps.protection.lookupHash(number), personId: await deps.personIdOf(number) }
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
      // Read before the transaction: inside it only `trx` may be used (embedded PGlite has one connection).
      const unitNames = await deps.organisation.unitNames(actor.tenantId);
      return withOfficerCase(actor, reference, 'read', async (trx, handled) => {
        const [events, allAttachments, openCompletion, members, shares] = await Promise.all([
          selectAllCaseEvents(trx, handled.row.id),
          deps.cases.attachmentsOf(handled.row.id, trx),
          selectOpenCompletionRequest(trx, handled.row.id),
          handled.row.unitId ? deps.organisation.unitMembers(handled.row.unitId, trx) : Promise.resolve([]),
          selectSharesOfCase(trx, handled.row.id),
        ]);
        const facts = { ...handled.row, sharing: handled.sharing };
        const allowed = Object.fromEntries(
          PAGE_ACTIONS.map((action) => [action, canOfficer(actor, action, facts)]),
        ) as Record<OfficerAction, boolean>;
        const { row, ...rest } = handled;
        const shown = await protectForOfficer(trx, {
          actor,
          handled,
          attachments: allAttachments,
          shares,
          unitNames,
          at: now(),
        });
        return {
          ...rest,
          case: { ...row, answers: shown.answers },
          events,
          attachments: shown.attachments,
          openCompletion,
          members,
          transitions: manualTransitions(handled.workflow, row.status),
          allowed,
          secrecy: shown.view,
        };
      });
    },
  };
}

/** Builds the back office's service from its reads, its actions and the resident's completion side. */
export function createCaseHandlingService(deps: CaseHandlingDeps): CaseHandlingService {
  const { db, now } = deps;
  const withOfficerCase = createWithOfficerCase(deps);
  const changes = createCaseChanges(now, deps.hooks);
  const withClientCase = createWithClientCase(deps);
  const actions: CaseActions = createCaseActions(deps, withOfficerCase, changes, withClientCase);
  return {
    ...createOfficerReads(deps, withOfficerCase),
    ...actions,
    moveCase: createCaseMove(deps, withOfficerCase, changes, deps.onCaseMoved),
    ...createCaseSecrecyActions(deps, withOfficerCase, changes),
    withOfficerCase,
    withClientCase,
    recordEvent: changes.recordEvent,
    notifyResident: changes.notifyResident,
    enterStatus: changes.enterStatus,
    publishChange: changes.publishChange,
    lockAndPublishChange: changes.lockAndPublishChange,
    ...createResidentCompletionService({
      db,
      cases: deps.cases,
      tenants: deps.tenants,
      catalogue: deps.catalogue,
      changes,
      now,
      protection: deps.protection,
    }),
    ...createSystemCaseAccess(deps),
    ...createResidentCaseAccess(deps, changes),
    moveOpenCasesOfService: (trx, change) => moveOpenCases(trx, change.serviceId, change.unitId, now()),
  };
}
