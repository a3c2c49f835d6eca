/** Back-office routes: the queue, the case page and its actions (`/{tenant}/handlaggning/…`). */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { AppError } from '../../platform/errors.ts';
import type { RouteContext, RouteServices as Services } from '../../platform/http/route-context.ts';
import { localized } from '../../platform/i18n/i18n.ts';
import { sendDownload } from '../../web/http/file-response.ts';
import { pageTenant } from '../../web/http/page-tenant.ts';
import { refusedFields, typedValues } from '../../web/http/refused-form.ts';
import { pageContext } from '../../web/page-context.ts';
import { seeOther, sendPage } from '../../web/render.ts';
import { workflowOf } from '../cases/workflow.ts';
import { requireStaff, type StaffRequest } from '../organisation/staff-http.ts';
import type { OfficerCasePanels } from './case-page-panels.ts';
import type { OfficerMessageKey } from './messages.ts';
import {
  type ActionBodies,
  type ActionPath,
  type AttachmentRoute,
  type CaseParamsInput,
  type CaseRoute,
  officerInput,
  type QueueRoute,
  type ShareRoute,
  type TenantRoute,
} from './officer-input.ts';
import { decodeCursor, parseQueueFilters, QUEUE_PAGE_SIZE } from './queue-model.ts';
import type { SecrecyMessageKey } from './secrecy-messages.ts';
import { type CaseFormErrors, OfficerCaseView } from './views/officer-case-view.tsx';
import { QueuePageView } from './views/queue-view.tsx';

/** `?klart=…` after an action → the confirmation shown on the case page. */
const NOTICES: Record<string, OfficerMessageKey | SecrecyMessageKey> = {
  tagit: 'noticeTaken',
  slappt: 'noticeReleased',
  tilldelat: 'noticeAssigned',
  status: 'noticeStatus',
  anteckning: 'noticeNote',
  komplettering: 'noticeCompletion',
  beslut: 'noticeDecision',
  sammanfogat: 'noticeMerged',
  flyttat: 'noticeMoved',
  delat: 'noticeShared',
  aterkallat: 'noticeShareRevoked',
  visad: 'noticeRevealed',
};

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

/** Where a case may be moved (issue #13): the tenant's units and live e-services, by name. */
async function moveChoicesOf(services: Services, staff: StaffRequest, lang: 'sv' | 'en') {
  const [units, live] = await Promise.all([
    services.organisation.unitNames(staff.tenant.id),
    services.catalogue.liveServices(staff.tenant.id),
  ]);
  const byName = (a: [string, string], b: [string, string]) => a[1].localeCompare(b[1], lang);
  return {
    units: [...units].sort(byName),
    services: live
      .map((service): [string, string] => [
        service.serviceId,
        localized(service.version.definition.title, lang),
      ])
      .sort(byName),
  };
}

/** The tenant's units by name, to share a case with (decision 0033). */
async function shareUnitsOf(services: Services, staff: StaffRequest, lang: 'sv' | 'en') {
  const units = await services.organisation.unitNames(staff.tenant.id);
  return [...units].sort((a, b) => a[1].localeCompare(b[1], lang));
}

/** Renders the case page, with a confirmation after an action or a refused form's errors. */
async function renderCase(
  request: FastifyRequest,
  reply: FastifyReply,
  context: { services: Services; panels: OfficerCasePanels; staff: StaffRequest; reference: string },
  shown: { notice?: OfficerMessageKey | SecrecyMessageKey; refused?: CaseFormErrors } = {},
) {
  const { services, panels, staff } = context;
  const details = await services.caseHandling.caseForOfficer(staff.actor, context.reference);
  const ctx = pageContext(request, pageTenant(staff.tenant));
  const input = { ctx, tenantSlug: staff.tenant.slug, actor: staff.actor, details };
  const [decisionSection, messagesSection, faultReportSection, moveChoices, shareUnits] = await Promise.all([
    panels.decision?.(input),
    panels.messages?.(input),
    panels.faultReport?.(input),
    details.allowed.move ? moveChoicesOf(services, staff, request.lang) : undefined,
    details.allowed.share ? shareUnitsOf(services, staff, request.lang) : undefined,
  ]);
  return sendPage(
    reply,
    <OfficerCaseView
      ctx={ctx}
      actor={staff.actor}
      details={details}
      notice={shown.refused ? undefined : shown.notice}
      refused={shown.refused}
      decisionSection={decisionSection}
      messagesSection={messagesSection}
      faultReportSection={faultReportSection}
      moveChoices={moveChoices}
      shareUnits={shareUnits}
    />,
    shown.refused ? 400 : 200,
  );
}

