/**
 * Case-type workflows: statuses, allowed transitions, target handling times. Pure.
 * A service definition may bring its own statuses (`caseHandling`); otherwise the standard one applies.
 */
import type {
  LocalizedText,
  ServiceDefinition,
  StatusCategoryName,
  StatusDefinition,
} from '../forms/definition.ts';

export type { StatusDefinition };

export interface Workflow {
  /** False when cases end without a formal decision (issue #11: a fault report is fixed, not decided). */
  formalDecision?: boolean;
  statuses: StatusDefinition[];
}

const text = (sv: string, en: string): LocalizedText => ({ sv, en });

/** The standard workflow: Mottagen → Under handläggning → Komplettering begärd → Beslut fattat → Avslutad. */
export const STANDARD_WORKFLOW: Workflow = {
  statuses: [
    {
      id: 'received',
      name: text('Mottagen', 'Received'),
      residentText: text('Vi har tagit emot ditt ärende', 'We have received your case'),
      category: 'received',
      notifyResident: false,
      targetDays: 5,
      next: ['inProgress', 'completionRequested', 'closed'],
    },
    {
      id: 'inProgress',
      name: text('Under handläggning', 'In progress'),
      residentText: text('Vi handlägger ditt ärende', 'We are processing your case'),
      category: 'inProgress',
      notifyResident: true,
      targetDays: 20,
      next: ['completionRequested', 'decided', 'closed'],
    },
    {
      id: 'completionRequested',
      name: text('Komplettering begärd', 'Completion requested'),
      residentText: text('Vi behöver fler uppgifter från dig', 'We need more information from you'),
      category: 'waitingForResident',
      notifyResident: true,
      next: ['inProgress', 'closed'],
    },
    {
      id: 'decided',
      name: text('Beslut fattat', 'Decision made'),
      residentText: text('Beslut är fattat i ditt ärende', 'A decision has been made in your case'),
      category: 'decided',
      notifyResident: true,
      targetDays: 10,
      next: ['closed'],
    },
    {
      id: 'closed',
      name: text('Avslutad', 'Closed'),
      residentText: text('Ärendet är avslutat', 'The case is closed'),
      category: 'closed',
      notifyResident: true,
      next: [],
    },
  ],
};

/** The workflow of a case type (its own, or the standard one). */
export function workflowOf(definition: ServiceDefinition): Workflow {
  return definition.caseHandling ?? STANDARD_WORKFLOW;
}

/** The status every new case of this type starts in. */
export function initialStatus(workflow: Workflow): StatusDefinition {
  const first = workflow.statuses[0];
  if (!first) throw new Error('a workflow has at least one status');
  return first;
}

/** A status by id; undefined for ids the workflow does not know (e.g. a case from before a change). */
export function findStatus(workflow: Workflow, id: string): StatusDefinition | undefined {
  return workflow.statuses.find((status) => status.id === id);
}

/** Whether cases of this workflow end with a formal decision (a decision letter); true unless declared. */
export function hasFormalDecision(workflow: Workflow): boolean {
  return workflow.formalDecision !== false;
}

/**
 * Categories reached only through their own action, never a plain status change: waiting for the
 * resident needs a completion request (so there is something to answer) and decided needs a decision
 * — unless the workflow has no formal decisions, where "decided" (fixed, not our responsibility) is
 * an ordinary status change.
 */
function actionOnly(workflow: Workflow): ReadonlySet<StatusCategoryName> {
  return new Set(hasFormalDecision(workflow) ? ['waitingForResident', 'decided'] : ['waitingForResident']);
}

/** The statuses an officer may pick in "change status" from the current one. */
export function manualTransitions(workflow: Workflow, currentId: string): StatusDefinition[] {
  const current = findStatus(workflow, currentId);
  if (!current) return [];
  const reservedForActions = actionOnly(workflow);
  return current.next
    .map((id) => findStatus(workflow, id))
    .filter(
      (status): status is StatusDefinition =>
        status !== undefined && !reservedForActions.has(status.category),
    );
}

/** Whether a plain status change from → to is allowed. */
export function canChangeStatus(workflow: Workflow, fromId: string, toId: string): boolean {
  return manualTransitions(workflow, fromId).some((status) => status.id === toId);
}

/** The first allowed next status in a category, for actions (completion request, decision). */
export function nextInCategory(
  workflow: Workflow,
  currentId: string,
  category: StatusCategoryName,
): StatusDefinition | undefined {
  const current = findStatus(workflow, currentId);
  if (!current) return undefined;
  return current.next
    .map((id) => findStatus(workflow, id))
    .find((status) => status !== undefined && status.category === category);
}

/**
 * The statuses an automatic decision moves the case through to reach `category` (issue #10): along
 * the workflow's own transitions, passing only through statuses in the categories of `via` (a
 * case "Mottagen" goes through "Under handläggning" when the workflow asks for it). The shortest
 * such path, ending in a status of `category`; undefined when the workflow cannot get there.
 */
export function pathToCategory(
  workflow: Workflow,
  currentId: string,
  category: StatusCategoryName,
  via: readonly StatusCategoryName[],
): StatusDefinition[] | undefined {
  const start = findStatus(workflow, currentId);
  if (!start) return undefined;
  const seen = new Set([start.id]);
  // Breadth first, so the first path found is a shortest one; each path starts after `start`.
  let frontier: { at: StatusDefinition; path: StatusDefinition[] }[] = [{ at: start, path: [] }];
  while (frontier.length > 0) {
    const further: typeof frontier = [];
    for (const { at, path } of frontier) {
      for (const target of at.next.map((id) => findStatus(workflow, id))) {
        if (!target || seen.has(target.id)) continue;
        if (target.category === category) return [...path, target];
        if (!via.includes(target.category)) continue;
        seen.add(target.id);
        further.push({ at: target, path: [...path, target] });
      }
    }
    frontier = further;
  }
  return undefined;
}

/**
 * Where a resident's request for human review of an automatic decision puts the case (issue #10):
 * the workflow's next status in the handling category (`inProgress`) when it has one, else its
 * first such status. The resident's right to have a person look at an automated decision does not
 * wait for the workflow to offer a way back from "decided"; undefined only for a workflow without
 * any handling status (such a service cannot be marked `automaticDecision`).
 */
export function reviewStatus(workflow: Workflow, currentId: string): StatusDefinition | undefined {
  return (
    nextInCategory(workflow, currentId, 'inProgress') ??
    workflow.statuses.find((status) => status.category === 'inProgress')
  );
}

/** A correction of a decision keeps the case where it is, but only once there is a decision. */
export function isDecidedOrClosed(category: StatusCategoryName): boolean {
  return category === 'decided' || category === 'closed';
}

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * When a case entering `status` at `at` becomes overdue; null when the status has no target. A status
 * that keeps the due date (`keepDueDate`) keeps `current` when the case has one.
 */
export function dueAtFor(status: StatusDefinition, at: Date, current?: Date | null): Date | null {
  if (status.keepDueDate && current) return current;
  return status.targetDays === undefined ? null : new Date(at.getTime() + status.targetDays * DAY_MS);
}

/** Whether a status (and its history event) is shown to the resident. */
export function visibleToResident(status: StatusDefinition): boolean {
  return status.notifyResident;
}
