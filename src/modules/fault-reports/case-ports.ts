/**
 * How fault reports ride along with the case record (decision 0015): the cases module's extension
 * port writes a report's row in the statement that makes its case and places the case with its
 * category's unit and target time; the back office's hooks keep the report's status copy, fixed time
 * and place current in the transaction of every change, and queue the anonymous reporter's mail.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { enqueue } from '../../platform/jobs/topics.ts';
import type { CaseChangeHooks } from '../case-handling/service.ts';
import type { CaseExtension } from '../cases/service.ts';
import { initialStatus, workflowOf } from '../cases/workflow.ts';
import type { OrganisationService } from '../organisation/service.ts';
import {
  categoryOf,
  expectedAt,
  faultReportOf,
  fixedAtAfter,
  reportedFault,
  reporterEmail,
} from './model.ts';
import {
  clearMerged,
  insertFaultReportSql,
  selectFaultReport,
  updateReportedFault,
  updateReportStatus,
} from './store.ts';

/** The cases module's extension for fault report services (every other service passes through). */
export function faultReportCaseExtension(
  organisation: Pick<OrganisationService, 'unitIdByName'>,
): CaseExtension {
  return {
    async placement(input, trx) {
      const report = faultReportOf(input.definition);
      if (!report) return undefined;
      const category = categoryOf(report, reportedFault(report, input.answers).category);
      // A unit the tenant does not have leaves the case with the service's unit (docs/fault-reports.md).
      const unitId = category?.unit
        ? await organisation.unitIdByName(input.tenantId, category.unit, trx)
        : undefined;
      return { unitId, dueAt: expectedAt(category, input.submittedAt) };
    },
    alsoInStatement(input) {
      const report = faultReportOf(input.definition);
      if (!report) return undefined;
      const fault = reportedFault(report, input.answers);
      const first = initialStatus(workflowOf(input.definition));
      const row = {
        tenantId: input.tenantId,
        ...fault,
        status: first.id,
        statusCategory: first.category,
        submittedAt: input.submittedAt,
        expectedAt: expectedAt(categoryOf(report, fault.category), input.submittedAt) ?? null,
      };
      return (caseId, reference) => [insertFaultReportSql(caseId, reference, row)];
    },
  };
}

/** The back office's hooks: each runs in the change's transaction, with the case row locked. */
export function faultReportCaseHooks(): CaseChangeHooks {
  return {
    async statusEntered(trx, handled, target, change) {
      const report = faultReportOf(handled.version.definition);
      const row = report ? await selectFaultReport(trx, handled.row.id) : undefined;
      if (!report || !row) return;
      const fixedAt = fixedAtAfter(
        report,
        target,
        row.fixedAt === null ? null : new Date(row.fixedAt),
        change.at,
      );
      await updateReportStatus(trx, row.caseId, {
        status: target.id,
        statusCategory: target.category,
        fixedAt,
        at: change.at,
      });
      // An officer who reopens a merged report un-merges it (decision 0018).
      if (row.mergedInto !== null && target.category !== 'closed') await clearMerged(trx, row.caseId);
      // A logged-in reporter gets the back office's own notification; an anonymous one who left an
      // address gets a mail of its own (no content, no reference: docs/notifications.md).
      const { row: locked } = handled;
      if (!change.notify || locked.applicantPersonId) return;
      if (!reporterEmail(report, locked.answers, locked.applicantContact)) return;
      await enqueueAnonymousNotice(trx, locked.tenantId, locked.id, target.id === report.fixedStatus);
    },
    async answersChanged(trx, handled, answers, at) {
      const report = faultReportOf(handled.version.definition);
      if (!report) return;
      await updateReportedFault(trx, handled.row.id, { ...reportedFault(report, answers), at });
    },
  };
}

/** Queues the anonymous reporter's "news in your report" mail (the handler reads the address when it sends). */
export function enqueueAnonymousNotice(
  trx: Kysely<Database>,
  tenantId: string,
  caseId: string,
  fixed: boolean,
) {
  return enqueue(trx, tenantId, 'notification.anonymous', {
    caseId,
    kind: fixed ? 'fixed' : 'statusChanged',
  });
}