/** What a case action does with the officer's form, and what the page says once it is done. */
interface CaseAction<P extends ActionPath> {
  /** The form whose errors the case page shows when the service refuses it; null: none can be. */
  form: CaseFormErrors['form'] | null;
  done: string;
  /** Does the action; a returned path is where to go instead of the case page (a case moved out of reach). */
  run: (staff: StaffRequest, params: CaseParamsInput, body: ActionBodies[P]) => Promise<unknown>;
}

/** The case actions, by path; each body has been checked against the action's schema. */
function caseActions(services: Services): { [P in ActionPath]: CaseAction<P> } {
  const cases = services.caseHandling;
  return {
    ta: { form: null, done: 'tagit', run: (staff, { reference }) => cases.take(staff.actor, reference) },
    slapp: {
      form: null,
      done: 'slappt',
      run: (staff, { reference }) => cases.release(staff.actor, reference),
    },
    tilldela: {
      form: 'assign',
      done: 'tilldelat',
      run: (staff, { reference }, body) => cases.assign(staff.actor, reference, body.staffId ?? ''),
    },
    status: {
      form: 'status',
      done: 'status',
      run: (staff, { reference }, body) =>
        cases.changeStatus(staff.actor, reference, body.status ?? '', body.message ?? ''),
    },
    anteckning: {
      form: 'note',
      done: 'anteckning',
      run: (staff, { reference }, body) => cases.addNote(staff.actor, reference, body.note ?? ''),
    },
    komplettering: {
      form: 'completion',
      done: 'komplettering',
      run: (staff, { reference }, body) =>
        cases.requestCompletion(staff.actor, reference, body.steps ?? [], body.message ?? ''),
    },
    flytta: {
      form: 'move',
      done: 'flyttat',
      run: async (staff, { reference }, body) => {
        const moved = await cases.moveCase(staff.actor, reference, {
          unitId: body.unitId ?? '',
          serviceId: body.serviceId ?? '',
          reason: body.reason ?? '',
        });
        // Moved to a unit the officer is not in: the case is no longer theirs to see.
        return moved.readable ? undefined : `/${staff.tenant.slug}/handlaggning/`;
      },
    },
    dela: {
      form: 'share',
      done: 'delat',
      run: (staff, { reference }, body) =>
        cases.shareCase(staff.actor, reference, {
          unitId: body.unitId ?? '',
          reason: body.reason ?? '',
          endsOn: body.endsOn ?? '',
        }),
    },
    visa: {
      form: 'reveal',
      done: 'visad',
      run: async (staff, { reference }, body) => {
        const fieldId = body.fieldId ?? '';
        await cases.revealField(staff.actor, reference, { fieldId, reason: body.reason ?? '' });
        // Back to the answer just revealed.
        return `/${staff.tenant.slug}/handlaggning/arenden/${reference}?klart=visad#svar-${encodeURIComponent(fieldId)}`;
      },
    },
  };
}

/** Renders one page of the queue with the filters, sort and cursor of its query string. */
async function renderQueue(
  request: FastifyRequest<QueueRoute>,
  reply: FastifyReply,
  services: Services,
  staff: StaffRequest,
  now: Date,
) {
  const filters = parseQueueFilters(request.query);
  const cursor = decodeCursor(request.query.efter);
  const page = await services.caseHandling.queue(staff.actor, filters, cursor, QUEUE_PAGE_SIZE);
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
      now={now}
    />,
  );
}

