/**
 * Following a fault report (issue #11): the reporter's view of it — through the follow-up token of
 * an anonymous reporter or My Pages — and their answer "not fixed", which reopens it for the unit.
 */
import crypto from 'node:crypto';
import type { Kysely } from 'kysely';
import type { CaseEventActor, Database } from '../../db/schema.ts';
import { recordAudit } from '../../platform/audit/audit-log.ts';
import { AppError } from '../../platform/errors.ts';
import type { Tenant } from '../../platform/tenancy/tenant-service.ts';
import type { CaseHandlingService, HandledCase } from '../case-handling/service.ts';
import { residentEventText, residentStatusText } from '../cases/model.ts';
import { canResidentReadCase } from '../cases/policy.ts';
import type { CaseDetails, CaseService, ResidentActor } from '../cases/service.ts';
import { findStatus } from '../cases/workflow.ts';
import type { LocalizedText } from '../forms/definition.ts';
import {
  categoryLabel,
  coarse,
  commentProblem,
  type FaultReportDefinition,
  faultReportOf,
  type NotFixedState,
  notFixedState,
  reporterStatusText,
} from './model.ts';
import {
  type FaultReportRow,
  incrementNotFixed,
  selectFaultReport,
  selectFaultReportByToken,
  tokenHashMatches,
  updateTokenHash,
} from './store.ts';

export interface FollowDeps {
  db: Kysely<Database>;
  cases: Pick<CaseService, 'caseDetailsById' | 'caseForResident' | 'caseRow'>;
  caseHandling: Pick<CaseHandlingService, 'systemCase' | 'recordEvent' | 'enterStatus'>;
  now: () => Date;
}

/** A report as its reporter follows it: nothing an officer wrote only for the back office. */
export interface FollowedReport {
  caseId: string;
  reference: string;
  tenantName: string;
  tenantSlug: string;
  serviceTitle: LocalizedText;
  category: LocalizedText;
  status: LocalizedText;
  statusCategory: FaultReportRow['statusCategory'];
  /** Rounded to three decimals (about 100 m), or null for a report given as an address only. */
  place: { latitude: number; longitude: number } | null;
  submittedAt: Date;
  updatedAt: Date;
  expectedAt: Date | null;
  fixedAt: Date | null;
  notFixed: NotFixedState;
  /** The history the resident may see, oldest first. */
  history: { at: Date; text: LocalizedText; message?: string }[];
  /**
   * Set when an officer merged this report into another one about the same fault (decision 0018):
   * the kept report's reference and where it stands, which the reporter now follows (nothing of its
   * reporter's own: no history, no messages). `notFixed` is then the kept report's.
   */
  mergedInto: KeptReport | null;
}

/** The report a merged one follows, as its reporter sees it. */
export interface KeptReport {
  caseId: string;
  reference: string;
  status: LocalizedText;
  statusCategory: FaultReportRow['statusCategory'];
  updatedAt: Date;
  expectedAt: Date | null;
  fixedAt: Date | null;
}

/** SHA-256 of a follow-up token, as stored (base64url). */
export function followTokenHash(token: string): string {
  return crypto.createHash('sha256').update(token).digest('base64url');
}

function refused(message: string): AppError {
  return new AppError('VALIDATION_FAILED', 'The answer "not fixed" cannot be taken', [
    { field: 'comment', message },
  ]);
}

const dateOrNull = (value: Date | string | null) => (value === null ? null : new Date(value));

/** The kept report as the merged report's reporter sees it (its status in the category's words). */
function keptView(details: CaseDetails, report: FaultReportDefinition, kept: FaultReportRow): KeptReport {
  const fallback = residentStatusText(details.workflow, kept.status, kept.statusCategory);
  return {
    caseId: kept.caseId,
    reference: kept.reference,
    status: reporterStatusText(report, kept.category, kept.status, fallback),
    statusCategory: kept.statusCategory,
    updatedAt: new Date(kept.updatedAt),
    expectedAt: dateOrNull(kept.expectedAt),
    fixedAt: dateOrNull(kept.fixedAt),
  };
}

