/**
 * A small browser for tests, on top of `app.inject`: keeps cookies (with paths), follows redirects
 * within the app's own origin, and reads `_csrf` and forms out of the HTML. `loginAs` logs a test
 * persona in through the REAL OpenID Connect flow and the development IdP's pages.
 */
import type { FastifyInstance, LightMyRequestResponse as InjectResponse } from 'fastify';
import { subjectFor } from '../platform/identity/personas.ts';
import { SESSION_COOKIE } from '../platform/sessions/session-service.ts';
import { markStep } from './watchdog.ts';

/** The origin createTestApp configures as PUBLIC_URL. */
export const TEST_ORIGIN = 'http://localhost:3000';

interface StoredCookie {
  value: string;
  path: string;
}

export interface BrowserResponse {
  statusCode: number;
  headers: InjectResponse['headers'];
  body: string;
  /** Path and query of the page that answered (after redirects). */
  url: string;
  /** Every Set-Cookie header seen on the way, raw (to check HttpOnly, SameSite, Secure). */
  setCookies: string[];
  /** The redirects followed, as Location values. */
  redirects: string[];
}

export interface RequestOptions {
  /** Follow redirects inside the app's origin (default true). */
  follow?: boolean;
  headers?: Record<string, string>;
}

function decodeEntities(text: string): string {
  return text
    .replace(/&quot;/g, '"')
    .replace(/&#39;|&#x27;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
}

/** The first `_csrf` value in a page, or undefined. */
export function extractCsrf(html: string): string | undefined {
  const match =
    /name="_csrf"[^>]*value="([^"]*)"/.exec(html) ?? /value="([^"]*)"[^>]*name="_csrf"/.exec(html);
  return match?.[1] ? decodeEntities(match[1]) : undefined;
}

/** The actions of every `<form method="post">` in a page, in order. */
export function formActions(html: string): string[] {
  return [...html.matchAll(/<form[^>]*action="([^"]*)"/g)].map((match) => decodeEntities(match[1] ?? ''));
}

function pathMatches(cookiePath: string, requestPath: string): boolean {
  if (requestPath === cookiePath) return true;
  return (
    requestPath.startsWith(cookiePath) && (cookiePath.endsWith('/') || requestPath[cookiePath.length] === '/')
  );
}

/** A cookie-keeping, redirect-following client for one app. */
export class Browser {
  readonly cookies = new Map<string, StoredCookie>();

  constructor(
    readonly app: FastifyInstance,
    readonly origin: string = TEST_ORIGIN,
  ) {}

  /** The session cookie's value (the token), if any. */
  get sessionToken(): string | undefined {
    return this.cookies.get(SESSION_COOKIE)?.value;
  }

  /** GET a path (or an absolute URL on the app's origin). */
  get(url: string, options: RequestOptions = {}): Promise<BrowserResponse> {
    return this.request('GET', url, undefined, options);
  }

  /** POST an urlencoded form. */
  post(url: string, form: Record<string, string>, options: RequestOptions = {}): Promise<BrowserResponse> {
    return this.request('POST', url, new URLSearchParams(form).toString(), options);
  }

  /** POST a form with the `_csrf` token taken from `page` (a response, or a path to GET first). */
  async submit(
    page: BrowserResponse | string,
    action: string,
    form: Record<string, string> = {},
    options: RequestOptions = {},
  ) {
    const html = typeof page === 'string' ? (await this.get(page)).body : page.body;
    const csrf = extractCsrf(html);
    if (!csrf) throw new Error(`no _csrf field on the page before posting to ${action}`);
    return this.post(action, { _csrf: csrf, ...form }, options);
  }

  private cookieHeader(path: string): string | undefined {
    const pairs = [...this.cookies].filter(([, cookie]) => pathMatches(cookie.path, path));
    return pairs.length > 0 ? pairs.map(([name, cookie]) => `${name}=${cookie.value}`).join('; ') : undefined;
  }

  private remember(response: InjectResponse): string[] {
    for (const cookie of response.cookies) {
      const expired =
        (typeof cookie.maxAge === 'number' && cookie.maxAge <= 0) ||
        (cookie.expires instanceof Date && cookie.expires.getTime() <= Date.now());
      if (expired || cookie.value === '') this.cookies.delete(cookie.name);
      else this.cookies.set(cookie.name, { value: cookie.value, path: cookie.path ?? '/' });
    }
    const raw = response.headers['set-cookie'];
    return raw === undefined ? [] : Array.isArray(raw) ? raw : [String(raw)];
  }

  /** Resolves a Location against the current page; undefined when it leaves the app's origin. */
  private localPath(location: string, current: string): string | undefined {
    const target = new URL(location, `${this.origin}${current}`);
    return target.origin === this.origin ? `${target.pathname}${target.search}` : undefined;
  }

  /** One request, as a browser on this origin would send it (cookies for the path, Host, scheme). */
  private send(
    method: 'GET' | 'POST',
    path: string,
    payload: string | undefined,
    extra: Record<string, string> = {},
  ) {
    const origin = new URL(this.origin);
    const headers: Record<string, string> = {
      host: origin.host,
      'x-forwarded-proto': origin.protocol.replace(':', ''),
    };
    const cookie = this.cookieHeader(new URL(path, this.origin).pathname);
    if (cookie) headers.cookie = cookie;
    if (payload !== undefined) headers['content-type'] = 'application/x-www-form-urlencoded';
    markStep('request', `${method} ${path}`);
    return this.app.inject({ method, url: path, headers: { ...headers, ...extra }, payload });
  }

  private async request(
    method: 'GET' | 'POST',
    url: string,
    payload: string | undefined,
    options: RequestOptions,
  ) {
    let path = this.localPath(url, '/') ?? url;
    const result: BrowserResponse = {
      statusCode: 0,
      headers: {},
      body: '',
      url: path,
      setCookies: [],
      redirects: [],
    };
    for (let hop = 0; hop < 20; hop += 1) {
      const response = await this.send(method, path, payload, options.headers);
      Object.assign(result, {
        statusCode: response.statusCode,
        headers: response.headers,
        body: response.body,
        url: path,
      });
      result.setCookies.push(...this.remember(response));
      const location = response.headers.location;
      const isRedirect =
        response.statusCode >= 300 && response.statusCode < 400 && typeof location === 'string';
      const next = isRedirect && options.follow !== false ? this.localPath(location, path) : undefined;
      if (!next) return result;
      result.redirects.push(location as string);
      path = next;
      // 303 (and, like browsers, 301/302 after POST) continue with GET and no body.
      method = 'GET';
      payload = undefined;
    }
    throw new Error(`too many redirects from ${url}`);
  }
}

/** A new browser with an empty cookie jar. */
export function createBrowser(app: FastifyInstance, origin: string = TEST_ORIGIN): Browser {
  return new Browser(app, origin);
}

/**
 * Logs a test persona (by personnummer, from demo/personas.json) in through the real flow:
 * /logga-in → dev IdP persona page → chosen level → /auth/callback. Returns the logged-in browser.
 */
export async function loginAs(
  app: FastifyInstance,
  personalIdentityNumber: string,
  level: 'loa2' | 'loa3' = 'loa3',
  options: { returnTo?: string; browser?: Browser; staff?: boolean } = {},
): Promise<Browser> {
  const browser = options.browser ?? createBrowser(app);
  const query = new URLSearchParams({ tillbaka: options.returnTo ?? '/', niva: level });
  // Officers log in through the staff realm's entry point (possibly another issuer).
  const entry = options.staff ? '/handlaggning/logga-in' : '/logga-in';
  const picker = await browser.get(`${entry}?${query.toString()}`);
  const action = formActions(picker.body).find((candidate) => candidate.endsWith('/login'));
  if (picker.statusCode !== 200 || !action) {
    throw new Error(`loginAs: expected the dev IdP persona page, got ${picker.statusCode} at ${picker.url}`);
  }
  const done = await browser.submit(picker, action, { subject: subjectFor(personalIdentityNumber), level });
  if (!done.redirects.some((location) => location.includes('/auth/callback')) || done.statusCode >= 400) {
    throw new Error(
      `loginAs: login as ${personalIdentityNumber} failed with ${done.statusCode} at ${done.url}`,
    );
  }
  return browser;
}
