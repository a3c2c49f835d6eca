/**
 * A small receiving SMTP server (smtp-server + mailparser) on 127.0.0.1: the development mailbox
 * stores what it receives, and tests count deliveries with it. Plain SMTP, no AUTH, no STARTTLS:
 * it only ever listens on the loopback interface.
 */
import type { AddressInfo } from 'node:net';
import { simpleParser } from 'mailparser';
import { SMTPServer, type SMTPServerError } from 'smtp-server';

export interface ReceivedMail {
  /** The Message-ID header as sent (with angle brackets), or '' when the mail had none. */
  messageId: string;
  envelopeFrom: string;
  envelopeTo: string[];
  subject: string;
  text: string;
}

export interface SmtpReceiverOptions {
  /** Keeps a received mail; when it rejects, the server answers 451 and the sender tries later. */
  onMail(mail: ReceivedMail): Promise<void>;
  /** While this returns a reason, recipients are refused with 451 (tests: a server that refuses). */
  refuse?: () => string | undefined;
  /** Port to listen on; 0 (default) picks a free one. */
  port?: number;
  /** Largest accepted mail (default 1 MiB). */
  maxSizeBytes?: number;
  /**
   * Errors of a single connection after the receiver is up (a client that resets mid-session, as a
   * killed process does). They end that connection only; without a listener smtp-server would raise
   * them as an unhandled 'error' and end the whole process. Ignored unless given.
   */
  onConnectionError?: (error: Error) => void;
}

export interface SmtpReceiver {
  readonly port: number;
  /** smtp://127.0.0.1:port, for createMailer. */
  readonly url: string;
  close(): Promise<void>;
}

function smtpError(message: string, responseCode: number): SMTPServerError {
  return Object.assign(new Error(message), { responseCode });
}

/** Starts a receiver on 127.0.0.1. */
export async function startSmtpReceiver(options: SmtpReceiverOptions): Promise<SmtpReceiver> {
  const server = new SMTPServer({
    logger: false,
    authOptional: true,
    disabledCommands: ['AUTH', 'STARTTLS'],
    size: options.maxSizeBytes ?? 1024 * 1024,
    banner: 'Ingång development mailbox',
    onRcptTo(_address, _session, callback) {
      const reason = options.refuse?.();
      callback(reason ? smtpError(reason, 451) : null);
    },
    onData(stream, session, callback) {
      simpleParser(stream)
        .then(async (parsed) => {
          if (stream.sizeExceeded) throw smtpError('Message too large', 552);
          await options.onMail({
            messageId: parsed.messageId ? `<${parsed.messageId.replace(/^<|>$/g, '')}>` : '',
            envelopeFrom: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
            envelopeTo: session.envelope.rcptTo.map((rcpt) => rcpt.address),
            subject: parsed.subject ?? '',
            text: (parsed.text ?? '').trimEnd(),
          });
        })
        .then(
          () => callback(null),
          (error: SMTPServerError) =>
            callback(error.responseCode ? error : smtpError('Could not store the message', 451)),
        );
    },
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => {
      server.off('error', reject);
      server.on('error', (error: Error) => options.onConnectionError?.(error));
      resolve();
    });
  });
  const { port } = server.server.address() as AddressInfo;
  return {
    port,
    url: `smtp://127.0.0.1:${port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
