/**
 * Duplicate fault reports (issue #11, decision 0018): likely duplicates of a report suggested to the
 * officer (same category, within a radius and a time window: the bounding box on an index, then the
 * exact distance), and an officer merging a report into the kept one in one transaction: both cases
 * locked, `merged_into` recorded, an event on each, the merged case closed through the back office's
 * `enterStatus`, its reporter told, audit entries on both.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { AppError } from '../../platform/errors.ts';
import type { HandledCase } from '../case-handling/case-changes.ts';
import { canOfficer, canOfficerRead } from '../case-handling/policy.ts';
import { auditOfficerAction, type CaseHandlingService, officerEventActor } from '../case-handling/service.ts';
import type { CaseService } from '../cases/service.ts';
import type { ServiceDefinition } from '../forms/definition.ts';
import { shortDurationMs } from '../forms/duration.ts';
import type { StaffActor } from '../organisation/model.ts';
import { enqueueAnonymousNotice } from './case-ports.ts';
import { categoryOf, type FaultReportDefinition, faultReportOf, reporterEmail } from './model.ts';
import {
  type FaultReportRow,
  markMerged,
  moveMergedReports,
  selectFaultReport,
  selectFollowedCaseIds,
  selectNearbyOpenReports,
} from './store.ts';

export interface DuplicateDeps {
  db: Kysely<Database>;
  cases: Pick<CaseService, 'caseRow' | 'caseRows'>;
  caseHandling: Pick<CaseHandlingService, 'systemCase' | 'recordEvent' | 'enterStatus' | 'notifyResident'>;
  now: () => Date;
}

/** Suggestions when the category sets nothing: 150 m and 30 days either side of the submission. */
export const DEFAULT_DUPLICATE_RADIUS_M = 150;
export const DEFAULT_DUPLICATE_WINDOW = 'P30D';
/** The most suggestions shown. */
export const DUPLICATE_SUGGESTIONS_LIMIT = 10;

/** A likely duplicate as the officer's case page lists it. */
export interface DuplicateSuggestion {
  caseId: string;
  reference: string;
  distanceMeters: number;
  submittedAt: Date;
  status: string;
  statusCategory: FaultReportRow['statusCategory'];
}

/** The officer's view of a report's duplicates: its own row, where it went, and the suggestions. */
export interface DuplicatePanel {
  report: FaultReportRow;
  /** The kept report's reference when this one was merged. */
  mergedIntoReference: string | null;
  /** Why there are no suggestions, when none are looked for. */
  skipped: 'noPosition' | 'notOpen' | null;
  suggestions: DuplicateSuggestion[];
  radiusMeters: number;
  windowDays: number;
}

/** The radius and window of a category's suggestions. */
export function duplicateRules(report: FaultReportDefinition, category: string) {
  const found = categoryOf(report, category);
  const windowMs =
    shortDurationMs(found?.duplicateWindow ?? DEFAULT_DUPLICATE_WINDOW) ??
    (shortDurationMs(DEFAULT_DUPLICATE_WINDOW) as number);
  return { radiusMeters: found?.duplicateRadius ?? DEFAULT_DUPLICATE_RADIUS_M, windowMs };
}

/** A refused merge, shown beside the "kept case" field. */
export type MergeProblem =
  | 'intoMissing'
  | 'intoSelf'
  | 'intoNotFound'
  | 'intoOtherService'
  | 'intoClosed'
  | 'intoMerged'
  | 'alreadyMerged'
  | 'notOpen'
  | 'waitingForResident';

function refused(problem: MergeProblem): AppError {
  return new AppError('VALIDATION_FAILED', 'The reports cannot be merged', [
    { field: 'into', message: problem },
  ]);
}

const isOpen = (category: string) =>
  category === 'received' || category === 'inProgress' || category === 'waitingForResident';

/** A case of the same tenant whose row the actor may read, or undefined. */
async function readableCase(deps: DuplicateDeps, actor: StaffActor, reference: string) {
  const row = await deps.cases.caseRow(reference);
  return row && canOfficerRead(actor, row) ? row : undefined;
}

