/**
 * Reads a multipart step post: text fields into a form body, files straight into storage via the
 * application service. checkedParts requires the CSRF token as the first part, so no byte of a
 * forged upload is stored.
 */

import { Readable } from 'node:stream';
import type { FastifyRequest } from 'fastify';
import { checkedParts } from '../../platform/http/multipart.ts';
import type { FileField, Step } from '../forms/definition.ts';
import { isAccepted } from '../forms/field-rules.ts';
import type { FormBody } from '../forms/parse-input.ts';
import { effectiveContentType } from './model.ts';

export interface FileProblem {
  fieldId: string;
  filename: string;
  problem: UploadProblem;
}

/** Why an upload was refused: too large, a type the field does not take, malware, or no virus scan. */
export type UploadProblem = 'tooLarge' | 'wrongType' | 'infected' | 'notScanned';

export type StoreUpload = (
  field: FileField,
  upload: { filename: string; contentType: string; stream: Readable },
) => Promise<UploadProblem | undefined>;

function addToBody(body: FormBody, name: string, value: string): void {
  const current = body[name];
  if (current === undefined) body[name] = value;
  else body[name] = Array.isArray(current) ? [...current, value] : [current, value];
}

/** Reads the first chunk of an upload to learn its real type; returns a stream of the whole file. */
async function peek(source: Readable): Promise<{ head: Buffer; stream: Readable }> {
  const iterator = source[Symbol.asyncIterator]() as AsyncIterator<Buffer>;
  const first = await iterator.next();
  const head = first.done ? Buffer.alloc(0) : first.value;
  async function* whole() {
    if (!first.done) yield head;
    for (;;) {
      const next = await iterator.next();
      if (next.done) return;
      yield next.value;
    }
  }
  return { head, stream: Readable.from(whole()) };
}

/** Reads and discards the rest of a refused file so the following parts can be read. */
async function drain(stream: Readable): Promise<void> {
  if (stream.destroyed || stream.readableEnded) return;
  for await (const _chunk of stream) {
    // discard
  }
}

/** Consumes the multipart body; returns the text fields and any refused files. */
export async function readMultipartStep(request: FastifyRequest, step: Step, store: StoreUpload) {
  const body: FormBody = {};
  const problems: FileProblem[] = [];
  for await (const part of checkedParts(request)) {
    if (part.type === 'field') {
      addToBody(body, part.fieldname, String(part.value));
      continue;
    }
    const field = step.fields.find(
      (candidate) => candidate.id === part.fieldname && candidate.type === 'file',
    ) as FileField | undefined;
    if (!field || !part.filename) {
      part.file.resume();
      continue;
    }
    const { head, stream } = await peek(part.file);
    const contentType = effectiveContentType(head, part.mimetype);
    const problem = isAccepted(contentType, field.accept)
      ? await store(field, { filename: part.filename, contentType, stream })
      : 'wrongType';
    if (problem) {
      await drain(part.file);
      problems.push({ fieldId: field.id, filename: part.filename, problem });
    }
  }
  return { body, problems };
}
