/** Parts both sides' conversation pages share: the thread and the form to write a message. */
import { formatDateTime, type Language, translator } from '../../../platform/i18n/i18n.ts';
import { PostForm, type SummaryError, Tag } from '../../../web/components.tsx';
import { describedBy, TextArea } from '../../../web/form-fields.tsx';
import type { PageContext } from '../../../web/page-context.ts';
import { formatBytes } from '../../forms/messages.ts';
import { messageTexts } from '../message-texts.ts';
import { ACCEPTED_TYPES, type MessageProblem, type MessageSide, problemText } from '../model.ts';
import type { ThreadMessage } from '../service.ts';

/** A refused form: its problems, the text as typed, and whether valid files had to be dropped. */
export interface MessageFormState {
  problems: MessageProblem[];
  body: string;
  filesDropped: boolean;
}

const INPUT_IDS = { body: 'message-body', files: 'message-files' } as const;

/** The error summary entries for a refused form. */
export function formErrors(state: MessageFormState | undefined, lang: Language): SummaryError[] {
  return (state?.problems ?? []).map((problem) => ({
    href: INPUT_IDS[problem.field],
    message: problemText(problem, lang),
  }));
}

function fieldError(state: MessageFormState | undefined, field: MessageProblem['field'], lang: Language) {
  const texts = (state?.problems ?? [])
    .filter((problem) => problem.field === field)
    .map((p) => problemText(p, lang));
  return texts.length > 0 ? texts.join(' ') : undefined;
}

function Author({ message, viewer, lang }: { message: ThreadMessage; viewer: MessageSide; lang: Language }) {
  const t = translator(messageTexts, lang);
  if (message.authorKind === 'resident' && viewer === 'resident') return <strong>{t('you')}</strong>;
  return (
    <>
      <strong>{message.authorName}</strong>,{' '}
      {message.authorKind === 'officer' ? t('officer') : t('applicant')}
    </>
  );
}

export interface ThreadProps {
  ctx: PageContext;
  messages: ThreadMessage[];
  viewer: MessageSide;
  /** Where the attachment links start (`…/meddelanden/bilagor`). */
  attachmentBase: string;
}

/** The conversation, oldest first; each message with author, time, text (line breaks kept) and files. */
export function Thread({ ctx, messages, viewer, attachmentBase }: ThreadProps) {
  const t = translator(messageTexts, ctx.lang);
  return (
    <section aria-labelledby="thread-title">
      <h2 id="thread-title">{t('threadHeading')}</h2>
      {messages.length === 0 ? (
        <p>{t('noMessagesYet')}</p>
      ) : (
        <ol class="card-list">
          {messages.map((message) => (
            <li class="card" key={message.id}>
              <p>
                <Author message={message} viewer={viewer} lang={ctx.lang} /> ·{' '}
                <time dateTime={message.createdAt.toISOString()}>
                  {formatDateTime(message.createdAt, ctx.lang)}
                </time>
                {message.isNew && (
                  <>
                    {' '}
                    <Tag tone="wait">{t('newMessage')}</Tag>
                  </>
                )}
              </p>
              <p class="preserve-lines">{message.body}</p>
              {message.attachments.length > 0 && (
                <ul aria-label={t('attachments')}>
                  {message.attachments.map((file) => (
                    <li key={file.id}>
                      <a href={`${attachmentBase}/${file.id}`}>{file.filename}</a> (
                      {formatBytes(file.sizeBytes, ctx.lang)})
                    </li>
                  ))}
                </ul>
              )}
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}

function FilesField({ ctx, state }: { ctx: PageContext; state: MessageFormState | undefined }) {
  const t = translator(messageTexts, ctx.lang);
  const error = fieldError(state, 'files', ctx.lang);
  const id = INPUT_IDS.files;
  return (
    <div class={error ? 'field has-error' : 'field'}>
      <label for={id}>{t('filesLabel')}</label>
      <p class="hint" id={`${id}-hint`}>
        {t('filesHint')}
        {state?.filesDropped && ` ${t('filesAgain')}`}
      </p>
      {error && (
        <p class="error-message" id={`${id}-error`}>
          <span class="visually-hidden">{ctx.lang === 'sv' ? 'Fel: ' : 'Error: '}</span>
          {error}
        </p>
      )}
      <input
        type="file"
        id={id}
        name="files"
        multiple
        accept={['.pdf', '.jpg', '.jpeg', '.png', ...ACCEPTED_TYPES].join(',')}
        aria-invalid={error ? 'true' : undefined}
        aria-describedby={describedBy(id, 'hint', error)}
      />
    </div>
  );
}

export interface MessageFormProps {
  ctx: PageContext;
  action: string;
  hint: string;
  state: MessageFormState | undefined;
}

/** The form to write a message: multipart, the CSRF field first (PostForm renders it before the rest). */
export function MessageFormSection({ ctx, action, hint, state }: MessageFormProps) {
  const t = translator(messageTexts, ctx.lang);
  return (
    <section class="panel" aria-labelledby="write-title">
      <h2 id="write-title">{t('writeTitle')}</h2>
      <PostForm action={action} csrfToken={ctx.csrfToken} multipart>
        <TextArea
          id={INPUT_IDS.body}
          name="body"
          label={t('bodyLabel')}
          hint={hint}
          value={state?.body}
          error={fieldError(state, 'body', ctx.lang)}
          lang={ctx.lang}
          rows={6}
        />
        <FilesField ctx={ctx} state={state} />
        <button type="submit" class="button">
          {t('send')}
        </button>
      </PostForm>
    </section>
  );
}

/** The confirmation after sending. */
export function SentNotice({ text }: { text: string | undefined }) {
  if (!text) return null;
  return (
    <div class="notice" role="status">
      <p>{text}</p>
    </div>
  );
}
