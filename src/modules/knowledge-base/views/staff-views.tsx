/**
 * The staff's knowledge base (issue #13), `/{tenant}/handlaggning/fragor-och-svar`: the search an
 * agent uses on the phone (the best answers shown whole, to be read out), every answer by topic,
 * one answer with its review facts, and the answers whose review is due.
 */
import { formatDate, localized, translator } from '../../../platform/i18n/i18n.ts';
import { BackOfficeLayout } from '../../../web/back-office-layout.tsx';
import { PostForm, Tag } from '../../../web/components.tsx';
import { TextInput } from '../../../web/form-fields.tsx';
import type { PageContext } from '../../../web/page-context.ts';
import type { StaffActor } from '../../organisation/model.ts';
import { knowledgeBaseMessages, statusKey } from '../messages.ts';
import { isReviewDue } from '../model.ts';
import type { EntryChoices, EntryRow, LinkedService } from '../service.ts';
import { AnswerText } from './answer-text.tsx';

const t = (ctx: PageContext) => translator(knowledgeBaseMessages, ctx.lang);
/** The staff's knowledge base path in the page's tenant. */
export const staffBase = (ctx: PageContext) => `/${ctx.tenant?.slug ?? ''}/handlaggning/fragor-och-svar`;

interface PageProps {
  ctx: PageContext;
  actor: StaffActor;
  notice?: string;
}

function Notice({ text }: { text?: string }) {
  if (!text) return null;
  return (
    <div class="notice" role="status">
      <p>{text}</p>
    </div>
  );
}

const unitName = (choices: Pick<EntryChoices, 'units'>, id: string | null) =>
  choices.units.find((unit) => unit.id === id)?.name;

function StatusTag({ ctx, entry }: { ctx: PageContext; entry: EntryRow }) {
  if (entry.status === 'published') return null;
  return <Tag tone="wait">{t(ctx)(statusKey(entry.status))}</Tag>;
}

function ReviewButton(props: { ctx: PageContext; entry: EntryRow; label: string; fromDueList?: boolean }) {
  const { ctx, entry, label } = props;
  return (
    <PostForm action={`${staffBase(ctx)}/${entry.id}/granskad`} csrfToken={ctx.csrfToken} class="inline-form">
      {props.fromDueList && <input type="hidden" name="tillbaka" value="granska" />}
      <button type="submit" class="button secondary">
        {label}
      </button>
    </PostForm>
  );
}

/** One hit of the phone search: the whole answer, to be read out. */
function Hit({ ctx, entry, choices }: { ctx: PageContext; entry: EntryRow; choices: EntryChoices }) {
  const tr = t(ctx);
  return (
    <li class="card">
      <h3>
        <a href={`${staffBase(ctx)}/${entry.id}`}>{entry.question}</a> <StatusTag ctx={ctx} entry={entry} />
      </h3>
      <AnswerText answer={entry.answer} />
      <p class="muted">
        {entry.category} · {tr('colOwner')}: {unitName(choices, entry.ownerUnitId) ?? tr('noOwner')}
      </p>
    </li>
  );
}

