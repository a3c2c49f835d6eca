/** Filling in an e-service: start, steps (with uploads), check answers, submit, receipt. */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { AppError } from '../../platform/errors.ts';
import { contentSecurityPolicy } from '../../platform/http/request-context.ts';
import type { RouteContext } from '../../platform/http/route-context.ts';
import { localized } from '../../platform/i18n/i18n.ts';
import type { SummaryError } from '../../web/components.tsx';
import { sendDownload } from '../../web/http/file-response.ts';
import { pageTenant } from '../../web/http/page-tenant.ts';
import { applicantOf, residentLoginPath } from '../../web/http/resident-gate.ts';
import { pageContext } from '../../web/page-context.ts';
import { seeOther, sendPage } from '../../web/render.ts';
import { findStep } from '../forms/conditions.ts';
import type { Step } from '../forms/definition.ts';
import { parseStepInput } from '../forms/parse-input.ts';
import { validateStep } from '../forms/validate-step.ts';
import { casePageUrl, draftNavigation } from './completion.ts';
import {
  completedHref,
  registerCompletionRoutes,
  resumeHref,
  sendCompletionCheck,
} from './completion-routes.tsx';
import {
  type AnswersInput,
  type AttachmentRoute,
  type DraftParams,
  draftInput as input,
  type ServiceRoute,
  type StepParams,
} from './draft-input.ts';
import type { LocationMap, LocationMapSlot } from './location-map.ts';
import { readMultipartStep } from './multipart.ts';
import { contactFromAnswers } from './prefill.ts';
import type { ReceiptPanel } from './receipt-panel.ts';
import { type DraftContext, swedishToday } from './service.ts';
import { CheckPage, draftUrl, ReceiptPage, StepPage } from './views/application-views.tsx';
import { inputIdForError } from './views/input-id.ts';
import { uploadError } from './views/upload-errors.ts';

function stepOrThrow(context: DraftContext, stepId: string): Step {
  const step = findStep(context.version.definition, stepId);
  if (!step) throw new AppError('NOT_FOUND');
  return step;
}

