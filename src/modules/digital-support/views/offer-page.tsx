/**
 * One published offer, `/{tenant}/digital-hjalp/{id}` (issue #13): the short facts first, then the
 * whole uniform description. The contact person's name is never shown (only the organisation's).
 */
import { formatDate, translator } from '../../../platform/i18n/i18n.ts';
import { contentLang } from '../../../web/components.tsx';
import { Layout } from '../../../web/layout.tsx';
import type { PageContext } from '../../../web/page-context.ts';
import { digitalSupportMessages, FIELD_LABELS, label } from '../messages.ts';
import type { Offer } from '../model.ts';
import { DIRECTORY_ASSETS, directoryPath, OfferBy, OfferFacts } from './directory-page.tsx';

const RESIDENT_FIELDS = ['howItWorks', 'tools', 'partners'] as const;
const ABOUT_FIELDS = ['howFound', 'resources', 'indicators', 'sustainability'] as const;

/** The offer page. */
export function OfferPage({ ctx, offer }: { ctx: PageContext; offer: Offer }) {
  const tr = translator(digitalSupportMessages, ctx.lang);
  const { details } = offer;
  const section = (fields: readonly (typeof RESIDENT_FIELDS | typeof ABOUT_FIELDS)[number][]) => (
    <dl class="summary-list">
      {fields
        .filter((field) => details[field])
        .map((field) => (
          <div key={field}>
            <dt>{FIELD_LABELS[field][ctx.lang]}</dt>
            <dd lang={contentLang(ctx)}>{details[field]}</dd>
          </div>
        ))}
    </dl>
  );
  return (
    <Layout ctx={ctx} title={offer.name} assets={DIRECTORY_ASSETS}>
      <p class="no-print">
        <a href={directoryPath(ctx)}>{tr('backToList')}</a>
      </p>
      <h1 lang={contentLang(ctx)}>{offer.name}</h1>
      <p>
        <OfferBy ctx={ctx} offer={offer} /> ({label('providerKinds', offer.providerKind, ctx.lang)}) ·{' '}
        {label('operatingModels', offer.operatingModel, ctx.lang)}
      </p>
      <p class="lead" lang={contentLang(ctx)}>
        {details.servicePromise}
      </p>
      <OfferFacts ctx={ctx} offer={offer} />
      {details.contactWeb && (
        <p>
          <a href={details.contactWeb}>{details.contactWeb}</a>
        </p>
      )}
      {section(RESIDENT_FIELDS)}
      <h2>{tr('about')}</h2>
      {section(ABOUT_FIELDS)}
      <p>{tr('updated', { date: formatDate(offer.updatedAt, ctx.lang) })}</p>
    </Layout>
  );
}
