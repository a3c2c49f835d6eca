/** The officer's case page: facts, actions (assignment, status, completion, note), answers, history. */
import type { ComponentChildren } from 'preact';
import { formatDate, formatDateTime, localized, translator } from '../../../platform/i18n/i18n.ts';
import { BackOfficeLayout } from '../../../web/back-office-layout.tsx';
import { ErrorSummary, PostForm, Tag } from '../../../web/components.tsx';
import { Select, TextArea } from '../../../web/form-fields.tsx';
import type { PageContext } from '../../../web/page-context.ts';
import { answerSummary } from '../../forms/format-answer.ts';
import { formatBytes } from '../../forms/messages.ts';
import type { StaffActor } from '../../organisation/model.ts';
import { type OfficerMessageKey, officerMessages } from '../officer-messages.ts';
import type { OfficerCaseDetails } from '../officer-service.ts';
import { findStatus } from '../workflow.ts';

/** A refused form on the page: which form, its field errors (message keys) and the values typed. */
export interface CaseFormErrors {
  form: 'status' | 'note' | 'completion' | 'assign';
  errors: { field: string; message: string }[];
  values: Record<string, string | string[]>;
}

export interface OfficerCaseViewProps {
  ctx: PageContext;
  actor: StaffActor;
  details: OfficerCaseDetails;
  notice?: OfficerMessageKey;
  refused?: CaseFormErrors;
  /** Sections other modules render (decisions, messages). */
  decisionSection?: ComponentChildren;
  messagesSection?: ComponentChildren;
}

const INPUT_IDS: Record<CaseFormErrors['form'], Record<string, string>> = {
  status: { status: 'status', message: 'status-message' },
  note: { note: 'note' },
  completion: { steps: 'completion-steps', message: 'completion-message' },
  assign: { staffId: 'assign-staff' },
};

/** The input id an error belongs to, for the summary link and the inline message. */
export function errorInputId(refused: CaseFormErrors, field: string): string {
  return (
    INPUT_IDS[refused.form][field] ??
    INPUT_IDS[refused.form][Object.keys(INPUT_IDS[refused.form])[0] ?? ''] ??
    field
  );
}

function errorFor(
  props: OfficerCaseViewProps,
  form: CaseFormErrors['form'],
  field: string,
): string | undefined {
  const t = translator(officerMessages, props.ctx.lang);
  const found =
    props.refused?.form === form ? props.refused.errors.find((error) => error.field === field) : undefined;
  if (!found) return undefined;
  return found.message in officerMessages.sv ? t(found.message as OfficerMessageKey) : t('invalid');
}

function typedValue(
  props: OfficerCaseViewProps,
  form: CaseFormErrors['form'],
  name: string,
): string | undefined {
  const value = props.refused?.form === form ? props.refused.values[name] : undefined;
  return typeof value === 'string' ? value : undefined;
}

function Facts({ ctx, details }: OfficerCaseViewProps) {
  const t = translator(officerMessages, ctx.lang);
  const { case: item, status } = details;
  const assignee = details.members.find((member) => member.id === item.assignedStaffId);
  const overdue = item.dueAt !== null && new Date(item.dueAt) < new Date();
  return (
    <dl class="summary-list">
      <div>
        <dt>{t('service')}</dt>
        <dd>{localized(details.version.definition.title, ctx.lang)}</dd>
      </div>
      <div>
        <dt>{t('applicant')}</dt>
        <dd>{item.applicantName ?? t('anonymous')}</dd>
      </div>
      <div>
        <dt>{t('submitted')}</dt>
        <dd>{formatDateTime(item.submittedAt, ctx.lang)}</dd>
      </div>
      <div>
        <dt>{t('status')}</dt>
        <dd>
          <Tag>{status ? localized(status.name, ctx.lang) : item.status}</Tag>
          {status && (
            <p class="hint">{t('residentSees', { text: localized(status.residentText, ctx.lang) })}</p>
          )}
        </dd>
      </div>
      <div>
        <dt>{t('due')}</dt>
        <dd>
          {item.dueAt ? formatDate(item.dueAt, ctx.lang) : t('noDue')}
          {overdue && <span class="overdue"> {t('overdue')}</span>}
        </dd>
      </div>
      <div>
        <dt>{t('assignee')}</dt>
        <dd>{assignee ? `${assignee.givenName} ${assignee.familyName}` : t('unassigned')}</dd>
      </div>
    </dl>
  );
}

