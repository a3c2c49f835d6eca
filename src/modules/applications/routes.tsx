/** Filling in an e-service: start, steps (with uploads), check answers, submit, receipt. */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { RouteContext } from '../../app.ts';
import { AppError } from '../../platform/errors.ts';
import { localized, translator } from '../../platform/i18n/i18n.ts';
import type { SummaryError } from '../../web/components.tsx';
import { pageContext } from '../../web/page-context.ts';
import { seeOther, sendPage } from '../../web/render.ts';
import { pageTenant } from '../catalogue/routes.tsx';
import { findStep } from '../forms/conditions.ts';
import type { AssuranceLevel, Step } from '../forms/definition.ts';
import { formatBytes } from '../forms/messages.ts';
import { type FormBody, parseStepInput } from '../forms/parse-input.ts';
import { validateStep } from '../forms/validate-step.ts';
import { casePageUrl, draftNavigation } from './completion.ts';
import {
  completedHref,
  registerCompletionRoutes,
  resumeHref,
  sendCompletionCheck,
} from './completion-routes.tsx';
import { applicationMessages } from './messages.ts';
import type { ApplicantActor } from './model.ts';
import { readMultipartStep } from './multipart.ts';
import { contactFromAnswers } from './prefill.ts';
import { sendReceiptPdf } from './receipt-pdf.ts';
import { type DraftContext, swedishToday } from './service.ts';
import { CheckPage, draftUrl, ReceiptPage, StepPage } from './views/application-views.tsx';
import { inputIdForError } from './views/input-id.ts';

type DraftParams = { Params: { tenant: string; service: string; draftId: string } };
type StepParams = {
  Params: { tenant: string; service: string; draftId: string; stepId: string };
  Querystring: { fran?: string };
};

/** The applicant as the session knows them. */
export function applicantOf(request: FastifyRequest): ApplicantActor {
  const session = request.session;
  return {
    personId: session?.personId ?? null,
    sessionId: session?.id ?? null,
    assuranceLevel: (session?.data.assuranceLevel as AssuranceLevel | undefined) ?? 'none',
    givenName: session?.person?.givenName,
    familyName: session?.person?.familyName,
  };
}

function loginRedirect(level: string, returnTo: string): string {
  return `/logga-in?niva=${encodeURIComponent(level)}&tillbaka=${encodeURIComponent(returnTo)}`;
}

function stepOrThrow(context: DraftContext, stepId: string): Step {
  const step = findStep(context.version.definition, stepId);
  if (!step) throw new AppError('NOT_FOUND');
  return step;
}

