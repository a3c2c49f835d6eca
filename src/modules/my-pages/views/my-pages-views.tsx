/** My Pages: cases across municipalities, drafts, and one case with its history and answers. */
import type { ComponentChildren } from 'preact';
import { formatDate, formatDateTime, localized, translator } from '../../../platform/i18n/i18n.ts';
import { PostForm, statusTone, Tag } from '../../../web/components.tsx';
import { Layout } from '../../../web/layout.tsx';
import type { PageContext } from '../../../web/page-context.ts';
import { channelText, registrarText } from '../../cases/intake-model.ts';
import { residentEventText, residentStatusText } from '../../cases/model.ts';
import type { CaseDetails, CaseSummary } from '../../cases/service.ts';
import { STANDARD_WORKFLOW } from '../../cases/workflow.ts';
import type { ServiceDefinition } from '../../forms/definition.ts';
import { answerSummary } from '../../forms/format-answer.ts';
import { formatBytes } from '../../forms/messages.ts';
import { myPagesMessages } from '../messages.ts';

export interface DraftSummary {
  id: string;
  updatedAt: Date;
  serviceSlug: string;
  tenantSlug: string;
  tenantName: string;
  definition: ServiceDefinition;
  /** Set when a representative or guardian started it for the owner (issue #13). */
  representativePersonId?: string | null;
}

function CaseTable({ ctx, cases, empty }: { ctx: PageContext; cases: CaseSummary[]; empty: string }) {
  const t = translator(myPagesMessages, ctx.lang);
  if (cases.length === 0) return <p>{empty}</p>;
  return (
    <ul class="card-list">
      {cases.map((item) => (
        <li class="card" key={item.id}>
          <h3>
            <a href={`/mina-sidor/arenden/${item.reference}`}>{localized(item.serviceTitle, ctx.lang)}</a>
          </h3>
          <p>
            {t('reference')}: {item.reference} · {item.tenantName}
          </p>
          <p>
            {t('submitted')}: {formatDate(item.submittedAt, ctx.lang)} ·{' '}
            <Tag tone={statusTone(item.statusCategory)}>
              {localized(
                residentStatusText(item.caseHandling ?? STANDARD_WORKFLOW, item.status, item.statusCategory),
                ctx.lang,
              )}
            </Tag>
          </p>
        </li>
      ))}
    </ul>
  );
}

function Drafts({ ctx, drafts, empty }: { ctx: PageContext; drafts: DraftSummary[]; empty: string }) {
  const t = translator(myPagesMessages, ctx.lang);
  if (drafts.length === 0) return <p>{empty}</p>;
  return (
    <ul class="card-list">
      {drafts.map((draft) => {
        const title = localized(draft.definition.title, ctx.lang);
        const base = `/${draft.tenantSlug}/e-tjanster/${draft.serviceSlug}/utkast/${draft.id}`;
        return (
          <li class="card" key={draft.id}>
            <h3>{title}</h3>
            <p>
              {draft.tenantName} · {t('lastSaved', { date: formatDateTime(draft.updatedAt, ctx.lang) })}
              {draft.representativePersonId && ` · ${t('startedByRepresentative')}`}
            </p>
            <div class="button-row">
              <a class="button" href={base} aria-label={t('resumeItem', { title })}>
                {t('resume')}
              </a>
              {/* A confirmation page first (issue #14): a plain link, then a form post there. */}
              <a
                class="button secondary"
                href={`/mina-sidor/utkast/${draft.id}/ta-bort`}
                aria-label={t('deleteDraftItem', { title })}
              >
                {t('deleteDraft')}
              </a>
            </div>
          </li>
        );
      })}
    </ul>
  );
}

export interface MyPagesProps {
  ctx: PageContext;
  drafts: DraftSummary[];
  ongoing: CaseSummary[];
  closed: CaseSummary[];
  notice: 'saved' | 'deleted' | undefined;
  /** Unread messages from officers across all cases. */
  unreadMessages: number;
  /** The representatives' part (issue #13): the Ombud link and the "Agera för" switch. */
  representation?: ComponentChildren;
}

