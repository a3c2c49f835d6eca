/** The mail handler: a mail to the resident that something happened in their case, nothing more. */
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { AppError } from '../../platform/errors.ts';
import { effectMade, recordEffect } from '../../platform/jobs/effects.ts';
import type { Subscription } from '../../platform/jobs/job-store.ts';
import type { Job, JobHandler, WorkerLog } from '../../platform/jobs/job-worker.ts';
import { type Mailer, outboxMessageId } from '../../platform/mail/mailer.ts';
import type { TenantService } from '../../platform/tenancy/tenant-service.ts';
import type { ProfileService } from '../profile/service.ts';
import {
  ANONYMOUS_NOTIFICATION,
  CASE_SUBMITTED,
  composeNotificationMail,
  RESIDENT_NOTIFICATION,
  type Recipient,
  recipientOf,
} from './model.ts';

export const MAIL_HANDLER = 'mail';

/**
 * The mail handler's subscription, declared in every process (with or without a mail transport), so
 * every event gets its mail job; only processes that can send run it. Per case in order, so "we have
 * received your case" never arrives after "news in your case".
 */
export const mailSubscription: Subscription = {
  name: MAIL_HANDLER,
  topics: [CASE_SUBMITTED, RESIDENT_NOTIFICATION, ANONYMOUS_NOTIFICATION],
  ordered: 'perCase',
};

export interface NotificationDeps {
  db: Kysely<Database>;
  profile: Pick<ProfileService, 'getContact'>;
  tenants: Pick<TenantService, 'byId'>;
  mailer: Mailer;
  /**
   * The e-mail address an anonymous reporter left with a case (fault reports, issue #11), read when
   * the mail is sent so the address never sits in the event log; null when there is none.
   */
  caseContacts?: { reporterEmail(caseId: string): Promise<string | null> };
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

/** The address of a recipient: a person's profile e-mail, or the one an anonymous reporter left. */
async function addressOf(
  deps: NotificationDeps,
  recipient: Exclude<Recipient, { kind: 'nobody' }>,
): Promise<string | null> {
  if (recipient.kind === 'person') return emailOf(deps.profile, recipient.personId);
  return deps.caseContacts ? deps.caseContacts.reporterEmail(recipient.caseId) : null;
}

/**
 * The mail handler of `case.submitted`, `notification.resident` and `notification.anonymous`. A job that addresses nobody, or
 * a person without an e-mail address, is done without mail. Failures throw, so the worker retries
 * with backoff; a retry sends the same Message-ID. The idempotency key is recorded once SMTP accepted
 * the mail, so a job re-run after that (its worker died before marking it done) sends nothing.
 * Logs carry the job and event ids, never the address.
 */
export function createMailHandler(deps: NotificationDeps): JobHandler {
  const notify = async (job: Job) => {
    const details = { jobId: job.id, eventId: job.eventId, topic: job.topic };
    if (await effectMade(deps.db, job.idempotencyKey)) {
      deps.log.info(details, 'notification mail was already sent; not sent again');
      return;
    }
    const recipient = recipientOf(job.topic, job.payload);
    if (recipient.kind === 'nobody') {
      const level = recipient.reason === 'invalidPayload' ? 'warn' : 'debug';
      deps.log[level]({ ...details, reason: recipient.reason }, 'notification addressed to nobody; no mail');
      return;
    }
    const email = await addressOf(deps, recipient);
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
    await deps.mailer.send({ to: email, ...mail, messageId: outboxMessageId(job.eventId, deps.publicUrl) });
    await recordEffect(deps.db, { key: job.idempotencyKey, tenantId: job.tenantId });
    deps.log.info(details, 'notification mail sent');
  };
  return { ...mailSubscription, run: notify };
}
