/**
 * The administrators' open data page, `/{tenant}/handlaggning/admin/oppna-data` (issue #12): which
 * datasets to publish and the publisher in the catalogue. A refused form comes back with each error
 * next to its field and in the summary, and what was typed kept.
 */
import { localized, translator } from '../../../platform/i18n/i18n.ts';
import { PostForm, type SummaryError } from '../../../web/components.tsx';
import { TextInput } from '../../../web/form-fields.tsx';
import type { PageContext } from '../../../web/page-context.ts';
import type { StaffActor } from '../../organisation/model.ts';
import { AdminPage, adminBase } from '../../organisation/views/admin-page.tsx';
import { DATASETS } from '../dataset-model.ts';
import { openDataMessages, settingsErrorKey } from '../messages.ts';
import { DATASET_IDS } from '../model.ts';

/** The form's values: as saved, or as typed in a refused post. */
export interface SettingsValues {
  datasets: string[];
  publisherUri: string;
  organisationNumber: string;
  contactName: string;
  contactEmail: string;
}

type TextField = 'publisherUri' | 'organisationNumber' | 'contactName' | 'contactEmail';
const TEXT_FIELDS: TextField[] = ['publisherUri', 'organisationNumber', 'contactName', 'contactEmail'];
const HINTS: Partial<Record<TextField, 'publisherUriHint' | 'organisationNumberHint' | 'contactNameHint'>> = {
  publisherUri: 'publisherUriHint',
  organisationNumber: 'organisationNumberHint',
  contactName: 'contactNameHint',
};

/** The settings page; `errors` are a refused post's field errors (codes). */
export function OpenDataAdminView(props: {
  ctx: PageContext;
  actor: StaffActor;
  values: SettingsValues;
  errors: { field: string; message: string }[];
  notice?: string;
}) {
  const { ctx, values } = props;
  const tr = translator(openDataMessages, ctx.lang);
  const fieldName = (field: TextField) => {
    const label = tr(field);
    return label.charAt(0).toLowerCase() + label.slice(1);
  };
  const errorOf = (field: TextField) => {
    const error = props.errors.find((candidate) => candidate.field === field);
    return error ? tr(settingsErrorKey(error.message), { field: fieldName(field) }) : undefined;
  };
  const summaryErrors: SummaryError[] = TEXT_FIELDS.flatMap((field) => {
    const message = errorOf(field);
    return message ? [{ href: field, message }] : [];
  });
  return (
    <AdminPage
      ctx={ctx}
      actor={props.actor}
      title={tr('adminTitle')}
      section="openData"
      notice={props.notice}
      inputId={() => ''}
      summaryErrors={summaryErrors}
    >
      <p>{tr('adminIntro')}</p>
      <p>
        <a href={`/${ctx.tenant?.slug ?? ''}/oppna-data`}>{tr('publicPage')}</a>
      </p>
      <PostForm action={`${adminBase(ctx)}/oppna-data`} csrfToken={ctx.csrfToken}>
        <div class="field">
          <fieldset aria-describedby="datasets-hint">
            <legend>{tr('datasetsLegend')}</legend>
            <p class="hint" id="datasets-hint">
              {tr('datasetsHint')}
            </p>
            {DATASET_IDS.map((id) => (
              <div class="choice" key={id}>
                <input
                  type="checkbox"
                  id={`dataset-${id}`}
                  name="datasets"
                  value={id}
                  checked={values.datasets.includes(id)}
                />
                <label for={`dataset-${id}`}>{localized(DATASETS[id].title, ctx.lang)}</label>
              </div>
            ))}
          </fieldset>
        </div>
        {TEXT_FIELDS.map((field) => {
          const hint = HINTS[field];
          return (
            <TextInput
              key={field}
              id={field}
              label={tr(field)}
              hint={hint ? tr(hint) : undefined}
              error={errorOf(field)}
              value={values[field]}
              lang={ctx.lang}
              type={field === 'contactEmail' ? 'email' : 'text'}
            />
          );
        })}
        <button type="submit" class="button">
          {tr('save')}
        </button>
      </PostForm>
    </AdminPage>
  );
}
