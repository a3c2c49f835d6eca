/**
 * The actors of the authorization matrix and the hostile-input tests (issue #14), each able to send
 * any request the way its kind of caller would: browsers with their session cookie and CSRF token,
 * business systems with their API key (or the credential of the route's own kind, see `Credential`).
 */
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { SESSION_COOKIE } from '../platform/sessions/session-service.ts';

/** Everyone the matrix asks about, in the order of its table's columns. */
export const ACTORS = [
  'anonymous',
  'resident',
  'otherResident',
  'representative',
  'customerCentre',
  'officer',
  'otherOfficer',
  'unitLead',
  'admin',
  'dataProtectionOfficer',
  'client',
  'clientWithoutScope',
] as const;

export type ActorName = (typeof ACTORS)[number];

/**
 * How a route authenticates machines: the business API (`X-API-Key`), Open311 (`api_key` in the
 * query or form) or a sensor's bearer token. "client" presents a valid credential of the route's
 * kind with the route's scope; "clientWithoutScope" a valid credential that lacks it (an API key
 * without the scope, or a business API key where an Open311 key or a device token is needed).
 * At the token endpoint (`oauth`) a client sends its id and secret (HTTP Basic) and asks for the
 * route's scope.
 */
export type Credential = 'apiKey' | 'open311' | 'device' | 'oauth';

/** The credentials machines hold; `apiKeyWithout(scope)` is a live key with every scope but that one. */
export interface MachineCredentials {
  /** The client with every scope: its id and secret (the secret is also its API key). */
  client: { id: string; secret: string };
  /** A live client with every scope but `scope`. */
  clientWithout(scope: string | undefined): { id: string; secret: string };
  open311Key: string;
  deviceToken: string;
}

/** A browser actor's session: its cookie token and the CSRF token of its session. */
export interface BrowserSession {
  token: string;
  csrfToken: string;
}

/** One request as the table describes it, before an actor's credentials are added. */
export interface PlannedRequest {
  method: string;
  url: string;
  /** A form (urlencoded) or a JSON body; `undefined` sends no body. */
  body?: object;
  /** Send the body as JSON (`application/json`, or this content type). */
  json?: boolean | string;
  /** A body sent exactly as given, with the JSON content type (malformed JSON, for instance). */
  rawBody?: string;
  credential?: Credential;
  scope?: string;
}

/** Sends requests as one actor. */
export interface Actor {
  name: ActorName;
  /** A browser actor's session (machines have none). */
  session?: BrowserSession;
  send(request: PlannedRequest): Promise<LightMyRequestResponse>;
}

const jsonType = (json: boolean | string | undefined) =>
  typeof json === 'string' ? json : 'application/json';

function formPayload(body: object): string {
  const form = new URLSearchParams();
  for (const [name, value] of Object.entries(body)) {
    for (const item of [value].flat()) form.append(name, String(item));
  }
  return form.toString();
}

function withQuery(url: string, name: string, value: string): string {
  return `${url}${url.includes('?') ? '&' : '?'}${name}=${encodeURIComponent(value)}`;
}

/** A browser actor: the session cookie on every request, the CSRF token in every form and header. */
export function browserActor(app: FastifyInstance, name: ActorName, session?: BrowserSession): Actor {
  return {
    name,
    session,
    send(request) {
      const headers: Record<string, string> = {};
      if (session) headers.cookie = `${SESSION_COOKIE}=${session.token}`;
      if (session && request.method !== 'GET') headers['x-csrf-token'] = session.csrfToken;
      if (request.rawBody !== undefined) {
        headers['content-type'] = jsonType(request.json);
        const method = request.method as 'POST';
        return app.inject({ method, url: request.url, headers, payload: request.rawBody });
      }
      if (request.body === undefined)
        return app.inject({ method: request.method as 'GET', url: request.url, headers });
      if (request.json) {
        headers['content-type'] = jsonType(request.json);
        return app.inject({
          method: request.method as 'POST',
          url: request.url,
          headers,
          payload: JSON.stringify(request.body),
        });
      }
      headers['content-type'] = 'application/x-www-form-urlencoded';
      const body = session ? { _csrf: session.csrfToken, ...request.body } : request.body;
      return app.inject({
        method: request.method as 'POST',
        url: request.url,
        headers,
        payload: formPayload(body),
      });
    },
  };
}

/**
 * A machine actor: no cookies; the credential the route asks for, or (`withScope` false) one that
 * is valid but lacks the route's scope or is of another kind.
 */
export function machineActor(
  app: FastifyInstance,
  name: ActorName,
  credentials: MachineCredentials,
  withScope: boolean,
): Actor {
  return {
    name,
    send(request) {
      const kind = request.credential ?? 'apiKey';
      const client = withScope ? credentials.client : credentials.clientWithout(request.scope);
      const apiKey = client.secret;
      const headers: Record<string, string> = {};
      let url = request.url;
      let body = request.body;
      if (kind === 'apiKey') headers['x-api-key'] = apiKey;
      if (kind === 'oauth') {
        headers.authorization = `Basic ${Buffer.from(`${client.id}:${client.secret}`).toString('base64')}`;
        body = { ...body, scope: request.scope };
      }
      if (kind === 'device') headers.authorization = `Bearer ${withScope ? credentials.deviceToken : apiKey}`;
      if (kind === 'open311') {
        const key = withScope ? credentials.open311Key : apiKey;
        if (body === undefined) url = withQuery(url, 'api_key', key);
        else body = { ...body, api_key: key };
      }
      if (request.rawBody !== undefined) {
        headers['content-type'] = jsonType(request.json);
        return app.inject({ method: request.method as 'POST', url, headers, payload: request.rawBody });
      }
      if (body === undefined) return app.inject({ method: request.method as 'GET', url, headers });
      headers['content-type'] = request.json ? jsonType(request.json) : 'application/x-www-form-urlencoded';
      const payload = request.json ? JSON.stringify(body) : formPayload(body);
      return app.inject({ method: request.method as 'POST', url, headers, payload });
    },
  };
}
