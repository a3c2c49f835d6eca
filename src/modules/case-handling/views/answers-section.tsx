/**
 * The answers and files on the officer's case page. A protected answer (confidentiality 3, decision
 * 0033) is not in the page until the officer reveals it with a reason: in its place "Skyddad
 * uppgift – visa" opens a small form (a native <details>, so it works without JavaScript).
 */
import { formatDateTime, localized, translator } from '../../../platform/i18n/i18n.ts';
import { PostForm } from '../../../web/components.tsx';
import { TextInput } from '../../../web/form-fields.tsx';
import type { Field } from '../../forms/definition.ts';
import { formatAnswer } from '../../forms/format-answer.ts';
import { formatBytes } from '../../forms/messages.ts';
import { officerMessages } from '../messages.ts';
import { secrecyMessages } from '../secrecy-messages.ts';
import { errorFor, type OfficerCaseViewProps, revealInputId, typedValue } from './case-view-props.tsx';

/** The reveal form of one protected answer; open when it was just refused. */
function RevealForm(props: OfficerCaseViewProps & { field: Field }) {
  const { ctx, details, field, refused } = props;
  const t = translator(secrecyMessages, ctx.lang);
  const base = `/${ctx.tenant?.slug}/handlaggning/arenden/${details.case.reference}`;
  const mine = refused?.form === 'reveal' && refused.values.fieldId === field.id;
  return (
    <details open={mine}>
      <summary>{t('revealSummary')}</summary>
      <PostForm action={`${base}/visa`} csrfToken={ctx.csrfToken}>
        <input type="hidden" name="fieldId" value={field.id} />
        <TextInput
          id={revealInputId(field.id)}
          name="reason"
          label={t('revealReason')}
          hint={t('revealReasonHint')}
          value={mine ? typedValue(props, 'reveal', 'reason') : undefined}
          error={mine ? errorFor(props, 'reveal', 'reason') : undefined}
          lang={ctx.lang}
        />
        <button type="submit" class="button secondary">
          {t('revealButton')}
        </button>
      </PostForm>
    </details>
  );
}

/** One answer: its text, or the reveal form while it is masked, or its text and how long it shows. */
function AnswerValue(props: OfficerCaseViewProps & { field: Field }) {
  const { ctx, details, field } = props;
  const t = translator(secrecyMessages, ctx.lang);
  const protection = details.secrecy.protectedFields.find((entry) => entry.fieldId === field.id);
  if (protection?.masked) return <RevealForm {...props} />;
  const text = formatAnswer(field, details.case.answers[field.id], ctx.lang);
  return (
    <>
      {text || '–'}
      {protection?.revealedUntil && (
        <p class="hint">{t('revealedUntil', { time: formatDateTime(protection.revealedUntil, ctx.lang) })}</p>
      )}
    </>
  );
}

export function Answers(props: OfficerCaseViewProps) {
  const { ctx, details } = props;
  const t = translator(officerMessages, ctx.lang);
  const base = `/${ctx.tenant?.slug}/handlaggning/arenden/${details.case.reference}`;
  // Which fields show was judged on the real answers: a masked answer still opens what it conditions.
  const visible = new Set(details.secrecy.visibleFieldIds);
  const steps = details.version.definition.steps
    .map((step) => ({ step, fields: step.fields.filter((field) => visible.has(field.id)) }))
    .filter(({ fields }) => fields.length > 0);
  return (
    <section aria-labelledby="answers-title">
      <h2 id="answers-title">{t('answersTitle')}</h2>
      {steps.map(({ step, fields }) => (
        <section key={step.id}>
          <h3>{localized(step.title, ctx.lang)}</h3>
          <dl class="summary-list">
            {fields.map((field) => (
              <div key={field.id} id={`svar-${field.id}`}>
                <dt>{localized(field.label, ctx.lang)}</dt>
                <dd>
                  <AnswerValue {...props} field={field} />
                </dd>
              </div>
            ))}
          </dl>
        </section>
      ))}
      <h2>{t('attachmentsTitle')}</h2>
      {details.attachments.length === 0 ? (
        <p>{t('noAttachments')}</p>
      ) : (
        <ul>
          {details.attachments.map((file) => (
            <li key={file.id}>
              <a href={`${base}/bilagor/${file.id}`}>{file.filename}</a> (
              {formatBytes(file.sizeBytes, ctx.lang)})
            </li>
          ))}
        </ul>
      )}
      {details.secrecy.hiddenAttachments > 0 && (
        <p>
          {translator(secrecyMessages, ctx.lang)('hiddenFiles', { count: details.secrecy.hiddenAttachments })}
        </p>
      )}
    </section>
  );
}
