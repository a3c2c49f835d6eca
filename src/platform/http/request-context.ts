/**
 * Per-request context: language, session (with person) and CSRF protection.
 * Security rules here run the same in every environment (ARCHITECTURE house rule 5).
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { AppError } from '../errors.ts';
import { DEFAULT_LANGUAGE, isLanguage, type Language } from '../i18n/i18n.ts';
import {
  csrfTokenMatches,
  SESSION_COOKIE,
  type SessionService,
  type StoredSession,
} from '../sessions/session-service.ts';

export const LANGUAGE_COOKIE = 'ingang_lang';

declare module 'fastify' {
  interface FastifyRequest {
    lang: Language;
    session: StoredSession | undefined;
  }
}

export interface RequestContextOptions {
  sessions: SessionService;
  cookieSecure: boolean;
}

const STATE_CHANGING = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/** Content types a cross-site HTML form can send; only these need (and get) a CSRF token check. */
function isFormContentType(request: FastifyRequest): boolean {
  const type = (request.headers['content-type'] ?? '').toLowerCase();
  return (
    type === '' ||
    type.startsWith('application/x-www-form-urlencoded') ||
    type.startsWith('multipart/form-data') ||
    type.startsWith('text/plain')
  );
}

/** Paths that carry their own protection (the OIDC provider's endpoints use state/PKCE). */
function isExempt(url: string): boolean {
  return url.startsWith('/dev-idp/');
}

export function registerRequestContext(app: FastifyInstance, options: RequestContextOptions): void {
  app.decorateRequest('lang', DEFAULT_LANGUAGE);
  app.decorateRequest('session', undefined);

  app.addHook('onRequest', async (request) => {
    const langCookie = request.cookies[LANGUAGE_COOKIE];
    request.lang = isLanguage(langCookie) ? langCookie : DEFAULT_LANGUAGE;
    const token = request.cookies[SESSION_COOKIE];
    if (token) request.session = await options.sessions.load(token);
  });

  // Multipart bodies are streamed by their route, which checks the token itself (see csrfFromParts).
  app.addHook('preHandler', async (request) => {
    if (!STATE_CHANGING.has(request.method) || isExempt(request.url) || !isFormContentType(request)) return;
    if ((request.headers['content-type'] ?? '').startsWith('multipart/form-data')) return;
    const body = request.body as Record<string, unknown> | undefined;
    const submitted = body?._csrf ?? request.headers['x-csrf-token'];
    if (!csrfTokenMatches(request.session, submitted)) throw new AppError('CSRF_FAILED');
  });

  app.addHook('onSend', async (_request, reply, payload) => {
    reply.header('x-content-type-options', 'nosniff');
    reply.header('referrer-policy', 'same-origin');
    if (!reply.hasHeader('content-security-policy')) {
      reply.header(
        'content-security-policy',
        "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
      );
    }
    if (!reply.hasHeader('cache-control')) reply.header('cache-control', 'no-store');
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

/** Only same-site relative paths are allowed as return addresses (no open redirects). */
export function safeReturnPath(value: unknown, fallback = '/'): string {
  if (typeof value !== 'string' || !value.startsWith('/') || value.startsWith('//') || value.includes('\\')) {
    return fallback;
  }
  return value;
}
