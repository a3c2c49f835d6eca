/**
 * The residents' knowledge base (issue #13): `/{tenant}/fragor-och-svar` (a search box, the topics,
 * results), `/{tenant}/fragor-och-svar/{id}` (one answer with the e-services it concerns), and the
 * section on each e-service's start page. Plain links and GET forms: no script needed.
 */
import { formatDate, localized, translator } from '../../../platform/i18n/i18n.ts';
import type { Tenant } from '../../../platform/tenancy/tenant-service.ts';
import { ContentText, contentLang, fillNodes, withContactLinks } from '../../../web/components.tsx';
import { Layout } from '../../../web/layout.tsx';
import type { PageContext } from '../../../web/page-context.ts';
import { knowledgeBaseMessages } from '../messages.ts';
import { excerptOf } from '../model.ts';
import type { EntryRow, KnowledgeBaseHit, LinkedService } from '../service.ts';
import { AnswerText } from './answer-text.tsx';

const t = (ctx: PageContext) => translator(knowledgeBaseMessages, ctx.lang);
/** The residents' knowledge base of a tenant. */
export const publicBase = (tenantSlug: string) => `/${tenantSlug}/fragor-och-svar`;

function SearchBox(props: {
  ctx: PageContext;
  tenantSlug: string;
  query: string;
  service?: LinkedService;
  inputId?: string;
}) {
  const { ctx, service } = props;
  const id = props.inputId ?? 'q';
  const tr = t(ctx);
  const label = service
    ? tr('servicePanelLabel', { service: localized(service.title, ctx.lang) })
    : tr('searchLabel');
  return (
    <search>
      <form class="search-form" method="get" action={publicBase(props.tenantSlug)}>
        <div class="field">
          <label for={id}>{label}</label>
          <p class="hint" id={`${id}-hint`}>
            {tr('searchHint')}
          </p>
          <input type="search" id={id} name="q" value={props.query} aria-describedby={`${id}-hint`} />
        </div>
        {service && <input type="hidden" name="tjanst" value={service.slug} />}
        <button type="submit" class="button">
          {tr('searchButton')}
        </button>
      </form>
    </search>
  );
}

/** A list of answers, each a link to its page with the answer's first words. */
function EntryList({
  ctx,
  items,
}: {
  ctx: PageContext;
  items: { url: string; question: string; excerpt: string }[];
}) {
  return (
    <ul class="card-list" lang={contentLang(ctx)}>
      {items.map((item) => (
        <li class="card" key={item.url}>
          <h2>
            <a href={item.url}>{item.question}</a>
          </h2>
          <p>{item.excerpt}</p>
        </li>
      ))}
    </ul>
  );
}

const listItems = (tenantSlug: string, entries: EntryRow[]) =>
  entries.map((entry) => ({
    url: `${publicBase(tenantSlug)}/${entry.id}`,
    question: entry.question,
    excerpt: excerptOf(entry.answer),
  }));

function ContactHint({ ctx, tenant }: { ctx: PageContext; tenant: Tenant }) {
  const tr = t(ctx);
  return (
    <>
      <h2>{tr('notAnswered')}</h2>
      <p>{withContactLinks(tr('contactCustomerCentre'), tenant.settings.contact)}</p>
    </>
  );
}

export interface KnowledgeBasePageProps {
  ctx: PageContext;
  tenant: Tenant;
  query: string;
  /** The search's hits (when a question was asked). */
  hits?: KnowledgeBaseHit[];
  /** The e-service the search came from, if any. */
  service?: LinkedService;
  /** The published answers linked to that e-service. */
  serviceEntries?: EntryRow[];
  categories: { name: string; count: number }[];
  /** The topic chosen, with its answers. */
  category?: { name: string; entries: EntryRow[] };
}

function Results({ ctx, query, hits }: { ctx: PageContext; query: string; hits: KnowledgeBaseHit[] }) {
  const tr = t(ctx);
  let summary = tr('hitsMany', { count: hits.length });
  if (hits.length === 0) summary = tr('hitsNone', { query });
  else if (hits.length === 1) summary = tr('hitsOne');
  const items = hits.map((hit) => ({ url: hit.url, question: hit.question, excerpt: hit.answerExcerpt }));
  return (
    <>
      <p role="status">{summary}</p>
      {hits.length > 0 && <EntryList ctx={ctx} items={items} />}
    </>
  );
}

