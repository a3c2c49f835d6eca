/** Back-office routes: the queue, the case page and its actions (`/{tenant}/handlaggning/…`). */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { RouteContext } from '../../app.ts';
import { AppError } from '../../platform/errors.ts';
import { localized } from '../../platform/i18n/i18n.ts';
import type { Services } from '../../services.ts';
import { pageContext } from '../../web/page-context.ts';
import { seeOther, sendPage } from '../../web/render.ts';
import { pageTenant } from '../catalogue/routes.tsx';
import { OfficerDecisionSection } from '../decisions/views/decision-sections.tsx';
import { OfficerMessagesSummary } from '../messages/views/summaries.tsx';
import { requireStaff, type StaffRequest } from '../organisation/staff-http.ts';
import type { OfficerMessageKey } from './officer-messages.ts';
import { decodeCursor, parseQueueFilters, QUEUE_PAGE_SIZE } from './queue-model.ts';
import { type CaseFormErrors, OfficerCaseView } from './views/officer-case-view.tsx';
import { QueuePageView } from './views/queue-view.tsx';
import { workflowOf } from './workflow.ts';

type TenantParams = { Params: { tenant: string } };
type CaseParams = { Params: { tenant: string; reference: string }; Querystring: { klart?: string } };
type ActionRequest = FastifyRequest<{
  Params: { tenant: string; reference: string };
  Body: Record<string, unknown>;
}>;

/** `?klart=…` after an action → the confirmation shown on the case page. */
const NOTICES: Record<string, OfficerMessageKey> = {
  tagit: 'noticeTaken',
  slappt: 'noticeReleased',
  tilldelat: 'noticeAssigned',
  status: 'noticeStatus',
  anteckning: 'noticeNote',
  komplettering: 'noticeCompletion',
  beslut: 'noticeDecision',
};

function bodyText(body: Record<string, unknown> | undefined, name: string): string {
  const value = body?.[name];
  return typeof value === 'string' ? value : '';
}

function bodyList(body: Record<string, unknown> | undefined, name: string): string[] {
  const value = body?.[name];
  if (Array.isArray(value)) return value.filter((item): item is string => typeof item === 'string');
  return typeof value === 'string' ? [value] : [];
}

/** Status names across the services of the tenant, and the service choices, for the queue filters. */
async function filterOptions(services: Services, staff: StaffRequest, lang: 'sv' | 'en') {
  const [live, handled] = await Promise.all([
    services.catalogue.liveServices(staff.tenant.id),
    services.organisation.handledServiceIds(staff.actor),
  ]);
  const own = live.filter((service) => handled.includes(service.serviceId));
  const statusNames = new Map<string, string>();
  for (const service of own) {
    for (const status of workflowOf(service.version.definition).statuses) {
      if (!statusNames.has(status.id)) statusNames.set(status.id, localized(status.name, lang));
    }
  }
  const serviceOptions = own.map(
    (service) => [service.serviceId, localized(service.version.definition.title, lang)] as [string, string],
  );
  return { statusNames, serviceOptions };
}

async function assigneeNames(services: Services, unitIds: string[]): Promise<Map<string, string>> {
  const lists = await Promise.all(unitIds.map((unitId) => services.organisation.unitMembers(unitId)));
  return new Map(lists.flat().map((member) => [member.id, `${member.givenName} ${member.familyName}`]));
}

/** Renders the case page, with a refused form's errors when given. */
async function renderCase(
  request: FastifyRequest<CaseParams>,
  reply: FastifyReply,
  services: Services,
  staff: StaffRequest,
  refused?: CaseFormErrors,
) {
  const details = await services.caseHandling.caseForOfficer(staff.actor, request.params.reference);
  const notice = request.query.klart ? NOTICES[request.query.klart] : undefined;
  const ctx = pageContext(request, pageTenant(staff.tenant));
  const [decisions, messages] = await Promise.all([
    services.decisions.decisionsOfCase(details.case.id),
    services.messages.summaryForCase(details.case.id, 'officer'),
  ]);
  return sendPage(
    reply,
    <OfficerCaseView
      ctx={ctx}
      actor={staff.actor}
      details={details}
      notice={refused ? undefined : notice}
      refused={refused}
      decisionSection={
        <OfficerDecisionSection
          ctx={ctx}
          tenantSlug={staff.tenant.slug}
          reference={details.case.reference}
          decisions={decisions}
          canDecide={details.allowed.decide}
          caseCategory={details.case.statusCategory}
        />
      }
      messagesSection={
        <OfficerMessagesSummary
          ctx={ctx}
          tenantSlug={staff.tenant.slug}
          reference={details.case.reference}
          unread={messages.unread}
          total={messages.total}
        />
      }
    />,
    refused ? 400 : 200,
  );
}