/** `/mina-sidor`. */
export function MyPagesHome(props: MyPagesProps) {
  const { ctx, drafts, ongoing, closed, notice, unreadMessages } = props;
  const t = translator(myPagesMessages, ctx.lang);
  // While acting for someone (issue #13) the page is about them, in the services granted.
  const acting = ctx.actingFor;
  return (
    <Layout ctx={ctx} title={t('title')}>
      <h1>{t('title')}</h1>
      {notice && (
        <div class="notice" role="status">
          {notice === 'saved' ? t('draftSaved') : t('draftDeleted')}
        </div>
      )}
      <p class="lead">{acting ? t('introActing', acting) : t('intro')}</p>
      <ul class="link-list">
        <li>
          <a href="/mina-sidor/meddelanden">
            {unreadMessages > 0 ? t('messagesLinkUnread', { count: unreadMessages }) : t('messagesLink')}
          </a>
        </li>
        <li>
          <a href="/mina-sidor/profil">{t('profileLink')}</a>
        </li>
        <li>
          <a href="/mina-sidor/mina-uppgifter">{t('rightsLink')}</a>
        </li>
      </ul>
      {props.representation}
      <h2>{t('ongoingTitle')}</h2>
      <CaseTable ctx={ctx} cases={ongoing} empty={acting ? t('noOngoingActing', acting) : t('noOngoing')} />
      <h2>{t('draftsTitle')}</h2>
      <Drafts ctx={ctx} drafts={drafts} empty={acting ? t('noDraftsActing', acting) : t('noDrafts')} />
      <h2>{t('closedTitle')}</h2>
      <CaseTable ctx={ctx} cases={closed} empty={acting ? t('noClosedActing', acting) : t('noClosed')} />
    </Layout>
  );
}

/** One timeline entry in the case type's resident-facing words, with any message from the officer. */
function TimelineText(props: {
  details: CaseDetails;
  event: CaseDetails['events'][number];
  lang: 'sv' | 'en';
}) {
  const { text, message } = residentEventText(props.details.workflow, props.event);
  // Issue #13: an act by a representative or guardian names them ("Anna Andersson (ombud)").
  const actor = props.event.actor as { name?: string; onBehalfOf?: { role: string } };
  const by = actor.onBehalfOf
    ? ` – ${actor.name ?? ''} (${
        actor.onBehalfOf.role === 'guardian'
          ? props.lang === 'sv'
            ? 'vårdnadshavare'
            : 'guardian'
          : props.lang === 'sv'
            ? 'ombud'
            : 'representative'
      })`
    : '';
  return (
    <>
      {localized(text, props.lang)}
      {by}
      {message && <p class="preserve-lines">{message}</p>}
    </>
  );
}

/** An open completion request (komplettering) on the resident's case, and the notice once it is sent. */
export interface CaseCompletionProps {
  completion?: { message: string; requestedAt: Date };
  completionSent?: boolean;
}

/** The case page's completion block: thanks after sending, or the request and a button to answer it. */
function CompletionBlock({
  ctx,
  reference,
  completion,
  completionSent,
}: CaseCompletionProps & { ctx: PageContext; reference: string }) {
  const t = translator(myPagesMessages, ctx.lang);
  if (completion) {
    return (
      <section class="notice" aria-labelledby="completion-title">
        <h2 id="completion-title">{t('completionTitle')}</h2>
        <p>{t('completionRequestedAt', { date: formatDateTime(completion.requestedAt, ctx.lang) })}</p>
        <p>
          <strong>{t('completionOfficerWrites')}</strong>
        </p>
        <p class="preserve-lines">{completion.message}</p>
        <p>{t('completionHelp')}</p>
        <PostForm action={`/mina-sidor/arenden/${reference}/komplettera`} csrfToken={ctx.csrfToken}>
          <button type="submit" class="button">
            {t('completionButton')}
          </button>
        </PostForm>
      </section>
    );
  }
  if (!completionSent) return null;
  return (
    <div class="notice" role="status">
      {t('completionSent')}
    </div>
  );
}

