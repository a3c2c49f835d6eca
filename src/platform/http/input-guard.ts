/**
 * The input layer's request checks, in one place for every route (docs/security.md):
 * - CSRF: every state-changing request, whatever its content type, is refused when it comes from
 *   another site (`Sec-Fetch-Site` / `Origin`) and must carry the session's token. Multipart posts
 *   are accepted only by routes that declare `config: { multipart: true }`; those read the token
 *   as the first part through the one shared reader (multipart.ts). Machine endpoints that
 *   authenticate every request by a token in it (`config: { tokenAuth: true }`, a sensor's bearer
 *   token) are not cookie-authenticated, so CSRF cannot reach them: they get no session and no
 *   CSRF check.
 * - Route ids that are UUIDs in the database are checked before any query (404, not a 500): by the
 *   route's own params schema (`IdParam`) where it has one, else by this guard (`UUID_PARAMS`).
 * - NUL characters, which PostgreSQL refuses in text and jsonb, are refused in the URL and body.
 */
import type { FastifyInstance, FastifyRequest, FastifySchema } from 'fastify';
import { AppError } from '../errors.ts';
import { csrfTokenMatches } from '../sessions/session-service.ts';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** The route streams a multipart body itself through `checkedParts` (which checks the token). */
    multipart?: boolean;
    /**
     * The route authenticates each request by a token it carries (not the session cookie) and
     * answers problem+json: the request gets no session, so no CSRF check applies.
     */
    tokenAuth?: boolean;
    /** The route answers JSON to browsers' scripts (the map's GeoJSON): its refusals are problem+json. */
    json?: boolean;
    /** Set by the guard: the route's UUID params that no schema of its own checks (see UUID_PARAMS). */
    uncheckedIds?: string[];
  }
}

const STATE_CHANGING = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/**
 * Route parameters that hold database UUIDs (`uid` of the development IdP is not one). A route whose
 * params schema declares such a param as a UUID (`IdParam`) is checked by its schema; this list
 * covers only the routes without one (the officers' case routes until they declare their input).
 */
const UUID_PARAMS = ['draftId', 'attachmentId', 'decisionId', 'serviceId', 'staffId', 'unitId', 'id'];
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Per app, the routes (`METHOD url: params`) whose UUID params only the guard checks. */
const guardedRoutes = new WeakMap<FastifyInstance, string[]>();

/** The routes of `app` whose UUID params no schema of their own checks (for the layering test). */
export function routesWithUncheckedIds(app: FastifyInstance): string[] {
  return [...(guardedRoutes.get(app) ?? [])];
}

/** The UUID-named params in `url` that the route's params schema does not declare as a UUID. */
export function uncheckedIds(url: string, schema: FastifySchema | undefined): string[] {
  const names = [...url.matchAll(/:([A-Za-z0-9_]+)/g)].map((match) => match[1] ?? '');
  const declared = (schema?.params as { properties?: Record<string, { format?: string }> } | undefined)
    ?.properties;
  return names.filter((name) => UUID_PARAMS.includes(name) && declared?.[name]?.format !== 'uuid');
}

/** Paths that carry their own protection (the OIDC provider's endpoints use state/PKCE). */
function isExempt(url: string): boolean {
  return url.startsWith('/dev-idp/');
}

function isMultipart(request: FastifyRequest): boolean {
  return (request.headers['content-type'] ?? '').toLowerCase().startsWith('multipart/');
}

/** True when the browser says the request comes from another site, or its Origin is not ours. */
function isCrossSite(request: FastifyRequest, publicOrigin: string): boolean {
  const site = request.headers['sec-fetch-site'];
  if (site !== undefined && site !== 'same-origin' && site !== 'none') return true;
  const origin = request.headers.origin;
  if (origin === undefined) return false;
  if (origin === publicOrigin) return false;
  try {
    // The same host the request was sent to also counts (a development server reached by IP).
    return new URL(origin).host !== request.headers.host;
  } catch {
    return true;
  }
}

/** True when `value` (a string, or arrays/objects of them) holds a NUL character anywhere. */
export function containsNul(value: unknown, depth = 0): boolean {
  if (typeof value === 'string') return value.includes('\u0000');
  if (depth > 8 || value === null || typeof value !== 'object') return false;
  for (const [key, item] of Object.entries(value)) {
    if (key.includes('\u0000') || containsNul(item, depth + 1)) return true;
  }
  return false;
}

function checkParams(request: FastifyRequest): void {
  const params = (request.params ?? {}) as Record<string, unknown>;
  // Routes registered before the guard (none today) get the whole list, so nothing slips through.
  for (const name of request.routeOptions.config?.uncheckedIds ?? UUID_PARAMS) {
    const value = params[name];
    if (typeof value === 'string' && !UUID.test(value)) throw new AppError('NOT_FOUND');
  }
  if (containsNul(params) || containsNul(request.query)) {
    throw new AppError('VALIDATION_FAILED', 'The request contains a NUL character');
  }
}

/** Installs the checks as hooks: site and multipart before the body is read, token and text after. */
export function registerInputGuard(app: FastifyInstance, publicOrigin: string): void {
  const guarded: string[] = [];
  guardedRoutes.set(app, guarded);
  app.addHook('onRoute', (route) => {
    const ids = uncheckedIds(route.url, route.schema);
    route.config = { ...route.config, uncheckedIds: ids };
    const methods = Array.isArray(route.method) ? route.method.join(',') : route.method;
    if (ids.length > 0) guarded.push(`${methods} ${route.url}: ${ids.join(', ')}`);
  });

  app.addHook('onRequest', async (request) => {
    if (request.routeOptions.config?.tokenAuth === true) {
      // Whatever cookies came along, a token route acts on the token alone.
      request.session = undefined;
      return;
    }
    if (!STATE_CHANGING.has(request.method) || isExempt(request.url)) return;
    if (isCrossSite(request, publicOrigin)) throw new AppError('CSRF_FAILED', 'Cross-site request');
    // A route that does not stream multipart never reads its parts, so it could not see a token there.
    if (isMultipart(request) && request.routeOptions.config?.multipart !== true) {
      throw new AppError('CSRF_FAILED', 'This address does not accept multipart posts');
    }
  });

  app.addHook('preValidation', async (request) => {
    checkParams(request);
    if (containsNul(request.body)) {
      throw new AppError('VALIDATION_FAILED', 'The request contains a NUL character');
    }
  });

  app.addHook('preHandler', async (request) => {
    if (!STATE_CHANGING.has(request.method) || isExempt(request.url)) return;
    if (request.routeOptions.config?.tokenAuth === true) return;
    // Declared multipart routes check the token as the body's first part (checkedParts).
    if (isMultipart(request)) return;
    const body = request.body;
    const fromBody =
      body !== null && typeof body === 'object' ? (body as Record<string, unknown>)._csrf : undefined;
    if (!csrfTokenMatches(request.session, fromBody ?? request.headers['x-csrf-token'])) {
      throw new AppError('CSRF_FAILED');
    }
  });
}
