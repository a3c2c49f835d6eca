/**
 * Automatic decisions and human review on the two case pages (issue #10): the resident's request
 * form (or the request waiting), its notices, and the request as the officer sees it.
 */
import type { ProblemFieldError } from '../../../platform/errors.ts';
import { formatDate, formatDateTime, localized, translator } from '../../../platform/i18n/i18n.ts';
import { ErrorSummary, PostForm } from '../../../web/components.tsx';
import { TextArea } from '../../../web/form-fields.tsx';
import type { PageContext } from '../../../web/page-context.ts';
import { outcomeLabel } from '../model.ts';
import { reviewMessages } from '../review-messages.ts';
import { currentDecision, isAutomatic, type ReviewErrorKey } from '../review-model.ts';
import type { DecisionRecord } from '../service.ts';

/** A refused request: what was typed and the errors. */
export interface ReviewFormState {
  reason: string;
  errors: ProblemFieldError[];
}

/** The path the request form posts to. */
export function reviewPath(reference: string): string {
  return `/mina-sidor/arenden/${reference}/provning`;
}

/** A history event as the views get it. */
interface CaseEventView {
  type: string;
  data: Record<string, unknown>;
  createdAt: Date | string;
}

function errorText(ctx: PageContext, error: ProblemFieldError | undefined): string | undefined {
  if (!error) return undefined;
  return translator(reviewMessages, ctx.lang)(error.message as ReviewErrorKey);
}

/** The top of the resident's case page: the refused request's error summary, or the notice that it was sent. */
export function ResidentReviewNotice(props: { ctx: PageContext; form?: ReviewFormState; sent?: boolean }) {
  const { ctx, form } = props;
  if (form && form.errors.length > 0) {
    const pending = form.errors.some((error) => error.message === 'reviewAlreadyRequested');
    const href = pending ? 'review-title' : 'reason';
    const errors = form.errors.map((error) => ({ href, message: errorText(ctx, error) ?? '' }));
    return <ErrorSummary errors={errors} lang={ctx.lang} />;
  }
  if (!props.sent) return null;
  return (
    <div class="notice" role="status">
      {translator(reviewMessages, ctx.lang)('reviewSent')}
    </div>
  );
}

/** The resident's review block: the form while the decision in force is automatic, or the request waiting. */
export function ResidentReviewSection(props: {
  ctx: PageContext;
  reference: string;
  decisions: DecisionRecord[];
  events: CaseEventView[];
  reviewRequestedAt: Date | string | null;
  form?: ReviewFormState;
}) {
  const { ctx, reference, form } = props;
  const t = translator(reviewMessages, ctx.lang);
  const decision = currentDecision(props.decisions);
  if (!decision || !isAutomatic(decision)) return null;
  if (props.reviewRequestedAt) {
    const request = props.events.filter((event) => event.type === 'reviewRequested').at(-1);
    const reason = typeof request?.data.message === 'string' ? request.data.message : undefined;
    return (
      <section class="notice" aria-labelledby="review-title">
        <h2 id="review-title">{t('reviewPendingTitle')}</h2>
        <p>{t('reviewPending', { date: formatDateTime(props.reviewRequestedAt, ctx.lang) })}</p>
        {reason && (
          <>
            <h3>{t('reviewYourReason')}</h3>
            <p class="preserve-lines">{reason}</p>
          </>
        )}
      </section>
    );
  }
  return (
    <section aria-labelledby="review-title">
      <h2 id="review-title">{t('reviewTitle')}</h2>
      <p>{t('reviewIntro')}</p>
      <p>{t('reviewAppealNote')}</p>
      <PostForm action={reviewPath(reference)} csrfToken={ctx.csrfToken}>
        <TextArea
          id="reason"
          label={t('reviewReason')}
          hint={t('reviewReasonHint')}
          error={errorText(
            ctx,
            form?.errors.find((error) => error.field === 'reason'),
          )}
          value={form?.reason}
          lang={ctx.lang}
          rows={5}
        />
        <button type="submit" class="button">
          {t('reviewSubmit')}
        </button>
      </PostForm>
    </section>
  );
}

/** How an automatic decision was made, for the resident's decision card (nothing for a person's decision). */
export function AutomaticDecisionFacts({ ctx, decision }: { ctx: PageContext; decision: DecisionRecord }) {
  if (!isAutomatic(decision)) return null;
  const t = translator(reviewMessages, ctx.lang);
  return (
    <>
      <div>
        <dt>{t('automaticTerm')}</dt>
        <dd>{t('automaticText')}</dd>
      </div>
      <div>
        <dt>{t('automaticBasisTerm')}</dt>
        <dd>{decision.automaticLegalBasis}</dd>
      </div>
    </>
  );
}

/** The request waiting on the officer's case page: when, which decision, the resident's reason. */
export function OfficerReviewSection(props: {
  ctx: PageContext;
  decisions: DecisionRecord[];
  events: CaseEventView[];
  reviewRequestedAt: Date | string | null;
}) {
  const { ctx } = props;
  if (!props.reviewRequestedAt) return null;
  const t = translator(reviewMessages, ctx.lang);
  const request = props.events.filter((event) => event.type === 'reviewRequested').at(-1);
  const reviewed = props.decisions.find((decision) => decision.id === request?.data.decisionId);
  const reason = typeof request?.data.message === 'string' ? request.data.message : undefined;
  return (
    <section class="notice" aria-labelledby="review-request-title">
      <h2 id="review-request-title">{t('officerReviewTitle')}</h2>
      <p>
        {t('officerReviewIntro', {
          date: formatDateTime(props.reviewRequestedAt, ctx.lang),
          decidedOn: reviewed ? formatDate(reviewed.decidedAt, ctx.lang) : '',
        })}
      </p>
      <h3>{t('officerReviewReason')}</h3>
      <p class="preserve-lines">{reason ?? t('officerReviewNoReason')}</p>
    </section>
  );
}

/** The decision form's note that the decision answers a request for review. */
export function FormReviewNote({
  ctx,
  reviewOf,
}: {
  ctx: PageContext;
  reviewOf: DecisionRecord | undefined;
}) {
  if (!reviewOf) return null;
  const t = translator(reviewMessages, ctx.lang);
  return (
    <p class="notice">
      {t('formReviewIntro', {
        date: formatDate(reviewOf.decidedAt, ctx.lang),
        outcome: localized(outcomeLabel[reviewOf.outcome], ctx.lang),
      })}
    </p>
  );
}
