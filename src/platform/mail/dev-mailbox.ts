/**
 * The development mailbox (DEV_MAILBOX): an in-process SMTP server that keeps every mail it receives
 * in dev_mail, shown at /dev-mail. The demo and the tests send real SMTP to it; nothing leaves the host.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { type DevMail, insertDevMail, selectDevMail } from './dev-mail-store.ts';
import type { ReceivedMail, SmtpReceiver } from './smtp-receiver.ts';

export type { DevMail };

/** How many mails the page shows. */
export const DEV_MAIL_PAGE_SIZE = 100;

export interface DevMailbox {
  /** The newest mails first. */
  list(limit?: number): Promise<DevMail[]>;
  /** Keeps one received mail. */
  receive(mail: ReceivedMail): Promise<void>;
}

/** Creates the mailbox over dev_mail. */
export function createDevMailbox(db: Kysely<Database>, now: () => Date = () => new Date()): DevMailbox {
  return {
    list: (limit = DEV_MAIL_PAGE_SIZE) => selectDevMail(db, limit),
    receive: (mail) =>
      insertDevMail(db, {
        messageId: mail.messageId,
        envelopeFrom: mail.envelopeFrom,
        envelopeTo: mail.envelopeTo.join(', '),
        subject: mail.subject,
        textBody: mail.text,
        receivedAt: now(),
      }),
  };
}

/** Starts the mailbox's SMTP server on 127.0.0.1 and a free port. */
export async function startDevMailServer(mailbox: DevMailbox): Promise<SmtpReceiver> {
  // The SMTP server and the mail parser load when the mailbox's server starts, not with the app.
  const { startSmtpReceiver } = await import('./smtp-receiver.ts');
  return startSmtpReceiver({ onMail: (mail) => mailbox.receive(mail) });
}
