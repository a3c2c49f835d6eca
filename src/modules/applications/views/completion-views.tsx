/** "Check your completion": the officer's request, the reopened answers with change links, send. */
import { localized, translator } from '../../../platform/i18n/i18n.ts';
import { ErrorSummary, PostForm, type SummaryError } from '../../../web/components.tsx';
import { Layout } from '../../../web/layout.tsx';
import type { PageContext } from '../../../web/page-context.ts';
import type { Step } from '../../forms/definition.ts';
import { answerSummary } from '../../forms/format-answer.ts';
import type { StepErrors } from '../../forms/validate-step.ts';
import type { DraftCompletion } from '../completion.ts';
import { applicationMessages } from '../messages.ts';
import type { DraftContext } from '../service.ts';
import { AnswerSections, draftUrl, OfficerMessage } from './application-views.tsx';

export interface CompletionCheckPageProps {
  ctx: PageContext;
  context: DraftContext & { completion: DraftCompletion };
  /** The steps of the completion (requested, visible, or needing a fix). */
  steps: Step[];
  errors: StepErrors;
}

/** The check page of a completion draft; only the steps the completion reopened are listed. */
export function CompletionCheckPage({ ctx, context, steps, errors }: CompletionCheckPageProps) {
  const t = translator(applicationMessages, ctx.lang);
  const base = draftUrl(context);
  const shown = new Set(steps.map((step) => step.id));
  const sections = answerSummary(context.version.definition, context.draft.answers, ctx.lang).filter(
    (section) => shown.has(section.step.id),
  );
  const summaryErrors: SummaryError[] = Object.entries(errors).flatMap(([stepId, stepErrors]) =>
    stepErrors.map((error) => ({ href: `step-${stepId}`, message: localized(error.message, ctx.lang) })),
  );
  const unique = summaryErrors.filter(
    (error, index) => summaryErrors.findIndex((e) => e.message === error.message) === index,
  );
  return (
    <Layout ctx={ctx} title={t('completionCheckTitle')} hasErrors={unique.length > 0}>
      <ErrorSummary errors={unique} lang={ctx.lang} />
      <h1>{t('completionCheckTitle')}</h1>
      <p class="lead">{t('completionCheckIntro', { reference: context.completion.reference })}</p>
      <OfficerMessage message={context.completion.message} lang={ctx.lang} />
      {sections.length === 0 && <p>{t('completionNoSteps')}</p>}
      <AnswerSections sections={sections} base={base} lang={ctx.lang} />
      <h2>{t('completionSubmitTitle')}</h2>
      <p>{unique.length > 0 ? t('completionSubmitHasErrors') : t('completionSubmitText')}</p>
      <PostForm action={`${base}/skicka`} csrfToken={ctx.csrfToken}>
        <button type="submit" class="button">
          {t('completionSubmit')}
        </button>
      </PostForm>
    </Layout>
  );
}
