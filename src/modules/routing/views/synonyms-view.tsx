/**
 * `/{tenant}/handlaggning/admin/synonymer`: the municipality's search synonyms (issue #13) — the list
 * with a remove button each, and the form to add one, refused fields shown beside the field and in
 * the summary, what was typed kept.
 */
import { translator } from '../../../platform/i18n/i18n.ts';
import { PostForm, type SummaryError } from '../../../web/components.tsx';
import { Select, TextInput } from '../../../web/form-fields.tsx';
import type { PageContext } from '../../../web/page-context.ts';
import type { StaffActor } from '../../organisation/model.ts';
import { AdminPage, adminBase } from '../../organisation/views/admin-page.tsx';
import { routingMessages, synonymErrorKey } from '../messages.ts';
import type { SynonymInput, SynonymRow } from '../service.ts';

/** A refused synonym: field errors (codes) and what was typed. */
export interface RefusedSynonym {
  errors: { field: string; message: string }[];
  values: SynonymInput;
}

export function SynonymsView(props: {
  ctx: PageContext;
  actor: StaffActor;
  synonyms: SynonymRow[];
  services: { serviceId: string; title: string }[];
  notice?: string;
  refused?: RefusedSynonym;
}) {
  const { ctx, refused } = props;
  const t = translator(routingMessages, ctx.lang);
  const base = `${adminBase(ctx)}/synonymer`;
  const error = (field: string) => {
    const found = refused?.errors.find((candidate) => candidate.field === field);
    return found ? t(synonymErrorKey(found.message)) : undefined;
  };
  const summaryErrors: SummaryError[] = (refused?.errors ?? []).map((found) => ({
    href: found.field === 'serviceId' || found.field === 'words' ? found.field : 'phrase',
    message: t(synonymErrorKey(found.message)),
  }));
  const titleOf = new Map(props.services.map((service) => [service.serviceId, service.title]));
  return (
    <AdminPage
      ctx={ctx}
      actor={props.actor}
      title={t('synonymsTitle')}
      section="routing"
      notice={props.notice}
      inputId={() => ''}
      summaryErrors={summaryErrors}
    >
      <p>{t('synonymsIntro')}</p>
      {props.synonyms.length === 0 ? (
        <p>{t('synonymsNone')}</p>
      ) : (
        <div class="table-scroll">
          <table class="data">
            <caption>{t('synonymsCaption')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('colPhrase')}</th>
                <th scope="col">{t('colService')}</th>
                <th scope="col">{t('colWords')}</th>
                <th scope="col">{t('colActions')}</th>
              </tr>
            </thead>
            <tbody>
              {props.synonyms.map((synonym) => (
                <tr key={synonym.id}>
                  <th scope="row">{synonym.phrase}</th>
                  <td>{synonym.serviceId ? (titleOf.get(synonym.serviceId) ?? '') : ''}</td>
                  <td>{synonym.words}</td>
                  <td>
                    <PostForm action={`${base}/${synonym.id}/ta-bort`} csrfToken={ctx.csrfToken}>
                      <button type="submit" class="button secondary">
                        {t('remove', { phrase: synonym.phrase })}
                      </button>
                    </PostForm>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <h2>{t('addTitle')}</h2>
      <PostForm action={`${base}/ny`} csrfToken={ctx.csrfToken}>
        <TextInput
          id="phrase"
          label={t('phrase')}
          hint={t('phraseHint')}
          error={error('phrase')}
          value={refused?.values.phrase}
          lang={ctx.lang}
        />
        <Select
          id="serviceId"
          label={t('service')}
          hint={t('serviceHint')}
          error={error('serviceId')}
          value={refused?.values.serviceId}
          lang={ctx.lang}
          options={[
            ['', t('serviceNone')],
            ...props.services.map((s): [string, string] => [s.serviceId, s.title]),
          ]}
        />
        <TextInput
          id="words"
          label={t('words')}
          hint={t('wordsHint')}
          error={error('words')}
          value={refused?.values.words}
          lang={ctx.lang}
        />
        <button type="submit" class="button">
          {t('add')}
        </button>
      </PostForm>
    </AdminPage>
  );
}
