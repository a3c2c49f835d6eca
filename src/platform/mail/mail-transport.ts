/** Chooses where mail goes from the configuration: SMTP_URL, else the development mailbox, else nowhere. */
import type { Kysely } from 'kysely';
import type { Config } from '../../config.ts';
import type { Database } from '../../db/schema.ts';
import { createDevMailbox, startDevMailServer } from './dev-mailbox.ts';
import { createMailer, type Mailer, redactSmtpUrl } from './mailer.ts';

export interface MailTransport {
  mailer: Mailer;
  /** Where mail goes, for logs (no password). */
  description: string;
  /** Closes the mailer and, for the development mailbox, its SMTP server. */
  close(): Promise<void>;
}

/**
 * Opens the configured transport: SMTP_URL when set; otherwise, when DEV_MAILBOX is on, starts the
 * development mailbox's SMTP server and sends to it; otherwise undefined (mail cannot be sent).
 */
export async function openMailTransport(
  config: Pick<Config, 'smtpUrl' | 'mailFrom' | 'devMailbox'>,
  db: Kysely<Database>,
): Promise<MailTransport | undefined> {
  if (config.smtpUrl) {
    const mailer = createMailer({ smtpUrl: config.smtpUrl, from: config.mailFrom });
    return { mailer, description: redactSmtpUrl(config.smtpUrl), close: async () => mailer.close() };
  }
  if (!config.devMailbox) return undefined;
  const server = await startDevMailServer(createDevMailbox(db));
  const mailer = createMailer({ smtpUrl: server.url, from: config.mailFrom });
  return {
    mailer,
    description: `development mailbox (${server.url}, shown at /dev-mail)`,
    async close() {
      mailer.close();
      await server.close();
    },
  };
}
