/**
 * One disposal run (issue #14, decision 0031): every due closed case of each tenant is disposed of
 * or archived, one case per transaction (nothing is ever half-disposed), then abandoned drafts and
 * expired sessions go. Stored files are deleted only after the transaction that removed their rows
 * has committed; until then they are queued in `disposal_file` in that same transaction, so a
 * process that dies in between leaves a queue the next run empties, never a file nobody names.
 * Several processes may run at once: a case or draft another run holds is skipped, not waited for.
 */
import type { Kysely } from 'kysely';
import type { DisposalSettings } from '../../config.ts';
import type { Database } from '../../db/schema.ts';
import { type AuditActor, recordAudit } from '../../platform/audit/audit-log.ts';
import { errorText } from '../../platform/jobs/retry.ts';
import {
  addCounts,
  createPseudonyms,
  type DisposalRunResult,
  type RetentionRule,
  rulesOfServices,
  type ServiceRules,
} from './model.ts';
import type { CaseDisposalPart, CaseRecordDisposal, DisposalTarget, DraftDisposal } from './ports.ts';
import {
  allowDisposalInTransaction,
  insertLogEntry,
  queueFiles,
  selectQueuedFiles,
  unqueueFiles,
} from './store.ts';

/** The audit log's actor for what the job does on its own. */
export const DISPOSAL_ACTOR: AuditActor = {
  staffId: null,
  personId: null,
  name: 'Ingång (gallring)',
  unitNames: [],
};

export interface RunDeps {
  db: Kysely<Database>;
  tenants: { list(): Promise<{ id: string }[]> };
  catalogue: { allVersions(tenantId: string): Promise<Parameters<typeof rulesOfServices>[0]> };
  storage: { remove(key: string): Promise<void> };
  sessions: { sweep(): Promise<number> };
  record: CaseRecordDisposal;
  /** The other modules' parts, run in this order after the case record's. */
  parts: readonly CaseDisposalPart[];
  drafts: DraftDisposal;
  settings: Pick<DisposalSettings, 'abandonedDraftDays' | 'anonymousDraftHours'>;
}

export interface RunOptions {
  now: Date;
  /** Only these tenants' cases and drafts (tests, each with a tenant of its own). */
  tenantIds?: readonly string[];
  /** At most this many cases per tenant in one run (the next run goes on). */
  maxCasesPerTenant?: number;
}

type Outcome = DisposalRunResult['cases'][number];
type VersionRule = RetentionRule & { service: ServiceRules };

/** Every version's rule by version id, with its service. */
function rulesByVersion(services: ServiceRules[]): Map<string, VersionRule> {
  return new Map(
    services.flatMap((service) => service.versions.map((rule) => [rule.versionId, { ...rule, service }])),
  );
}

/** Every module's part, the case record's first; the files to delete and what was removed. */
async function runParts(deps: RunDeps, trx: Kysely<Database>, target: DisposalTarget, dispose: boolean) {
  const results = [await (dispose ? deps.record.dispose(trx, target) : deps.record.archive(trx, target))];
  for (const part of deps.parts) {
    if (dispose) results.push(await part.dispose(trx, target));
    else if (part.archive) results.push(await part.archive(trx, target));
  }
  const storageKeys = results.flatMap((result) => result.storageKeys ?? []);
  const counts = addCounts(...results.map((result) => result.counts), { files: storageKeys.length });
  return { storageKeys, counts };
}

/** A case whose disposal failed: its transaction was rolled back whole. */
class CaseFailure extends Error {
  constructor(
    readonly caseId: string,
    readonly outcome: Omit<Outcome, 'action'>,
    readonly original: unknown,
  ) {
    super(`disposal of ${outcome.reference} failed`);
  }
}

/**
 * Disposes of or archives the tenant's next due case in one transaction; undefined when none is
 * due. A part that fails rolls the whole case back and is reported as a CaseFailure.
 */
async function handleNextCase(
  deps: RunDeps,
  tenantId: string,
  rules: Map<string, VersionRule>,
  now: Date,
  passOver: readonly string[],
): Promise<Outcome | undefined> {
  const periods = [...rules.values()].map(({ versionId, retentionPeriod }) => ({
    versionId,
    retentionPeriod,
  }));
  return deps.db.transaction().execute(async (trx) => {
    const due = await deps.record.claimDue(trx, tenantId, periods, now, passOver);
    const rule = due && rules.get(due.serviceVersionId);
    if (!due || !rule) return undefined;
    const { reference, closedAt } = due;
    try {
      await allowDisposalInTransaction(trx);
      const pseudonyms = createPseudonyms();
      if (due.applicantPersonId) pseudonyms.of(due.applicantPersonId);
      const target = { tenantId, caseId: due.id, reference, draftId: due.draftId, at: now, pseudonyms };
      const dispose = rule.action === 'dispose';
      const { storageKeys, counts } = await runParts(deps, trx, target, dispose);
      await queueFiles(trx, storageKeys, now);
      const base = {
        tenantId,
        at: now,
        action: dispose ? 'case.disposed' : 'case.archived',
        caseId: due.id,
      } as const;
      await insertLogEntry(trx, { ...base, caseReference: reference, serviceId: due.serviceId, counts });
      const details = {
        reference,
        service: rule.service.slug,
        retentionPeriod: rule.retentionPeriod,
        counts,
      };
      await recordAudit(trx, {
        ...base,
        actor: DISPOSAL_ACTOR,
        details: { ...details, closedAt: closedAt.toISOString() },
      });
      return { reference, service: rule.service.slug, action: dispose ? 'disposed' : 'archived' };
    } catch (error) {
      throw new CaseFailure(due.id, { reference, service: rule.service.slug }, error);
    }
  });
}