function AssignmentPanel(props: OfficerCaseViewProps) {
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

function StatusPanel(props: OfficerCaseViewProps) {
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

function CompletionPanel(props: OfficerCaseViewProps) {
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

function NotePanel(props: OfficerCaseViewProps) {
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

function eventDescription(props: OfficerCaseViewProps, event: OfficerCaseDetails['events'][number]): string {
  const t = translator(officerMessages, props.ctx.lang);
  const workflow = props.details.workflow;
  const statusName = (id: unknown) => {
    const status = typeof id === 'string' ? findStatus(workflow, id) : undefined;
    return status ? localized(status.name, props.ctx.lang) : String(id ?? '');
  };
  switch (event.type) {
    case 'submitted':
      return t('eventSubmitted');
    case 'statusChanged':
      return t('eventStatusChanged', { from: statusName(event.data.from), to: statusName(event.data.to) });
    case 'assigned':
      return t('eventAssigned', { name: String(event.data.name ?? '') });
    case 'released':
      return t('eventReleased');
    case 'note':
      return t('eventNote');
    case 'completionRequested':
      return t('eventCompletionRequested');
    case 'completed':
      return t('eventCompleted');
    case 'completionWithdrawn':
      return t('eventCompletionWithdrawn');
    case 'decision':
      return t('eventDecision');
    default:
      return t('eventOther', { type: event.type });
  }
}

function History(props: OfficerCaseViewProps) {
  const { ctx, details } = props;
  const t = translator(officerMessages, ctx.lang);
  return (
    <section aria-labelledby="history-title">
      <h2 id="history-title">{t('historyTitle')}</h2>
      <ol class="timeline">
        {[...details.events].reverse().map((event) => {
          const text =
            typeof event.data.text === 'string'
              ? event.data.text
              : typeof event.data.message === 'string'
                ? event.data.message
                : undefined;
          return (
            <li key={event.id} class={event.visibility === 'internal' ? 'internal-note' : undefined}>
              <time dateTime={new Date(event.createdAt).toISOString()}>
                {formatDateTime(event.createdAt, ctx.lang)}
              </time>
              {event.visibility === 'internal' && <strong>{t('internal')}: </strong>}
              {eventDescription(props, event)}{' '}
              <span class="muted">{t('by', { name: event.actor.name ?? t('system') })}</span>
              {text && <p class="preserve-lines">{text}</p>}
            </li>
          );
        })}
      </ol>
    </section>
  );
}

function Answers({ ctx, details }: OfficerCaseViewProps) {
  const t = translator(officerMessages, ctx.lang);
  const base = `/${ctx.tenant?.slug}/handlaggning/arenden/${details.case.reference}`;
  return (
    <section aria-labelledby="answers-title">
      <h2 id="answers-title">{t('answersTitle')}</h2>
      {answerSummary(details.version.definition, details.case.answers, ctx.lang).map(({ step, rows }) => (
        <section key={step.id}>
          <h3>{localized(step.title, ctx.lang)}</h3>
          <dl class="summary-list">
            {rows.map(({ field, text }) => (
              <div key={field.id}>
                <dt>{localized(field.label, ctx.lang)}</dt>
                <dd>{text || '–'}</dd>
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
    </section>
  );
}

/** The whole case page. */
export function OfficerCaseView(props: OfficerCaseViewProps) {
  const { ctx, actor, details, refused, notice } = props;
  const t = translator(officerMessages, ctx.lang);
  const summary = refused
    ? refused.errors.map((error) => ({
        href: errorInputId(refused, error.field),
        message: errorFor(props, refused.form, error.field) ?? t('invalid'),
      }))
    : [];
  return (
    <BackOfficeLayout
      ctx={ctx}
      actor={actor}
      title={t('caseTitle', { reference: details.case.reference })}
      hasErrors={!!refused}
    >
      <p>
        <a href={`/${ctx.tenant?.slug}/handlaggning/`}>{t('backToQueue')}</a>
      </p>
      <ErrorSummary errors={summary} lang={ctx.lang} />
      {notice && (
        <div class="notice" role="status">
          <p>{t(notice)}</p>
        </div>
      )}
      <h1>{t('caseTitle', { reference: details.case.reference })}</h1>
      <div class="case-columns">
        <div>
          <Facts {...props} />
          {props.decisionSection}
          <Answers {...props} />
          <History {...props} />
        </div>
        <div>
          <AssignmentPanel {...props} />
          <StatusPanel {...props} />
          <CompletionPanel {...props} />
          {props.messagesSection}
          <NotePanel {...props} />
        </div>
      </div>
    </BackOfficeLayout>
  );
}
