/** Pages for filling in an e-service: a step, check your answers, the receipt. */
import type { ComponentChildren } from 'preact';
import { type Language, localized, translator } from '../../../platform/i18n/i18n.ts';
import { ErrorSummary, PostForm, type SummaryError } from '../../../web/components.tsx';
import { Layout } from '../../../web/layout.tsx';
import type { PageContext } from '../../../web/page-context.ts';
import { conditionFieldIds, conditionHolds, findField, visibleSteps } from '../../forms/conditions.ts';
import type { Answers, Field, Step } from '../../forms/definition.ts';
import { type AnswerSection, answerSummary } from '../../forms/format-answer.ts';
import type { StepErrors } from '../../forms/validate-step.ts';
import type { LocationMap } from '../location-map.ts';
import { applicationMessages } from '../messages.ts';
import type { DraftContext } from '../service.ts';
import { FormField } from './fields.tsx';
import { firstInputId } from './input-id.ts';

export function draftUrl(context: DraftContext): string {
  return `/${context.tenant.slug}/e-tjanster/${context.serviceSlug}/utkast/${context.draft.id}`;
}

export interface StepPageProps {
  ctx: PageContext;
  context: DraftContext;
  step: Step;
  answers: Answers;
  errors: SummaryError[];
  backHref: string;
  offerProfileSave: boolean;
  returnToCheck: boolean;
  /** The steps the resident goes through, when not every visible step (a completion). */
  steps?: Step[];
  /** Maps another module adds to location fields, by field id (the fault report map). */
  maps?: Map<string, LocationMap>;
}

/** Which fields of the step to show: those whose condition holds, or depends on this same page. */
function shownFields(
  step: Step,
  answers: Answers,
  lang: 'sv' | 'en',
  context: DraftContext,
): { field: Field; hint: string | undefined }[] {
  const onPage = new Set(step.fields.map((field) => field.id));
  const t = translator(applicationMessages, lang);
  return step.fields.flatMap((field): { field: Field; hint: string | undefined }[] => {
    if (!field.showIf || conditionHolds(field.showIf, answers)) return [{ field, hint: undefined }];
    const sources = conditionFieldIds(field.showIf);
    if (!sources.some((id) => onPage.has(id))) return [];
    const source = findField(context.version.definition, sources[0] ?? '');
    return [{ field, hint: t('conditionalHint', { label: source ? localized(source.label, lang) : '' }) }];
  });
}

/** One step of the form (GOV.UK "one thing per page" where the definition allows). */
export function StepPage(props: StepPageProps) {
  const { ctx, context, step, answers, errors } = props;
  const t = translator(applicationMessages, ctx.lang);
  const definition = context.version.definition;
  const steps = props.steps ?? visibleSteps(definition, answers);
  const position = steps.findIndex((candidate) => candidate.id === step.id) + 1;
  const errorMap = new Map(errors.map((error) => [error.href, error.message]));
  const multipart = step.fields.some((field) => field.type === 'file');
  const title = localized(step.title, ctx.lang);
  const base = draftUrl(context);
  const maps = [...(props.maps?.values() ?? [])];
  const assets = maps.length
    ? {
        stylesheets: [...new Set(maps.flatMap((map) => map.assets.stylesheets))],
        scripts: [...new Set(maps.flatMap((map) => map.assets.scripts))],
      }
    : undefined;
  return (
    <Layout
      ctx={ctx}
      title={`${title} – ${localized(definition.title, ctx.lang)}`}
      hasErrors={errors.length > 0}
      assets={assets}
    >
      <p>
        <a href={props.backHref}>{t('back')}</a>
      </p>
      <p class="step-indicator">
        {context.completion
          ? t('completionOf', { reference: context.completion.reference })
          : localized(definition.title, ctx.lang)}{' '}
        · {t('stepOf', { current: Math.max(position, 1), total: steps.length })}
      </p>
      <ErrorSummary errors={errors} lang={ctx.lang} />
      <h1>{title}</h1>
      {step.intro && <p class="lead">{localized(step.intro, ctx.lang)}</p>}
      {context.completion && <OfficerMessage message={context.completion.message} lang={ctx.lang} />}
      {position === 1 && !context.completion && (
        // GDPR art. 13: the privacy notice where the data is first asked for (issue #14).
        <p>
          <a href={`/${context.tenant.slug}/e-tjanster/${context.serviceSlug}/personuppgifter`}>
            {t('privacyLink')}
          </a>
        </p>
      )}
      <PostForm
        action={`${base}/steg/${step.id}${props.returnToCheck ? '?fran=granska' : ''}`}
        csrfToken={ctx.csrfToken}
        multipart={multipart}
      >
        {shownFields(step, answers, ctx.lang, context).map(({ field, hint }) => (
          <FormField
            key={field.id}
            field={field}
            value={answers[field.id]}
            errors={errorMap}
            lang={ctx.lang}
            conditionalHint={hint}
            draftUrl={base}
            extra={props.maps?.get(field.id)?.panel}
          />
        ))}
        {props.offerProfileSave && (
          <div class="field">
            <div class="choice">
              <input type="checkbox" id="saveToProfile" name="saveToProfile" value="yes" />
              <label for="saveToProfile">{t('saveToProfile')}</label>
            </div>
          </div>
        )}
        <div class="button-row">
          <button type="submit" class="button" name="action" value="continue">
            {t('continue')}
          </button>
          {ctx.person && (
            <button type="submit" class="button secondary" name="action" value="save">
              {t('saveForLater')}
            </button>
          )}
        </div>
      </PostForm>
    </Layout>
  );
}

