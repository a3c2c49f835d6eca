/** The anonymous suggestions API (issue #13): the home page's ranking for any client, rate-limited per address. */
import type { FastifyInstance } from 'fastify';
import { type Static, Type } from 'typebox';
import type { RouteContext } from '../../platform/http/route-context.ts';
import { rateLimited } from '../../platform/rate-limit/rate-limit.ts';

const Params = Type.Object({ tenant: Type.String({ pattern: '^[a-z0-9-]+$', maxLength: 63 }) });
const Query = Type.Object({
  q: Type.String({
    minLength: 1,
    maxLength: 200,
    description: 'What the resident needs, in their own words',
  }),
});
const SuggestionSchema = Type.Object({
  service: Type.String({
    description: 'The e-service slug: its start page is /{tenant}/e-tjanster/{service}',
  }),
  name: Type.String({ description: 'The e-service name (Swedish)' }),
  score: Type.Number({ minimum: 0, maximum: 1, description: 'Higher is better' }),
});
const Answer = Type.Object({ suggestions: Type.Array(SuggestionSchema) });
const problem = { $ref: 'Problem#' };

export function registerRoutingApi(app: FastifyInstance, { services }: RouteContext): void {
  app.get<{ Params: Static<typeof Params>; Querystring: Static<typeof Query> }>(
    '/api/v1/tenants/:tenant/suggestions',
    {
      // Searches from one address share one budget (RATE_LIMIT_SEARCH_PER_MINUTE), in the database.
      config: { rateLimit: rateLimited('search') },
      schema: {
        tags: ['catalogue'],
        operationId: 'suggestServices',
        summary: 'E-services for a question in plain Swedish, best first (anonymous, rate-limited)',
        description: `The same ranking as the home page's box "Vad behöver du hjälp med?": the municipality's live e-services by text similarity, its admins' synonyms and what residents chose before. Rate-limited per address together with the other searches (RATE_LIMIT_SEARCH_PER_MINUTE, 120 a minute by default; 429 with Retry-After after that). The query is not stored.`,
        params: Params,
        querystring: Query,
        response: { 200: Answer, 400: problem, 404: problem, 429: problem },
      },
    },
    async (request) => {
      const tenant = await services.tenants.bySlug(request.params.tenant);
      const ranked = await services.routing.suggest(tenant.id, request.query.q);
      return {
        suggestions: ranked.map((suggestion) => ({
          service: suggestion.slug,
          name: suggestion.name,
          score: Math.round(suggestion.score * 100) / 100,
        })),
      };
    },
  );
}
