/**
 * The failed-jobs page (`/{tenant}/handlaggning/admin/jobb`) and its retry button (a plain form post,
 * then a redirect back). Administrators of the tenant only, like the other administration pages.
 */
import type { FastifyInstance } from 'fastify';
import { type Static, Type } from 'typebox';
import type { RouteContext } from '../../platform/http/route-context.ts';
import { translator } from '../../platform/i18n/i18n.ts';
import { htmlInput, SlugParam } from '../../web/http/html-input.ts';
import { pageTenant } from '../../web/http/page-tenant.ts';
import { pageContext } from '../../web/page-context.ts';
import { seeOther, sendPage } from '../../web/render.ts';
import { adminMessages } from './messages.ts';
import { requireAdmin } from './staff-http.ts';
import { JobsView } from './views/jobs-view.tsx';

const JobsParams = Type.Object({ tenant: SlugParam });
// A job id is a positive bigint; anything else is simply not found (it never reaches SQL).
const RetryParams = Type.Object({ tenant: SlugParam, jobId: Type.String({ pattern: '^[1-9][0-9]{0,14}$' }) });
const JobsQuery = Type.Object({ klart: Type.Optional(Type.String()) });

type JobsRoute = { Params: Static<typeof JobsParams>; Querystring: Static<typeof JobsQuery> };
type RetryRoute = { Params: Static<typeof RetryParams> };

/** Registers the failed-jobs page and its retry. */
export function registerJobRoutes(app: FastifyInstance, { services }: RouteContext): void {
  const base = '/:tenant/handlaggning/admin/jobb';
  app.get<JobsRoute>(
    base,
    htmlInput({ params: JobsParams, querystring: JobsQuery }),
    async (request, reply) => {
      const admin = await requireAdmin(request, reply, services);
      if (!admin) return reply;
      const jobs = await services.jobAdmin.failedJobs(admin.actor);
      const ctx = pageContext(request, pageTenant(admin.tenant));
      const notice =
        request.query.klart === 'igen'
          ? translator(adminMessages, request.lang)('noticeJobRetried')
          : undefined;
      return sendPage(reply, <JobsView ctx={ctx} actor={admin.actor} jobs={jobs} notice={notice} />);
    },
  );
  app.post<RetryRoute>(
    `${base}/:jobId/forsok-igen`,
    htmlInput({ params: RetryParams }),
    async (request, reply) => {
      const admin = await requireAdmin(request, reply, services);
      if (!admin) return reply;
      await services.jobAdmin.retry(admin.actor, Number(request.params.jobId));
      return seeOther(reply, `/${admin.tenant.slug}/handlaggning/admin/jobb?klart=igen`);
    },
  );
}