export function registerOfficerRoutes(app: FastifyInstance, { services, now }: RouteContext): void {
  app.get<TenantParams>('/:tenant/handlaggning', async (request, reply) =>
    seeOther(reply, `/${request.params.tenant}/handlaggning/`),
  );

  app.get<TenantParams & { Querystring: Record<string, string> }>(
    '/:tenant/handlaggning/',
    async (request, reply) => {
      const staff = await requireStaff(request, reply, services);
      if (!staff) return reply;
      const filters = parseQueueFilters(request.query);
      const page = await services.caseHandling.queue(
        staff.actor,
        filters,
        decodeCursor(request.query.efter),
        QUEUE_PAGE_SIZE,
      );
      const [{ statusNames, serviceOptions }, names, unread] = await Promise.all([
        filterOptions(services, staff, request.lang),
        assigneeNames(services, staff.actor.unitIds),
        services.messages.unreadForOfficer(page.rows.map((row) => row.id)),
      ]);
      return sendPage(
        reply,
        <QueuePageView
          ctx={pageContext(request, pageTenant(staff.tenant))}
          actor={staff.actor}
          filters={filters}
          page={page}
          statusOptions={[...statusNames]}
          serviceOptions={serviceOptions}
          statusNames={statusNames}
          assigneeNames={names}
          unread={unread}
          now={now()}
        />,
      );
    },
  );

  app.get<CaseParams>('/:tenant/handlaggning/arenden/:reference', async (request, reply) => {
    const staff = await requireStaff(request, reply, services);
    if (!staff) return reply;
    return renderCase(request, reply, services, staff);
  });

  /** Runs one case action; a refused form re-renders the case page with its errors (status 400). */
  const action = (
    path: string,
    form: CaseFormErrors['form'] | null,
    done: string,
    run: (staff: StaffRequest, request: ActionRequest) => Promise<void>,
  ) =>
    app.post<{ Params: { tenant: string; reference: string }; Body: Record<string, unknown> }>(
      `/:tenant/handlaggning/arenden/:reference/${path}`,
      async (request, reply) => {
        const staff = await requireStaff(request, reply, services);
        if (!staff) return reply;
        try {
          await run(staff, request);
        } catch (error) {
          if (!(form && error instanceof AppError && error.code === 'VALIDATION_FAILED' && error.errors))
            throw error;
          const values = Object.fromEntries(
            Object.entries(request.body ?? {}).filter(([key]) => key !== '_csrf'),
          ) as CaseFormErrors['values'];
          const caseRequest = request as unknown as FastifyRequest<CaseParams>;
          caseRequest.query.klart = undefined;
          return renderCase(caseRequest, reply, services, staff, { form, errors: error.errors, values });
        }
        return seeOther(
          reply,
          `/${staff.tenant.slug}/handlaggning/arenden/${request.params.reference}?klart=${done}`,
        );
      },
    );

  const cases = services.caseHandling;
  action('ta', null, 'tagit', (staff, request) => cases.take(staff.actor, request.params.reference));
  action('slapp', null, 'slappt', (staff, request) => cases.release(staff.actor, request.params.reference));
  action('tilldela', 'assign', 'tilldelat', (staff, request) =>
    cases.assign(staff.actor, request.params.reference, bodyText(request.body, 'staffId')),
  );
  action('status', 'status', 'status', (staff, request) =>
    cases.changeStatus(
      staff.actor,
      request.params.reference,
      bodyText(request.body, 'status'),
      bodyText(request.body, 'message'),
    ),
  );
  action('anteckning', 'note', 'anteckning', (staff, request) =>
    cases.addNote(staff.actor, request.params.reference, bodyText(request.body, 'note')),
  );
  action('komplettering', 'completion', 'komplettering', (staff, request) =>
    cases.requestCompletion(
      staff.actor,
      request.params.reference,
      bodyList(request.body, 'steps'),
      bodyText(request.body, 'message'),
    ),
  );

  app.get<{ Params: { tenant: string; reference: string; attachmentId: string } }>(
    '/:tenant/handlaggning/arenden/:reference/bilagor/:attachmentId',
    async (request, reply) => {
      const staff = await requireStaff(request, reply, services);
      if (!staff) return reply;
      const details = await services.caseHandling.caseForOfficer(staff.actor, request.params.reference);
      const file = details.attachments.find((attachment) => attachment.id === request.params.attachmentId);
      if (!file) throw new AppError('ATTACHMENT_NOT_FOUND');
      reply.header(
        'content-disposition',
        `attachment; filename*=UTF-8''${encodeURIComponent(file.filename)}`,
      );
      return reply.type(file.contentType).send(services.storage.read(file.storageKey));
    },
  );
}
