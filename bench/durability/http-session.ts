/**
 * A browser-like HTTP client over node:http for the durability checks: keeps cookies, reads the CSRF
 * token from pages, posts urlencoded and multipart forms (CSRF first, as our forms render it), never
 * follows redirects, and counts the requests in flight so a kill can report what it interrupted.
 */
import http from 'node:http';

export interface HttpAnswer {
  status: number;
  location: string | undefined;
  body: string;
}

export interface UploadFile {
  field: string;
  filename: string;
  contentType: string;
  content: Buffer;
}

/** The connection failed or broke before a full answer arrived (the server is down or was killed). */
export class ServerUnavailable extends Error {}

/** Requests in flight across every session, by label (e.g. `submit`), for the kill report. */
export class InFlight {
  readonly #counts = new Map<string, number>();

  enter(label: string): void {
    this.#counts.set(label, (this.#counts.get(label) ?? 0) + 1);
  }

  leave(label: string): void {
    this.#counts.set(label, (this.#counts.get(label) ?? 1) - 1);
  }

  snapshot(): Record<string, number> {
    return Object.fromEntries([...this.#counts].filter(([, count]) => count > 0));
  }

  total(): number {
    return [...this.#counts.values()].reduce((sum, count) => sum + count, 0);
  }
}

export interface HttpSessionOptions {
  baseUrl: string;
  /** Shared counter of requests in flight. */
  inFlight?: InFlight;
  /** Reuse connections (one browser); false opens a new connection for every request. */
  keepAlive?: boolean;
  timeoutMs?: number;
}

/** One browser: its cookies and CSRF token. */
export class HttpSession {
  readonly cookies = new Map<string, string>();
  csrfToken = '';
  readonly #agent: http.Agent | false;

  constructor(readonly options: HttpSessionOptions) {
    this.#agent = options.keepAlive === false ? false : new http.Agent({ keepAlive: true, maxSockets: 4 });
  }

  /** A second browser tab: same cookies and token, its own connections. */
  tab(keepAlive = false): HttpSession {
    const copy = new HttpSession({ ...this.options, keepAlive });
    for (const [name, value] of this.cookies) copy.cookies.set(name, value);
    copy.csrfToken = this.csrfToken;
    return copy;
  }

  get(path: string, label = 'get'): Promise<HttpAnswer> {
    return this.#send('GET', path, undefined, undefined, label);
  }

  /** POSTs an urlencoded form with the session's CSRF token first. */
  postForm(path: string, fields: Record<string, string>, label = 'post'): Promise<HttpAnswer> {
    const body = new URLSearchParams({ _csrf: this.csrfToken, ...fields }).toString();
    return this.#send('POST', path, Buffer.from(body), 'application/x-www-form-urlencoded', label);
  }

  /** POSTs multipart/form-data: the CSRF token, then the fields, then the files. */
  postMultipart(
    path: string,
    fields: Record<string, string>,
    files: UploadFile[],
    label = 'upload',
  ): Promise<HttpAnswer> {
    const boundary = `----ingangdurability${Math.random().toString(16).slice(2)}`;
    const chunks: Buffer[] = [];
    const part = (headers: string, content: Buffer) =>
      chunks.push(Buffer.from(`--${boundary}\r\n${headers}\r\n\r\n`), content, Buffer.from('\r\n'));
    for (const [name, value] of Object.entries({ _csrf: this.csrfToken, ...fields }))
      part(`Content-Disposition: form-data; name="${name}"`, Buffer.from(value));
    for (const file of files) {
      part(
        `Content-Disposition: form-data; name="${file.field}"; filename="${file.filename}"\r\nContent-Type: ${file.contentType}`,
        file.content,
      );
    }
    chunks.push(Buffer.from(`--${boundary}--\r\n`));
    return this.#send(
      'POST',
      path,
      Buffer.concat(chunks),
      `multipart/form-data; boundary=${boundary}`,
      label,
    );
  }

  close(): void {
    if (this.#agent) this.#agent.destroy();
  }

  #cookieHeader(): string {
    return [...this.cookies].map(([name, value]) => `${name}=${value}`).join('; ');
  }

  #remember(headers: http.IncomingHttpHeaders, body: string): void {
    for (const line of headers['set-cookie'] ?? []) {
      const match = /^([^=;]+)=([^;]*)/.exec(line);
      if (!match?.[1]) continue;
      const expired = /max-age=0/i.test(line) || match[2] === '';
      if (expired) this.cookies.delete(match[1]);
      else this.cookies.set(match[1], match[2] ?? '');
    }
    const token = /name="_csrf" value="([^"]+)"/.exec(body)?.[1];
    if (token) this.csrfToken = token;
  }

  #send(
    method: string,
    path: string,
    payload: Buffer | undefined,
    contentType: string | undefined,
    label: string,
  ): Promise<HttpAnswer> {
    const url = new URL(path, this.options.baseUrl);
    const headers: http.OutgoingHttpHeaders = { cookie: this.#cookieHeader() };
    if (payload && contentType) {
      headers['content-type'] = contentType;
      headers['content-length'] = payload.length;
    }
    const inFlight = this.options.inFlight;
    inFlight?.enter(label);
    return new Promise<HttpAnswer>((resolve, reject) => {
      const request = http.request(
        url,
        { method, headers, agent: this.#agent, timeout: this.options.timeoutMs ?? 60_000 },
        (response) => {
          const chunks: Buffer[] = [];
          response.on('data', (chunk: Buffer) => chunks.push(chunk));
          response.on('error', (error) => reject(new ServerUnavailable(error.message)));
          response.on('aborted', () => reject(new ServerUnavailable('response aborted')));
          response.on('end', () => {
            if (!response.complete) return reject(new ServerUnavailable('incomplete response'));
            const body = Buffer.concat(chunks).toString('utf8');
            this.#remember(response.headers, body);
            const location = response.headers.location;
            resolve({ status: response.statusCode ?? 0, location, body });
          });
        },
      );
      request.on('timeout', () => request.destroy(new Error('timed out')));
      request.on('error', (error) => reject(new ServerUnavailable(error.message)));
      request.end(payload);
    }).finally(() => inFlight?.leave(label));
  }
}