/** The reporter's view of one report, from its case's details and its row (and the kept one's, when merged). */
function followed(
  details: CaseDetails,
  report: FaultReportDefinition,
  row: FaultReportRow,
  kept: FaultReportRow | undefined,
  now: Date,
) {
  const { case: item, workflow } = details;
  const definition = details.version.definition;
  const fallback = residentStatusText(workflow, item.status, item.statusCategory);
  const history = details.events.map((event) => {
    const line = residentEventText(workflow, event);
    const to = event.data.to;
    const text =
      event.type === 'statusChanged' && typeof to === 'string'
        ? reporterStatusText(report, row.category, to, line.text)
        : line.text;
    return { at: new Date(event.createdAt), text, message: line.message };
  });
  const fixedAt = row.fixedAt === null ? null : new Date(row.fixedAt);
  return {
    caseId: item.id,
    reference: item.reference,
    tenantName: details.tenant.name,
    tenantSlug: details.tenant.slug,
    serviceTitle: definition.title,
    category: categoryLabel(definition, row.category),
    status: reporterStatusText(report, row.category, item.status, fallback),
    statusCategory: item.statusCategory,
    place:
      row.latitude === null || row.longitude === null
        ? null
        : { latitude: coarse(row.latitude), longitude: coarse(row.longitude) },
    submittedAt: new Date(row.submittedAt),
    updatedAt: new Date(row.updatedAt),
    expectedAt: row.expectedAt === null ? null : new Date(row.expectedAt),
    fixedAt,
    // A merged report's reporter answers "not fixed" about the kept one (decision 0018).
    notFixed: notFixedState(report, kept ? dateOrNull(kept.fixedAt) : fixedAt, now),
    history,
    mergedInto: kept ? keptView(details, report, kept) : null,
  } satisfies FollowedReport;
}

