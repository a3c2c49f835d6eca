/**
 * Completion (komplettering) over HTTP: start or resume from the case page, the check page of a
 * completion draft, and sending it. The steps themselves are the ordinary draft steps (routes.tsx),
 * limited to what the completion reopened.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import type { RouteContext } from '../../platform/http/route-context.ts';
import { formBody, htmlInput, ReferenceParam } from '../../web/http/html-input.ts';
import { pageTenant } from '../../web/http/page-tenant.ts';
import { applicantOf, personOrLogin } from '../../web/http/resident-gate.ts';
import { pageContext } from '../../web/page-context.ts';
import { seeOther, sendPage } from '../../web/render.ts';
import type { StepErrors } from '../forms/validate-step.ts';
import { casePageUrl, draftNavigation } from './completion.ts';
import { type DraftContext, swedishToday } from './service.ts';
import { draftUrl } from './views/application-views.tsx';
import { CompletionCheckPage } from './views/completion-views.tsx';

/** Where a resident continues a draft: the step they were on if it is still theirs to fill in. */
export function resumeHref(context: DraftContext, now: Date): string {
  const navigation = draftNavigation(context, context.draft.answers, swedishToday(now));
  const current = context.draft.currentStep;
  const step = current && navigation.allows(current) ? current : navigation.first();
  return step ? `${draftUrl(context)}/steg/${step}` : `${draftUrl(context)}/granska`;
}

/** The case page after a completion was sent, with its thank-you notice. */
export function completedHref(reference: string): string {
  return `${casePageUrl(reference)}?kompletterat=1`;
}

/** Renders the check page of a completion draft. */
export function sendCompletionCheck(
  request: FastifyRequest,
  reply: FastifyReply,
  context: DraftContext,
  errors: StepErrors,
  status = 200,
): FastifyReply | undefined {
  const completion = context.completion;
  if (!completion) return undefined;
  const steps = draftNavigation(context, context.draft.answers, swedishToday(new Date())).steps;
  return sendPage(
    reply,
    <CompletionCheckPage
      ctx={pageContext(request, pageTenant(context.tenant))}
      context={{ ...context, completion }}
      steps={steps}
      errors={errors}
    />,
    status,
  );
}

export function registerCompletionRoutes(app: FastifyInstance, { services }: RouteContext): void {
  app.post<{ Params: { reference: string } }>(
    '/mina-sidor/arenden/:reference/komplettera',
    htmlInput({ params: Type.Object({ reference: ReferenceParam }), body: formBody({}) }),
    async (request, reply) => {
      if (!personOrLogin(request, reply, casePageUrl(request.params.reference))) return reply;
      const context = await services.completions.start(applicantOf(request), request.params.reference);
      return seeOther(reply, resumeHref(context, new Date()));
    },
  );
}
