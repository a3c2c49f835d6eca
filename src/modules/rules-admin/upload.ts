/**
 * Reads the DMN upload form: the CSRF token first (checkedParts, so no byte of a forged upload is
 * read into memory), then the `modell` file, held in memory up to MAX_MODEL_BYTES; a larger file is
 * read to its end and refused, and any other part is skipped.
 */
import type { Readable } from 'node:stream';
import type { FastifyRequest } from 'fastify';
import { checkedParts } from '../../platform/http/multipart.ts';
import { MAX_MODEL_BYTES } from './model.ts';
import type { UploadedModel } from './upload-service.ts';

async function collect(stream: Readable, limit: number): Promise<Buffer | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of stream as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size <= limit) chunks.push(chunk);
  }
  return size <= limit ? Buffer.concat(chunks) : undefined;
}

async function discard(stream: Readable): Promise<void> {
  for await (const _chunk of stream) {
    // skipped
  }
}

/** The uploaded model file of a multipart post, or the upload's problem (no file, too large). */
export async function readModelUpload(request: FastifyRequest): Promise<UploadedModel> {
  if (!request.isMultipart()) return { problem: 'missing' };
  let upload: UploadedModel = { problem: 'missing' };
  for await (const part of checkedParts(request)) {
    if (part.type !== 'file') continue;
    if (part.fieldname !== 'modell' || !part.filename || 'filename' in upload) {
      await discard(part.file);
      continue;
    }
    const bytes = await collect(part.file, MAX_MODEL_BYTES);
    upload =
      bytes && bytes.length > 0
        ? { filename: part.filename, bytes }
        : { problem: bytes ? 'missing' : 'tooLarge' };
  }
  return upload;
}
