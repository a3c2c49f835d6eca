/** JSON API for the logged-in resident's own cases (the session cookie authenticates). */
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { LocalizedTextSchema } from '../../platform/api/openapi.ts';
import { AppError } from '../../platform/errors.ts';
import type { RouteContext } from '../../platform/http/route-context.ts';

const CaseSummarySchema = Type.Object({
  reference: Type.String(),
  municipality: Type.Object({ slug: Type.String(), name: Type.String() }),
  service: LocalizedTextSchema,
  status: Type.String(),
  statusCategory: Type.String(),
  submittedAt: Type.String({ format: 'date-time' }),
});

export function registerMyPagesApi(app: FastifyInstance, { services }: RouteContext): void {
  app.get(
    '/api/v1/me/cases',
    {
      schema: {
        tags: ['my-pages'],
        operationId: 'listMyCases',
        summary: 'The logged-in resident’s cases across every municipality, newest first',
        security: [{ session: [] }],
        response: {
          200: Type.Object({ ongoing: Type.Array(CaseSummarySchema), closed: Type.Array(CaseSummarySchema) }),
          401: { $ref: 'Problem#' },
        },
      },
    },
    async (request) => {
      const personId = request.session?.personId;
      if (!personId) throw new AppError('LOGIN_REQUIRED', 'Log in to see your cases');
      const { ongoing, closed } = await services.cases.casesOfPerson(personId);
      const shape = (item: (typeof ongoing)[number]) => ({
        reference: item.reference,
        municipality: { slug: item.tenantSlug, name: item.tenantName },
        service: item.serviceTitle,
        status: item.status,
        statusCategory: item.statusCategory,
        submittedAt: new Date(item.submittedAt).toISOString(),
      });
      return { ongoing: ongoing.map(shape), closed: closed.map(shape) };
    },
  );
}
