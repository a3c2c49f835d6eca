/**
 * The coordinator's follow-up pages (issue #13): the supply matrix (operating models × target groups,
 * the groups no model reaches marked in words, not colour only) and the needs interviews (the form,
 * stored without names, and the summary of the most common gaps).
 */
import { type Language, translator } from '../../../platform/i18n/i18n.ts';
import { PostForm } from '../../../web/components.tsx';
import { Select, TextArea, TextInput } from '../../../web/form-fields.tsx';
import type { PageContext } from '../../../web/page-context.ts';
import type { StaffActor } from '../../organisation/model.ts';
import { AdminPage } from '../../organisation/views/admin-page.tsx';
import type { CodeCount, GapSummary } from '../interview-model.ts';
import { digitalSupportMessages, LABELS, type LabelList, label } from '../messages.ts';
import { OPERATING_MODELS, type SupplyMatrix } from '../model.ts';
import {
  CheckboxGroup,
  errorTexts,
  type FieldErrors,
  type FormValues,
  groupInputId,
  many,
  one,
  summaryOf,
} from './form-parts.tsx';
import { CoordinatorNav, coordinatorBase } from './offer-admin.tsx';

/** The supply matrix page. */
export function MatrixView({
  ctx,
  actor,
  matrix,
}: {
  ctx: PageContext;
  actor: StaffActor;
  matrix: SupplyMatrix;
}) {
  const tr = translator(digitalSupportMessages, ctx.lang);
  const names = (list: LabelList, codes: string[]) =>
    codes.map((code) => label(list, code, ctx.lang)).join(', ');
  return (
    <AdminPage ctx={ctx} actor={actor} title={tr('matrixTitle')} section="digitalSupport" inputId={() => ''}>
      <CoordinatorNav ctx={ctx} />
      <p>{tr('matrixIntro')}</p>
      <p class="matrix-summary">
        <strong>
          {matrix.unreached.length > 0
            ? tr('unreachedSummary', { groups: names('targetGroups', matrix.unreached) })
            : tr('allReached')}
        </strong>
      </p>
      {matrix.unusedModels.length > 0 && (
        <p>{tr('unusedModels', { models: names('operatingModels', matrix.unusedModels) })}</p>
      )}
      <div class="table-scroll">
        <table class="data supply-matrix">
          <caption>{tr('matrixCaption')}</caption>
          <thead>
            <tr>
              <th scope="col">{tr('colTargetGroup')}</th>
              {OPERATING_MODELS.map((model) => (
                <th scope="col" key={model}>
                  {label('operatingModels', model, ctx.lang)}
                </th>
              ))}
              <th scope="col">{tr('colTotal')}</th>
            </tr>
          </thead>
          <tbody>
            {matrix.rows.map((row) => {
              const gap = matrix.unreached.includes(row.targetGroup);
              return (
                <tr key={row.targetGroup} class={gap ? 'gap' : undefined}>
                  <th scope="row">
                    {label('targetGroups', row.targetGroup, ctx.lang)}
                    {gap && <strong class="gap-mark"> – {tr('unreached')}</strong>}
                  </th>
                  {OPERATING_MODELS.map((model) => (
                    <td key={model}>{row.counts[model]}</td>
                  ))}
                  <td>{row.total}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
    </AdminPage>
  );
}

function CountTable<T extends string>(props: {
  caption: string;
  list: LabelList;
  counts: CodeCount<T>[];
  lang: Language;
}) {
  const tr = translator(digitalSupportMessages, props.lang);
  return (
    <div class="table-scroll">
      <table class="data">
        <caption>{props.caption}</caption>
        <thead>
          <tr>
            <th scope="col">{tr('colCode')}</th>
            <th scope="col">{tr('colCount')}</th>
          </tr>
        </thead>
        <tbody>
          {props.counts.map((entry) => (
            <tr key={entry.code}>
              <th scope="row">{label(props.list, entry.code, props.lang)}</th>
              <td>{entry.count}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function Summary({ ctx, summary }: { ctx: PageContext; summary: GapSummary }) {
  const tr = translator(digitalSupportMessages, ctx.lang);
  const top = (list: LabelList, counts: CodeCount<string>[]) =>
    counts[0] ? `${label(list, counts[0].code, ctx.lang)} (${counts[0].count})` : '–';
  return (
    <section aria-labelledby="summary-title">
      <h2 id="summary-title">{tr('summaryTitle')}</h2>
      {summary.interviews === 0 ? (
        <p>{tr('summaryNone')}</p>
      ) : (
        <>
          <p>{tr('summaryCount', { count: summary.interviews })}</p>
          <CountTable
            caption={tr('difficultiesCaption')}
            list="difficulties"
            counts={summary.difficulties}
            lang={ctx.lang}
          />
          <CountTable
            caption={tr('helpMissingCaption')}
            list="helpMissing"
            counts={summary.helpMissing}
            lang={ctx.lang}
          />
          <div class="table-scroll">
            <table class="data">
              <caption>{tr('byGroupCaption')}</caption>
              <thead>
                <tr>
                  <th scope="col">{tr('colTargetGroup')}</th>
                  <th scope="col">{tr('colInterviews')}</th>
                  <th scope="col">{tr('colTopDifficulty')}</th>
                  <th scope="col">{tr('colTopMissing')}</th>
                </tr>
              </thead>
              <tbody>
                {summary.byTargetGroup.map((group) => (
                  <tr key={group.targetGroup}>
                    <th scope="row">{label('targetGroups', group.targetGroup, ctx.lang)}</th>
                    <td>{group.interviews}</td>
                    <td>{top('difficulties', group.difficulties)}</td>
                    <td>{top('helpMissing', group.helpMissing)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}
    </section>
  );
}

const LISTS = ['servicesUsed', 'difficulties', 'helpReceived', 'helpMissing'] as const;

/** The interviews page: the form (refused with its errors) and the summary. */
export function InterviewsView(props: {
  ctx: PageContext;
  actor: StaffActor;
  summary: GapSummary;
  values: FormValues;
  errors: FieldErrors;
  notice?: string;
}) {
  const { ctx, values } = props;
  const tr = translator(digitalSupportMessages, ctx.lang);
  const messages = errorTexts(props.errors, ctx.lang, (field) =>
    field === 'targetGroup'
      ? tr('colTargetGroup')
      : tr(field as 'interviewedOn' | 'lifeSituation' | 'difficulties' | 'note'),
  );
  const inputId = (field: string) => (field === 'difficulties' ? groupInputId(field, 'difficulties') : field);
  const options = (list: 'targetGroups' | 'lifeSituations'): [string, string][] => [
    ['', tr('choosePlaceholder')],
    ...Object.entries(LABELS[list])
      .filter(([code]) => code !== 'alla')
      .map(([code, text]): [string, string] => [code, text[ctx.lang]]),
  ];
  return (
    <AdminPage
      ctx={ctx}
      actor={props.actor}
      title={tr('interviewsTitle')}
      section="digitalSupport"
      notice={props.notice}
      inputId={() => ''}
      summaryErrors={summaryOf(messages, inputId)}
    >
      <CoordinatorNav ctx={ctx} />
      <p>{tr('interviewsIntro')}</p>
      <Summary ctx={ctx} summary={props.summary} />
      <h2>{tr('interviewForm')}</h2>
      <PostForm action={`${coordinatorBase(ctx)}/intervjuer`} csrfToken={ctx.csrfToken}>
        <TextInput
          id="interviewedOn"
          label={tr('interviewedOn')}
          hint={tr('interviewedOnHint')}
          error={messages.get('interviewedOn')}
          value={one(values.interviewedOn)}
          lang={ctx.lang}
        />
        <Select
          id="targetGroup"
          label={tr('colTargetGroup')}
          error={messages.get('targetGroup')}
          value={one(values.targetGroup)}
          lang={ctx.lang}
          options={options('targetGroups')}
        />
        <Select
          id="lifeSituation"
          label={tr('lifeSituation')}
          error={messages.get('lifeSituation')}
          value={one(values.lifeSituation)}
          lang={ctx.lang}
          options={options('lifeSituations')}
        />
        {LISTS.map((list) => (
          <CheckboxGroup
            key={list}
            name={list}
            list={list}
            legend={tr(list)}
            checked={many(values[list])}
            error={messages.get(list)}
            lang={ctx.lang}
          />
        ))}
        <TextArea
          id="note"
          label={tr('note')}
          hint={tr('noteHint')}
          error={messages.get('note')}
          value={one(values.note)}
          lang={ctx.lang}
          rows={3}
        />
        <button type="submit" class="button">
          {tr('recordInterview')}
        </button>
      </PostForm>
    </AdminPage>
  );
}
