/** Workflow rules as tables: which status changes are allowed, targets, and definition checks. */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { readDemoDefinition } from '../../cli/seed.ts';
import type { ServiceDefinition } from '../forms/definition.ts';
import { validateDefinition } from '../forms/validate-definition.ts';
import { residentEventText, residentStatusText } from './model.ts';
import {
  canChangeStatus,
  dueAtFor,
  initialStatus,
  manualTransitions,
  nextInCategory,
  pathToCategory,
  reviewStatus,
  STANDARD_WORKFLOW,
  workflowOf,
} from './workflow.ts';

describe('standard workflow', () => {
  const ids = STANDARD_WORKFLOW.statuses.map((status) => status.id);

  test('starts in received', () => {
    assert.equal(initialStatus(STANDARD_WORKFLOW).id, 'received');
  });

  test('every from → to pair: only listed transitions, never into waiting or decided by hand', () => {
    const allowed = new Set([
      'received→inProgress',
      'received→closed',
      'inProgress→closed',
      'completionRequested→inProgress',
      'completionRequested→closed',
      'decided→closed',
    ]);
    for (const from of ids) {
      for (const to of ids) {
        assert.equal(
          canChangeStatus(STANDARD_WORKFLOW, from, to),
          allowed.has(`${from}→${to}`),
          `${from}→${to}`,
        );
      }
    }
    assert.equal(canChangeStatus(STANDARD_WORKFLOW, 'unknown', 'closed'), false);
  });

  test('actions reach their categories only where the workflow leads there', () => {
    assert.equal(nextInCategory(STANDARD_WORKFLOW, 'inProgress', 'decided')?.id, 'decided');
    assert.equal(nextInCategory(STANDARD_WORKFLOW, 'received', 'decided'), undefined);
    assert.equal(
      nextInCategory(STANDARD_WORKFLOW, 'received', 'waitingForResident')?.id,
      'completionRequested',
    );
    assert.equal(nextInCategory(STANDARD_WORKFLOW, 'closed', 'waitingForResident'), undefined);
    assert.deepEqual(
      manualTransitions(STANDARD_WORKFLOW, 'inProgress').map((status) => status.id),
      ['closed'],
    );
  });

  test('the target time runs from entering the status; no target means no due date', () => {
    const at = new Date('2026-03-01T10:00:00Z');
    const received = STANDARD_WORKFLOW.statuses[0];
    assert.ok(received);
    assert.equal(dueAtFor(received, at)?.toISOString(), '2026-03-06T10:00:00.000Z');
    const closed = STANDARD_WORKFLOW.statuses.find((status) => status.id === 'closed');
    assert.ok(closed);
    assert.equal(dueAtFor(closed, at), null);
  });
});

describe('case types with their own statuses', () => {
  const schoolTransport = readDemoDefinition('skolskjuts') as ServiceDefinition;

  test('a definition’s own statuses replace the standard ones, with internal statuses hidden from the resident', () => {
    const workflow = workflowOf(schoolTransport);
    assert.notEqual(workflow, STANDARD_WORKFLOW);
    const internal = workflow.statuses.find((status) => status.id === 'awaitingSchool');
    assert.equal(internal?.notifyResident, false);
    assert.equal(canChangeStatus(workflow, 'inProgress', 'awaitingSchool'), true);
    assert.equal(
      residentStatusText(workflow, 'awaitingSchool', 'inProgress').sv,
      'Vi utreder din ansökan',
      'an internal status still reads sensibly for the resident',
    );
    assert.deepEqual(
      residentEventText(workflow, { type: 'statusChanged', data: { to: 'inProgress', message: 'Hej' } }),
      {
        text: { sv: 'Vi utreder din ansökan', en: 'We are looking into your application' },
        message: 'Hej',
      },
    );
  });

  test('broken workflows are refused on import with a pointer to the problem', () => {
    const broken = structuredClone(schoolTransport);
    const statuses = broken.caseHandling?.statuses ?? [];
    statuses[0]?.next.push('nowhere');
    statuses.push({ ...(statuses[1] as (typeof statuses)[number]) });
    broken.caseHandling = { statuses: statuses.filter((status) => status.category !== 'decided') };
    const result = validateDefinition(broken);
    assert.equal(result.ok, false);
    const errors = result.ok ? [] : result.errors.join('\n');
    assert.match(String(errors), /unknown status "nowhere"/);
    assert.match(String(errors), /duplicate status id "inProgress"/);
    assert.match(String(errors), /needs at least one status in category "decided"/);
    const startsDecided = structuredClone(schoolTransport);
    const first = startsDecided.caseHandling?.statuses[0];
    if (first) first.category = 'closed';
    const second = validateDefinition(startsDecided);
    assert.match(
      String(second.ok ? '' : second.errors.join('\n')),
      /first status must be "received" or "inProgress"/,
    );
  });
});

describe('paths for automatic decisions and reviews (issue #10)', () => {
  const ids = (path: { id: string }[] | undefined) => path?.map((status) => status.id);

  test('the shortest path to decided passes only through handling statuses', () => {
    const cases: [string, readonly ('inProgress' | 'received')[], string[] | undefined][] = [
      ['received', ['inProgress'], ['inProgress', 'decided']],
      ['inProgress', ['inProgress'], ['decided']],
      ['received', [], undefined],
      ['completionRequested', ['inProgress'], ['inProgress', 'decided']],
      ['decided', ['inProgress'], undefined],
      ['closed', ['inProgress'], undefined],
    ];
    for (const [from, via, expected] of cases) {
      assert.deepEqual(ids(pathToCategory(STANDARD_WORKFLOW, from, 'decided', via)), expected, from);
    }
  });

  test('a workflow whose handling statuses do not lead to decided has no path', () => {
    const statuses = STANDARD_WORKFLOW.statuses.map((status) =>
      status.id === 'inProgress' ? { ...status, next: ['completionRequested', 'closed'] } : status,
    );
    assert.equal(pathToCategory({ statuses }, 'received', 'decided', ['inProgress']), undefined);
  });

  test('a review goes to a handling status even when decided has no way back', () => {
    assert.equal(reviewStatus(STANDARD_WORKFLOW, 'decided')?.id, 'inProgress');
    assert.equal(reviewStatus(STANDARD_WORKFLOW, 'closed')?.id, 'inProgress');
    const withoutHandling = STANDARD_WORKFLOW.statuses.filter((status) => status.category !== 'inProgress');
    assert.equal(reviewStatus({ statuses: withoutHandling }, 'decided'), undefined);
  });
});
