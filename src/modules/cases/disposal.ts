/**
 * The case record's part of retention and disposal (issue #14, decision 0031), handed to the
 * disposal service by the composition root. A disposed case keeps its row (reduced, see
 * `reduceDisposedCase`) and its history as a record of what was done and when: each event keeps
 * its type, time and visibility, its actor is pseudonymised, and its data keeps only the keys
 * below, which hold codes and ids, never free text or answers.
 */
import type { Kysely } from 'kysely';
import type { CaseEventActor, Database } from '../../db/schema.ts';
import {
  lockNextDueCase,
  markArchived,
  type PeriodRow,
  reduceDisposedCase,
  replaceEventContents,
  selectArchivedCases,
  selectEventsForDisposal,
  selectPendingByMonth,
} from './disposal-store.ts';

/**
 * Event data that tells what happened without telling about the person: statuses, outcomes, ids,
 * units and services moved between, the steps asked about. Notes, messages, reasons, previous
 * answers and a proposal's inputs and explanation are dropped.
 */
const KEPT_EVENT_KEYS = new Set([
  'from',
  'to',
  'decisionId',
  'outcome',
  'correctsDecisionId',
  'review',
  'followsProposal',
  'proposalId',
  'proposed',
  'stepIds',
  'fromUnitId',
  'toUnitId',
  'fromUnit',
  'toUnit',
  'fromServiceId',
  'toServiceId',
  'fromService',
  'toService',
  'reference',
  'via',
  'trigger',
]);

/** The data of a disposed case's event: the kept keys only, and a mark that the rest was disposed of. */
export function disposedEventData(data: Record<string, unknown>): Record<string, unknown> {
  const kept = Object.fromEntries(Object.entries(data).filter(([key]) => KEPT_EVENT_KEYS.has(key)));
  return { ...kept, disposed: true };
}

interface Target {
  caseId: string;
  at: Date;
  pseudonyms: { scrub<T>(value: T): T };
}

async function disposeCaseRecord(trx: Kysely<Database>, target: Target) {
  // First: the audit and decision triggers let a disposal change rows only of a case marked disposed.
  await reduceDisposedCase(trx, target.caseId, target.at);
  const events = await selectEventsForDisposal(trx, target.caseId);
  await replaceEventContents(
    trx,
    target.caseId,
    events.map((event) => ({
      id: event.id,
      actor: target.pseudonyms.scrub<CaseEventActor>(event.actor),
      data: disposedEventData(event.data),
    })),
  );
  return { counts: { answers: 1, events: events.length } };
}

/** The part for the disposal service (ports.ts `CaseRecordDisposal`). */
export function createCaseRecordDisposal(db: Kysely<Database>) {
  return {
    claimDue: (
      trx: Kysely<Database>,
      tenantId: string,
      periods: PeriodRow[],
      now: Date,
      passOver: readonly string[],
    ) => lockNextDueCase(trx, tenantId, periods, now, passOver),
    pending: (tenantId: string, periods: PeriodRow[], now: Date) =>
      selectPendingByMonth(db, tenantId, periods, now),
    archived: (tenantId: string, limit: number) => selectArchivedCases(db, tenantId, limit),
    dispose: disposeCaseRecord,
    async archive(trx: Kysely<Database>, target: Target) {
      await markArchived(trx, target.caseId, target.at);
      return {};
    },
  };
}
