/**
 * The one multipart reader every streaming route uses. The CSRF token must be the body's first part
 * (our forms render it first), so not one byte of a forged upload reaches storage; a malformed body
 * is a 400, not a 500; text fields are held to the same rules as urlencoded ones (no NUL).
 */
import type { Multipart } from '@fastify/multipart';
import type { FastifyRequest } from 'fastify';
import { AppError } from '../errors.ts';
import { assertCsrf } from './request-context.ts';

/** Errors of a broken body seen on a file's stream; they reach the error handler through the route. */
const bodyErrors = new WeakSet<object>();

/** True for an error raised by a malformed multipart body while a route read one of its files. */
export function isMalformedBodyError(error: unknown): boolean {
  return typeof error === 'object' && error !== null && bodyErrors.has(error);
}

/** Turns the parser's errors about a broken body into a 400; limits (413) and our own errors pass. */
export function multipartError(error: unknown): unknown {
  if (error instanceof AppError) return error;
  const status = (error as { statusCode?: number }).statusCode;
  if (status === 413) return error;
  return new AppError('VALIDATION_FAILED', 'The multipart body could not be read');
}

/** The parts after the leading `_csrf` field, which must match the session's token. */
export async function* checkedParts(request: FastifyRequest): AsyncGenerator<Multipart> {
  let first = true;
  try {
    for await (const part of request.parts()) {
      if (first) {
        first = false;
        const token = part.type === 'field' && part.fieldname === '_csrf' ? part.value : undefined;
        assertCsrf(request, token);
        continue;
      }
      if (part.type === 'field' && String(part.value).includes('\u0000')) {
        throw new AppError('VALIDATION_FAILED', 'The request contains a NUL character');
      }
      if (part.type === 'file') {
        // The parser may have failed the file's stream before we see the part.
        if (part.file.errored) throw multipartError(part.file.errored);
        part.file.once('error', (error) => {
          if (!(error as { statusCode?: number }).statusCode) bodyErrors.add(error);
        });
      }
      yield part;
    }
  } catch (error) {
    throw multipartError(error);
  }
  if (first) assertCsrf(request, undefined);
}
