/**
 * The officer's changes to a case: take, release, assign, change status, write an internal note,
 * ask for a completion, and move to a status category for another module's action (a decision).
 * Each runs in one transaction through `withOfficerCase`, with its history event.
 */
import type { Kysely } from 'kysely';
import type { CaseEventActor, Database } from '../../db/schema.ts';
import { AppError } from '../../platform/errors.ts';
import {
  canChangeStatus,
  findStatus,
  nextInCategory,
  pathToCategory,
  type StatusDefinition,
} from '../cases/workflow.ts';
import type { StatusCategoryName } from '../forms/definition.ts';
import type { StaffActor } from '../organisation/model.ts';
import type { CaseChanges, HandledCase } from './case-changes.ts';
import { requestCompletionIn, withdrawOpenCompletion } from './completion.ts';
import {
  type CaseClient,
  type CaseHandlingDeps,
  clientEventActor,
  officerEventActor,
  type WithClientCase,
  type WithOfficerCase,
} from './officer-case.ts';
import { updateCase } from './store.ts';

/** An internal note's limit: refused with a field error, never cut silently. */
const NOTE_MAX_LENGTH = 10_000;

function clean(text: string, max: number): string {
  return text.trim().slice(0, max);
}

/** The officer's case actions (see CaseHandlingService for each one's contract). */
export interface CaseActions {
  take(actor: StaffActor, reference: string): Promise<void>;
  release(actor: StaffActor, reference: string): Promise<void>;
  assign(actor: StaffActor, reference: string, staffId: string): Promise<void>;
  changeStatus(actor: StaffActor, reference: string, statusId: string, message: string): Promise<void>;
  /** A completion request by a business system's API client (issue #12), as an officer's but by the client. */
  requestCompletionByClient(
    client: CaseClient,
    reference: string,
    stepIds: string[],
    message: string,
  ): Promise<void>;
  /** The same status change by a business system's API client (issue #12), in its history and audit as the client. */
  changeStatusByClient(
    client: CaseClient,
    reference: string,
    statusId: string,
    message: string,
  ): Promise<void>;
  addNote(actor: StaffActor, reference: string, text: string): Promise<void>;
  requestCompletion(actor: StaffActor, reference: string, stepIds: string[], message: string): Promise<void>;
  moveToCategory(
    trx: Kysely<Database>,
    handled: HandledCase,
    category: StatusCategoryName,
    actor: CaseEventActor,
    via?: readonly StatusCategoryName[],
  ): Promise<StatusDefinition>;
}

/** The statuses to enter to reach `category`: its next status, or a path through `via`; none when already there. */
function stepsTo(
  handled: HandledCase,
  category: StatusCategoryName,
  via: readonly StatusCategoryName[],
): StatusDefinition[] | undefined {
  const next =
    via.length > 0
      ? pathToCategory(handled.workflow, handled.row.status, category, via)
      : nextInCategory(handled.workflow, handled.row.status, category);
  if (next) return Array.isArray(next) ? next : [next];
  return handled.status?.category === category ? [] : undefined;
}

