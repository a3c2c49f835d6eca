/**
 * JSON API for rule simulation (issue #10): run a service version against the service's past cases.
 * Authenticated by an administrator's staff session cookie, with the session's CSRF token in the
 * `X-CSRF-Token` header like every state-changing request (docs/rules-admin.md).
 */
import type { FastifyInstance } from 'fastify';
import { type Static, Type } from 'typebox';
import type { RouteContext } from '../../platform/http/route-context.ts';
import { toJson } from '../decision-rules/feel-types.ts';
import { requireAdminApi } from '../organisation/staff-http.ts';
import type { SimulatedOutcome } from './simulation-model.ts';

const problem = { $ref: 'Problem#' };
const Params = Type.Object({
  tenant: Type.String({ pattern: '^[a-z0-9-]+$', maxLength: 63 }),
  slug: Type.String({ pattern: '^[a-z0-9-]{1,100}$' }),
  versionId: Type.String({ format: 'uuid' }),
});
const Query = Type.Object({
  page: Type.Optional(Type.Integer({ minimum: 1, default: 1 })),
  pageSize: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000, default: 100 })),
});
const VersionRef = Type.Object({ id: Type.String(), version: Type.Integer() });
const Outcome = Type.Object({
  outcome: Type.Union([Type.String(), Type.Null()], {
    description: 'granted, partlyGranted, rejected, dismissed or manual; null when no proposal',
  }),
  value: Type.Unknown({ description: 'The decision’s output as the model gave it' }),
  error: Type.Union([Type.String(), Type.Null()], {
    description: 'Why no proposal: DMN_… (engine), OUTCOME_UNMAPPED, NO_RULES (no rules in force)',
  }),
});
const SimulationSchema = Type.Object({
  service: Type.String(),
  version: VersionRef,
  baseline: Type.Union([VersionRef, Type.Null()], {
    description: 'The version whose rules are in force now, compared against; null when none has rules',
  }),
  total: Type.Integer({ description: 'The service’s cases in all (every version)' }),
  evaluated: Type.Integer({ description: 'Cases evaluated: the newest, at most `limit`' }),
  limit: Type.Integer(),
  capped: Type.Boolean({ description: 'True when older cases were left out (total > evaluated)' }),
  changed: Type.Integer({ description: 'Evaluated cases whose outcome would change' }),
  transitions: Type.Array(Type.Object({ current: Outcome, simulated: Outcome, count: Type.Integer() })),
  changes: Type.Object({
    page: Type.Integer(),
    pages: Type.Integer(),
    pageSize: Type.Integer(),
    items: Type.Array(
      Type.Object({
        reference: Type.String(),
        submittedAt: Type.String({ format: 'date-time' }),
        current: Outcome,
        simulated: Outcome,
      }),
    ),
  }),
  durationMs: Type.Integer(),
});

const outcome = (value: SimulatedOutcome) => ({ ...value, value: toJson(value.value) });

export function registerRulesAdminApi(app: FastifyInstance, { services }: RouteContext): void {
  app.post<{ Params: Static<typeof Params>; Querystring: Static<typeof Query> }>(
    '/api/v1/tenants/:tenant/services/:slug/versions/:versionId/simulation',
    {
      schema: {
        tags: ['decision-rules'],
        operationId: 'simulateDecisionRules',
        summary: 'Simulate a service version’s decision rules against the service’s past cases',
        description:
          'Evaluates the version’s decision for the newest 10 000 cases of the service (all versions) and compares each outcome with the rules in force now. Reads cases, writes none. Administrators only: the staff session cookie, with the session’s CSRF token in the X-CSRF-Token header.',
        security: [{ session: [] }],
        params: Params,
        querystring: Query,
        response: {
          200: SimulationSchema,
          400: problem,
          401: problem,
          403: problem,
          404: problem,
          409: problem,
        },
      },
    },
    async (request) => {
      const { actor } = await requireAdminApi(request, services);
      const { slug, versionId } = request.params;
      const page = { page: request.query.page ?? 1, pageSize: request.query.pageSize ?? 100 };
      const report = await services.rulesAdmin.simulate(actor, slug, versionId, page);
      return {
        service: slug,
        ...report,
        transitions: report.transitions.map((item) => ({
          current: outcome(item.old),
          simulated: outcome(item.new),
          count: item.count,
        })),
        changes: {
          ...report.changes,
          items: report.changes.items.map((item) => ({
            reference: item.reference,
            submittedAt: item.submittedAt.toISOString(),
            current: outcome(item.old),
            simulated: outcome(item.new),
          })),
        },
      };
    },
  );
}