/** `/mina-sidor/arenden/{reference}`. */
export function CasePage({
  ctx,
  details,
  completion,
  completionSent,
  decisionSection,
  reviewSection,
  reviewNotice,
  hasErrors,
  messagesSection,
  faultReportSection,
}: {
  ctx: PageContext;
  details: CaseDetails;
  /** Rendered by the decisions, messages and fault reports modules. */
  decisionSection?: ComponentChildren;
  /** The request for human review of an automatic decision, and its notice at the top (issue #10). */
  reviewSection?: ComponentChildren;
  reviewNotice?: ComponentChildren;
  /** A refused form on the page (the title says so). */
  hasErrors?: boolean;
  messagesSection?: ComponentChildren;
  faultReportSection?: ComponentChildren;
} & CaseCompletionProps) {
  const t = translator(myPagesMessages, ctx.lang);
  const { case: item, version, events, attachments } = details;
  const definition = version.definition;
  const answers = item.answers;
  const base = `/mina-sidor/arenden/${item.reference}`;
  return (
    <Layout ctx={ctx} title={t('caseTitle', { reference: item.reference })} hasErrors={hasErrors}>
      <p>
        <a href="/mina-sidor">{t('backToMyPages')}</a>
      </p>
      {reviewNotice}
      <h1>{localized(definition.title, ctx.lang)}</h1>
      <CompletionBlock
        ctx={ctx}
        reference={item.reference}
        completion={completion}
        completionSent={completionSent}
      />
      <dl class="summary-list">
        <div>
          <dt>{t('reference')}</dt>
          <dd>{item.reference}</dd>
        </div>
        <div>
          <dt>{t('municipality')}</dt>
          <dd>{details.tenant.name}</dd>
        </div>
        <div>
          <dt>{t('submitted')}</dt>
          <dd>{formatDateTime(item.submittedAt, ctx.lang)}</dd>
        </div>
        <div>
          <dt>{t('cameInVia')}</dt>
          <dd>
            {t('channelAndRegistrar', {
              channel: localized(channelText(item.channel, item.channelDetail), ctx.lang),
              name: localized(registrarText(item.registeredByKind, item.registeredByLabel), ctx.lang),
            })}
          </dd>
        </div>
        <div>
          <dt>{t('status')}</dt>
          <dd>
            <Tag tone={statusTone(item.statusCategory)}>
              {localized(residentStatusText(details.workflow, item.status, item.statusCategory), ctx.lang)}
            </Tag>
          </dd>
        </div>
      </dl>
      <ul class="link-list">
        <li>
          <a href={`${base}/kvitto.pdf`}>{t('receiptPdf')}</a>
        </li>
        {/* Who read the case is the logged-in person's own right, not their representative's (decision 0032). */}
        {!ctx.actingFor && (
          <li>
            <a href={`${base}/vem-har-last`}>{t('accessLogLink')}</a>
          </li>
        )}
      </ul>
      {faultReportSection}
      {decisionSection}
      {reviewSection}
      {messagesSection}
      <h2>{t('historyTitle')}</h2>
      <ol class="timeline">
        {events.map((event) => (
          <li key={event.id}>
            <time dateTime={new Date(event.createdAt).toISOString()}>
              {formatDateTime(event.createdAt, ctx.lang)}
            </time>
            <TimelineText details={details} event={event} lang={ctx.lang} />
          </li>
        ))}
      </ol>
      <h2>{t('answersTitle')}</h2>
      {answerSummary(definition, answers, ctx.lang).map(({ step, rows }) => (
        <section key={step.id}>
          <h3>{localized(step.title, ctx.lang)}</h3>
          <dl class="summary-list">
            {rows.map(({ field, text }) => (
              <div key={field.id}>
                <dt>{localized(field.label, ctx.lang)}</dt>
                <dd>{text || t('notAnswered')}</dd>
              </div>
            ))}
          </dl>
        </section>
      ))}
      {attachments.length > 0 && (
        <>
          <h2>{t('attachmentsTitle')}</h2>
          <ul>
            {attachments.map((file) => (
              <li key={file.id}>
                <a href={`${base}/bilagor/${file.id}`}>{file.filename}</a> (
                {formatBytes(file.sizeBytes, ctx.lang)})
              </li>
            ))}
          </ul>
        </>
      )}
    </Layout>
  );
}
