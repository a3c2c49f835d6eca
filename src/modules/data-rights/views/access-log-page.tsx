/** Who read my cases: every case's reads and the look-ups of the person, or one case's reads. */
import { formatDateTime, localized, translator } from '../../../platform/i18n/i18n.ts';
import { Layout } from '../../../web/layout.tsx';
import type { PageContext } from '../../../web/page-context.ts';
import type { AccessLog, CaseAccess, PersonAccess } from '../access-log.ts';
import { dataRightsMessages } from '../messages.ts';
import type { AccessEntry } from '../model.ts';
import { readerTexts } from '../reader-text.ts';
import { RIGHTS_PATH } from './rights-page.tsx';

function AccessTable(props: { ctx: PageContext; caption: string; entries: (AccessEntry | PersonAccess)[] }) {
  const { ctx } = props;
  const t = translator(dataRightsMessages, ctx.lang);
  const withMunicipality = props.entries.some((entry) => 'municipality' in entry);
  return (
    <div class="table-scroll">
      <table class="data">
        <caption class="visually-hidden">{props.caption}</caption>
        <thead>
          <tr>
            <th scope="col">{t('colWhen')}</th>
            <th scope="col">{t('colWhat')}</th>
            <th scope="col">{t('colWho')}</th>
            <th scope="col">{t('colUnit')}</th>
            <th scope="col">{t('colRole')}</th>
            {withMunicipality && <th scope="col">{t('colMunicipality')}</th>}
          </tr>
        </thead>
        <tbody>
          {props.entries.map((entry, index) => {
            const text = readerTexts(entry, ctx.lang);
            return (
              <tr key={`${entry.at.toISOString()}-${index}`}>
                <td>
                  <time dateTime={entry.at.toISOString()}>{formatDateTime(entry.at, ctx.lang)}</time>
                </td>
                <td>{text.action}</td>
                <td>{text.who}</td>
                <td>{text.unit}</td>
                <td>{text.role}</td>
                {withMunicipality && <td>{'municipality' in entry ? entry.municipality : ''}</td>}
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}

function CaseReads({ ctx, item }: { ctx: PageContext; item: CaseAccess }) {
  const t = translator(dataRightsMessages, ctx.lang);
  if (item.entries.length === 0) return <p>{t('accessNone')}</p>;
  const caption = t('tableCaption', { reference: item.reference, municipality: item.municipality });
  return <AccessTable ctx={ctx} caption={caption} entries={item.entries} />;
}

/** `/mina-sidor/mina-uppgifter/vem-har-last`. */
export function AccessLogPage({ ctx, log }: { ctx: PageContext; log: AccessLog }) {
  const t = translator(dataRightsMessages, ctx.lang);
  return (
    <Layout ctx={ctx} title={t('accessPageTitle')}>
      <p>
        <a href={RIGHTS_PATH}>{t('backToRights')}</a>
      </p>
      <h1>{t('accessPageTitle')}</h1>
      <p class="lead">{t('accessPageIntro')}</p>
      {log.cases.length === 0 && <p>{t('accessNoCases')}</p>}
      {log.cases.map((item) => (
        <section key={item.reference}>
          <h2>
            <a href={`/mina-sidor/arenden/${item.reference}`}>{localized(item.service, ctx.lang)}</a>
          </h2>
          <p>
            {item.reference} · {item.municipality}
          </p>
          <CaseReads ctx={ctx} item={item} />
        </section>
      ))}
      <h2>{t('aboutYouTitle')}</h2>
      <p>{t('aboutYouIntro')}</p>
      {log.aboutYou.length === 0 ? (
        <p>{t('aboutYouNone')}</p>
      ) : (
        <AccessTable ctx={ctx} caption={t('aboutYouCaption')} entries={log.aboutYou} />
      )}
    </Layout>
  );
}

/** `/mina-sidor/arenden/{reference}/vem-har-last`. */
export function CaseAccessPage({ ctx, item }: { ctx: PageContext; item: CaseAccess }) {
  const t = translator(dataRightsMessages, ctx.lang);
  const title = t('accessCaseTitle', { reference: item.reference });
  return (
    <Layout ctx={ctx} title={title}>
      <p>
        <a href={`/mina-sidor/arenden/${item.reference}`}>{t('backToCase')}</a>
      </p>
      <h1>{title}</h1>
      <p class="lead">
        {localized(item.service, ctx.lang)} · {item.municipality}
      </p>
      <p>{t('accessPageIntro')}</p>
      <CaseReads ctx={ctx} item={item} />
      <p>
        <a href={`${RIGHTS_PATH}/vem-har-last`}>{t('accessLink')}</a>
      </p>
    </Layout>
  );
}