export function registerApplicationRoutes(app: FastifyInstance, routeContext: RouteContext): void {
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

  app.post<{ Params: { tenant: string; service: string } }>(
    '/:tenant/e-tjanster/:service/starta',
    async (request, reply) => {
      const tenant = await services.tenants.bySlug(request.params.tenant);
      try {
        const context = await applications.start(applicantOf(request), tenant, request.params.service);
        return seeOther(reply, `${draftUrl(context)}/steg/${context.draft.currentStep}`);
      } catch (error) {
        if (!(error instanceof AppError) || error.code !== 'LOGIN_REQUIRED') throw error;
        return seeOther(
          reply,
          loginRedirect(error.message, `/${tenant.slug}/e-tjanster/${request.params.service}`),
        );
      }
    },
  );

  app.get<DraftParams>('/:tenant/e-tjanster/:service/utkast/:draftId', async (request, reply) => {
    const context = await loadOpen(request, reply);
    if (!context) return reply;
    return seeOther(reply, resumeHref(context, new Date()));
  });

  app.get<StepParams>('/:tenant/e-tjanster/:service/utkast/:draftId/steg/:stepId', async (request, reply) => {
    const context = await loadOpen(request, reply);
    if (!context) return reply;
    const step = stepOrThrow(context, request.params.stepId);
    const navigation = draftNavigation(context, context.draft.answers, swedishToday(new Date()));
    if (!navigation.allows(step.id)) return seeOther(reply, resumeHref(context, new Date()));
    return renderStep(request, reply, context, step, []);
  });

  app.post<StepParams>(
    '/:tenant/e-tjanster/:service/utkast/:draftId/steg/:stepId',
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
      const fieldErrors = validateStep(context.version.definition, step, answers, { today });
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

  async function readStepBody(request: FastifyRequest, context: DraftContext, step: Step) {
    if (!request.isMultipart())
      return { body: (request.body ?? {}) as FormBody, uploadErrors: [] as SummaryError[] };
    const actor = applicantOf(request);
    const t = translator(applicationMessages, request.lang);
    const { body, problems } = await readMultipartStep(request, step, (field, upload) =>
      applications.upload(actor, context.draft.id, { field, ...upload }),
    );
    const uploadErrors = problems.map((problem) => {
      const field = step.fields.find((f) => f.id === problem.fieldId);
      const limits = field?.type === 'file' ? field : undefined;
      const types = limits?.accept.map((type) => type.split('/')[1]?.toUpperCase()).join(', ') ?? '';
      const message =
        problem.problem === 'tooLarge'
          ? t('fileTooLarge', {
              name: problem.filename,
              size: formatBytes(limits?.maxSizeBytes ?? 0, request.lang),
            })
          : t('fileWrongType', { name: problem.filename, types });
      return { href: problem.fieldId, message };
    });
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

  app.get<DraftParams>('/:tenant/e-tjanster/:service/utkast/:draftId/granska', async (request, reply) => {
    const context = await loadOpen(request, reply);
    if (!context) return reply;
    return renderCheck(request, reply, context);
  });

  app.post<DraftParams>('/:tenant/e-tjanster/:service/utkast/:draftId/skicka', async (request, reply) => {
    try {
      const draft = await applications.load(applicantOf(request), request.params.draftId);
      if (draft.draft.completesCaseId) {
        const { reference } = await services.completions.submit(applicantOf(request), request.params.draftId);
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
  });

  app.get<DraftParams>('/:tenant/e-tjanster/:service/utkast/:draftId/kvitto', async (request, reply) => {
    const { context, reference } = await submittedDraft(request);
    // A completion has no receipt of its own: the case page shows what was sent.
    if (context.draft.completesCaseId) return seeOther(reply, casePageUrl(reference));
    return sendPage(
      reply,
      <ReceiptPage
        ctx={pageContext(request, pageTenant(context.tenant))}
        context={context}
        reference={reference}
      />,
    );
  });

  app.get<DraftParams>('/:tenant/e-tjanster/:service/utkast/:draftId/kvitto.pdf', async (request, reply) => {
    const { reference } = await submittedDraft(request);
    const details = await services.cases.caseForResident(applicantOf(request), reference);
    return sendReceiptPdf(reply, { ...details, lang: request.lang });
  });

  async function submittedDraft(request: FastifyRequest<DraftParams>) {
    const context = await applications.load(applicantOf(request), request.params.draftId);
    if (context.draft.status !== 'submitted' || !context.draft.caseId) throw new AppError('NOT_FOUND');
    const reference = await applications.referenceOf(context.draft.caseId);
    return { context, reference };
  }

  app.get<{ Params: { tenant: string; service: string; draftId: string; attachmentId: string } }>(
    '/:tenant/e-tjanster/:service/utkast/:draftId/bilagor/:attachmentId',
    async (request, reply) => {
      const file = await applications.attachment(
        applicantOf(request),
        request.params.draftId,
        request.params.attachmentId,
      );
      reply.header(
        'content-disposition',
        `attachment; filename*=UTF-8''${encodeURIComponent(file.filename)}`,
      );
      return reply.type(file.contentType).send(file.stream());
    },
  );

  app.post<DraftParams>('/:tenant/e-tjanster/:service/utkast/:draftId/ta-bort', async (request, reply) => {
    await applications.deleteDraft(applicantOf(request), request.params.draftId);
    return seeOther(reply, '/mina-sidor?borttaget=1');
  });
}
