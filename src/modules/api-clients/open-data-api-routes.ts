/**
 * Open data for business systems (issue #12): `GET /api/v1/open-data/{dataset}` answers a dataset
 * the client's municipality publishes, as its JSON download, for a client with the scope
 * `opendata:read` (authenticated and rate-limited like the rest of the API). The same data is public
 * at `/{tenant}/oppna-data/{dataset}.json`; the route gives a system one way in with its own
 * credentials and a machine-readable description in the OpenAPI document.
 */
import type { FastifyInstance } from 'fastify';
import { type Static, Type } from 'typebox';
import { inputError } from '../../platform/http/input-schemas.ts';
import type { RouteContext } from '../../platform/http/route-context.ts';
import { authenticateClient, clientOf, clientRateLimit } from './api-routes.ts';
import { requireScope } from './client-cases.ts';

const Problem = { $ref: 'Problem#' };

const DatasetParams = Type.Object({
  dataset: Type.String({
    pattern: '^[a-z0-9-]{1,60}$',
    description: 'The dataset’s id, as in the DCAT-AP-SE catalogue',
    examples: ['arendestatistik'],
  }),
});

const Dataset = Type.Object({
  dataset: Type.String(),
  title: Type.String(),
  licence: Type.String({ description: 'The licence’s URI (CC0 unless the municipality chose another)' }),
  suppression: Type.Record(Type.String(), Type.String(), {
    description:
      'What the marks in suppressed cells mean: <5 is a count under 5; .. a total hidden so it cannot give one back',
  }),
  columns: Type.Array(
    Type.Object({ name: Type.String(), title: Type.Object({ sv: Type.String(), en: Type.String() }) }),
  ),
  rows: Type.Array(Type.Record(Type.String(), Type.Unknown())),
});

/** Registers the open-data route of the API. */
export function registerClientOpenDataApi(app: FastifyInstance, context: RouteContext): void {
  const { services } = context;
  app.get<{ Params: Static<typeof DatasetParams> }>(
    '/api/v1/open-data/:dataset',
    {
      schemaErrorFormatter: inputError,
      preHandler: authenticateClient(context),
      config: { json: true, tokenAuth: true, rateLimit: clientRateLimit },
      schema: {
        tags: ['open-data'],
        operationId: 'getOpenDataset',
        summary: 'A dataset the client’s municipality publishes as open data, small counts suppressed',
        description:
          'Needs the scope opendata:read. 404 NOT_FOUND for a dataset the municipality does not publish. The catalogue describing every dataset is /{tenant}/oppna-data/catalog.jsonld (DCAT-AP-SE).',
        security: [{ oauth2: ['opendata:read'] }, { apiKey: [] }],
        params: DatasetParams,
        response: { 200: Dataset, 400: Problem, 401: Problem, 403: Problem, 404: Problem, 429: Problem },
      },
    },
    async (request) => {
      const client = clientOf(request);
      requireScope(client, 'opendata:read');
      const tenant = await services.tenants.byId(client.tenantId);
      return services.openData.datasetJson(tenant, request.params.dataset);
    },
  );
}
