/**
 * The business systems' API (issue #12, docs/api.md): the OAuth 2.0 token endpoint (client
 * credentials) and the case reads under /api/v1/cases. A client authenticates with a bearer access
 * token or its API key (`X-API-Key`), and is rate-limited per client. Every route is described in
 * the OpenAPI document from the schemas below.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { type Static, Type } from 'typebox';
import { AppError } from '../../platform/errors.ts';
import { inputError } from '../../platform/http/input-schemas.ts';
import type { RouteContext } from '../../platform/http/route-context.ts';
import { byAddress, rateLimited } from '../../platform/rate-limit/rate-limit.ts';
import { API_SCOPES, type ClientActor } from './model.ts';
import { TokenRequestError } from './service.ts';

declare module 'fastify' {
  interface FastifyRequest {
    /** The API client of the request, once `authenticateClient` ran. */
    apiClient?: ClientActor;
  }
}

/** Both ways a client may authenticate, as OpenAPI security requirements. */
export const CLIENT_SECURITY: Record<string, string[]>[] = [{ oauth2: ['cases:read'] }, { apiKey: [] }];

const Problem = { $ref: 'Problem#' };

const TokenBody = Type.Object({
  grant_type: Type.Optional(Type.String({ maxLength: 100 })),
  scope: Type.Optional(Type.String({ maxLength: 500 })),
  client_id: Type.Optional(Type.String({ maxLength: 100 })),
  client_secret: Type.Optional(Type.String({ maxLength: 200 })),
});

const TokenResponse = Type.Object({
  access_token: Type.String(),
  token_type: Type.Literal('Bearer'),
  expires_in: Type.Integer({ description: 'Seconds until the token expires' }),
  scope: Type.String({ description: 'The granted scopes, space-separated' }),
});

const OAuthError = Type.Object(
  {
    error: Type.String({ description: 'RFC 6749 §5.2 error code' }),
    error_description: Type.String(),
  },
  { additionalProperties: true },
);

/** The client id and secret from HTTP Basic (RFC 6749 §2.3.1, form-encoded parts) or the body. */
function clientCredentials(request: FastifyRequest, body: Static<typeof TokenBody>) {
  const header = request.headers.authorization;
  if (header?.startsWith('Basic ')) {
    const decoded = Buffer.from(header.slice(6), 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    if (colon < 0) return undefined;
    const part = (text: string) => decodeURIComponent(text.replace(/\+/g, ' '));
    try {
      return { id: part(decoded.slice(0, colon)), secret: part(decoded.slice(colon + 1)) };
    } catch {
      return undefined;
    }
  }
  if (body.client_id && body.client_secret) return { id: body.client_id, secret: body.client_secret };
  return undefined;
}

function oauthError(reply: FastifyReply, error: TokenRequestError) {
  const status = error.error === 'invalid_client' ? 401 : 400;
  if (status === 401) reply.header('www-authenticate', 'Basic realm="ingang"');
  return reply
    .code(status)
    .header('cache-control', 'no-store')
    .type('application/json')
    .send({ error: error.error, error_description: error.description });
}

/** The preHandler that finds the client of a bearer token or API key, or answers 401. */
export function authenticateClient({ services }: Pick<RouteContext, 'services'>) {
  return async (request: FastifyRequest, reply: FastifyReply) => {
    const header = request.headers.authorization;
    const key = request.headers['x-api-key'];
    try {
      if (header?.startsWith('Bearer '))
        request.apiClient = await services.apiClients.byAccessToken(header.slice(7).trim());
      else if (typeof key === 'string') request.apiClient = await services.apiClients.byApiKey(key.trim());
      else
        throw new AppError(
          'API_CLIENT_UNAUTHENTICATED',
          'Send an access token (Authorization: Bearer …) or an API key (X-API-Key)',
        );
    } catch (error) {
      if (error instanceof AppError && error.code === 'API_CLIENT_UNAUTHENTICATED')
        reply.header('www-authenticate', 'Bearer realm="ingang"');
      throw error;
    }
  };
}

/** The client a route's preHandler authenticated. */
export function clientOf(request: FastifyRequest): ClientActor {
  if (!request.apiClient) throw new AppError('API_CLIENT_UNAUTHENTICATED');
  return request.apiClient;
}

/**
 * Requests a minute per client (API_RATE_LIMIT_PER_MINUTE), counted in the database for every
 * process; the token endpoint has no client yet, so it counts per address. After the route's own
 * preHandler, which authenticates the client.
 */
export const clientRateLimit = rateLimited(
  'api',
  (request) => (request.apiClient ? `client:${request.apiClient.clientId}` : byAddress(request)),
  'preHandler',
);

export function registerTokenEndpoint(app: FastifyInstance, { services }: RouteContext): void {
  app.post<{ Body: Static<typeof TokenBody> }>(
    '/api/v1/oauth/token',
    {
      schemaErrorFormatter: inputError,
      config: { json: true, tokenAuth: true, rateLimit: clientRateLimit },
      schema: {
        tags: ['authentication'],
        operationId: 'issueAccessToken',
        summary: 'An access token for an API client (OAuth 2.0 client credentials grant, RFC 6749 §4.4)',
        description: `Send grant_type=client_credentials, form-encoded, with the client id and secret in HTTP Basic (or as client_id and client_secret). The token is valid for 15 minutes. Scopes: ${API_SCOPES.join(', ')}.`,
        body: { content: { 'application/x-www-form-urlencoded': { schema: TokenBody } } },
        response: { 200: TokenResponse, 400: OAuthError, 401: OAuthError, 429: Problem },
      },
    },
    async (request, reply) => {
      const body = request.body ?? {};
      try {
        if (body.grant_type !== 'client_credentials')
          throw new TokenRequestError(
            'unsupported_grant_type',
            'Only grant_type=client_credentials is supported',
          );
        const credentials = clientCredentials(request, body);
        if (!credentials) throw new TokenRequestError('invalid_client', 'Send the client id and secret');
        const token = await services.apiClients.issueToken(credentials.id, credentials.secret, body.scope);
        reply.header('cache-control', 'no-store');
        return {
          access_token: token.accessToken,
          token_type: 'Bearer' as const,
          expires_in: token.expiresIn,
          scope: token.scopes.join(' '),
        };
      } catch (error) {
        if (error instanceof TokenRequestError) return oauthError(reply, error);
        throw error;
      }
    },
  );
}
