/**
 * One version's decision model: facts, download, the "Prova" form and its result, simulation and
 * publishing (drafts), and the model's decisions as tables.
 */
import { localized, translator } from '../../../platform/i18n/i18n.ts';
import { PostForm } from '../../../web/components.tsx';
import type { PageContext } from '../../../web/page-context.ts';
import type { StaffActor } from '../../organisation/model.ts';
import { rulesMessages } from '../messages.ts';
import type { RulesVersionDetails, TryResult } from '../service.ts';
import { ModelDecisions } from './decision-tables.tsx';
import { RulesPage, stateText, versionPath } from './rules-shared.tsx';
import { TryForm, TryResultView } from './try-form.tsx';

export interface VersionViewProps {
  ctx: PageContext;
  actor: StaffActor;
  details: RulesVersionDetails;
  notice?: string;
  result?: TryResult;
}

function Facts({ ctx, details }: { ctx: PageContext; details: RulesVersionDetails }) {
  const t = translator(rulesMessages, ctx.lang);
  const { version, support } = details;
  return (
    <dl class="summary-list">
      <div>
        <dt>{t('factsState')}</dt>
        <dd>{stateText(version, ctx.lang)}</dd>
      </div>
      {support && (
        <>
          <div>
            <dt>{t('factsDecision')}</dt>
            <dd>{support.decision}</dd>
          </div>
          <div>
            <dt>{t('factsSha')}</dt>
            <dd>
              <code class="sha">{version.modelSha256}</code>
            </dd>
          </div>
          <div>
            <dt>{t('factsLegalBasis')}</dt>
            <dd>{support.legalBasis}</dd>
          </div>
          <div>
            <dt>{t('factsInputs')}</dt>
            <dd>
              <ul>
                {Object.entries(support.inputs).map(([input, field]) => (
                  <li key={input}>{t('inputFrom', { input, field })}</li>
                ))}
              </ul>
            </dd>
          </div>
        </>
      )}
    </dl>
  );
}

function Actions({ ctx, details }: { ctx: PageContext; details: RulesVersionDetails }) {
  const t = translator(rulesMessages, ctx.lang);
  const path = versionPath(ctx, details.service.slug, details.version.id);
  const version = details.version.version;
  return (
    <>
      {details.support && (
        <>
          <h2>{t('simulateTitle')}</h2>
          <p>{t('simulateIntro')}</p>
          <p>
            <a class="button secondary" href={`${path}/simulering`}>
              {t('simulateLink', { version })}
            </a>
          </p>
        </>
      )}
      {details.version.state === 'draft' && (
        <>
          <h2>{t('publishTitle')}</h2>
          <p>{t('publishIntro')}</p>
          <PostForm action={`${path}/publicera`} csrfToken={ctx.csrfToken}>
            <button type="submit" class="button">
              {t('publishButton', { version })}
            </button>
          </PostForm>
        </>
      )}
    </>
  );
}

/** The version page. */
export function VersionView({ ctx, actor, details, notice, result }: VersionViewProps) {
  const t = translator(rulesMessages, ctx.lang);
  const path = versionPath(ctx, details.service.slug, details.version.id);
  const title = t('versionTitle', {
    service: localized(details.service.title, ctx.lang),
    version: details.version.version,
  });
  const errors = (result?.input.errors ?? []).map((error) => ({
    href: error.field,
    message: t(error.message),
  }));
  return (
    <RulesPage ctx={ctx} actor={actor} title={title} notice={notice} errors={errors}>
      <Facts ctx={ctx} details={details} />
      {!details.support && <p>{t('noModelHere')}</p>}
      {details.modelError && <p>{t('modelUnreadable', { message: details.modelError })}</p>}
      {details.support && (
        <p>
          <a href={`${path}/modell.dmn`} download>
            {t('download')}
          </a>
        </p>
      )}
      {details.model && (
        <>
          <h2>{t('tryTitle')}</h2>
          <p>{t('tryIntro')}</p>
          <TryForm ctx={ctx} action={`${path}/prova`} fields={details.fields} result={result} />
          {result && <TryResultView ctx={ctx} result={result} />}
          <Actions ctx={ctx} details={details} />
          <h2>{t('tablesTitle')}</h2>
          <ModelDecisions model={details.model} lang={ctx.lang} />
        </>
      )}
      {!details.model && details.version.state === 'draft' && <Actions ctx={ctx} details={details} />}
    </RulesPage>
  );
}
