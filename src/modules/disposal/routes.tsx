/**
 * The disposal page (`/{tenant}/handlaggning/admin/gallring`, issue #14): the tenant's administrators
 * and its data protection officer. Read-only; the job itself runs on its own.
 */
import type { FastifyInstance } from 'fastify';
import { type Static, Type } from 'typebox';
import type { RouteContext } from '../../platform/http/route-context.ts';
import { htmlInput, SlugParam } from '../../web/http/html-input.ts';
import { pageTenant } from '../../web/http/page-tenant.ts';
import { pageContext } from '../../web/page-context.ts';
import { sendPage } from '../../web/render.ts';
import { requireRecordsReviewer } from '../organisation/staff-http.ts';
import { DisposalView } from './views/disposal-view.tsx';

const Params = Type.Object({ tenant: SlugParam });

/** Registers the disposal page. */
export function registerDisposalRoutes(app: FastifyInstance, { services }: RouteContext): void {
  app.get<{ Params: Static<typeof Params> }>(
    '/:tenant/handlaggning/admin/gallring',
    htmlInput({ params: Params }),
    async (request, reply) => {
      const admin = await requireRecordsReviewer(request, reply, services);
      if (!admin) return reply;
      const overview = await services.disposal.overview(admin.actor);
      const ctx = pageContext(request, pageTenant(admin.tenant));
      return sendPage(reply, <DisposalView ctx={ctx} actor={admin.actor} overview={overview} />);
    },
  );
}
