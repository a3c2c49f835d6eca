/**
 * Per-request context: language, session (with person), security headers and the one check of
 * redirect targets. CSRF and the other request checks are in input-guard.ts. Security rules here
 * run the same in every environment (ARCHITECTURE house rule 5).
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { AppError } from '../errors.ts';
import { DEFAULT_LANGUAGE, isLanguage, type Language } from '../i18n/i18n.ts';
import {
  csrfTokenMatches,
  SESSION_COOKIE,
  type SessionLookup,
  type SessionService,
  type StoredSession,
} from '../sessions/session-service.ts';

export const LANGUAGE_COOKIE = 'ingang_lang';

declare module 'fastify' {
  interface FastifyRequest {
    lang: Language;
    session: StoredSession | undefined;
    /** The cookie's logged-in session that ended (idle or absolute timeout), and why (session-ended.ts). */
    sessionEnded: SessionLookup['ended'];
  }
}

export interface RequestContextOptions {
  sessions: SessionService;
  cookieSecure: boolean;
}

/**
 * The Content-Security-Policy: everything from our own origin. A page with a map adds exactly its
 * tile host to `img-src` (decision 0019); every other page allows no other origin.
 */
export function contentSecurityPolicy(imageOrigins: readonly string[] = []): string {
  const images = ["'self'", 'data:', ...imageOrigins].join(' ');
  return `default-src 'self'; img-src ${images}; style-src 'self'; script-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'`;
}

const CSP = contentSecurityPolicy();

/** The security headers every answer carries, including errors raised outside the error handler. */
export function securityHeaders(): Record<string, string> {
  return {
    'x-content-type-options': 'nosniff',
    'referrer-policy': 'same-origin',
    'content-security-policy': CSP,
    'cache-control': 'no-store',
  };
}

export function registerRequestContext(app: FastifyInstance, options: RequestContextOptions): void {
  app.decorateRequest('lang', DEFAULT_LANGUAGE);
  app.decorateRequest('session', undefined);
  app.decorateRequest('sessionEnded', undefined);

  app.addHook('onRequest', async (request) => {
    const langCookie = request.cookies[LANGUAGE_COOKIE];
    request.lang = isLanguage(langCookie) ? langCookie : DEFAULT_LANGUAGE;
    const token = request.cookies[SESSION_COOKIE];
    if (token) {
      const found = await options.sessions.resolve(token);
      request.session = found.session;
      request.sessionEnded = found.ended;
    }
  });

  app.addHook('onSend', async (request, reply, payload) => {
    // A relative Location is a same-origin path, whatever a route built it from (safety net).
    const location = reply.getHeader('location');
    if (typeof location === 'string' && location.startsWith('/')) {
      const safe = safeReturnPath(location);
      if (safe === '/' && location !== '/') request.log.warn('unsafe redirect target replaced');
      reply.header('location', safe);
    }
    for (const [name, value] of Object.entries(securityHeaders())) {
      // Routes may set their own CSP (the IdP's pages) and caching (static assets).
      if (!reply.hasHeader(name) || name === 'x-content-type-options' || name === 'referrer-policy') {
        reply.header(name, value);
      }
    }
    return payload;
  });
}

/** Writes the session cookie (HttpOnly, SameSite=Lax, Secure when configured). */
export function setSessionCookie(reply: FastifyReply, token: string, options: RequestContextOptions): void {
  reply.setCookie(SESSION_COOKIE, token, {
    path: '/',
    httpOnly: true,
    sameSite: 'lax',
    secure: options.cookieSecure,
    maxAge: options.sessions.ttlSeconds,
  });
}

/** Returns the request's session, starting an anonymous one (and setting its cookie) if needed. */
export async function ensureSession(
  request: FastifyRequest,
  reply: FastifyReply,
  options: RequestContextOptions,
): Promise<StoredSession> {
  if (request.session) return request.session;
  const { token, session } = await options.sessions.start(null);
  setSessionCookie(reply, token, options);
  request.session = session;
  return session;
}

/** Checks the CSRF token a multipart route read from its first field. */
export function assertCsrf(request: FastifyRequest, submitted: unknown): void {
  if (!csrfTokenMatches(request.session, submitted)) throw new AppError('CSRF_FAILED');
}

const DUMMY_ORIGIN = 'http://return-path.invalid';

/**
 * The one check for user-supplied redirect targets: a same-origin path, or `fallback`. Refuses
 * control characters (the URL parser would drop a TAB and turn `/\t/evil` into `//evil`),
 * backslashes and `//`, and anything that resolves to another origin. The answer is the URL
 * parser's serialisation, so non-ASCII characters are percent-encoded and safe in a Location header.
 */
export function safeReturnPath(value: unknown, fallback = '/'): string {
  if (typeof value !== 'string' || !value.startsWith('/') || value.startsWith('//')) return fallback;
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what we refuse
  if (/[\u0000-\u001f\u007f\\]/.test(value)) return fallback;
  let url: URL;
  try {
    url = new URL(value, DUMMY_ORIGIN);
  } catch {
    return fallback;
  }
  if (url.origin !== DUMMY_ORIGIN || url.pathname.startsWith('//')) return fallback;
  return `${url.pathname}${url.search}${url.hash}`;
}
