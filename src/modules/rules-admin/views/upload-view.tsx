/**
 * Uploading a new DMN model for a service: the file field, and when the model was refused, every
 * problem in a table naming decision, row and column (the summary and the field point to it).
 */
import { localized, translator } from '../../../platform/i18n/i18n.ts';
import { PostForm } from '../../../web/components.tsx';
import { describedBy } from '../../../web/form-fields.tsx';
import type { PageContext } from '../../../web/page-context.ts';
import type { StaffActor } from '../../organisation/model.ts';
import { rulesMessages } from '../messages.ts';
import type { ModelProblem } from '../model.ts';
import type { RulesService } from '../service.ts';
import { RulesPage, rulesBase } from './rules-shared.tsx';

export interface UploadViewProps {
  ctx: PageContext;
  actor: StaffActor;
  service: RulesService;
  problems?: ModelProblem[];
}

function ProblemsTable({ ctx, problems }: { ctx: PageContext; problems: ModelProblem[] }) {
  const t = translator(rulesMessages, ctx.lang);
  return (
    <div class="table-scroll" id="modell-fel">
      <table class="data">
        <caption>{t('problemsCaption')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('colProblemDecision')}</th>
            <th scope="col">{t('colProblemRow')}</th>
            <th scope="col">{t('colProblemColumn')}</th>
            <th scope="col">{t('colProblemMessage')}</th>
            <th scope="col">{t('colProblemCode')}</th>
          </tr>
        </thead>
        <tbody>
          {problems.map((problem, i) => (
            <tr key={`${problem.code}-${i}`}>
              <td>{problem.decision ?? '–'}</td>
              <td>{problem.rule ?? '–'}</td>
              <td>{problem.column ?? '–'}</td>
              <td>{localized(problem.message, ctx.lang)}</td>
              <td>
                <code>{problem.code}</code>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** The upload page. */
export function UploadView({ ctx, actor, service, problems }: UploadViewProps) {
  const t = translator(rulesMessages, ctx.lang);
  const title = t('uploadTitle', { service: localized(service.title, ctx.lang) });
  const latest = service.versions[0]?.version ?? 1;
  const fieldError =
    problems && problems.length > 0
      ? problems.length === 1
        ? t('uploadErrorOne')
        : t('uploadErrorMany', { count: problems.length })
      : undefined;
  const errors = fieldError ? [{ href: 'modell', message: fieldError }] : [];
  return (
    <RulesPage ctx={ctx} actor={actor} title={title} errors={errors}>
      <p>{t('uploadIntro', { version: latest })}</p>
      {problems && problems.length > 0 && <p>{t('uploadRefused')}</p>}
      <PostForm action={`${rulesBase(ctx)}/${service.slug}/ny-modell`} csrfToken={ctx.csrfToken} multipart>
        <div class={fieldError ? 'field has-error' : 'field'}>
          <label for="modell">{t('fileLabel')}</label>
          <p class="hint" id="modell-hint">
            {t('fileHint')}
          </p>
          {fieldError && (
            <p class="error-message" id="modell-error">
              <span class="visually-hidden">{ctx.lang === 'sv' ? 'Fel: ' : 'Error: '}</span>
              {fieldError}
            </p>
          )}
          <input
            type="file"
            id="modell"
            name="modell"
            accept=".dmn,.xml,application/xml,text/xml"
            aria-invalid={fieldError ? 'true' : undefined}
            aria-describedby={describedBy('modell', t('fileHint'), fieldError)}
          />
        </div>
        {problems && problems.length > 0 && <ProblemsTable ctx={ctx} problems={problems} />}
        <button type="submit" class="button">
          {t('uploadButton')}
        </button>
      </PostForm>
    </RulesPage>
  );
}