/** Builds the reporter's reads and the "not fixed" answer. */
export function createFollow(deps: FollowDeps) {
  const { db, now } = deps;

  /** The reporter's view of a case; `known` is the case's report row when the caller already read it. */
  async function view(details: CaseDetails, known?: FaultReportRow): Promise<FollowedReport | undefined> {
    const report = faultReportOf(details.version.definition);
    const row = report ? (known ?? (await selectFaultReport(db, details.case.id))) : undefined;
    if (!report || !row) return undefined;
    const kept = row.mergedInto === null ? undefined : await selectFaultReport(db, row.mergedInto);
    return followed(details, report, row, kept, now());
  }

  /** The audit entry of a reporter's answer (on the case it reopened). */
  const auditNotFixed = (
    trx: Kysely<Database>,
    handled: HandledCase,
    actor: CaseEventActor,
    details: Record<string, unknown>,
  ) =>
    recordAudit(trx, {
      tenantId: handled.row.tenantId,
      actor: {
        staffId: null,
        personId: actor.personId ?? null,
        name: actor.name || 'Anonym anmälare (uppföljningslänken)',
        unitNames: [],
      },
      action: 'case.notFixed',
      caseId: handled.row.id,
      subjectPersonId: handled.row.applicantPersonId,
      details,
      at: now(),
    });

  /** Reopens `reopened` (the report itself, or the kept one of a merged report) with the answer. */
  async function reopenWith(
    trx: Kysely<Database>,
    answered: HandledCase,
    reopened: HandledCase,
    report: FaultReportDefinition,
    comment: { message: string; actor: CaseEventActor; extra?: Record<string, unknown> },
  ) {
    const row = await selectFaultReport(trx, reopened.row.id);
    if (!row) throw new AppError('CASE_NOT_FOUND');
    const state = notFixedState(report, row.fixedAt === null ? null : new Date(row.fixedAt), now());
    if (state.kind !== 'open')
      throw refused(state.kind === 'windowClosed' ? 'windowClosed' : 'notMarkedFixed');
    const target = findStatus(reopened.workflow, report.reopenStatus);
    if (!target) throw new Error(`the workflow has no status "${report.reopenStatus}"`);
    const { message, actor, extra = {} } = comment;
    const own = answered.row.id === reopened.row.id;
    await deps.caseHandling.recordEvent(trx, answered, {
      type: 'notFixed',
      actor,
      data: { ...extra, message },
      visibility: 'resident',
    });
    if (own) {
      // The reporter made the change: no mail to them about it (the hook clears the fixed time).
      await deps.caseHandling.enterStatus(trx, reopened, target, actor, {}, null);
    } else {
      // Another report's reporter answered: the kept case's own reporter does not read their comment.
      await deps.caseHandling.recordEvent(trx, reopened, {
        type: 'notFixed',
        actor,
        data: { message, via: answered.row.reference },
        visibility: 'internal',
      });
      await deps.caseHandling.enterStatus(trx, reopened, target, actor, { via: answered.row.reference });
    }
    await incrementNotFixed(trx, reopened.row.id);
    await auditNotFixed(trx, reopened, actor, own ? {} : { via: answered.row.reference });
  }

  /**
   * Records the answer, reopens the report for its unit and audits it, in one transaction. A merged
   * report's answer reopens the kept report (both locked, in reference order).
   */
  async function answerNotFixed(
    reference: string,
    comment: string,
    actor: CaseEventActor,
    extra: Record<string, unknown> = {},
  ) {
    const problem = commentProblem(comment);
    if (problem) throw refused(problem);
    const lock = await deps.caseHandling.systemCase(reference);
    const ownRow = await deps.cases.caseRow(reference);
    const reportRow = ownRow ? await selectFaultReport(db, ownRow.id) : undefined;
    const keptRow = reportRow?.mergedInto ? await selectFaultReport(db, reportRow.mergedInto) : undefined;
    const keptLock = keptRow ? await deps.caseHandling.systemCase(keptRow.reference) : undefined;
    if (!lock || (reportRow?.mergedInto && !keptLock)) throw new AppError('CASE_NOT_FOUND');
    await db.transaction().execute(async (trx) => {
      const keptFirst = keptRow !== undefined && keptRow.reference < reference;
      const kept = keptLock && keptFirst ? await keptLock(trx) : undefined;
      const handled = await lock(trx);
      const keptHandled = keptLock && !keptFirst ? await keptLock(trx) : kept;
      const report = handled && faultReportOf(handled.version.definition);
      const row = handled && report ? await selectFaultReport(trx, handled.row.id) : undefined;
      if (!handled || !report || !row) throw new AppError('CASE_NOT_FOUND');
      // Merged meanwhile, or un-merged: the reporter sends again and gets the current answer.
      if (row.mergedInto !== (keptHandled?.row.id ?? null)) throw new AppError('CASE_NOT_FOUND');
      await reopenWith(trx, handled, keptHandled ?? handled, report, {
        message: comment.trim(),
        actor,
        extra,
      });
    });
  }

  async function byToken(tenant: Tenant, token: string) {
    const row = await selectFaultReportByToken(db, tenant.id, followTokenHash(token));
    if (!row) throw new AppError('NOT_FOUND');
    return row;
  }

  return {
    /**
     * A new follow-up token for a report (random, 256 bits); only its hash is stored, so the token
     * is shown once to whoever asked (the receipt, an Open311 client). The previous token stops working.
     * Inside the caller's transaction when given (an Open311 request and its token are one write).
     */
    async issueFollowToken(caseId: string, trx: Kysely<Database> = db): Promise<string> {
      const token = crypto.randomBytes(32).toString('base64url');
      if (!(await updateTokenHash(trx, caseId, followTokenHash(token)))) throw new AppError('CASE_NOT_FOUND');
      return token;
    },

    /** Whether `token` is the report's current follow-up token. */
    followTokenMatches: (caseId: string, token: string) =>
      tokenHashMatches(db, caseId, followTokenHash(token)),

    /** The report of a follow-up token in the tenant; NOT_FOUND for any other token. */
    async reportByToken(tenant: Tenant, token: string): Promise<FollowedReport> {
      const row = await byToken(tenant, token);
      const found = await view(await deps.cases.caseDetailsById(row.caseId), row);
      if (!found) throw new AppError('NOT_FOUND');
      return found;
    },

    /** The reporter's view of a case already read for them (My Pages); undefined for other cases. */
    reportOf: (details: CaseDetails) => view(details),

    /**
     * A logged-in reporter's fault report for the "not fixed" page (CASE_NOT_FOUND unless theirs);
     * undefined for other cases. Not while acting for someone: see `notFixedByResident`.
     */
    async reportForResident(actor: ResidentActor, reference: string): Promise<FollowedReport | undefined> {
      if (actor.actingFor) throw new AppError('CASE_NOT_FOUND');
      return view(await deps.cases.caseForResident(actor, reference));
    },

    /** The holder of the follow-up token answers "not fixed" with a comment. */
    async notFixedByToken(tenant: Tenant, token: string, comment: string): Promise<void> {
      const row = await byToken(tenant, token);
      await answerNotFixed(row.reference, comment, { kind: 'anonymous' });
    },

    /**
     * A reporter's "not fixed" relayed by a client app (Open311 `servicerequestupdates`): the same
     * rules as the follow-up link; the caller has checked the app may speak for this report. `data`
     * goes on the history event (the app's own update id).
     */
    async notFixedByApp(
      reference: string,
      comment: string,
      appName: string,
      data: Record<string, unknown> = {},
    ): Promise<void> {
      await answerNotFixed(reference, comment, { kind: 'anonymous', name: appName }, data);
    },

    /** The logged-in reporter answers "not fixed" with a comment. */
    async notFixedByResident(actor: ResidentActor & { name: string }, reference: string, comment: string) {
      // "Not fixed" is not open to a representative (docs/representatives.md): its history event
      // would name only the principal, not who acted (decision 0028, point 6). Found by the
      // authorization matrix (issue #14).
      if (actor.actingFor) throw new AppError('CASE_NOT_FOUND');
      // Only the access check: answerNotFixed reads and locks the case itself.
      const row = await deps.cases.caseRow(reference);
      if (!row || !canResidentReadCase(actor, row)) throw new AppError('CASE_NOT_FOUND');
      await answerNotFixed(
        reference,
        comment,
        actor.personId
          ? { kind: 'resident', personId: actor.personId, name: actor.name }
          : { kind: 'anonymous' },
      );
    },
  };
}
