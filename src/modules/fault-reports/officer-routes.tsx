/**
 * The officer's merge page for fault reports (decision 0018): the confirmation step with the kept
 * case's number (prefilled from a suggestion), posted with the session's CSRF token and redirected.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { type Static, Type } from 'typebox';
import { AppError } from '../../platform/errors.ts';
import type { RouteServices } from '../../platform/http/route-context.ts';
import { FormText, formBody, htmlInput, ReferenceParam, SlugParam } from '../../web/http/html-input.ts';
import { pageTenant } from '../../web/http/page-tenant.ts';
import { refusedFields } from '../../web/http/refused-form.ts';
import { pageContext } from '../../web/page-context.ts';
import { seeOther, sendPage } from '../../web/render.ts';
import { requireStaff, type StaffRequest } from '../organisation/staff-http.ts';
import type { FaultReportMessageKey } from './messages.ts';
import { categoryLabel } from './model.ts';
import { MergePage } from './views/merge-view.tsx';

const CaseParams = Type.Object({ tenant: SlugParam, reference: ReferenceParam });
const MergeQuery = Type.Object({ med: Type.Optional(Type.String({ maxLength: 100 })) });
const MergeBody = formBody({ into: FormText });

type MergeRoute = {
  Params: Static<typeof CaseParams>;
  Querystring: Static<typeof MergeQuery>;
  Body: Static<typeof MergeBody>;
};

/** Renders the merge page; 403 for an officer who may read the case but not change its status. */
async function renderMerge(
  request: FastifyRequest<MergeRoute>,
  reply: FastifyReply,
  services: RouteServices,
  staff: StaffRequest,
  shown: { into: string; problem?: FaultReportMessageKey },
) {
  const details = await services.caseHandling.caseForOfficer(staff.actor, request.params.reference);
  if (!details.allowed.changeStatus) throw new AppError('FORBIDDEN');
  const definition = details.version.definition;
  const panel = await services.faultReports.duplicatePanel(staff.actor, details.case.id, definition);
  if (!panel) throw new AppError('NOT_FOUND');
  const caseHrefOf = (reference: string) => `/${staff.tenant.slug}/handlaggning/arenden/${reference}`;
  return sendPage(
    reply,
    <MergePage
      ctx={pageContext(request, pageTenant(staff.tenant))}
      actor={staff.actor}
      reference={details.case.reference}
      category={categoryLabel(definition, panel.report.category)}
      panel={panel}
      statusName={(id) => details.workflow.statuses.find((status) => status.id === id)?.name}
      caseHrefOf={caseHrefOf}
      into={shown.into}
      problem={shown.problem}
    />,
    shown.problem ? 400 : 200,
  );
}

export function registerFaultReportOfficerRoutes(app: FastifyInstance, services: RouteServices): void {
  const path = '/:tenant/handlaggning/arenden/:reference/sammanfoga';

  app.get<MergeRoute>(
    path,
    htmlInput({ params: CaseParams, querystring: MergeQuery }),
    async (request, reply) => {
      const staff = await requireStaff(request, reply, services);
      if (!staff) return reply;
      return renderMerge(request, reply, services, staff, { into: request.query.med ?? '' });
    },
  );

  app.post<MergeRoute>(
    path,
    htmlInput({ params: CaseParams, querystring: MergeQuery, body: MergeBody }),
    async (request, reply) => {
      const staff = await requireStaff(request, reply, services);
      if (!staff) return reply;
      const into = (request.body.into ?? '').trim();
      try {
        await services.faultReports.mergeReport(staff.actor, request.params.reference, into);
      } catch (error) {
        const [first] = refusedFields(error);
        return renderMerge(request, reply, services, staff, {
          into,
          problem: (first?.message ?? 'intoNotFound') as FaultReportMessageKey,
        });
      }
      return seeOther(
        reply,
        `/${staff.tenant.slug}/handlaggning/arenden/${into.toUpperCase()}?klart=sammanfogat`,
      );
    },
  );
}
