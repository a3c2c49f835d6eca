/**
 * The core every officer change goes through: find the case, check the policy, lock the row, do the
 * work and write the audit entry, all in one transaction (the service's actions and other modules'
 * changes through `withOfficerCase`).
 */
import type { Kysely, Transaction } from 'kysely';
import type { CaseEventActor, Database } from '../../db/schema.ts';
import { recordAudit } from '../../platform/audit/audit-log.ts';
import { AppError } from '../../platform/errors.ts';
import type { DataProtection } from '../../platform/protection/data-protection.ts';
import type { TenantService } from '../../platform/tenancy/tenant-service.ts';
import type { CaseService } from '../cases/service.ts';
import { findStatus, workflowOf } from '../cases/workflow.ts';
import type { CatalogueService } from '../catalogue/service.ts';
import { isMemberOf, type StaffActor } from '../organisation/model.ts';
import { auditActorOf, type OrganisationService } from '../organisation/service.ts';
import type { CaseChangeHooks, HandledCase } from './case-changes.ts';
import type { CaseMovedHook } from './case-move.ts';
import { canOfficer, canOfficerRead, type OfficerAction, officerAccess, shareOfActor } from './policy.ts';
import { selectActiveShares } from './share-store.ts';
import { hasShareReadEvent, insertCaseEvent, lockCaseByReference, lockCaseForOfficer } from './store.ts';

/** What the back office is built from: the database and the services it reads through. */
export interface CaseHandlingDeps {
  db: Kysely<Database>;
  tenants: TenantService;
  catalogue: CatalogueService;
  organisation: OrganisationService;
  /** The case record: rows and files are read through it (decision 0006). */
  cases: Pick<CaseService, 'caseRow' | 'attachmentsOf'>;
  now: () => Date;
  /** Other modules' writes in the transaction of a status or answer change (fault reports). */
  hooks?: CaseChangeHooks;
  /** Told in the move's transaction when an officer moves a case to another e-service (routing learns, issue #13). */
  onCaseMoved?: CaseMovedHook;
  /** Seals answers the form marks (a completion's) and hashes a searched personnummer (decision 0034). */
  protection: DataProtection;
  /** The person with this personnummer (12 digits), if the register has them: the queue's search. */
  personIdOf: (personalIdentityNumber: string) => Promise<string | undefined>;
}

/** The audit entry of an officer's change when it is more than `case.<action>` (a share and its reason). */
export interface OfficerAuditEntry {
  action: string;
  details?: Record<string, unknown>;
}

/** Runs `work` with the case locked after the policy check, and audits it as `case.<action>` (or `audit`). */
export type WithOfficerCase = <T>(
  actor: StaffActor,
  reference: string,
  action: OfficerAction,
  work: (trx: Transaction<Database>, handled: HandledCase) => Promise<T>,
  audit?: OfficerAuditEntry | ((result: T) => OfficerAuditEntry),
) => Promise<T>;

/** The event actor for a staff member. */
export function officerEventActor(actor: StaffActor): CaseEventActor {
  return { kind: 'officer', personId: actor.personId, staffId: actor.staffId, name: actor.name };
}

/** The audit entry of a staff member's action on a case, in the action's transaction. */
export function auditOfficerAction(
  trx: Kysely<Database>,
  actor: StaffActor,
  handled: HandledCase,
  entry: { action: string; details?: Record<string, unknown>; at: Date },
): Promise<void> {
  return recordAudit(trx, {
    tenantId: handled.row.tenantId,
    actor: auditActorOf(actor),
    action: entry.action,
    caseId: handled.row.id,
    subjectPersonId: handled.row.applicantPersonId,
    details: entry.details ?? {},
    at: entry.at,
  });
}

/**
 * A business system's API client acting on a case (issue #12). Its policy (api-clients/model.ts)
 * comes with it as `reaches`; the caller has checked the action's scope.
 */
export interface CaseClient {
  clientId: string;
  name: string;
  /** Whether the client reaches the case; a case it does not reach does not exist for it (404). */
  reaches(subject: { tenantId: string; unitId: string | null; serviceId: string }): boolean;
}

/** The history's actor for an API client: the system, named, with the client's id. */
export function clientEventActor(client: CaseClient): CaseEventActor {
  return { kind: 'system', apiClientId: client.clientId, name: client.name };
}

/** Runs `work` with the case locked after the client's reach is checked, and audits it as the client's `case.<action>`. */
export type WithClientCase = <T>(
  client: CaseClient,
  reference: string,
  action: OfficerAction,
  work: (trx: Transaction<Database>, handled: HandledCase) => Promise<T>,
) => Promise<T>;

