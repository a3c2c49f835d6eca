/**
 * `/{tenant}/handlaggning/admin/invanarlogg`: whether residents' access logs name the officers
 * (issue #14, decision 0032). Radio buttons, so "no" is an answer too without JavaScript.
 */
import { translator } from '../../../platform/i18n/i18n.ts';
import { PostForm } from '../../../web/components.tsx';
import { FieldGroup } from '../../../web/form-fields.tsx';
import type { PageContext } from '../../../web/page-context.ts';
import type { StaffActor } from '../../organisation/model.ts';
import { AdminPage, adminBase } from '../../organisation/views/admin-page.tsx';
import { dataRightsMessages } from '../messages.ts';

/** The form; `error` is set when no choice was made. */
export function AccessLogSettingsView(props: {
  ctx: PageContext;
  actor: StaffActor;
  show: boolean | undefined;
  error?: boolean;
  notice?: boolean;
}) {
  const { ctx } = props;
  const t = translator(dataRightsMessages, ctx.lang);
  const error = props.error ? t('settingsMissing') : undefined;
  const options: [string, string, boolean][] = [
    ['yes', t('settingsYes'), props.show === true],
    ['no', t('settingsNo'), props.show === false],
  ];
  return (
    <AdminPage
      ctx={ctx}
      actor={props.actor}
      title={t('settingsTitle')}
      section="residentAccessLog"
      notice={props.notice ? t('settingsSaved') : undefined}
      inputId={() => ''}
      summaryErrors={error ? [{ href: 'showNames-yes', message: error }] : []}
    >
      <p>{t('settingsIntro')}</p>
      <PostForm action={`${adminBase(ctx)}/invanarlogg`} csrfToken={ctx.csrfToken}>
        <FieldGroup id="showNames" legend={t('settingsLegend')} error={error} lang={ctx.lang}>
          {options.map(([value, text, checked]) => (
            <div class="choice" key={value}>
              <input
                type="radio"
                id={`showNames-${value}`}
                name="showNames"
                value={value}
                checked={checked}
              />
              <label for={`showNames-${value}`}>{text}</label>
            </div>
          ))}
        </FieldGroup>
        <button type="submit" class="button">
          {t('settingsSave')}
        </button>
      </PostForm>
    </AdminPage>
  );
}