export function createDuplicates(deps: DuplicateDeps) {
  const { db, now } = deps;

  /** The report a case's report was merged into, as a reference; null when it is not merged. */
  async function keptReference(row: FaultReportRow): Promise<string | null> {
    if (row.mergedInto === null) return null;
    return (await selectFaultReport(db, row.mergedInto))?.reference ?? null;
  }

  /**
   * Checks and writes the merge of `merged` into `kept`, both locked in the caller's transaction.
   * Returns nothing; throws a field error for every refusal.
   */
  async function mergeLocked(
    trx: Kysely<Database>,
    actor: StaffActor,
    merged: HandledCase,
    kept: HandledCase,
  ): Promise<void> {
    const report = faultReportOf(merged.version.definition);
    const [mergedRow, keptRow] = await Promise.all([
      selectFaultReport(trx, merged.row.id),
      selectFaultReport(trx, kept.row.id),
    ]);
    if (!report || !mergedRow) throw new AppError('CASE_NOT_FOUND');
    if (!canOfficer(actor, 'changeStatus', merged.row)) throw new AppError('FORBIDDEN');
    if (mergedRow.mergedInto !== null) throw refused('alreadyMerged');
    if (!canOfficerRead(actor, kept.row) || !keptRow) throw refused('intoNotFound');
    if (kept.row.serviceId !== merged.row.serviceId) throw refused('intoOtherService');
    if (keptRow.mergedInto !== null) throw refused('intoMerged');
    if (!isOpen(keptRow.statusCategory)) throw refused('intoClosed');
    if (merged.row.statusCategory === 'waitingForResident') throw refused('waitingForResident');
    if (!isOpen(merged.row.statusCategory)) throw refused('notOpen');
    const closed = merged.workflow.statuses.find((status) => status.category === 'closed');
    if (!closed) throw new Error('a fault report workflow has a closed status (checked on import)');

    const at = now();
    const officer = officerEventActor(actor);
    await markMerged(trx, merged.row.id, kept.row.id, at);
    const moved = await moveMergedReports(trx, merged.row.id, kept.row.id);
    await deps.caseHandling.recordEvent(trx, merged, {
      type: 'mergedInto',
      actor: officer,
      data: { reference: kept.row.reference },
      visibility: 'resident',
    });
    // The reporter is told below, whether or not the closed status tells them by itself.
    await deps.caseHandling.enterStatus(
      trx,
      merged,
      closed,
      officer,
      { mergedInto: kept.row.reference },
      null,
    );
    await deps.caseHandling.recordEvent(trx, kept, {
      type: 'duplicateMerged',
      actor: officer,
      data: { reference: merged.row.reference, ...(moved.length > 0 ? { followers: moved } : {}) },
      visibility: 'internal',
    });
    if (merged.row.applicantPersonId) await deps.caseHandling.notifyResident(trx, merged, 'statusChanged');
    else if (reporterEmail(report, merged.row.answers, merged.row.applicantContact))
      await enqueueAnonymousNotice(trx, merged.row.tenantId, merged.row.id, false);
    await auditOfficerAction(trx, actor, merged, {
      action: 'case.mergedInto',
      details: { into: kept.row.reference },
      at,
    });
    await auditOfficerAction(trx, actor, kept, {
      action: 'case.duplicateMerged',
      details: { from: merged.row.reference, followers: moved },
      at,
    });
  }

  return {
    /**
     * The duplicates section of a report's case page, for an officer who may read the case (the
     * caller's check, made when it read the case; not repeated here): open reports of the same category within the category's radius and time
     * window that the officer may read too, nearest first. Undefined for a case with no report.
     */
    async duplicatePanel(
      actor: StaffActor,
      caseId: string,
      definition: ServiceDefinition,
    ): Promise<DuplicatePanel | undefined> {
      // The caller read the case through the back office (caseForOfficer), which checked the access.
      const row = await selectFaultReport(db, caseId);
      if (!row) return undefined;
      const mergedIntoReference = await keptReference(row);
      const base = { report: row, mergedIntoReference, radiusMeters: 0, windowDays: 0, suggestions: [] };
      if (!row.open) return { ...base, skipped: 'notOpen' };
      if (row.latitude === null || row.longitude === null) return { ...base, skipped: 'noPosition' };
      const report = faultReportOf(definition);
      if (!report) return undefined;
      const { radiusMeters, windowMs } = duplicateRules(report, row.category);
      const submitted = new Date(row.submittedAt).getTime();
      const nearby = await selectNearbyOpenReports(
        db,
        row.tenantId,
        {
          latitude: row.latitude,
          longitude: row.longitude,
          radiusMeters,
          limit: DUPLICATE_SUGGESTIONS_LIMIT * 2,
        },
        {
          category: row.category,
          submittedFrom: new Date(submitted - windowMs),
          submittedTo: new Date(submitted + windowMs),
          exceptCaseId: row.caseId,
        },
      );
      const candidates = await deps.cases.caseRows(nearby.map((candidate) => candidate.reference));
      const mayRead = new Set(candidates.filter((c) => canOfficerRead(actor, c)).map((c) => c.reference));
      return {
        ...base,
        skipped: null,
        radiusMeters,
        windowDays: Math.round(windowMs / (24 * 3600_000)),
        suggestions: nearby
          .filter((candidate) => mayRead.has(candidate.reference))
          .slice(0, DUPLICATE_SUGGESTIONS_LIMIT)
          .map((candidate) => ({
            caseId: candidate.caseId,
            reference: candidate.reference,
            distanceMeters: Number(candidate.distanceMeters),
            submittedAt: new Date(candidate.submittedAt),
            status: candidate.status,
            statusCategory: candidate.statusCategory,
          })),
      };
    },

    /**
     * The officer merges the report `reference` into the report `intoReference` (decision 0018):
     * `VALIDATION_FAILED` with an `into` field error (a `MergeProblem`) when refused, CASE_NOT_FOUND
     * when the officer may not read the merged case, FORBIDDEN when they may not change its status.
     */
    async mergeReport(actor: StaffActor, reference: string, intoReference: string): Promise<void> {
      const into = intoReference.trim().toUpperCase();
      const own = await readableCase(deps, actor, reference);
      if (!own) throw new AppError('CASE_NOT_FOUND');
      if (!into) throw refused('intoMissing');
      if (into === own.reference) throw refused('intoSelf');
      const other = await readableCase(deps, actor, into);
      if (!other) throw refused('intoNotFound');
      const [ownLock, otherLock] = await Promise.all([
        deps.caseHandling.systemCase(own.reference),
        deps.caseHandling.systemCase(other.reference),
      ]);
      if (!ownLock || !otherLock) throw refused('intoNotFound');
      await db.transaction().execute(async (trx) => {
        // Always the same order, so two officers merging the two reports either way cannot deadlock.
        const ownFirst = own.reference < other.reference;
        const first = await (ownFirst ? ownLock : otherLock)(trx);
        const second = await (ownFirst ? otherLock : ownLock)(trx);
        const merged = ownFirst ? first : second;
        const kept = ownFirst ? second : first;
        if (!merged) throw new AppError('CASE_NOT_FOUND');
        if (!kept) throw refused('intoNotFound');
        await mergeLocked(trx, actor, merged, kept);
      });
    },

    /**
     * The report a merged report follows (for Open311's answers about a merged request and the
     * reporter's pages): the kept case's id and reference, or undefined when the case is not merged.
     */
    /** The cases reports are followed in (Open311 answers about a merged request with the kept one). */
    followedCaseIds: (caseIds: readonly string[]) => selectFollowedCaseIds(db, caseIds),

    async keptReportOf(caseId: string): Promise<{ caseId: string; reference: string } | undefined> {
      const row = await selectFaultReport(db, caseId);
      if (!row || row.mergedInto === null) return undefined;
      const kept = await selectFaultReport(db, row.mergedInto);
      return kept ? { caseId: kept.caseId, reference: kept.reference } : undefined;
    },
  };
}
