/**
 * A cookie-keeping client over app.inject, for integration tests that act like a browser without
 * JavaScript: it keeps cookies, reads the CSRF token from pages, posts forms and follows redirects.
 */
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';

export type FormValues = Record<string, string | string[]>;

export interface UploadFile {
  field: string;
  filename: string;
  contentType: string;
  content: Buffer;
}

export class TestClient {
  readonly cookies = new Map<string, string>();
  csrfToken = '';

  constructor(readonly app: FastifyInstance) {}

  private cookieHeader(): string {
    return [...this.cookies].map(([name, value]) => `${name}=${value}`).join('; ');
  }

  private remember(response: LightMyRequestResponse): LightMyRequestResponse {
    for (const cookie of response.cookies as { name: string; value: string; maxAge?: number }[]) {
      if (cookie.value === '' || cookie.maxAge === 0) this.cookies.delete(cookie.name);
      else this.cookies.set(cookie.name, cookie.value);
    }
    const token = /name="_csrf" value="([^"]+)"/.exec(response.body)?.[1];
    if (token) this.csrfToken = token;
    return response;
  }

  /** GET without following redirects. */
  async get(url: string, headers: Record<string, string> = {}): Promise<LightMyRequestResponse> {
    return this.remember(
      await this.app.inject({ method: 'GET', url, headers: { cookie: this.cookieHeader(), ...headers } }),
    );
  }

  /** GET, following redirects within the app; returns the last response and its URL. */
  async follow(url: string): Promise<LightMyRequestResponse & { url: string }> {
    let current = url;
    for (let hop = 0; hop < 10; hop++) {
      const response = await this.get(current);
      const location = response.headers.location;
      if (response.statusCode < 300 || response.statusCode >= 400 || typeof location !== 'string') {
        return Object.assign(response, { url: current });
      }
      current = location.startsWith('http')
        ? new URL(location).pathname + new URL(location).search
        : location;
    }
    throw new Error(`too many redirects from ${url}`);
  }

  /** POSTs a urlencoded form with the current CSRF token (unless `_csrf` is given). */
  async post(url: string, form: FormValues = {}): Promise<LightMyRequestResponse> {
    const body = new URLSearchParams();
    if (form._csrf === undefined) body.append('_csrf', this.csrfToken);
    for (const [name, value] of Object.entries(form)) {
      for (const item of Array.isArray(value) ? value : [value]) body.append(name, item);
    }
    return this.remember(
      await this.app.inject({
        method: 'POST',
        url,
        headers: { cookie: this.cookieHeader(), 'content-type': 'application/x-www-form-urlencoded' },
        payload: body.toString(),
      }),
    );
  }

  /** POSTs multipart/form-data: the CSRF token first, as our forms render it, then fields, then files. */
  async postMultipart(url: string, form: FormValues, files: UploadFile[]): Promise<LightMyRequestResponse> {
    const boundary = `----ingang${Math.random().toString(16).slice(2)}`;
    const chunks: Buffer[] = [];
    const part = (headers: string, content: Buffer) =>
      chunks.push(Buffer.from(`--${boundary}\r\n${headers}\r\n\r\n`), content, Buffer.from('\r\n'));
    const fields: [string, string][] = form._csrf === undefined ? [['_csrf', this.csrfToken]] : [];
    for (const [name, value] of Object.entries(form)) {
      for (const item of Array.isArray(value) ? value : [value]) fields.push([name, item]);
    }
    for (const [name, value] of fields)
      part(`Content-Disposition: form-data; name="${name}"`, Buffer.from(value));
    for (const file of files) {
      part(
        `Content-Disposition: form-data; name="${file.field}"; filename="${file.filename}"\r\nContent-Type: ${file.contentType}`,
        file.content,
      );
    }
    chunks.push(Buffer.from(`--${boundary}--\r\n`));
    return this.remember(
      await this.app.inject({
        method: 'POST',
        url,
        headers: { cookie: this.cookieHeader(), 'content-type': `multipart/form-data; boundary=${boundary}` },
        payload: Buffer.concat(chunks),
      }),
    );
  }
}

/** A tiny valid PNG (1×1 pixel), for upload tests. */
export const TINY_PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==',
  'base64',
);