function Topics({ ctx, tenantSlug, categories }: KnowledgeBasePageProps & { tenantSlug: string }) {
  const tr = t(ctx);
  if (categories.length === 0) return <p>{tr('noEntries')}</p>;
  return (
    <nav aria-labelledby="topics-title">
      <h2 id="topics-title">{tr('categoriesTitle')}</h2>
      <ul class="link-list">
        {categories.map((category) => (
          <li key={category.name}>
            <a href={`${publicBase(tenantSlug)}?kategori=${encodeURIComponent(category.name)}`}>
              {fillNodes(tr('categoryCount', { count: category.count }), {
                category: <ContentText ctx={ctx}>{category.name}</ContentText>,
              })}
            </a>
          </li>
        ))}
      </ul>
    </nav>
  );
}

/** `/{tenant}/fragor-och-svar`: search, topics, a topic's answers or a search's results. */
export function KnowledgeBasePage(props: KnowledgeBasePageProps) {
  const { ctx, tenant, query, hits, service, category } = props;
  const tr = t(ctx);
  const serviceName = service ? localized(service.title, ctx.lang) : '';
  let title = tr('title');
  if (hits) title = service ? tr('resultsForService', { service: serviceName }) : tr('resultsFor', { query });
  else if (category) title = tr('categoryTitle', { category: category.name });
  else if (service) title = tr('serviceEntriesTitle', { service: serviceName });
  return (
    <Layout ctx={ctx} title={title}>
      <h1>
        {!hits && category
          ? fillNodes(tr('categoryTitle'), { category: <ContentText ctx={ctx}>{category.name}</ContentText> })
          : title}
      </h1>
      {!hits && !category && <p class="lead">{tr('intro')}</p>}
      <SearchBox ctx={ctx} tenantSlug={tenant.slug} query={query} service={service} />
      {hits && <Results ctx={ctx} query={query} hits={hits} />}
      {!hits && category && <EntryList ctx={ctx} items={listItems(tenant.slug, category.entries)} />}
      {!hits && !category && service && (props.serviceEntries ?? []).length > 0 && (
        <EntryList ctx={ctx} items={listItems(tenant.slug, props.serviceEntries ?? [])} />
      )}
      {(hits || category || service) && (
        <p>
          <a href={publicBase(tenant.slug)}>{tr('allCategories')}</a>
        </p>
      )}
      {!hits && !category && !service && <Topics {...props} tenantSlug={tenant.slug} />}
      <ContactHint ctx={ctx} tenant={tenant} />
    </Layout>
  );
}

/** `/{tenant}/fragor-och-svar/{id}`: one published answer. */
export function EntryPage(props: {
  ctx: PageContext;
  tenant: Tenant;
  entry: EntryRow;
  services: LinkedService[];
}) {
  const { ctx, tenant, entry, services } = props;
  const tr = t(ctx);
  const base = publicBase(tenant.slug);
  return (
    <Layout ctx={ctx} title={entry.question}>
      <div lang={contentLang(ctx)}>
        <h1>{entry.question}</h1>
        <AnswerText answer={entry.answer} />
      </div>
      {services.length > 0 && (
        <>
          <h2>{services.length === 1 ? tr('concerns') : tr('concernsMany')}</h2>
          <ul class="link-list">
            {services.map((service) => (
              <li key={service.serviceId}>
                <a href={`/${tenant.slug}/e-tjanster/${service.slug}`}>
                  {localized(service.title, ctx.lang)}
                </a>
              </li>
            ))}
          </ul>
        </>
      )}
      <p class="muted">
        {tr('category')}:{' '}
        <a href={`${base}?kategori=${encodeURIComponent(entry.category)}`} lang={contentLang(ctx)}>
          {entry.category}
        </a>{' '}
        · {tr('reviewed', { date: formatDate(entry.lastReviewedAt, ctx.lang) })}
      </p>
      <p>
        <a href={base}>{tr('backToSearch')}</a>
      </p>
      <ContactHint ctx={ctx} tenant={tenant} />
    </Layout>
  );
}

/** The section on an e-service's start page: its common questions and a search among the answers. */
export function ServiceHelp(props: {
  ctx: PageContext;
  tenantSlug: string;
  service: LinkedService;
  entries: EntryRow[];
}) {
  const { ctx, tenantSlug, service } = props;
  const tr = t(ctx);
  const name = localized(service.title, ctx.lang);
  return (
    <section aria-labelledby="service-help-title">
      <h2 id="service-help-title">{tr('servicePanelTitle', { service: name })}</h2>
      {props.entries.length > 0 && (
        <ul class="link-list">
          {props.entries.slice(0, 6).map((entry) => (
            <li key={entry.id}>
              <a href={`${publicBase(tenantSlug)}/${entry.id}`} lang={contentLang(ctx)}>
                {entry.question}
              </a>
            </li>
          ))}
        </ul>
      )}
      <SearchBox ctx={ctx} tenantSlug={tenantSlug} query="" service={service} inputId="kb-q" />
      <p>
        <a href={publicBase(tenantSlug)}>{tr('servicePanelMore')}</a>
      </p>
    </section>
  );
}
