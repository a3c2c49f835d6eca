/**
 * The public directory, `/{tenant}/digital-hjalp` (issue #13): a GET filter form (works without
 * JavaScript; the choice is in the address, so a filtered list can be shared and printed), the
 * number of offers shown, help when none match, and each offer as a card readable on a phone.
 * The page's own stylesheet has the print rules.
 */

import type { ComponentChildren } from 'preact';
import type { TenantSettings } from '../../../db/schema.ts';
import { translator } from '../../../platform/i18n/i18n.ts';
import { ContentText, contentLang, fillNodes, withContactLinks } from '../../../web/components.tsx';
import { Layout } from '../../../web/layout.tsx';
import type { PageContext } from '../../../web/page-context.ts';
import { digitalSupportMessages, label } from '../messages.ts';
import { CHANNELS, type Offer, type OfferFilter, TARGET_GROUPS } from '../model.ts';

export const DIRECTORY_ASSETS = { stylesheets: ['/static/digital-support.css'], scripts: [] };

/** The public page's path in the page's tenant. */
export const directoryPath = (ctx: PageContext) => `/${ctx.tenant?.slug ?? ''}/digital-hjalp`;

function FilterSelect(props: {
  id: string;
  label: string;
  value: string | undefined;
  options: [string, string][];
}) {
  return (
    <div class="field">
      <label for={props.id}>{props.label}</label>
      <select id={props.id} name={props.id}>
        {props.options.map(([value, text]) => (
          <option key={value} value={value} selected={value === (props.value ?? '')}>
            {text}
          </option>
        ))}
      </select>
    </div>
  );
}

/** The short facts of an offer: who, where, when, how, languages, contact. */
export function OfferFacts({ ctx, offer }: { ctx: PageContext; offer: Offer }) {
  const tr = translator(digitalSupportMessages, ctx.lang);
  const { details } = offer;
  const where = offer.locality
    ? [details.address, offer.locality].filter(Boolean).join(', ')
    : tr('noFixedPlace');
  // What the organisation wrote is in Swedish; the codes' labels are in the page's language.
  const written = (text: string | undefined) => text && <ContentText ctx={ctx}>{text}</ContentText>;
  const rows: [string, ComponentChildren][] = [
    [tr('who'), offer.targetGroups.map((code) => label('targetGroups', code, ctx.lang)).join(', ')],
    [tr('where'), offer.locality ? written(where) : where],
    [tr('when'), written(details.openingHours)],
    [tr('how'), offer.channels.map((code) => label('channels', code, ctx.lang)).join(', ')],
    [tr('languages'), written(details.languages)],
    [tr('contact'), [details.contactPhone, details.contactEmail].filter(Boolean).join(', ')],
  ];
  return (
    <dl class="summary-list offer-facts">
      {rows
        .filter(([, value]) => value)
        .map(([term, value]) => (
          <div key={term}>
            <dt>{term}</dt>
            <dd>{value}</dd>
          </div>
        ))}
    </dl>
  );
}

/** "Erbjuds av {provider}": the provider's name as its organisation writes it. */
export function OfferBy({ ctx, offer }: { ctx: PageContext; offer: Offer }) {
  const tr = translator(digitalSupportMessages, ctx.lang);
  return (
    <>{fillNodes(tr('offerBy'), { provider: <ContentText ctx={ctx}>{offer.providerName}</ContentText> })}</>
  );
}

function OfferCard({ ctx, offer }: { ctx: PageContext; offer: Offer }) {
  return (
    <li class="card offer">
      <h2>
        <a href={`${directoryPath(ctx)}/${offer.id}`} lang={contentLang(ctx)}>
          {offer.name}
        </a>
      </h2>
      <p>
        <OfferBy ctx={ctx} offer={offer} /> · {label('operatingModels', offer.operatingModel, ctx.lang)}
      </p>
      <p lang={contentLang(ctx)}>{offer.details.servicePromise}</p>
      <OfferFacts ctx={ctx} offer={offer} />
    </li>
  );
}

/** The directory page. */
export function DirectoryPage(props: {
  ctx: PageContext;
  offers: Offer[];
  published: number;
  localities: string[];
  filter: OfferFilter;
  contact: TenantSettings['contact'];
}) {
  const { ctx, filter } = props;
  const tr = translator(digitalSupportMessages, ctx.lang);
  const count = props.offers.length;
  const filtered = Boolean(filter.targetGroup || filter.locality || filter.channel);
  return (
    <Layout ctx={ctx} title={tr('pageTitle')} assets={DIRECTORY_ASSETS}>
      <h1>{tr('pageTitle')}</h1>
      <p>{tr('pageIntro')}</p>
      <form method="get" action={directoryPath(ctx)} class="filter-form no-print">
        <fieldset>
          <legend>{tr('filterTitle')}</legend>
          <div class="filter-fields">
            <FilterSelect
              id="malgrupp"
              label={tr('targetGroup')}
              value={filter.targetGroup}
              options={[
                ['', tr('any')],
                ...TARGET_GROUPS.filter((code) => code !== 'alla').map((code): [string, string] => [
                  code,
                  label('targetGroups', code, ctx.lang),
                ]),
              ]}
            />
            <FilterSelect
              id="plats"
              label={tr('locality')}
              value={filter.locality}
              options={[
                ['', tr('anyPlace')],
                ...props.localities.map((name): [string, string] => [name, name]),
              ]}
            />
            <FilterSelect
              id="kanal"
              label={tr('channel')}
              value={filter.channel}
              options={[
                ['', tr('any')],
                ...CHANNELS.map((code): [string, string] => [code, label('channels', code, ctx.lang)]),
              ]}
            />
          </div>
          <button type="submit" class="button">
            {tr('showButton')}
          </button>
        </fieldset>
      </form>
      <p id="result-count" role="status">
        {count === 1
          ? tr('resultCountOne', { total: props.published })
          : tr('resultCount', { count, total: props.published })}{' '}
        {filtered && (
          <a href={directoryPath(ctx)} class="no-print">
            {tr('clearFilter')}
          </a>
        )}
      </p>
      {count === 0 ? (
        <div class="notice">
          <h2>{tr('noResultsTitle')}</h2>
          <p>{tr('noResultsText')}</p>
          <p>{withContactLinks(tr('callUs'), props.contact)}</p>
        </div>
      ) : (
        <ul class="card-list offer-list">
          {props.offers.map((offer) => (
            <OfferCard key={offer.id} ctx={ctx} offer={offer} />
          ))}
        </ul>
      )}
      <p class="no-print">
        <a href={`/${ctx.tenant?.slug ?? ''}/oppna-data#digitalt-stod`}>{tr('openData')}</a>
      </p>
    </Layout>
  );
}
