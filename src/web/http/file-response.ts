/** File download responses, written once: the same headers for every file a person downloads. */
import type { Readable } from 'node:stream';
import type { FastifyReply } from 'fastify';

/** A file to send: its name as the person sees it, its type, and its bytes. */
export interface FileDownload {
  filename: string;
  contentType: string;
  body: Readable | Buffer | string;
}

/** The filename as plain ASCII for clients that ignore `filename*` (RFC 6266 §4.3). */
function asciiFallback(filename: string): string {
  return filename.replace(/[^A-Za-z0-9._ -]/g, '_');
}

/**
 * `Content-Disposition: attachment` with the name in RFC 5987 form when it is not plain ASCII, so
 * a name like "Bygglov – ritning.pdf" survives and no name can break out of the header.
 */
export function attachmentDisposition(filename: string): string {
  const fallback = asciiFallback(filename);
  if (fallback === filename) return `attachment; filename="${filename}"`;
  return `attachment; filename="${fallback}"; filename*=UTF-8''${encodeURIComponent(filename)}`;
}

/** Sends a file as a download. */
export function sendDownload(reply: FastifyReply, file: FileDownload): FastifyReply {
  reply.header('content-disposition', attachmentDisposition(file.filename));
  return reply.type(file.contentType).send(file.body);
}
