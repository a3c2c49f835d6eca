/** The decision form page (`/{tenant}/handlaggning/arenden/{reference}/beslut`), also for corrections. */
import { formatDate, localized, translator } from '../../../platform/i18n/i18n.ts';
import { BackOfficeLayout } from '../../../web/back-office-layout.tsx';
import { ErrorSummary, PostForm } from '../../../web/components.tsx';
import { TextArea, TextInput } from '../../../web/form-fields.tsx';
import type { PageContext } from '../../../web/page-context.ts';
import { isDecidedOrClosed } from '../../cases/workflow.ts';
import type { StaffActor } from '../../organisation/model.ts';
import { type DecisionMessageKey, decisionMessages } from '../messages.ts';
import { DECISION_OUTCOMES, type DecisionInput, outcomeLabel } from '../model.ts';
import type { DecisionFormContext } from '../service.ts';
import { FormReviewNote } from './review-sections.tsx';

export interface FormError {
  field: string;
  message: string;
}

export interface DecisionFormPageProps {
  ctx: PageContext;
  actor: StaffActor;
  form: DecisionFormContext;
  values: DecisionInput;
  errors: FormError[];
}

/** Errors about the case (not a field) are shown beside the case status. */
const STATUS_ID = 'decision-status';

const INPUT_FIELDS: Record<keyof DecisionInput, true> = {
  outcome: true,
  justification: true,
  legalBasis: true,
  validFrom: true,
  validTo: true,
  appealInformation: true,
  proposalDeviation: true,
};

/** The input an error links to: the field's own, or the case status for errors about the case. */
function inputIdOf(field: string): string {
  return field in INPUT_FIELDS ? field : STATUS_ID;
}

function messageFor(props: DecisionFormPageProps, field: string): string | undefined {
  const t = translator(decisionMessages, props.ctx.lang);
  const error = props.errors.find((candidate) => inputIdOf(candidate.field) === field);
  if (!error) return undefined;
  return error.message in decisionMessages.sv ? t(error.message as DecisionMessageKey) : t('invalid');
}

function InlineError({ id, message, lang }: { id: string; message: string | undefined; lang: 'sv' | 'en' }) {
  if (!message) return null;
  return (
    <p class="error-message" id={`${id}-error`}>
      <span class="visually-hidden">{lang === 'sv' ? 'Fel: ' : 'Error: '}</span>
      {message}
    </p>
  );
}

function CaseFacts(props: DecisionFormPageProps) {
  const { ctx, form } = props;
  const t = translator(decisionMessages, ctx.lang);
  const statusError = messageFor(props, STATUS_ID);
  return (
    <dl class="summary-list">
      <div>
        <dt>{t('service')}</dt>
        <dd>{localized(form.serviceTitle, ctx.lang)}</dd>
      </div>
      <div>
        <dt>{t('applicant')}</dt>
        <dd>{form.applicantName ?? t('anonymous')}</dd>
      </div>
      <div class={statusError ? 'field has-error' : undefined}>
        <dt>{t('status')}</dt>
        <dd id={STATUS_ID} tabIndex={-1}>
          {localized(form.statusName, ctx.lang) || form.statusCategory}
          <InlineError id={STATUS_ID} message={statusError} lang={ctx.lang} />
          {!statusError && !form.corrects && !form.canDecideNow && (
            <p class="hint">
              {isDecidedOrClosed(form.statusCategory) ? t('alreadyDecided') : t('notDecidableHint')}
            </p>
          )}
        </dd>
      </div>
    </dl>
  );
}

function OutcomeField(props: DecisionFormPageProps) {
  const { ctx, values } = props;
  const t = translator(decisionMessages, ctx.lang);
  const error = messageFor(props, 'outcome');
  return (
    <div class={error ? 'field has-error' : 'field'}>
      <fieldset aria-describedby={error ? 'outcome-error' : undefined}>
        <legend>{t('outcome')}</legend>
        <InlineError id="outcome" message={error} lang={ctx.lang} />
        {DECISION_OUTCOMES.map((outcome, index) => {
          const id = index === 0 ? 'outcome' : `outcome-${outcome}`;
          return (
            <div class="choice" key={outcome}>
              <input
                type="radio"
                id={id}
                name="outcome"
                value={outcome}
                checked={values.outcome === outcome}
              />
              <label for={id}>{localized(outcomeLabel[outcome], ctx.lang)}</label>
            </div>
          );
        })}
      </fieldset>
    </div>
  );
}

function DecisionFields(props: DecisionFormPageProps) {
  const { ctx, values } = props;
  const t = translator(decisionMessages, ctx.lang);
  const field = (name: keyof DecisionInput) => ({
    id: name,
    value: values[name] ?? '',
    error: messageFor(props, name),
    lang: ctx.lang,
  });
  return (
    <>
      <OutcomeField {...props} />
      <TextArea
        {...field('justification')}
        label={t('justification')}
        hint={t('justificationHint')}
        rows={8}
      />
      <TextInput {...field('legalBasis')} label={t('legalBasis')} hint={t('legalBasisHint')} />
      <TextInput {...field('validFrom')} label={t('validFrom')} hint={t('dateHint')} />
      <TextInput {...field('validTo')} label={t('validTo')} hint={t('dateHint')} />
      <TextArea
        {...field('appealInformation')}
        label={t('appealInformation')}
        hint={t('appealInformationHint')}
        rows={6}
      />
      {props.form.proposedOutcome && (
        <TextArea
          {...field('proposalDeviation')}
          label={t('proposalDeviation')}
          hint={t('proposalDeviationHint', {
            proposed: localized(outcomeLabel[props.form.proposedOutcome], ctx.lang),
          })}
          rows={4}
        />
      )}
    </>
  );
}

/** The whole form page. */
export function DecisionFormPage(props: DecisionFormPageProps) {
  const { ctx, actor, form, errors } = props;
  const t = translator(decisionMessages, ctx.lang);
  const caseUrl = `/${ctx.tenant?.slug}/handlaggning/arenden/${form.reference}`;
  const corrects = form.corrects;
  const title = t(corrects ? 'correctionTitle' : 'formTitle', { reference: form.reference });
  const summary = errors.map((error) => ({
    href: inputIdOf(error.field),
    message: messageFor(props, inputIdOf(error.field)) ?? t('invalid'),
  }));
  return (
    <BackOfficeLayout ctx={ctx} actor={actor} title={title} hasErrors={errors.length > 0}>
      <p>
        <a href={caseUrl}>{t('backToCase')}</a>
      </p>
      <ErrorSummary errors={summary} lang={ctx.lang} />
      <h1>{title}</h1>
      <CaseFacts {...props} />
      <FormReviewNote ctx={ctx} reviewOf={form.reviewOf} />
      {corrects && (
        <div class="notice">
          <p>
            {t('correctionIntro', {
              date: formatDate(corrects.decidedAt, ctx.lang),
              outcome: localized(outcomeLabel[corrects.outcome], ctx.lang),
              name: corrects.decidedByName,
            })}
          </p>
          <p>{t('correctionLetterNote', { date: formatDate(corrects.decidedAt, 'sv') })}</p>
        </div>
      )}
      <PostForm action={`${caseUrl}/beslut`} csrfToken={ctx.csrfToken}>
        {corrects && <input type="hidden" name="rattar" value={corrects.id} />}
        <DecisionFields {...props} />
        <button type="submit" class="button">
          {t(corrects ? 'submitCorrection' : 'submitDecision')}
        </button>
      </PostForm>
    </BackOfficeLayout>
  );
}
