/** Notification handlers for the outbox: a mail to the resident that something happened, nothing more. */
import { AppError } from '../../platform/errors.ts';
import { type Mailer, outboxMessageId } from '../../platform/mail/mailer.ts';
import type { OutboxHandler, OutboxJob, WorkerLog } from '../../platform/outbox/outbox-worker.ts';
import type { TenantService } from '../../platform/tenancy/tenant-service.ts';
import type { ProfileService } from '../profile/service.ts';
import { CASE_SUBMITTED, composeNotificationMail, RESIDENT_NOTIFICATION, recipientOf } from './model.ts';

export interface NotificationDeps {
  profile: Pick<ProfileService, 'getContact'>;
  tenants: Pick<TenantService, 'byId'>;
  mailer: Mailer;
  /** PUBLIC_URL: the link in the mail and the Message-ID's host. */
  publicUrl: string;
  log: WorkerLog;
}

/** The person's e-mail address, or null when they have none (or no longer exist). */
async function emailOf(profile: NotificationDeps['profile'], personId: string): Promise<string | null> {
  try {
    return (await profile.getContact(personId)).email;
  } catch (error) {
    if (error instanceof AppError && error.code === 'NOT_FOUND') return null;
    throw error;
  }
}

/**
 * Handlers for `case.submitted` and `notification.resident`. A job that addresses nobody, or a person
 * without an e-mail address, is done without mail. Failures throw, so the worker retries with backoff;
 * a retry sends the same Message-ID. Logs carry the job id, never the address.
 */
export function createNotificationHandlers(deps: NotificationDeps): Record<string, OutboxHandler> {
  const notify: OutboxHandler = async (job: OutboxJob) => {
    const details = { jobId: job.id, topic: job.topic };
    const recipient = recipientOf(job.topic, job.payload);
    if (recipient.kind === 'nobody') {
      const level = recipient.reason === 'invalidPayload' ? 'warn' : 'debug';
      deps.log[level]({ ...details, reason: recipient.reason }, 'notification addressed to nobody; no mail');
      return;
    }
    const email = await emailOf(deps.profile, recipient.personId);
    if (!email) {
      deps.log.info(details, 'the person has no e-mail address; no notification mail');
      return;
    }
    const tenant = await deps.tenants.byId(job.tenantId);
    const mail = composeNotificationMail({
      template: recipient.template,
      tenantName: tenant.name,
      publicUrl: deps.publicUrl,
    });
    await deps.mailer.send({ to: email, ...mail, messageId: outboxMessageId(job.id, deps.publicUrl) });
    deps.log.info(details, 'notification mail sent');
  };
  return { [CASE_SUBMITTED]: notify, [RESIDENT_NOTIFICATION]: notify };
}
