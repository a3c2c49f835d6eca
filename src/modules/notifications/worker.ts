/** Builds the notification worker from the service graph and the configuration (main.ts and tests). */
import type { Config } from '../../config.ts';
import { type MailTransport, openMailTransport } from '../../platform/mail/mail-transport.ts';
import type { Mailer } from '../../platform/mail/mailer.ts';
import {
  createOutboxWorker,
  type OutboxWorker,
  type OutboxWorkerOptions,
  type WorkerLog,
} from '../../platform/outbox/outbox-worker.ts';
import type { Services } from '../../services.ts';
import { createNotificationHandlers } from './service.ts';

export interface NotificationWorkerOptions
  extends Partial<
    Pick<
      OutboxWorkerOptions,
      'now' | 'batchSize' | 'leaseSeconds' | 'workerId' | 'pollIntervalMs' | 'maxAttempts'
    >
  > {
  /** Sends through this mailer instead of the configured transport (tests). */
  mailer?: Mailer;
}

export interface NotificationWorker extends OutboxWorker {
  /** Where mail goes, for logs. */
  readonly mailDestination: string;
  /** Stops the worker, then closes the mail transport (and the development mailbox's SMTP server). */
  close(): Promise<void>;
}

/**
 * Creates (does not start) the outbox worker that sends notification mail, over SMTP_URL or the
 * development mailbox. Resolves to undefined when neither is configured: jobs then wait in the
 * outbox until a process with mail configured picks them up.
 */
export async function createNotificationWorker(
  services: Services,
  config: Config,
  log: WorkerLog,
  options: NotificationWorkerOptions = {},
): Promise<NotificationWorker | undefined> {
  const { mailer: givenMailer, ...workerOptions } = options;
  const transport: MailTransport | undefined = givenMailer
    ? { mailer: givenMailer, description: 'the given mailer', close: async () => undefined }
    : await openMailTransport(config, services.db);
  if (!transport) {
    log.warn({}, 'no SMTP_URL and no development mailbox: notification mail is not sent by this process');
    return undefined;
  }
  const handlers = createNotificationHandlers({
    profile: services.profile,
    tenants: services.tenants,
    mailer: transport.mailer,
    publicUrl: config.publicUrl,
    log,
  });
  const worker = createOutboxWorker({ ...workerOptions, db: services.db, handlers, log });
  return {
    workerId: worker.workerId,
    runOnce: worker.runOnce,
    start: worker.start,
    stop: worker.stop,
    mailDestination: transport.description,
    async close() {
      await worker.stop();
      await transport.close();
    },
  };
}