/** Builds the case actions on the shared transaction core and change building blocks. */
export function createCaseActions(
  deps: Pick<CaseHandlingDeps, 'organisation' | 'now'>,
  withOfficerCase: WithOfficerCase,
  changes: CaseChanges,
  withClientCase: WithClientCase,
): CaseActions {
  const { now } = deps;
  const { recordEvent, enterStatus } = changes;

  /** Moves the case to a status the workflow allows from where it is, with the mover's optional message. */
  const changeStatusIn = async (
    trx: Kysely<Database>,
    handled: HandledCase,
    actor: CaseEventActor,
    statusId: string,
    message: string,
  ) => {
    const target = findStatus(handled.workflow, statusId);
    if (!target || !canChangeStatus(handled.workflow, handled.row.status, statusId)) {
      throw new AppError('VALIDATION_FAILED', 'That status change is not allowed', [
        { field: 'status', message: 'transitionNotAllowed' },
      ]);
    }
    const text = clean(message, 2000);
    await withdrawOpenCompletion(trx, handled, actor, now(), changes);
    await enterStatus(trx, handled, target, actor, text ? { message: text } : {});
  };

  const unitMembers = (trx: Kysely<Database>, handled: HandledCase) =>
    handled.row.unitId ? deps.organisation.unitMembers(handled.row.unitId, trx) : Promise.resolve([]);

  const assignTo = async (
    trx: Kysely<Database>,
    handled: HandledCase,
    actor: StaffActor,
    staffId: string | null,
  ) => {
    await updateCase(trx, handled.row.id, { assignedStaffId: staffId, updatedAt: now() });
    const members = staffId ? await unitMembers(trx, handled) : [];
    const assignee = members.find((member) => member.id === staffId);
    await recordEvent(trx, handled, {
      type: staffId ? 'assigned' : 'released',
      actor: officerEventActor(actor),
      data: assignee ? { staffId, name: `${assignee.givenName} ${assignee.familyName}` } : {},
      visibility: 'internal',
    });
  };

  return {
    take: (actor, reference) =>
      withOfficerCase(actor, reference, 'take', (trx, handled) =>
        assignTo(trx, handled, actor, actor.staffId),
      ),

    release: (actor, reference) =>
      withOfficerCase(actor, reference, 'release', (trx, handled) => assignTo(trx, handled, actor, null)),

    assign: (actor, reference, staffId) =>
      withOfficerCase(actor, reference, 'assign', async (trx, handled) => {
        const members = await unitMembers(trx, handled);
        if (!members.some((member) => member.id === staffId)) {
          throw new AppError('VALIDATION_FAILED', 'Choose someone in the unit', [
            { field: 'staffId', message: 'assigneeNotInUnit' },
          ]);
        }
        await assignTo(trx, handled, actor, staffId);
      }),

    changeStatus: (actor, reference, statusId, message) =>
      withOfficerCase(actor, reference, 'changeStatus', (trx, handled) =>
        changeStatusIn(trx, handled, officerEventActor(actor), statusId, message),
      ),

    changeStatusByClient: (client, reference, statusId, message) =>
      withClientCase(client, reference, 'changeStatus', (trx, handled) =>
        changeStatusIn(trx, handled, clientEventActor(client), statusId, message),
      ),

    addNote: (actor, reference, text) =>
      withOfficerCase(actor, reference, 'note', async (trx, handled) => {
        const note = text.trim();
        if (!note || note.length > NOTE_MAX_LENGTH) {
          throw new AppError('VALIDATION_FAILED', note ? 'The note is too long' : 'Write a note', [
            { field: 'note', message: note ? 'noteTooLong' : 'noteMissing' },
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
      withOfficerCase(actor, reference, 'requestCompletion', (trx, handled) =>
        requestCompletionIn(
          trx,
          handled,
          { actor, event: officerEventActor(actor) },
          { stepIds, message, at: now() },
          changes,
        ),
      ),

    requestCompletionByClient: (client, reference, stepIds, message) =>
      withClientCase(client, reference, 'requestCompletion', (trx, handled) =>
        requestCompletionIn(
          trx,
          handled,
          { apiClientId: client.clientId, event: clientEventActor(client) },
          { stepIds, message, at: now() },
          changes,
        ),
      ),

    async moveToCategory(trx, handled, category, actor, via = []) {
      const steps = stepsTo(handled, category, via);
      if (!steps) {
        throw new AppError('VALIDATION_FAILED', `The case cannot move to ${category} from here`, [
          { field: 'status', message: 'transitionNotAllowed' },
        ]);
      }
      let current = handled;
      for (const target of steps) {
        // The action (e.g. the decision) sends its own notification; no second mail for the status.
        await enterStatus(trx, current, target, actor, {}, null);
        const row = { ...current.row, status: target.id, statusCategory: target.category };
        current = { ...current, row, status: target };
      }
      return current.status as StatusDefinition;
    },
  };
}