/** Builds `withClientCase`, the API clients' `withOfficerCase`: the same lock, change and audit in one transaction. */
export function createWithClientCase(deps: CaseHandlingDeps): WithClientCase {
  const { db, now } = deps;
  return async (client, reference, action, work) => {
    const found = await deps.cases.caseRow(reference);
    if (!found || !client.reaches(found)) throw new AppError('CASE_NOT_FOUND');
    const [tenant, version] = await Promise.all([
      deps.tenants.byId(found.tenantId),
      deps.catalogue.version(found.serviceVersionId),
    ]);
    const workflow = workflowOf(version.definition);
    return db.transaction().execute(async (trx) => {
      const row = await lockCaseByReference(trx, reference);
      if (!row || !client.reaches(row)) throw new AppError('CASE_NOT_FOUND');
      const handled = { row, tenant, version, workflow, status: findStatus(workflow, row.status) };
      const result = await work(trx, handled);
      await recordAudit(trx, {
        tenantId: row.tenantId,
        actor: {
          staffId: null,
          personId: null,
          apiClientId: client.clientId,
          name: client.name,
          unitNames: [],
        },
        action: `case.${action}`,
        caseId: row.id,
        subjectPersonId: row.applicantPersonId,
        at: now(),
      });
      return result;
    });
  };
}

/** Builds `withOfficerCase`: 404 when the case is not readable, 403 when the action is not allowed. */
export function createWithOfficerCase(deps: CaseHandlingDeps): WithOfficerCase {
  const { db, now } = deps;

  /**
   * Reads what does not change (tenant, version) before the transaction, then locks the row inside
   * it. Inside a transaction only `trx` may be used: embedded PGlite has a single connection, so a
   * query on the root handle would wait for the transaction that waits for it. A staff member
   * outside the handling unit is let in only by an active share (decision 0033).
   */
  const context = async (actor: StaffActor, reference: string) => {
    const row = await deps.cases.caseRow(reference);
    if (!row) throw new AppError('CASE_NOT_FOUND');
    const at = now();
    const shares = isMemberOf(actor, row.unitId) ? [] : await selectActiveShares(db, row.id, at);
    if (!canOfficerRead(actor, { ...row, sharing: { at, shares } })) throw new AppError('CASE_NOT_FOUND');
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
    const at = now();
    const locked = await lockCaseForOfficer(trx, reference, at);
    const sharing = { at, shares: locked?.shares ?? [] };
    if (!locked || !canOfficerRead(actor, { ...locked.row, sharing })) throw new AppError('CASE_NOT_FOUND');
    return { row: locked.row, sharing, ...fixed, status: findStatus(fixed.workflow, locked.row.status) };
  };

  return async (actor, reference, action, work, audit) => {
    const fixed = await context(actor, reference);
    return db.transaction().execute(async (trx) => {
      const handled = await lockIn(trx, actor, reference, fixed);
      const facts = { ...handled.row, sharing: handled.sharing };
      if (!canOfficer(actor, action, facts)) throw new AppError('FORBIDDEN');
      const share = officerAccess(actor, facts) === 'share' ? shareOfActor(actor, facts) : undefined;
      const result = await work(trx, handled);
      if (share && action === 'read') await recordFirstSharedRead(trx, actor, handled, share.id, now());
      const entry = typeof audit === 'function' ? audit(result) : audit;
      await auditOfficerAction(trx, actor, handled, {
        action: entry?.action ?? `case.${action}`,
        // What a shared unit does is marked with the share that let it in (decision 0033).
        details: {
          ...entry?.details,
          ...(share ? { viaShareId: share.id, sharedWithUnitId: share.unitId } : {}),
        },
        at: now(),
      });
      return result;
    });
  };
}

/**
 * The first time an officer of a shared unit reads the case under a share, an internal history
 * event says so, so the handling unit sees who has looked (decision 0033); every read is audited.
 */
async function recordFirstSharedRead(
  trx: Kysely<Database>,
  actor: StaffActor,
  handled: HandledCase,
  shareId: string,
  at: Date,
): Promise<void> {
  if (await hasShareReadEvent(trx, handled.row.id, shareId, actor.staffId)) return;
  await insertCaseEvent(trx, {
    tenantId: handled.row.tenantId,
    caseId: handled.row.id,
    type: 'sharedCaseRead',
    actor: officerEventActor(actor),
    data: { shareId, units: actor.unitNames },
    at,
    visibility: 'internal',
  });
}
