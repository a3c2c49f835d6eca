/** The decision rules overview: the tenant's services with decision models and their versions. */
import { localized, translator } from '../../../platform/i18n/i18n.ts';
import type { PageContext } from '../../../web/page-context.ts';
import type { StaffActor } from '../../organisation/model.ts';
import { rulesMessages } from '../messages.ts';
import type { RulesService } from '../service.ts';
import { RulesPage, rulesBase, stateText, versionPath } from './rules-shared.tsx';

export interface RulesListProps {
  ctx: PageContext;
  actor: StaffActor;
  services: RulesService[];
}

function VersionsTable({ ctx, service }: { ctx: PageContext; service: RulesService }) {
  const t = translator(rulesMessages, ctx.lang);
  const title = localized(service.title, ctx.lang);
  return (
    <div class="table-scroll">
      <table class="data">
        <caption>{t('versionsCaption', { service: title })}</caption>
        <thead>
          <tr>
            <th scope="col">{t('colVersion')}</th>
            <th scope="col">{t('colState')}</th>
            <th scope="col">{t('colDecision')}</th>
            <th scope="col">{t('colSha')}</th>
          </tr>
        </thead>
        <tbody>
          {service.versions.map((version) => (
            <tr key={version.id}>
              <th scope="row">
                <a
                  href={versionPath(ctx, service.slug, version.id)}
                  aria-label={t('openVersionLabel', { version: version.version, service: title })}
                >
                  {t('openVersion', { version: version.version })}
                </a>
              </th>
              <td>{stateText(version, ctx.lang)}</td>
              <td>{version.decision ?? t('noModel')}</td>
              <td>{version.modelSha256 ? <code class="sha">{version.modelSha256}</code> : '–'}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** The overview page. */
export function RulesListView({ ctx, actor, services }: RulesListProps) {
  const t = translator(rulesMessages, ctx.lang);
  const withRules = services.filter((service) => service.hasRules);
  const without = services.filter((service) => !service.hasRules);
  return (
    <RulesPage ctx={ctx} actor={actor} title={t('rulesTitle')}>
      <p>{t('rulesIntro')}</p>
      <h2>{t('withRulesTitle')}</h2>
      {withRules.length === 0 && <p>{t('noServices')}</p>}
      {withRules.map((service) => {
        const title = localized(service.title, ctx.lang);
        return (
          <section key={service.serviceId} aria-labelledby={`tjanst-${service.slug}`}>
            <h3 id={`tjanst-${service.slug}`}>{title}</h3>
            <VersionsTable ctx={ctx} service={service} />
            <p>
              <a
                href={`${rulesBase(ctx)}/${service.slug}/ny-modell`}
                aria-label={t('uploadLinkLabel', { service: title })}
              >
                {t('uploadLink')}
              </a>
            </p>
          </section>
        );
      })}
      {without.length > 0 && (
        <>
          <h2>{t('withoutRulesTitle')}</h2>
          <p>{t('withoutRulesIntro')}</p>
          <ul>
            {without.map((service) => (
              <li key={service.serviceId}>
                {localized(service.title, ctx.lang)} (<code>{service.slug}</code>)
              </li>
            ))}
          </ul>
        </>
      )}
    </RulesPage>
  );
}
