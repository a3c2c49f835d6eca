/**
 * Every route the app registers, as the router sees it (issue #14): the authorization matrix and the
 * hostile-input tests enumerate it, so a route added without an expectation fails them instead of
 * going unchecked. Recorded by an `onRoute` hook installed before any route is registered.
 */
import type { FastifyInstance, RouteOptions } from 'fastify';

/** One method of one registered route, with what the tests need to know about its input. */
export interface RegisteredRoute {
  /** `GET`, `POST`, …; HEAD routes Fastify adds beside each GET are left out. */
  method: string;
  /** The pattern as registered: `/:tenant/handlaggning/arenden/:reference`. */
  url: string;
  /** The route streams multipart itself (`config.multipart`). */
  multipart: boolean;
  /** The route authenticates by a token it carries, not the session (`config.tokenAuth`). */
  tokenAuth: boolean;
  /** The route declares a body schema (urlencoded form or JSON). */
  hasBodySchema: boolean;
  /** The names of the body's fields, as its schema declares them (none for a dynamic body). */
  bodyFields: string[];
}

declare module 'fastify' {
  interface FastifyInstance {
    /** Every route registered so far (see route-inventory.ts). */
    routeInventory: RegisteredRoute[];
  }
}

type Schema = { properties?: Record<string, unknown>; content?: Record<string, { schema?: Schema }> };

/** The top-level field names of a body schema, also of one given per content type (multipart routes). */
function fieldsOf(schema: Schema | undefined): string[] {
  if (!schema) return [];
  if (schema.properties) return Object.keys(schema.properties);
  return [...new Set(Object.values(schema.content ?? {}).flatMap((entry) => fieldsOf(entry.schema)))];
}

function entriesOf(route: RouteOptions): RegisteredRoute[] {
  const config = (route.config ?? {}) as { multipart?: boolean; tokenAuth?: boolean };
  return [route.method]
    .flat()
    .filter((method) => method !== 'HEAD')
    .map((method) => ({
      method,
      url: route.url,
      multipart: config.multipart === true,
      tokenAuth: config.tokenAuth === true,
      hasBodySchema: route.schema?.body !== undefined,
      bodyFields: fieldsOf(route.schema?.body as Schema | undefined),
    }));
}

/** Installs the inventory; call before any route is registered. */
export function registerRouteInventory(app: FastifyInstance): void {
  const inventory: RegisteredRoute[] = [];
  app.decorate('routeInventory', inventory);
  app.addHook('onRoute', (route) => {
    inventory.push(...entriesOf(route));
  });
}