/** Deletes queued files (this run's and any a dead process left), then forgets them; returns how many. */
export async function deleteQueuedFiles(deps: Pick<RunDeps, 'db' | 'storage'>): Promise<number> {
  let deleted = 0;
  for (;;) {
    const keys = await selectQueuedFiles(deps.db, 200);
    if (keys.length === 0) return deleted;
    for (const key of keys) await deps.storage.remove(key);
    await unqueueFiles(deps.db, keys);
    deleted += keys.length;
  }
}

/** What a run counts as it goes. */
interface Tally {
  cases: DisposalRunResult['cases'];
  failed: DisposalRunResult['failed'];
  drafts: number;
  anonymousDrafts: number;
  files: number;
}

/**
 * Every due case of one tenant (up to the limit); the files of each go right after its commit. A
 * case that fails is passed over for the rest of the run, so it holds back no other case.
 */
async function handleTenantCases(deps: RunDeps, tenantId: string, options: RunOptions, tally: Tally) {
  const rules = rulesByVersion(rulesOfServices(await deps.catalogue.allVersions(tenantId)));
  const max = options.maxCasesPerTenant ?? 1000;
  const passOver: string[] = [];
  for (let handled = 0; handled < max; handled++) {
    try {
      const outcome = await handleNextCase(deps, tenantId, rules, options.now, passOver);
      if (!outcome) return;
      tally.cases.push(outcome);
    } catch (error) {
      if (!(error instanceof CaseFailure)) throw error;
      passOver.push(error.caseId);
      tally.failed.push({ ...error.outcome, error: errorText(error.original) });
    }
    tally.files += await deleteQueuedFiles(deps);
  }
}

/** Abandoned drafts and their attachments, a batch per transaction, logged per tenant. */
async function removeAbandonedDrafts(deps: RunDeps, options: RunOptions, tally: Tally) {
  const hour = 3600_000;
  const limits = {
    personBefore: new Date(options.now.getTime() - deps.settings.abandonedDraftDays * 24 * hour),
    anonymousBefore: new Date(options.now.getTime() - deps.settings.anonymousDraftHours * hour),
    limit: 200,
    tenantIds: options.tenantIds,
  };
  for (;;) {
    const removed = await deps.db.transaction().execute(async (trx) => {
      const result = await deps.drafts.removeAbandoned(trx, limits);
      const keys = result.files.map((file) => file.storageKey);
      await queueFiles(trx, keys, options.now);
      for (const [tenantId, counts] of countsPerTenant(result.drafts, result.files))
        await insertLogEntry(trx, { tenantId, at: options.now, action: 'drafts.removed', counts });
      return result.drafts;
    });
    tally.files += await deleteQueuedFiles(deps);
    tally.anonymousDrafts += removed.filter((draft) => draft.anonymous).length;
    tally.drafts += removed.filter((draft) => !draft.anonymous).length;
    if (removed.length < limits.limit) return;
  }
}

/** Drafts and files removed per tenant, for the log. */
function countsPerTenant(drafts: { tenantId: string; anonymous: boolean }[], files: { tenantId: string }[]) {
  const byTenant = new Map<string, Record<string, number>>();
  const add = (tenantId: string, key: string) => {
    const counts = byTenant.get(tenantId) ?? {};
    counts[key] = (counts[key] ?? 0) + 1;
    byTenant.set(tenantId, counts);
  };
  for (const draft of drafts) add(draft.tenantId, draft.anonymous ? 'anonymousDrafts' : 'drafts');
  for (const file of files) add(file.tenantId, 'files');
  return byTenant;
}

/** One whole run: queued files left behind, due cases per tenant, abandoned drafts, expired sessions. */
export async function runDisposal(deps: RunDeps, options: RunOptions): Promise<DisposalRunResult> {
  const tally: Tally = {
    cases: [],
    failed: [],
    drafts: 0,
    anonymousDrafts: 0,
    files: await deleteQueuedFiles(deps),
  };
  const tenants = (await deps.tenants.list()).filter(
    (tenant) => !options.tenantIds || options.tenantIds.includes(tenant.id),
  );
  for (const tenant of tenants) await handleTenantCases(deps, tenant.id, options, tally);
  await removeAbandonedDrafts(deps, options, tally);
  // Sessions have no tenant; the session service's own clock decides which have expired.
  const sessions = await deps.sessions.sweep();
  const cases = tally.cases.map(({ reference, service, action }) => ({ reference, service, action }));
  return {
    cases,
    disposed: cases.filter((c) => c.action === 'disposed').length,
    archived: cases.filter((c) => c.action === 'archived').length,
    drafts: tally.drafts,
    anonymousDrafts: tally.anonymousDrafts,
    sessions,
    files: tally.files,
    failed: tally.failed,
  };
}