function EntryTable(props: {
  ctx: PageContext;
  caption: string;
  entries: EntryRow[];
  choices: EntryChoices;
  now: Date;
  reviewable?: (entry: EntryRow) => boolean;
}) {
  const { ctx, choices } = props;
  const tr = t(ctx);
  return (
    <div class="table-scroll">
      <table class="data">
        <caption>{props.caption}</caption>
        <thead>
          <tr>
            <th scope="col">{tr('colQuestion')}</th>
            <th scope="col">{tr('colCategory')}</th>
            <th scope="col">{tr('colStatus')}</th>
            <th scope="col">{tr('colOwner')}</th>
            <th scope="col">{tr('colNextReview')}</th>
            {props.reviewable && <th scope="col">{tr('markReviewed')}</th>}
          </tr>
        </thead>
        <tbody>
          {props.entries.map((entry) => (
            <tr key={entry.id}>
              <th scope="row">
                <a href={`${staffBase(ctx)}/${entry.id}`}>{entry.question}</a>
              </th>
              <td>{entry.category}</td>
              <td>{tr(statusKey(entry.status))}</td>
              <td>{unitName(choices, entry.ownerUnitId) ?? tr('noOwner')}</td>
              <td>
                {isReviewDue(entry, props.now) ? (
                  <strong class="overdue">
                    {tr('overdue', { date: formatDate(entry.nextReviewAt, ctx.lang) })}
                  </strong>
                ) : (
                  formatDate(entry.nextReviewAt, ctx.lang)
                )}
              </td>
              {props.reviewable && (
                <td>
                  {props.reviewable(entry) && (
                    <ReviewButton
                      ctx={ctx}
                      entry={entry}
                      label={tr('markReviewedOf', { question: entry.question })}
                      fromDueList
                    />
                  )}
                </td>
              )}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** The staff's start page: the phone search, the review count, every answer by topic. */
export function StaffKnowledgeBase(
  props: PageProps & {
    query: string;
    hits?: EntryRow[];
    entries: EntryRow[];
    choices: EntryChoices;
    dueCount: number;
    mayEdit: boolean;
    archived: boolean;
    now: Date;
  },
) {
  const { ctx, query, hits, choices } = props;
  const tr = t(ctx);
  const base = staffBase(ctx);
  return (
    <BackOfficeLayout ctx={ctx} actor={props.actor} title={tr('staffTitle')}>
      <h1>{tr('staffTitle')}</h1>
      <Notice text={props.notice} />
      <p>{tr('staffIntro')}</p>
      <search>
        <form class="search-form" method="get" action={base}>
          <TextInput
            id="q"
            type="search"
            label={tr('staffSearchLabel')}
            hint={tr('staffSearchHint')}
            value={query}
            lang={ctx.lang}
          />
          <button type="submit" class="button">
            {tr('searchButton')}
          </button>
        </form>
      </search>
      {hits && (
        <section aria-labelledby="hits-title">
          <h2 id="hits-title">{tr('staffHitsCaption', { query })}</h2>
          {hits.length === 0 ? (
            <p role="status">{tr('staffHitsNone', { query })}</p>
          ) : (
            <ol class="card-list">
              {hits.map((entry) => (
                <Hit key={entry.id} ctx={ctx} entry={entry} choices={choices} />
              ))}
            </ol>
          )}
        </section>
      )}
      <p>
        {props.dueCount > 0 ? (
          <>
            {tr('dueCount', { count: props.dueCount })} <a href={`${base}/granska`}>{tr('dueLink')}</a>
          </>
        ) : (
          tr('dueNone')
        )}
      </p>
      {props.mayEdit && (
        <p>
          <a class="button" href={`${base}/ny`}>
            {tr('newEntry')}
          </a>
        </p>
      )}
      <h2>{tr('allEntriesTitle')}</h2>
      <EntryTable
        ctx={ctx}
        caption={tr('listCaption')}
        entries={props.entries}
        choices={choices}
        now={props.now}
      />
      <p>
        <a href={props.archived ? base : `${base}?arkiverade=ja`}>
          {props.archived ? tr('hideArchived') : tr('showArchived')}
        </a>
      </p>
    </BackOfficeLayout>
  );
}

/** One answer for staff: the text, its facts, and what the actor may do with it. */
export function StaffEntryPage(
  props: PageProps & {
    entry: EntryRow;
    services: LinkedService[];
    choices: EntryChoices;
    mayEdit: boolean;
    mayReview: boolean;
  },
) {
  const { ctx, entry, choices } = props;
  const tr = t(ctx);
  const date = (value: Date) => formatDate(value, ctx.lang);
  const facts: [string, string][] = [
    [tr('metaStatus'), tr(statusKey(entry.status))],
    [tr('colCategory'), entry.category],
    [tr('metaOwner'), unitName(choices, entry.ownerUnitId) ?? tr('noOwner')],
    [
      tr('metaServices'),
      props.services.map((s) => localized(s.title, ctx.lang)).join(', ') || tr('metaNone'),
    ],
    [tr('metaInterval'), tr('metaIntervalValue', { months: entry.reviewIntervalMonths })],
    [tr('metaLastReviewed'), `${date(entry.lastReviewedAt)} (${entry.lastReviewedByName ?? ''})`],
    [tr('metaNextReview'), date(entry.nextReviewAt)],
    [tr('metaUpdated'), `${date(entry.updatedAt)} (${entry.updatedByName})`],
  ];
  return (
    <BackOfficeLayout ctx={ctx} actor={props.actor} title={entry.question}>
      <h1>{entry.question}</h1>
      <Notice text={props.notice} />
      <AnswerText answer={entry.answer} />
      <h2>{tr('entryMeta')}</h2>
      <dl class="summary-list">
        {facts.map(([term, value]) => (
          <div key={term}>
            <dt>{term}</dt>
            <dd>{value}</dd>
          </div>
        ))}
      </dl>
      <div class="button-row">
        {props.mayEdit && (
          <a class="button" href={`${staffBase(ctx)}/${entry.id}/andra`}>
            {tr('edit')}
          </a>
        )}
        {props.mayReview && <ReviewButton ctx={ctx} entry={entry} label={tr('markReviewed')} />}
      </div>
      {entry.status === 'published' && (
        <p>
          <a href={`/${ctx.tenant?.slug ?? ''}/fragor-och-svar/${entry.id}`}>{tr('publicLink')}</a>
        </p>
      )}
      <p>
        <a href={staffBase(ctx)}>{tr('backToList')}</a>
      </p>
    </BackOfficeLayout>
  );
}

/** The answers whose review is due, each with its "mark reviewed" button where the actor may. */
export function DueForReviewPage(
  props: PageProps & {
    entries: EntryRow[];
    choices: EntryChoices;
    now: Date;
    mayReview: (entry: EntryRow) => boolean;
  },
) {
  const { ctx } = props;
  const tr = t(ctx);
  return (
    <BackOfficeLayout ctx={ctx} actor={props.actor} title={tr('dueTitle')}>
      <h1>{tr('dueTitle')}</h1>
      <Notice text={props.notice} />
      <p>{tr('dueIntro')}</p>
      {props.entries.length === 0 ? (
        <p>{tr('dueNone')}</p>
      ) : (
        <EntryTable
          ctx={ctx}
          caption={tr('dueCaption')}
          entries={props.entries}
          choices={props.choices}
          now={props.now}
          reviewable={props.mayReview}
        />
      )}
      <p>
        <a href={staffBase(ctx)}>{tr('backToList')}</a>
      </p>
    </BackOfficeLayout>
  );
}
