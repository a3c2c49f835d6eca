/**
 * The administrator's view of the tenant's failed jobs (topic, handler, attempts, last error; never
 * a payload) and the retry of one, in one transaction with its audit entry.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { recordAudit } from '../../platform/audit/audit-log.ts';
import { AppError } from '../../platform/errors.ts';
import { type FailedJob, reviveJob, selectFailedJobs } from '../../platform/jobs/job-store.ts';
import { isAdmin, type StaffActor } from './model.ts';
import { auditActorOf } from './service.ts';

export type { FailedJob };

export interface JobAdminService {
  /** The tenant's failing and dead jobs, latest failure first. */
  failedJobs(actor: StaffActor): Promise<FailedJob[]>;
  /** Runs a failed job of the tenant again soon (fresh attempts); NOT_FOUND for any other job. */
  retry(actor: StaffActor, jobId: number): Promise<void>;
}

function requireAdmin(actor: StaffActor): void {
  if (!isAdmin(actor)) throw new AppError('FORBIDDEN', 'Only administrators');
}

/** Creates the failed-jobs service. */
export function createJobAdminService(db: Kysely<Database>, now: () => Date): JobAdminService {
  return {
    async failedJobs(actor) {
      requireAdmin(actor);
      return selectFailedJobs(db, actor.tenantId);
    },
    async retry(actor, jobId) {
      requireAdmin(actor);
      await db.transaction().execute(async (trx) => {
        const at = now();
        const job = await reviveJob(trx, actor.tenantId, jobId, at);
        if (!job) throw new AppError('NOT_FOUND');
        await recordAudit(trx, {
          tenantId: actor.tenantId,
          actor: auditActorOf(actor),
          action: 'job.retried',
          caseId: job.caseId,
          details: { jobId: job.id, topic: job.topic, handler: job.handler },
          at,
        });
      });
    },
  };
}
