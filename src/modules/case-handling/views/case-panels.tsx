import { formatDate, localized, translator } from '../../../platform/i18n/i18n.ts';
import { PostForm } from '../../../web/components.tsx';
import { Select, TextArea } from '../../../web/form-fields.tsx';
import { officerMessages } from '../messages.ts';

import { errorFor, type OfficerCaseViewProps, typedValue } from './case-view-props.tsx';

export function AssignmentPanel(props: OfficerCaseViewProps) {
  const { ctx, details, actor } = props;
  const t = translator(officerMessages, ctx.lang);
  const base = `/${ctx.tenant?.slug}/handlaggning/arenden/${details.case.reference}`;
  const { allowed } = details;
  return (
    <section class="panel" aria-labelledby="assignment-title">
      <h2 id="assignment-title">{t('assignmentTitle')}</h2>
      {details.case.assignedStaffId === actor.staffId && <p>{t('assignedToYou')}</p>}
      {allowed.take && (
        <PostForm action={`${base}/ta`} csrfToken={ctx.csrfToken}>
          <button type="submit" class="button">
            {details.case.assignedStaffId ? t('takeOver') : t('take')}
          </button>
        </PostForm>
      )}
      {allowed.release && (
        <PostForm action={`${base}/slapp`} csrfToken={ctx.csrfToken}>
          <button type="submit" class="button secondary">
            {t('release')}
          </button>
        </PostForm>
      )}
      {allowed.assign && (
        <PostForm action={`${base}/tilldela`} csrfToken={ctx.csrfToken}>
          <Select
            id="assign-staff"
            name="staffId"
            label={t('assignTo')}
            value={typedValue(props, 'assign', 'staffId') ?? details.case.assignedStaffId ?? ''}
            options={details.members.map((member) => [member.id, `${member.givenName} ${member.familyName}`])}
            error={errorFor(props, 'assign', 'staffId')}
            lang={ctx.lang}
          />
          <button type="submit" class="button secondary">
            {t('assignButton')}
          </button>
        </PostForm>
      )}
    </section>
  );
}

export function StatusPanel(props: OfficerCaseViewProps) {
  const { ctx, details } = props;
  const t = translator(officerMessages, ctx.lang);
  const base = `/${ctx.tenant?.slug}/handlaggning/arenden/${details.case.reference}`;
  if (!details.allowed.changeStatus) return <p class="panel">{t('needsAssignment')}</p>;
  if (details.transitions.length === 0) return <p class="panel">{t('noTransitions')}</p>;
  return (
    <section class="panel" aria-labelledby="status-title">
      <h2 id="status-title">{t('statusTitle')}</h2>
      <PostForm action={`${base}/status`} csrfToken={ctx.csrfToken}>
        <Select
          id="status"
          label={t('newStatus')}
          value={typedValue(props, 'status', 'status')}
          options={details.transitions.map((status) => [status.id, localized(status.name, ctx.lang)])}
          error={errorFor(props, 'status', 'status')}
          lang={ctx.lang}
        />
        <TextArea
          id="status-message"
          name="message"
          label={t('statusMessage')}
          hint={t('statusMessageHint')}
          value={typedValue(props, 'status', 'message')}
          lang={ctx.lang}
          rows={3}
        />
        <button type="submit" class="button">
          {t('changeStatus')}
        </button>
      </PostForm>
    </section>
  );
}

export function CompletionPanel(props: OfficerCaseViewProps) {
  const { ctx, details } = props;
  const t = translator(officerMessages, ctx.lang);
  const base = `/${ctx.tenant?.slug}/handlaggning/arenden/${details.case.reference}`;
  if (details.openCompletion) {
    const { requestedAt, message } = details.openCompletion;
    return <p class="panel">{t('completionOpen', { date: formatDate(requestedAt, ctx.lang), message })}</p>;
  }
  if (!details.allowed.requestCompletion) return null;
  if (!details.case.applicantPersonId) return <p class="panel">{t('completionAnonymous')}</p>;
  const waiting = details.workflow.statuses.some(
    (status) => status.category === 'waitingForResident' && details.status?.next.includes(status.id),
  );
  if (!waiting) return null;
  const stepsError = errorFor(props, 'completion', 'steps');
  const chosen = props.refused?.form === 'completion' ? props.refused.values.steps : undefined;
  const chosenSteps = Array.isArray(chosen) ? chosen : chosen ? [chosen] : [];
  return (
    <section class="panel" aria-labelledby="completion-title">
      <h2 id="completion-title">{t('completionTitle')}</h2>
      <PostForm action={`${base}/komplettering`} csrfToken={ctx.csrfToken}>
        <div class={stepsError ? 'field has-error' : 'field'}>
          <fieldset aria-describedby={stepsError ? 'completion-steps-error' : undefined}>
            <legend>{t('completionSteps')}</legend>
            {stepsError && (
              <p class="error-message" id="completion-steps-error">
                {stepsError}
              </p>
            )}
            {details.version.definition.steps.map((step, index) => (
              <div key={step.id}>
                <input
                  type="checkbox"
                  id={index === 0 ? 'completion-steps' : `completion-steps-${step.id}`}
                  name="steps"
                  value={step.id}
                  checked={chosenSteps.includes(step.id)}
                />
                <label
                  class="inline-label"
                  for={index === 0 ? 'completion-steps' : `completion-steps-${step.id}`}
                >
                  {localized(step.title, ctx.lang)}
                </label>
              </div>
            ))}
          </fieldset>
        </div>
        <TextArea
          id="completion-message"
          name="message"
          label={t('completionMessage')}
          hint={t('completionMessageHint')}
          value={typedValue(props, 'completion', 'message')}
          error={errorFor(props, 'completion', 'message')}
          lang={ctx.lang}
          rows={3}
        />
        <button type="submit" class="button">
          {t('requestCompletion')}
        </button>
      </PostForm>
    </section>
  );
}

export function NotePanel(props: OfficerCaseViewProps) {
  const { ctx, details } = props;
  const t = translator(officerMessages, ctx.lang);
  const base = `/${ctx.tenant?.slug}/handlaggning/arenden/${details.case.reference}`;
  return (
    <section class="panel" aria-labelledby="note-title">
      <h2 id="note-title">{t('noteTitle')}</h2>
      <PostForm action={`${base}/anteckning`} csrfToken={ctx.csrfToken}>
        <TextArea
          id="note"
          label={t('noteLabel')}
          hint={t('noteHint')}
          value={typedValue(props, 'note', 'note')}
          error={errorFor(props, 'note', 'note')}
          lang={ctx.lang}
          rows={3}
        />
        <button type="submit" class="button secondary">
          {t('addNote')}
        </button>
      </PostForm>
    </section>
  );
}