export function registerApplicationRoutes(
  app: FastifyInstance,
  routeContext: RouteContext,
  receiptPanel?: ReceiptPanel,
  locationMap?: LocationMapSlot,
): void {
  const { services } = routeContext;
  const applications = services.applications;
  registerCompletionRoutes(app, routeContext);

  const loadOpen = async (request: FastifyRequest<DraftParams>, reply: FastifyReply) => {
    const context = await applications.load(applicantOf(request), request.params.draftId);
    if (context.tenant.slug !== request.params.tenant || context.serviceSlug !== request.params.service) {
      throw new AppError('DRAFT_NOT_FOUND');
    }
    if (context.draft.status === 'submitted') {
      seeOther(reply, `${draftUrl(context)}/kvitto`);
      return undefined;
    }
    return services.completions.describe(applicantOf(request), context);
  };

  app.post<ServiceRoute>('/:tenant/e-tjanster/:service/starta', input.start, async (request, reply) => {
    const tenant = await services.tenants.bySlug(request.params.tenant);
    try {
      const context = await applications.start(applicantOf(request), tenant, request.params.service);
      return seeOther(reply, `${draftUrl(context)}/steg/${context.draft.currentStep}`);
    } catch (error) {
      if (!(error instanceof AppError) || error.code !== 'LOGIN_REQUIRED') throw error;
      const level = error.message === 'loa3' ? 'loa3' : 'loa2';
      return seeOther(
        reply,
        residentLoginPath(`/${tenant.slug}/e-tjanster/${request.params.service}`, level),
      );
    }
  });

  app.get<DraftParams>(
    '/:tenant/e-tjanster/:service/utkast/:draftId',
    input.draft,
    async (request, reply) => {
      const context = await loadOpen(request, reply);
      if (!context) return reply;
      return seeOther(reply, resumeHref(context, new Date()));
    },
  );

  app.get<StepParams>(
    '/:tenant/e-tjanster/:service/utkast/:draftId/steg/:stepId',
    input.step,
    async (request, reply) => {
      const context = await loadOpen(request, reply);
      if (!context) return reply;
      const step = stepOrThrow(context, request.params.stepId);
      const navigation = draftNavigation(context, context.draft.answers, swedishToday(new Date()));
      if (!navigation.allows(step.id)) return seeOther(reply, resumeHref(context, new Date()));
      return renderStep(request, reply, context, step, []);
    },
  );

  app.post<StepParams & AnswersInput>(
    '/:tenant/e-tjanster/:service/utkast/:draftId/steg/:stepId',
    input.stepPost,
    async (request, reply) => {
      const context = await loadOpen(request, reply);
      if (!context) return reply;
      const step = stepOrThrow(context, request.params.stepId);
      const today = swedishToday(new Date());
      // A completion reopens only some steps: the others stay as the case has them.
      if (context.completion && !draftNavigation(context, context.draft.answers, today).allows(step.id)) {
        throw new AppError('NOT_FOUND');
      }
      const actor = applicantOf(request);
      const { body, uploadErrors } = await readStepBody(request, context, step);
      const action = typeof body.action === 'string' ? body.action : 'continue';
      if (action.startsWith('remove:')) {
        await applications.removeAttachment(actor, context.draft.id, action.slice('remove:'.length));
        return seeOther(reply, request.url);
      }
      // Uploads in this post changed the stored answers; otherwise the draft loaded above is current.
      const fresh = request.isMultipart()
        ? { ...(await applications.load(actor, context.draft.id)), completion: context.completion }
        : context;
      const answers = parseStepInput(step, body, fresh.draft.answers);
      await applications.saveAnswers(actor, context.draft.id, step.id, answers);
      const updated: DraftContext = { ...fresh, draft: { ...fresh.draft, answers } };
      if (action === 'save') return seeOther(reply, '/mina-sidor?sparat=1');
      const fieldErrors = validateStep(
        context.version.definition,
        step,
        answers,
        applications.validationOptions(context.tenant),
      );
      const errors = [
        ...uploadErrors,
        ...fieldErrors.map((e) => ({
          href: inputIdForError(step.fields, e.inputName),
          message: localized(e.message, request.lang),
        })),
      ];
      if (errors.length > 0) return renderStep(request, reply, updated, step, errors, 400);
      if (body.saveToProfile === 'yes' && actor.personId) {
        const contact = contactFromAnswers(
          context.version.definition,
          step.fields.map((f) => f.id),
          answers,
        );
        // The step's own validation already passed; a profile rule that still refuses must not block the application.
        await services.profile.updateContact(actor.personId, contact).catch((error: unknown) => {
          if (!(error instanceof AppError) || error.code !== 'VALIDATION_FAILED') throw error;
          request.log.info({ errors: error.errors }, 'contact details not saved to profile');
        });
      }
      const next =
        request.query.fran === 'granska' ? undefined : draftNavigation(updated, answers, today).next(step.id);
      return seeOther(reply, next ? `${draftUrl(context)}/steg/${next}` : `${draftUrl(context)}/granska`);
    },
  );

  async function readStepBody(request: FastifyRequest<AnswersInput>, context: DraftContext, step: Step) {
    if (!request.isMultipart()) return { body: request.body ?? {}, uploadErrors: [] as SummaryError[] };
    const actor = applicantOf(request);
    const { body, problems } = await readMultipartStep(request, step, (field, upload) =>
      applications.upload(actor, context.draft.id, { field, ...upload }),
    );
    const uploadErrors = problems.map((problem) => uploadError(problem, step, request.lang));
    return { body, uploadErrors };
  }

  function renderStep(
    request: FastifyRequest<StepParams>,
    reply: FastifyReply,
    context: DraftContext,
    step: Step,
    errors: SummaryError[],
    status = 200,
  ) {
    const navigation = draftNavigation(context, context.draft.answers, swedishToday(new Date()));
    const previous = navigation.previous(step.id);
    const back = previous ? `${draftUrl(context)}/steg/${previous}` : navigation.startHref;
    const ctx = pageContext(request, pageTenant(context.tenant));
    const offerProfileSave = Boolean(ctx.person) && step.fields.some((field) => field.prefill);
    const maps = new Map<string, LocationMap>();
    for (const field of step.fields) {
      const map = field.type === 'location' ? locationMap?.({ context, field, lang: ctx.lang }) : undefined;
      if (map) maps.set(field.id, map);
    }
    const origins = [...new Set([...maps.values()].flatMap((map) => map.imageOrigins))];
    if (origins.length > 0) reply.header('content-security-policy', contentSecurityPolicy(origins));
    return sendPage(
      reply,
      <StepPage
        ctx={ctx}
        context={context}
        step={step}
        answers={context.draft.answers}
        errors={errors}
        backHref={request.query.fran === 'granska' ? `${draftUrl(context)}/granska` : back}
        offerProfileSave={offerProfileSave}
        returnToCheck={request.query.fran === 'granska'}
        steps={navigation.steps}
        maps={maps}
      />,
      status,
    );
  }

  async function renderCheck(
    request: FastifyRequest<DraftParams>,
    reply: FastifyReply,
    context: DraftContext,
    status = 200,
  ) {
    const person = request.session?.person;
    const applicant = person
      ? {
          name: `${person.givenName} ${person.familyName}`,
          personalIdentityNumber: person.personalIdentityNumber,
        }
      : null;
    const ctx = pageContext(request, pageTenant(context.tenant));
    const errors = applications.validate(context);
    if (context.completion) return sendCompletionCheck(request, reply, context, errors, status);
    return sendPage(
      reply,
      <CheckPage ctx={ctx} context={context} errors={errors} applicant={applicant} />,
      status,
    );
  }

  app.get<DraftParams>(
    '/:tenant/e-tjanster/:service/utkast/:draftId/granska',
    input.draft,
    async (request, reply) => {
      const context = await loadOpen(request, reply);
      if (!context) return reply;
      return renderCheck(request, reply, context);
    },
  );

  app.post<DraftParams>(
    '/:tenant/e-tjanster/:service/utkast/:draftId/skicka',
    input.draftPost,
    async (request, reply) => {
      try {
        const draft = await applications.load(applicantOf(request), request.params.draftId);
        if (draft.draft.completesCaseId) {
          const { reference } = await services.completions.submit(
            applicantOf(request),
            request.params.draftId,
          );
          return seeOther(reply, completedHref(reference));
        }
        const { context } = await applications.submit(
          applicantOf(request),
          request.params.draftId,
          request.lang,
          draft,
        );
        return seeOther(reply, `${draftUrl(context)}/kvitto`);
      } catch (error) {
        if (!(error instanceof AppError) || error.code !== 'VALIDATION_FAILED') throw error;
        const loaded = await applications.load(applicantOf(request), request.params.draftId);
        const context = await services.completions.describe(applicantOf(request), loaded);
        return renderCheck(request, reply, context, 400);
      }
    },
  );

  app.get<DraftParams>(
    '/:tenant/e-tjanster/:service/utkast/:draftId/kvitto',
    input.draft,
    async (request, reply) => {
      const { context, reference } = await submittedDraft(request);
      // A completion has no receipt of its own: the case page shows what was sent.
      if (context.draft.completesCaseId) return seeOther(reply, casePageUrl(reference));
      const ctx = pageContext(request, pageTenant(context.tenant));
      const caseId = context.draft.caseId ?? '';
      const extra = await receiptPanel?.({ request, ctx, context, caseId });
      return sendPage(reply, <ReceiptPage ctx={ctx} context={context} reference={reference} extra={extra} />);
    },
  );

  app.get<DraftParams>(
    '/:tenant/e-tjanster/:service/utkast/:draftId/kvitto.pdf',
    input.draft,
    async (request, reply) => {
      const { reference } = await submittedDraft(request);
      const details = await services.cases.caseForResident(applicantOf(request), reference);
      // pdfkit and its fonts load on the first receipt (receipt-pdf.ts), not with every process.
      const { receiptPdf } = await import('./receipt-pdf.ts');
      return sendDownload(reply, receiptPdf({ ...details, lang: request.lang }));
    },
  );

  async function submittedDraft(request: FastifyRequest<DraftParams>) {
    const context = await applications.load(applicantOf(request), request.params.draftId);
    if (context.draft.status !== 'submitted' || !context.draft.caseId) throw new AppError('NOT_FOUND');
    const reference = await applications.referenceOf(context.draft.caseId);
    return { context, reference };
  }

  app.get<AttachmentRoute>(
    '/:tenant/e-tjanster/:service/utkast/:draftId/bilagor/:attachmentId',
    input.attachment,
    async (request, reply) => {
      const file = await applications.attachment(
        applicantOf(request),
        request.params.draftId,
        request.params.attachmentId,
      );
      return sendDownload(reply, { ...file, body: file.stream() });
    },
  );

  app.post<DraftParams>(
    '/:tenant/e-tjanster/:service/utkast/:draftId/ta-bort',
    input.draftPost,
    async (request, reply) => {
      await applications.deleteDraft(applicantOf(request), request.params.draftId);
      return seeOther(reply, '/mina-sidor?borttaget=1');
    },
  );
}
