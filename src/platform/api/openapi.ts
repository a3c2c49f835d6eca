/** OpenAPI 3.1 for /api/v1, generated from the same TypeBox schemas that validate requests. */
import swagger from '@fastify/swagger';
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { errorCodes } from '../errors.ts';
import { registerApiReference } from './reference-page.tsx';

/** RFC 9457 problem details, as every API error answers. */
export const ProblemSchema = Type.Object(
  {
    type: Type.String(),
    title: Type.String(),
    status: Type.Integer(),
    detail: Type.Optional(Type.String()),
    instance: Type.Optional(Type.String()),
    code: Type.String({
      description: 'Stable error code; each is explained on the reference page, /api/v1/reference',
      enum: errorCodes().map((entry) => entry.code),
      examples: ['CASE_NOT_FOUND'],
    }),
    errors: Type.Optional(Type.Array(Type.Object({ field: Type.String(), message: Type.String() }))),
  },
  { $id: 'Problem' },
);

export const LocalizedTextSchema = Type.Object({ sv: Type.String(), en: Type.String() });

declare module 'fastify' {
  interface FastifyInstance {
    /** Every route registered under /api/v1 (`GET /api/v1/cases/{reference}`), to check the document against. */
    apiRoutes: Set<string>;
  }
}

/** Registers the OpenAPI generator; only routes tagged for the API are documented. */
export async function registerOpenApi(
  app: FastifyInstance,
  publicUrl: string,
  version: string,
): Promise<void> {
  app.addSchema(ProblemSchema);
  // The document must describe every /api/v1 route; the routes are recorded so a test can tell.
  const apiRoutes = new Set<string>();
  app.decorate('apiRoutes', apiRoutes);
  app.addHook('onRoute', (route) => {
    if (!route.url.startsWith('/api/v1/') || route.schema?.hide) return;
    const path = route.url.replace(/:([A-Za-z]+)/g, '{$1}');
    for (const method of [route.method].flat()) if (method !== 'HEAD') apiRoutes.add(`${method} ${path}`);
  });
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Ingång API',
        version,
        description:
          'Public catalogue of e-services, the logged-in resident’s own cases, and the case API for business systems (API clients with OAuth 2.0 client credentials or an API key). Errors are RFC 9457 problem details with a stable `code`.',
      },
      servers: [{ url: publicUrl }],
      components: {
        securitySchemes: {
          session: { type: 'apiKey', in: 'cookie', name: 'ingang_session' },
          // Business systems' API clients (issue #12, docs/api.md): a token from the client
          // credentials grant, or the client's secret itself as an API key.
          oauth2: {
            type: 'oauth2',
            flows: {
              clientCredentials: {
                tokenUrl: `${publicUrl}/api/v1/oauth/token`,
                scopes: {
                  'cases:read': 'Read the cases, histories and files of the client’s units and services',
                  'cases:protected':
                    'With cases:read: also the answers at confidentiality level 3 and their files',
                  'cases:status': 'Change the status of those cases',
                  'cases:messages': 'Write messages to the applicants of those cases',
                  'cases:decisions': 'Record decisions, with letters, on those cases',
                  'cases:create': 'Open cases (channel api) in those services',
                  'opendata:read': 'Read the open data',
                },
              },
            },
          },
          apiKey: { type: 'apiKey', in: 'header', name: 'X-API-Key' },
        },
      },
    },
    hideUntagged: true,
    refResolver: {
      buildLocalReference: (json, _baseUri, _fragment, index) => String(json.$id ?? `schema-${index}`),
    },
  });
  app.get('/api/v1/openapi.json', { schema: { hide: true } }, async () => app.swagger());
  registerApiReference(app, publicUrl);
}
