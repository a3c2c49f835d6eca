/**
 * `/{tenant}/sok?q=…`: the answer to the home page's box "Vad behöver du hjälp med?" — the e-services
 * that fit the resident's words, best first, and answers from the knowledge base. A plain GET form and
 * plain links: it works without JavaScript. Each service link goes through `/sok/val`, which records
 * the choice (scrubbed) and redirects to the service.
 */
import type { ComponentChildren } from 'preact';
import { translator } from '../../../platform/i18n/i18n.ts';
import type { Tenant } from '../../../platform/tenancy/tenant-service.ts';
import { ContentText, contentLang, fillNodes } from '../../../web/components.tsx';
import { Layout } from '../../../web/layout.tsx';
import type { PageContext } from '../../../web/page-context.ts';
import { routingMessages } from '../messages.ts';
import type { KnowledgeAnswer } from '../service.ts';

/** A suggested service as the page lists it (title and summary in the page's language). */
export interface ListedService {
  slug: string;
  title: string;
  summary: string;
}

/** The search box, as on the home page. */
export function RoutingSearchForm({
  ctx,
  tenantSlug,
  query,
}: {
  ctx: PageContext;
  tenantSlug: string;
  query?: string;
}) {
  const t = translator(routingMessages, ctx.lang);
  return (
    <search>
      <form class="search-form" method="get" action={`/${tenantSlug}/sok`}>
        <div class="field">
          <label for="q">{t('searchLabel')}</label>
          <p class="hint" id="q-hint">
            {t('searchHint')}
          </p>
          <input
            type="search"
            id="q"
            name="q"
            value={query ?? ''}
            maxLength={200}
            aria-describedby="q-hint"
          />
        </div>
        <button type="submit" class="button">
          {t('searchButton')}
        </button>
      </form>
    </search>
  );
}

function choiceHref(tenantSlug: string, query: string, slug: string): string {
  return `/${tenantSlug}/sok/val?${new URLSearchParams({ q: query, tjanst: slug })}`;
}

export function SearchResultsPage(props: {
  ctx: PageContext;
  tenant: Tenant;
  query: string;
  services: ListedService[];
  answers: KnowledgeAnswer[];
}) {
  const { ctx, tenant, query, services, answers } = props;
  const t = translator(routingMessages, ctx.lang);
  const trimmed = query.trim();
  let summary: ComponentChildren = t('empty');
  if (trimmed && services.length === 0)
    summary = fillNodes(t('noHits'), {
      query: trimmed,
      lifeEvents: <a href={`/${tenant.slug}/`}>{t('noHitsLifeEvents')}</a>,
      customerCentre: <a href={`/${tenant.slug}/hjalp`}>{t('noHitsCustomerCentre')}</a>,
    });
  else if (services.length === 1) summary = t('oneHit');
  else if (services.length > 1) summary = t('hits', { count: services.length });
  const title = trimmed ? t('resultsFor', { query: trimmed }) : t('resultsTitle');
  return (
    <Layout ctx={ctx} title={title}>
      <h1>{title}</h1>
      <RoutingSearchForm ctx={ctx} tenantSlug={tenant.slug} query={query} />
      <p role="status">{summary}</p>
      {services.length > 0 && (
        <section aria-labelledby="services-title">
          <h2 id="services-title">{t('servicesTitle')}</h2>
          <ol class="card-list">
            {services.map((service, index) => (
              <li class="card" key={service.slug}>
                <h3>
                  <a href={choiceHref(tenant.slug, trimmed, service.slug)}>{service.title}</a>
                </h3>
                {index === 0 && services.length > 1 && <p class="hint">{t('bestMatch')}</p>}
                <p>{service.summary}</p>
              </li>
            ))}
          </ol>
        </section>
      )}
      {answers.length > 0 && (
        <section aria-labelledby="answers-title">
          <h2 id="answers-title">{t('answersTitle')}</h2>
          <ul class="card-list">
            {answers.map((answer) => (
              <li class="card" key={answer.id}>
                <h3 class="answer-question" lang={contentLang(ctx)}>
                  {answer.question}
                </h3>
                <p lang={contentLang(ctx)}>{answer.answerExcerpt}</p>
                <p>
                  <a href={answer.url}>
                    {t('readAnswer')}
                    <span class="visually-hidden">
                      : <ContentText ctx={ctx}>{answer.question}</ContentText>
                    </span>
                  </a>
                </p>
              </li>
            ))}
          </ul>
        </section>
      )}
    </Layout>
  );
}
