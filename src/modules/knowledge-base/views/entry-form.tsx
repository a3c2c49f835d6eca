/**
 * The form that writes an answer (issue #13): question, answer, topic, the e-services it concerns,
 * owner unit, status and review interval; each refused field has its error beside it, and what was
 * typed is kept when the form is refused.
 */
import { localized, translator } from '../../../platform/i18n/i18n.ts';
import { BackOfficeLayout } from '../../../web/back-office-layout.tsx';
import { ErrorSummary, PostForm } from '../../../web/components.tsx';
import { FieldGroup, Select, TextArea, TextInput } from '../../../web/form-fields.tsx';
import type { PageContext } from '../../../web/page-context.ts';
import type { StaffActor } from '../../organisation/model.ts';
import { errorKey, knowledgeBaseMessages, statusKey } from '../messages.ts';
import { DEFAULT_REVIEW_INTERVAL, ENTRY_STATUSES, type EntryForm, REVIEW_INTERVALS } from '../model.ts';
import type { EntryChoices } from '../service.ts';
import { staffBase } from './staff-views.tsx';

/** The fields in the order the form shows them (the error summary follows it). */
const FIELD_ORDER = ['question', 'answer', 'category', 'ownerUnitId', 'status', 'reviewIntervalMonths'];

export interface EntryFormPageProps {
  ctx: PageContext;
  actor: StaffActor;
  choices: EntryChoices;
  /** Set when changing an existing answer. */
  entryId?: string;
  values: EntryForm;
  errors: { field: string; message: string }[];
}

function ServiceBoxes({
  ctx,
  choices,
  checked,
}: {
  ctx: PageContext;
  choices: EntryChoices;
  checked: string[];
}) {
  const tr = translator(knowledgeBaseMessages, ctx.lang);
  return (
    <FieldGroup id="services" legend={tr('servicesLegend')} hint={tr('servicesHint')} lang={ctx.lang}>
      {choices.services.length === 0 && <p>{tr('servicesNone')}</p>}
      {choices.services.map((service, index) => (
        <div class="choice" key={service.serviceId}>
          <input
            type="checkbox"
            id={`service-${index}`}
            name="serviceIds"
            value={service.serviceId}
            checked={checked.includes(service.serviceId)}
          />
          <label for={`service-${index}`}>{localized(service.title, ctx.lang)}</label>
        </div>
      ))}
    </FieldGroup>
  );
}

/** The new-answer or change-answer page. */
export function EntryFormPage(props: EntryFormPageProps) {
  const { ctx, choices, values, entryId } = props;
  const tr = translator(knowledgeBaseMessages, ctx.lang);
  const title = entryId ? tr('editTitle') : tr('createTitle');
  const errorOf = (field: string) => {
    const found = props.errors.find((error) => error.field === field);
    return found ? tr(errorKey(found.message)) : undefined;
  };
  const summary = FIELD_ORDER.flatMap((field) => {
    const message = errorOf(field);
    return message ? [{ href: field, message }] : [];
  });
  const action = entryId ? `${staffBase(ctx)}/${entryId}/andra` : `${staffBase(ctx)}/ny`;
  const categories = choices.categories.join(', ');
  return (
    <BackOfficeLayout ctx={ctx} actor={props.actor} title={title} hasErrors={summary.length > 0}>
      <h1>{title}</h1>
      <ErrorSummary errors={summary} lang={ctx.lang} />
      <PostForm action={action} csrfToken={ctx.csrfToken}>
        <TextInput
          id="question"
          label={tr('question')}
          hint={tr('questionHint')}
          error={errorOf('question')}
          value={values.question}
          lang={ctx.lang}
        />
        <TextArea
          id="answer"
          label={tr('answer')}
          hint={tr('answerHint')}
          error={errorOf('answer')}
          value={values.answer}
          rows={12}
          lang={ctx.lang}
        />
        <TextInput
          id="category"
          label={tr('categoryField')}
          hint={categories ? tr('categoryHint', { categories }) : tr('categoryHintNone')}
          error={errorOf('category')}
          value={values.category}
          lang={ctx.lang}
        />
        <ServiceBoxes ctx={ctx} choices={choices} checked={values.serviceIds ?? []} />
        <Select
          id="ownerUnitId"
          label={tr('ownerField')}
          hint={tr('ownerHint')}
          error={errorOf('ownerUnitId')}
          value={values.ownerUnitId ?? ''}
          options={[
            ['', tr('ownerNone')],
            ...choices.units.map((unit): [string, string] => [unit.id, unit.name]),
          ]}
          lang={ctx.lang}
        />
        <Select
          id="status"
          label={tr('statusField')}
          hint={tr('statusHint')}
          error={errorOf('status')}
          value={values.status ?? 'published'}
          options={ENTRY_STATUSES.map((status): [string, string] => [status, tr(statusKey(status))])}
          lang={ctx.lang}
        />
        <Select
          id="reviewIntervalMonths"
          label={tr('intervalField')}
          error={errorOf('reviewIntervalMonths')}
          value={values.reviewIntervalMonths ?? String(DEFAULT_REVIEW_INTERVAL)}
          options={REVIEW_INTERVALS.map((months): [string, string] => [
            String(months),
            tr('intervalOption', { months }),
          ])}
          lang={ctx.lang}
        />
        <button type="submit" class="button">
          {tr('save')}
        </button>
      </PostForm>
      <p>
        <a href={entryId ? `${staffBase(ctx)}/${entryId}` : staffBase(ctx)}>{tr('backToList')}</a>
      </p>
    </BackOfficeLayout>
  );
}
