/** Sends mail over SMTP (nodemailer). Every mail carries a stable Message-ID so a resend can be recognised. */

export interface MailMessage {
  to: string;
  subject: string;
  /** Plain text only: notification mail has no HTML, images or tracking. */
  text: string;
  /** The Message-ID header, e.g. from `outboxMessageId`; a resend of the same job carries the same one. */
  messageId: string;
}

export interface Mailer {
  /** Resolves when the SMTP server has accepted the mail; rejects when it refused or could not be reached. */
  send(message: MailMessage): Promise<void>;
  close(): void;
}

export interface MailerOptions {
  /** smtp://user:password@host:587 (STARTTLS when offered) or smtps://… (TLS from the start). */
  smtpUrl: string;
  /** The sender, e.g. `Ingång <no-reply@exempelstad.se>`. */
  from: string;
}

/**
 * Bounded waits, so a hung server fails the send well within an outbox lease (300 s by default)
 * instead of keeping the job until the lease expires and another worker sends it again.
 */
const TIMEOUTS = { connectionTimeout: 10_000, greetingTimeout: 10_000, socketTimeout: 30_000 };

/** Creates a mailer over the SMTP server in `smtpUrl`. */
export function createMailer(options: MailerOptions): Mailer {
  // nodemailer loads with the first mailer, not with every module that names the Mailer type.
  const transport = import('nodemailer').then(({ default: nodemailer }) =>
    nodemailer.createTransport({ url: options.smtpUrl, ...TIMEOUTS }),
  );
  return {
    async send(message) {
      await (await transport).sendMail({
        from: options.from,
        to: message.to,
        subject: message.subject,
        text: message.text,
        messageId: message.messageId,
        // RFC 3834: tells auto-responders (out-of-office) not to answer.
        headers: { 'Auto-Submitted': 'auto-generated' },
      });
    },
    close() {
      transport.then((opened) => opened.close()).catch(() => undefined);
    },
  };
}

/** The Message-ID of the mail of an outbox event: `<outbox-123@host-of-PUBLIC_URL>` (one mail job per event). */
export function outboxMessageId(eventId: number, publicUrl: string): string {
  return `<outbox-${eventId}@${new URL(publicUrl).hostname}>`;
}

/** The SMTP URL without its password, for logs. */
export function redactSmtpUrl(smtpUrl: string): string {
  const url = new URL(smtpUrl);
  if (url.password) url.password = '***';
  return url.toString();
}
