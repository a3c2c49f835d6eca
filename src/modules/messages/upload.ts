/**
 * Reads a message form post: the text, and files streamed straight to storage through the message
 * service. checkedParts requires the CSRF token as the first part, so no byte of a forged upload is
 * stored; urlencoded posts were checked by the input guard's hook.
 */
import { Readable } from 'node:stream';
import type { FastifyRequest } from 'fastify';
import { checkedParts } from '../../platform/http/multipart.ts';
import { effectiveContentType } from '../applications/model.ts';
import { MAX_FILES, type MessageFiles } from './model.ts';
import type { MessageService } from './service.ts';

export interface MessageForm {
  body: string;
  files: MessageFiles;
}

/** The first chunk of an upload (to learn its real type), the whole file as a stream, and a drain. */
async function peek(source: Readable) {
  const iterator = source[Symbol.asyncIterator]() as AsyncIterator<Buffer>;
  const first = await iterator.next();
  const head = first.done ? Buffer.alloc(0) : first.value;
  async function* whole() {
    if (first.done) return;
    yield head;
    for (;;) {
      const next = await iterator.next();
      if (next.done) return;
      yield next.value;
    }
  }
  /** Reads and discards what is left of a refused file so the following parts can be read. */
  const drain = async () => {
    if (first.done) return;
    for (;;) {
      if ((await iterator.next()).done) return;
    }
  };
  return { head, stream: Readable.from(whole()), drain };
}

async function discardStream(stream: Readable): Promise<void> {
  for await (const _chunk of stream) {
    // discard
  }
}

/** Reads the post; on any failure the files stored so far are removed before the error goes on. */
export async function readMessageForm(
  request: FastifyRequest<{ Body: { body?: string } | undefined }>,
  messages: Pick<MessageService, 'stageFile' | 'discard'>,
): Promise<MessageForm> {
  if (!request.isMultipart()) {
    // The urlencoded form was validated by the route's schema (web/http/html-input.ts).
    return { body: request.body?.body ?? '', files: { staged: [], refused: [] } };
  }
  const form: MessageForm = { body: '', files: { staged: [], refused: [] } };
  try {
    for await (const part of checkedParts(request)) {
      if (part.type === 'field') {
        if (part.fieldname === 'body') form.body = String(part.value);
        continue;
      }
      const { staged, refused } = form.files;
      if (part.fieldname !== 'files' || !part.filename) {
        await discardStream(part.file);
      } else if (staged.length + refused.length >= MAX_FILES) {
        await discardStream(part.file);
        refused.push({ filename: part.filename, problem: 'tooMany' });
      } else {
        const { head, stream, drain } = await peek(part.file);
        const contentType = effectiveContentType(head, part.mimetype);
        const result = await messages.stageFile({ filename: part.filename, contentType, stream });
        if ('problem' in result) {
          await drain();
          refused.push(result);
        } else staged.push(result);
      }
    }
  } catch (error) {
    await messages.discard(form.files);
    throw error;
  }
  return form;
}
