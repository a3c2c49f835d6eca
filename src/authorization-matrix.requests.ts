/**
 * How a row of the authorization matrix becomes a request (issue #14): the route's pattern with the
 * scene's ids in place of its parameters, its query and its body. Shared by the matrix and the
 * hostile-input tests.
 */
import { PARAMS, type RouteSpec } from './authorization-matrix.table.ts';
import type { RegisteredRoute } from './platform/http/route-inventory.ts';
import type { PlannedRequest } from './test-support/security-actors.ts';

/** `METHOD /pattern`, as the matrix's rows are named. */
export const keyOf = (route: RegisteredRoute) => `${route.method} ${route.url}`;
/** Methods that only read. */
export const SAFE = new Set(['GET', 'HEAD']);

/** The route's URL with the scene's ids (or `ids`, a fresh fixture's) in place of its parameters. */
export function urlOf(
  route: RegisteredRoute,
  spec: RouteSpec | undefined,
  ids: Record<string, string>,
): string {
  const value = (name: string): string => {
    const given = spec?.params?.[name] ?? PARAMS[name];
    if (typeof given === 'function') return given(ids);
    if (given === undefined) throw new Error(`${keyOf(route)}: say what :${name} is (PARAMS or params)`);
    if (given.startsWith('=')) return given.slice(1);
    const id = ids[given];
    if (id === undefined) throw new Error(`${keyOf(route)}: the scene has no id "${given}"`);
    return encodeURIComponent(id);
  };
  const path = route.url.replace(/:([A-Za-z0-9_]+)/g, (_match, name: string) => value(name));
  const url = path.replace(/\*$/, () => value('*'));
  const query = typeof spec?.query === 'function' ? spec.query(ids) : spec?.query;
  return query ? `${url}?${query}` : url;
}

/** The request a row describes, before an actor adds its credentials. */
export function requestOf(
  route: RegisteredRoute,
  spec: RouteSpec | undefined,
  ids: Record<string, string>,
): PlannedRequest {
  const body = typeof spec?.body === 'function' ? spec.body(ids) : spec?.body;
  return {
    method: route.method,
    url: urlOf(route, spec, ids),
    body: SAFE.has(route.method) ? undefined : (body ?? {}),
    json: spec?.json ?? false,
    credential: spec?.credential,
    scope: spec?.scope,
  };
}
