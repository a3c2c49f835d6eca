/** Opens the mail handler over the configured transport (the job registry and tests use it). */
import type { Kysely } from 'kysely';
import type { Config } from '../../config.ts';
import type { Database } from '../../db/schema.ts';
import type { JobHandler, WorkerLog } from '../../platform/jobs/job-worker.ts';
import { type MailTransport, openMailTransport } from '../../platform/mail/mail-transport.ts';
import type { Mailer } from '../../platform/mail/mailer.ts';
import { createMailHandler, type NotificationDeps } from './service.ts';

/** The services the handler uses (the composition root passes them all; no import of it here). */
export type NotificationServices = { db: Kysely<Database> } & Pick<
  NotificationDeps,
  'profile' | 'tenants'
> & {
    /** Anonymous reporters' addresses (the fault reports service). */
    faultReports?: NotificationDeps['caseContacts'];
  };

/** The mail handler of this process, or none when it has no way to send mail. */
export interface OpenedMailHandler {
  handler: JobHandler | undefined;
  /** Where mail goes, for logs; undefined without a transport. */
  destination: string | undefined;
  /** Closes the mail transport (and the development mailbox's SMTP server). */
  close(): Promise<void>;
}

/**
 * The mail handler over `mailer` (tests), SMTP_URL or the development mailbox. Without any of them
 * there is no handler: the mail jobs wait until a process that can send mail runs them.
 */
export async function openMailHandler(
  services: NotificationServices,
  config: Config,
  log: WorkerLog,
  mailer?: Mailer,
): Promise<OpenedMailHandler> {
  const transport: MailTransport | undefined = mailer
    ? { mailer, description: 'the given mailer', close: async () => undefined }
    : await openMailTransport(config, services.db);
  if (!transport) {
    log.warn({}, 'no SMTP_URL and no development mailbox: this process sends no mail; mail jobs wait');
    return { handler: undefined, destination: undefined, close: async () => undefined };
  }
  const handler = createMailHandler({
    db: services.db,
    profile: services.profile,
    tenants: services.tenants,
    caseContacts: services.faultReports,
    mailer: transport.mailer,
    publicUrl: config.publicUrl,
    log,
  });
  return { handler, destination: transport.description, close: transport.close };
}