/** The officer's words of a completion request, as the resident reads them. */
export function OfficerMessage({ message, lang }: { message: string; lang: Language }) {
  const t = translator(applicationMessages, lang);
  return (
    <div class="notice">
      <p>
        <strong>{t('completionOfficerWrites')}</strong>
      </p>
      <p class="preserve-lines">{message}</p>
    </div>
  );
}

export interface CheckPageProps {
  ctx: PageContext;
  context: DraftContext;
  errors: StepErrors;
  applicant: { name: string; personalIdentityNumber: string } | null;
}

/** "Check your answers": each step's answers with a link to change them (check page and completion). */
export function AnswerSections({
  sections,
  base,
  lang,
}: {
  sections: AnswerSection[];
  /** The draft's URL (draftUrl). */
  base: string;
  lang: Language;
}) {
  const t = translator(applicationMessages, lang);
  return (
    <>
      {sections.map(({ step, rows }) => (
        <section key={step.id} aria-labelledby={`step-${step.id}`}>
          <h2 id={`step-${step.id}`} tabIndex={-1}>
            {localized(step.title, lang)}
          </h2>
          <dl class="summary-list">
            {rows.map(({ field, text }) => (
              <div key={field.id}>
                <dt>{localized(field.label, lang)}</dt>
                <dd>{text || t('notAnswered')}</dd>
                <dd>
                  <a href={`${base}/steg/${step.id}?fran=granska#${firstInputId(field)}`}>
                    {t('change')}
                    <span class="visually-hidden"> {localized(field.label, lang)}</span>
                  </a>
                </dd>
              </div>
            ))}
          </dl>
        </section>
      ))}
    </>
  );
}

function formatPin(pin: string): string {
  return /^\d{12}$/.test(pin) ? `${pin.slice(0, 8)}-${pin.slice(8)}` : pin;
}

/** "Check your answers" with a change link per answer, then submit. */
export function CheckPage({ ctx, context, errors, applicant }: CheckPageProps) {
  const t = translator(applicationMessages, ctx.lang);
  const definition = context.version.definition;
  const answers = context.draft.answers;
  const base = draftUrl(context);
  const summaryErrors: SummaryError[] = Object.entries(errors).flatMap(([stepId, stepErrors]) =>
    stepErrors.map((error) => ({ href: `step-${stepId}`, message: localized(error.message, ctx.lang) })),
  );
  const unique = summaryErrors.filter(
    (error, index) => summaryErrors.findIndex((e) => e.message === error.message) === index,
  );
  return (
    <Layout ctx={ctx} title={t('checkTitle')} hasErrors={unique.length > 0}>
      <ErrorSummary errors={unique} lang={ctx.lang} />
      <h1>{t('checkTitle')}</h1>
      <p class="lead">{t('checkIntro')}</p>
      {applicant && (
        <>
          <h2>{t('applicant')}</h2>
          <p class="muted">{t('applicantFromEid')}</p>
          <dl class="summary-list">
            <div>
              <dt>{t('applicantName')}</dt>
              <dd>{applicant.name}</dd>
            </div>
            <div>
              <dt>{t('applicantPin')}</dt>
              <dd>{formatPin(applicant.personalIdentityNumber)}</dd>
            </div>
          </dl>
        </>
      )}
      <AnswerSections sections={answerSummary(definition, answers, ctx.lang)} base={base} lang={ctx.lang} />
      <h2>{t('submitTitle')}</h2>
      {unique.length > 0 ? <p>{t('submitHasErrors')}</p> : <p>{t('submitText')}</p>}
      <PostForm action={`${base}/skicka`} csrfToken={ctx.csrfToken}>
        <button type="submit" class="button">
          {t('submit')}
        </button>
      </PostForm>
    </Layout>
  );
}

/** The receipt: the case reference, what happens next, and the PDF. */
export function ReceiptPage({
  ctx,
  context,
  reference,
  extra,
}: {
  ctx: PageContext;
  context: DraftContext;
  reference: string;
  /** Another module's section (a fault report's follow-up link), after "what happens next". */
  extra?: ComponentChildren;
}) {
  const t = translator(applicationMessages, ctx.lang);
  return (
    <Layout ctx={ctx} title={t('receiptTitle')}>
      <div class="panel-ok">
        <h1>{t('receiptTitle')}</h1>
        <p>
          {t('receiptReference')} <span class="reference">{reference}</span>
        </p>
      </div>
      <h2>{t('receiptNext')}</h2>
      <p>{ctx.person ? t('receiptNextLoggedIn') : t('receiptNextAnonymous')}</p>
      {extra}
      <p>
        <a href={`${draftUrl(context)}/kvitto.pdf`}>{t('receiptPdf')}</a>
      </p>
      {ctx.person && (
        <p>
          <a class="button" href={`/mina-sidor/arenden/${reference}`}>
            {t('receiptMyPages')}
          </a>
        </p>
      )}
    </Layout>
  );
}