/** Registers the case actions; a refused form re-renders the case page with its errors (status 400). */
function registerCaseActions(app: FastifyInstance, services: Services, panels: OfficerCasePanels): void {
  const register = <P extends ActionPath>(path: P, { form, done, run }: CaseAction<P>) =>
    app.post<{ Params: CaseParamsInput; Body: ActionBodies[P] }>(
      `/:tenant/handlaggning/arenden/:reference/${path}`,
      officerInput[path],
      async (request, reply) => {
        const staff = await requireStaff(request, reply, services);
        if (!staff) return reply;
        const { reference } = request.params;
        // Fastify's route typing cannot follow `P` through its schema; the schema is `officerInput[path]`.
        const body = request.body as ActionBodies[P];
        let elsewhere: unknown;
        try {
          elsewhere = await run(staff, request.params, body);
        } catch (error) {
          if (!form) throw error;
          const values = typedValues<CaseFormErrors['values']>(body);
          const refused = { form, errors: refusedFields(error), values };
          return renderCase(request, reply, { services, panels, staff, reference }, { refused });
        }
        if (typeof elsewhere === 'string') return seeOther(reply, elsewhere);
        return seeOther(reply, `/${staff.tenant.slug}/handlaggning/arenden/${reference}?klart=${done}`);
      },
    );
  const actions = caseActions(services);
  register('ta', actions.ta);
  register('slapp', actions.slapp);
  register('tilldela', actions.tilldela);
  register('status', actions.status);
  register('anteckning', actions.anteckning);
  register('komplettering', actions.komplettering);
  register('flytta', actions.flytta);
  register('dela', actions.dela);
  register('visa', actions.visa);
  app.post<ShareRoute>(
    '/:tenant/handlaggning/arenden/:reference/delning/:shareId/aterkalla',
    officerInput.revokeShare,
    async (request, reply) => {
      const staff = await requireStaff(request, reply, services);
      if (!staff) return reply;
      const { reference, shareId } = request.params;
      await services.caseHandling.revokeShare(staff.actor, reference, shareId);
      return seeOther(reply, `/${staff.tenant.slug}/handlaggning/arenden/${reference}?klart=aterkallat`);
    },
  );
}

/** Registers the back office's routes; `panels` are the case page's sections from other modules. */
export function registerOfficerRoutes(
  app: FastifyInstance,
  { services, now }: RouteContext,
  panels: OfficerCasePanels = {},
): void {
  app.get<TenantRoute>('/:tenant/handlaggning', officerInput.tenant, async (request, reply) =>
    seeOther(reply, `/${request.params.tenant}/handlaggning/`),
  );

  app.get<QueueRoute>('/:tenant/handlaggning/', officerInput.queue, async (request, reply) => {
    const staff = await requireStaff(request, reply, services);
    if (!staff) return reply;
    return renderQueue(request, reply, services, staff, now());
  });

  app.get<CaseRoute>(
    '/:tenant/handlaggning/arenden/:reference',
    officerInput.case,
    async (request, reply) => {
      const staff = await requireStaff(request, reply, services);
      if (!staff) return reply;
      const { reference } = request.params;
      const { klart } = request.query;
      // Own keys only: `?klart=constructor` must not find Object's prototype.
      const notice = klart && Object.hasOwn(NOTICES, klart) ? NOTICES[klart] : undefined;
      return renderCase(request, reply, { services, panels, staff, reference }, { notice });
    },
  );

  registerCaseActions(app, services, panels);

  app.get<AttachmentRoute>(
    '/:tenant/handlaggning/arenden/:reference/bilagor/:attachmentId',
    officerInput.attachment,
    async (request, reply) => {
      const staff = await requireStaff(request, reply, services);
      if (!staff) return reply;
      const { reference, attachmentId } = request.params;
      const details = await services.caseHandling.caseForOfficer(staff.actor, reference);
      const file = details.attachments.find((attachment) => attachment.id === attachmentId);
      if (!file) throw new AppError('ATTACHMENT_NOT_FOUND');
      return sendDownload(reply, {
        filename: file.filename,
        contentType: file.contentType,
        body: services.storage.read(file.storageKey),
      });
    },
  );
}
