/**
 * A client of the ClamAV daemon's INSTREAM command (clamd(8)): the file goes to clamd over a unix
 * socket or TCP as it arrives, in chunks of a 4-byte big-endian length and the bytes, ended by a
 * zero length; clamd answers `stream: OK`, `stream: <signature> FOUND` or `… ERROR`. Anything but
 * OK or FOUND — clamd down, a timeout, an error reply — is ScannerUnavailableError: the caller
 * refuses the upload (fail closed).
 */
import net from 'node:net';
import type { ClamdSettings } from '../../config.ts';

/** clamd could not give a verdict; the upload must be refused. */
export class ScannerUnavailableError extends Error {}

/** What clamd said about a whole file. */
export type Verdict = { clean: true } | { clean: false; signature: string };

/** One file on its way to clamd: its chunks, in order, then the verdict. */
export interface ScanSession {
  write(chunk: Buffer): Promise<void>;
  /** Ends the stream and waits for clamd's answer. */
  finish(): Promise<Verdict>;
  /** Gives up (the upload failed for another reason). */
  abort(): void;
}

export interface VirusScanner {
  open(): ScanSession;
}

/** clamd reads chunks of any size up to StreamMaxLength; smaller ones keep memory flat. */
const CHUNK_BYTES = 64 * 1024;

/** Reads clamd's reply to a finished stream. */
export function parseReply(reply: string): Verdict {
  const text = reply.replace(/\0/g, '').trim();
  if (/^stream: OK$/.test(text)) return { clean: true };
  const found = /^stream: (.+) FOUND$/.exec(text);
  if (found?.[1]) return { clean: false, signature: found[1] };
  throw new ScannerUnavailableError(`clamd answered "${text.slice(0, 200)}"`);
}

function lengthPrefix(length: number): Buffer {
  const prefix = Buffer.alloc(4);
  prefix.writeUInt32BE(length, 0);
  return prefix;
}

/** A scanner talking to the clamd in `settings`: one connection per file. */
export function createClamdScanner(settings: ClamdSettings): VirusScanner {
  return {
    open() {
      const socket =
        'socket' in settings
          ? net.createConnection({ path: settings.socket })
          : net.createConnection({ host: settings.host, port: settings.port });
      return scanOver(socket, settings.timeoutMs);
    },
  };
}

/** The INSTREAM conversation over one connected (or connecting) socket. */
function scanOver(socket: net.Socket, timeoutMs: number): ScanSession {
  let failure: Error | undefined;
  let reply = '';
  const fail = (error: Error) => {
    failure ??= new ScannerUnavailableError(`clamd: ${error.message}`, { cause: error });
    socket.destroy();
  };
  socket.setTimeout(timeoutMs, () => fail(new Error(`no answer within ${timeoutMs} ms`)));
  socket.on('error', fail);
  socket.on('data', (data: Buffer) => {
    reply += data.toString('latin1');
  });
  const replied = new Promise<void>((resolve) => socket.once('close', () => resolve()));

  /** Writes, waiting for the socket to drain; a reply before the end (a size limit) stops us. */
  const send = async (buffer: Buffer) => {
    if (failure) throw failure;
    if (reply.includes('\0')) throw new ScannerUnavailableError(`clamd answered early: "${reply.trim()}"`);
    if (socket.write(buffer)) return;
    await new Promise<void>((resolve) => {
      const done = () => {
        socket.off('drain', done);
        socket.off('close', done);
        resolve();
      };
      socket.on('drain', done);
      socket.on('close', done);
    });
    if (failure) throw failure;
  };

  const opened = send(Buffer.from('zINSTREAM\0'));
  // Awaited by write and finish; a failure before either runs is theirs to report, not unhandled.
  opened.catch(() => undefined);
  return {
    async write(chunk) {
      await opened;
      for (let at = 0; at < chunk.length; at += CHUNK_BYTES) {
        const part = chunk.subarray(at, at + CHUNK_BYTES);
        await send(Buffer.concat([lengthPrefix(part.length), part]));
      }
    },
    async finish() {
      await opened;
      await send(lengthPrefix(0));
      socket.end();
      await replied;
      // clamd answers, then closes: a verdict read before an error still counts.
      if (reply.includes('\0') || (!failure && reply)) return parseReply(reply);
      throw failure ?? new ScannerUnavailableError('clamd closed the connection without an answer');
    },
    abort() {
      failure ??= new ScannerUnavailableError('scan aborted');
      socket.destroy();
    },
  };
}
