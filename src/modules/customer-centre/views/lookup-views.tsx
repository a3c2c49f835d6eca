/**
 * The customer centre's start page (find a person by personnummer) and a person's overview: their
 * cases in the municipality as the case policy allows, the way to register a new one, and a search
 * in the knowledge base while on the phone (issue #13).
 */
import { formatDate, localized, translator } from '../../../platform/i18n/i18n.ts';
import { PostForm } from '../../../web/components.tsx';
import { TextInput } from '../../../web/form-fields.tsx';
import type { PageContext } from '../../../web/page-context.ts';
import type { LiveService } from '../../catalogue/service.ts';
import type { StaffActor } from '../../organisation/model.ts';
import { customerCentreMessages } from '../messages.ts';
import type { PersonOverview, ShownCase } from '../service.ts';
import { CentrePage, centreBase, errorTexts, type FieldErrors, summaryOf } from './frame.tsx';
import { ServiceChoice, serviceChoiceErrors } from './registration-view.tsx';

/**
 * The knowledge base's staff search (modules/knowledge-base, `?q=`) under `/{tenant}/handlaggning/`;
 * undefined hides the search box.
 */
const KNOWLEDGE_BASE_STAFF_PATH: string | undefined = 'fragor-och-svar';

/** The start page; after a look-up that found nobody, `notFound` holds the typed personnummer. */
export function HomeView(props: {
  ctx: PageContext;
  actor: StaffActor;
  errors: FieldErrors;
  typed?: string;
  notice?: string;
  /** The personnummer nobody has yet, and whether "Fortsätt" was pressed without a service. */
  notFound?: { pin: string; services: LiveService[]; missing?: boolean };
}) {
  const { ctx } = props;
  const t = translator(customerCentreMessages, ctx.lang);
  const texts = errorTexts([...props.errors, ...serviceChoiceErrors(props.notFound?.missing)], ctx.lang);
  const base = centreBase(ctx);
  return (
    <CentrePage
      ctx={ctx}
      actor={props.actor}
      title={t('title')}
      errors={summaryOf(texts)}
      notice={props.notice}
    >
      <p>{t('intro')}</p>
      <PostForm action={`${base}/sok`} csrfToken={ctx.csrfToken}>
        <TextInput
          id="personalIdentityNumber"
          label={t('personalIdentityNumber')}
          hint={t('pinHint')}
          error={texts.get('personalIdentityNumber')}
          value={props.typed}
          lang={ctx.lang}
          autocomplete="off"
        />
        <button type="submit" class="button">
          {t('search')}
        </button>
      </PostForm>
      {props.notFound && (
        <section aria-labelledby="not-found">
          <h2 id="not-found">{t('notFoundTitle')}</h2>
          <p>{t('notFound', { pin: props.notFound.pin })}</p>
          <ServiceChoice
            ctx={ctx}
            services={props.notFound.services}
            pin={props.notFound.pin}
            missing={props.notFound.missing}
          />
        </section>
      )}
      <h2>{t('otherTasks')}</h2>
      <ul>
        <li>
          <a href={`${base}/registrera`}>{t('registerWithout')}</a>
        </li>
        <li>
          <a href={`${base}/kontakt`}>{t('closeContactLink')}</a>
        </li>
        <li>
          <a href={`${base}/statistik`}>{t('statisticsLink')}</a>
        </li>
      </ul>
      <KnowledgeSearch ctx={ctx} />
    </CentrePage>
  );
}

/** A search box into the knowledge base's staff search (GET, so it works without JavaScript). */
function KnowledgeSearch({ ctx }: { ctx: PageContext }) {
  if (!KNOWLEDGE_BASE_STAFF_PATH) return null;
  const t = translator(customerCentreMessages, ctx.lang);
  return (
    <section aria-labelledby="knowledge">
      <h2 id="knowledge">{t('knowledgeTitle')}</h2>
      <form method="get" action={`/${ctx.tenant?.slug ?? ''}/handlaggning/${KNOWLEDGE_BASE_STAFF_PATH}`}>
        <TextInput
          id="q"
          label={t('knowledgeQuery')}
          hint={t('knowledgeHint')}
          type="search"
          lang={ctx.lang}
        />
        <button type="submit" class="button secondary">
          {t('knowledgeSearch')}
        </button>
      </form>
    </section>
  );
}

function CaseRow({ item, ctx }: { item: ShownCase; ctx: PageContext }) {
  const t = translator(customerCentreMessages, ctx.lang);
  const unit = item.unitName ?? t('unitUnknown');
  if (item.view === 'existence') {
    return (
      <tr>
        <td>{t('confidentialCase')}</td>
        <td colSpan={3}>{t('confidentialContact', { unit })}</td>
        <td>{unit}</td>
        <td />
      </tr>
    );
  }
  return (
    <tr>
      <td>{localized(item.service, ctx.lang)}</td>
      <td>{item.reference}</td>
      <td>{localized(item.status, ctx.lang)}</td>
      <td>{formatDate(item.submittedAt, ctx.lang)}</td>
      <td>{unit}</td>
      <td>{formatDate(item.closedAt ?? item.updatedAt, ctx.lang)}</td>
    </tr>
  );
}

/** A person's overview: name, cases at summary level, register a case, search the knowledge base. */
export function PersonView(props: {
  ctx: PageContext;
  actor: StaffActor;
  overview: PersonOverview;
  services: LiveService[];
  notice?: string;
  /** "Fortsätt" was pressed without choosing a service. */
  missing?: boolean;
}) {
  const { ctx, overview } = props;
  const t = translator(customerCentreMessages, ctx.lang);
  const name = `${overview.person.givenName} ${overview.person.familyName}`;
  const columns = [
    'colService',
    'colReference',
    'colStatus',
    'colSubmitted',
    'colUnit',
    'colUpdated',
  ] as const;
  return (
    <CentrePage
      ctx={ctx}
      actor={props.actor}
      title={t('personTitle', { name })}
      notice={props.notice}
      errors={summaryOf(errorTexts(serviceChoiceErrors(props.missing), ctx.lang))}
    >
      <p>
        <a href={centreBase(ctx)}>{t('newLookup')}</a>
      </p>
      <p>{t('personIntro', { tenant: ctx.tenant?.name ?? '' })}</p>
      {overview.cases.length === 0 ? (
        <p>{t('noCases')}</p>
      ) : (
        <div class="table-scroll">
          <table>
            <caption>{t('casesCaption')}</caption>
            <thead>
              <tr>
                {columns.map((column) => (
                  <th scope="col" key={column}>
                    {t(column)}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {overview.cases.map((item, index) => (
                <CaseRow
                  key={item.view === 'existence' ? `secret-${index}` : item.reference}
                  item={item}
                  ctx={ctx}
                />
              ))}
            </tbody>
          </table>
        </div>
      )}
      <h2>{t('chooseServiceTitle')}</h2>
      <ServiceChoice
        ctx={ctx}
        services={props.services}
        personId={overview.person.id}
        missing={props.missing}
      />
      <KnowledgeSearch ctx={ctx} />
      <p>
        <a href={`${centreBase(ctx)}/kontakt`}>{t('closeContactLink')}</a>
      </p>
    </CentrePage>
  );
}
