/**
 * The representatives' pages (issue #13): the principal's "Ombud" page (appoint, list, revoke, the
 * acts done for them) and the representative's "Agera för" switch, also shown on My Pages.
 */
import type { RepresentationKind } from '../../../db/schema.ts';
import type { ProblemFieldError } from '../../../platform/errors.ts';
import { formatDateTime, localized, translator } from '../../../platform/i18n/i18n.ts';
import { ErrorSummary, PostForm, Tag } from '../../../web/components.tsx';
import { FieldGroup, Select, TextInput } from '../../../web/form-fields.tsx';
import { Layout } from '../../../web/layout.tsx';
import type { PageContext } from '../../../web/page-context.ts';
import { representativeMessages } from '../messages.ts';
import type { PrincipalChoice, RepresentationView, TenantServices } from '../service.ts';

const tr = (ctx: PageContext) => translator(representativeMessages, ctx.lang);
type Key = Parameters<ReturnType<typeof tr>>[0];

/** What a refused appointment form sends back: the values typed and the problems. */
export interface RefusedAppointment {
  values: Record<string, string | string[] | undefined>;
  errors: ProblemFieldError[];
}

/** An act a representative did, as the principal's page lists it. */
export interface ActView {
  id: string;
  type: string;
  createdAt: Date | string;
  reference: string;
  serviceTitle: { sv: string; en: string } | null;
  actor: { name?: string; onBehalfOf?: { role: RepresentationKind } };
}

/** Where the error summary links for a field (the first input of a group). */
const FIELD_TARGETS: Record<string, string> = {
  scope: 'scope-all',
  serviceIds: 'serviceIds-0',
  tenantId: 'tenantId',
};

const kindKey = (kind: RepresentationKind): Key =>
  kind === 'guardian' ? 'kindGuardian' : 'kindRepresentative';

function RepresentationTable({ ctx, rows }: { ctx: PageContext; rows: RepresentationView[] }) {
  const t = tr(ctx);
  if (rows.length === 0) return <p>{t('listEmpty')}</p>;
  const stateKey = {
    active: 'stateActive',
    upcoming: 'stateUpcoming',
    expired: 'stateExpired',
    revoked: 'stateRevoked',
  } as const;
  return (
    <div class="table-scroll">
      <table>
        <caption class="visually-hidden">{t('listTitle')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('colPerson')}</th>
            <th scope="col">{t('colKind')}</th>
            <th scope="col">{t('colMunicipality')}</th>
            <th scope="col">{t('colServices')}</th>
            <th scope="col">{t('colPeriod')}</th>
            <th scope="col">{t('colState')}</th>
            <th scope="col">{t('colAction')}</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={row.id}>
              <td>{row.representativeName}</td>
              <td>{t(kindKey(row.kind))}</td>
              <td>{row.tenantName}</td>
              <td>
                {row.serviceIds === null
                  ? t('allServices')
                  : row.serviceTitles.map((title) => localized(title, ctx.lang)).join(', ')}
              </td>
              <td>{t('period', { from: row.validFrom, to: row.validTo ?? t('untilFurther') })}</td>
              <td>
                <Tag tone={row.state === 'active' ? 'ok' : 'neutral'}>{t(stateKey[row.state])}</Tag>
              </td>
              <td>
                {row.kind === 'guardian' ? (
                  <span class="muted">{t('guardianNote')}</span>
                ) : (
                  row.state !== 'revoked' &&
                  row.state !== 'expired' && (
                    <PostForm action={`/mina-sidor/ombud/${row.id}/aterkalla`} csrfToken={ctx.csrfToken}>
                      <button
                        type="submit"
                        class="link-button"
                        aria-label={t('revokeItem', { name: row.representativeName })}
                      >
                        {t('revoke')}
                      </button>
                    </PostForm>
                  )
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function ActsTable({ ctx, acts }: { ctx: PageContext; acts: ActView[] }) {
  const t = tr(ctx);
  if (acts.length === 0) return <p>{t('actsEmpty')}</p>;
  const labels: Record<string, Key> = {
    submitted: 'actSubmitted',
    completed: 'actCompleted',
    reviewRequested: 'actReviewRequested',
  };
  const what = (type: string): Key => labels[type] ?? 'actOther';
  return (
    <div class="table-scroll">
      <table>
        <caption class="visually-hidden">{t('actsTitle')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('colWhen')}</th>
            <th scope="col">{t('colWho')}</th>
            <th scope="col">{t('colWhat')}</th>
            <th scope="col">{t('colCase')}</th>
          </tr>
        </thead>
        <tbody>
          {acts.map((act) => (
            <tr key={act.id}>
              <td>{formatDateTime(act.createdAt, ctx.lang)}</td>
              <td>
                {t('actingBy', {
                  name: act.actor.name ?? '',
                  role: t(kindKey(act.actor.onBehalfOf?.role ?? 'representative')).toLowerCase(),
                })}
              </td>
              <td>{t(what(act.type))}</td>
              <td>
                <a href={`/mina-sidor/arenden/${act.reference}`}>{act.reference}</a>
                {act.serviceTitle && ` (${localized(act.serviceTitle, ctx.lang)})`}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function Choice(props: {
  id: string;
  name: string;
  value: string;
  label: string;
  checked: boolean;
  type: 'radio' | 'checkbox';
}) {
  return (
    <div class="choice">
      <input type={props.type} id={props.id} name={props.name} value={props.value} checked={props.checked} />
      <label for={props.id}>{props.label}</label>
    </div>
  );
}

function AppointmentForm(props: {
  ctx: PageContext;
  tenants: TenantServices[];
  refused?: RefusedAppointment;
}) {
  const { ctx, tenants, refused } = props;
  const t = tr(ctx);
  const error = (field: string) => {
    const found = refused?.errors.find((candidate) => candidate.field === field);
    return found ? t(found.message as Key) : undefined;
  };
  const value = (field: string) => {
    const typed = refused?.values[field];
    return typeof typed === 'string' ? typed : undefined;
  };
  const chosen = ([] as string[]).concat(refused?.values.serviceIds ?? []);
  const scope = value('scope') ?? 'alla';
  let index = 0;
  return (
    <PostForm action="/mina-sidor/ombud" csrfToken={ctx.csrfToken}>
      <TextInput
        id="personalIdentityNumber"
        label={t('personalIdentityNumber')}
        hint={t('personalIdentityNumberHint')}
        error={error('personalIdentityNumber')}
        value={value('personalIdentityNumber')}
        lang={ctx.lang}
      />
      <TextInput
        id="givenName"
        label={t('givenName')}
        error={error('givenName')}
        value={value('givenName')}
        lang={ctx.lang}
      />
      <TextInput
        id="familyName"
        label={t('familyName')}
        hint={t('nameHint')}
        error={error('familyName')}
        value={value('familyName')}
        lang={ctx.lang}
      />
      <Select
        id="tenantId"
        label={t('municipality')}
        error={error('tenantId')}
        value={value('tenantId')}
        lang={ctx.lang}
        options={tenants.map((tenant): [string, string] => [tenant.tenantId, tenant.tenantName])}
      />
      <FieldGroup lang={ctx.lang} id="scope" legend={t('scope')} error={error('scope')}>
        <Choice
          type="radio"
          id="scope-all"
          name="scope"
          value="alla"
          label={t('scopeAll')}
          checked={scope === 'alla'}
        />
        <Choice
          type="radio"
          id="scope-chosen"
          name="scope"
          value="valda"
          label={t('scopeChosen')}
          checked={scope === 'valda'}
        />
      </FieldGroup>
      <FieldGroup
        lang={ctx.lang}
        id="serviceIds"
        legend={t('services')}
        hint={t('servicesHint')}
        error={error('serviceIds')}
      >
        {tenants.map((tenant) => (
          <div key={tenant.tenantId}>
            <p class="hint">{tenant.tenantName}</p>
            {tenant.services.map((service) => {
              const id = `serviceIds-${index++}`;
              return (
                <Choice
                  key={service.id}
                  type="checkbox"
                  id={id}
                  name="serviceIds"
                  value={service.id}
                  label={`${localized(service.title, ctx.lang)} (${tenant.tenantName})`}
                  checked={chosen.includes(service.id)}
                />
              );
            })}
          </div>
        ))}
      </FieldGroup>
      <TextInput
        id="validFrom"
        label={t('validFrom')}
        hint={t('dateHint')}
        error={error('validFrom')}
        value={value('validFrom')}
        lang={ctx.lang}
        type="date"
      />
      <TextInput
        id="validTo"
        label={t('validTo')}
        hint={t('dateHint')}
        error={error('validTo')}
        value={value('validTo')}
        lang={ctx.lang}
        type="date"
      />
      <button type="submit" class="button">
        {t('submit')}
      </button>
    </PostForm>
  );
}

/** `/mina-sidor/ombud`: the resident's representatives, the form to add one, and what they did. */
export function OmbudPage(props: {
  ctx: PageContext;
  representations: RepresentationView[];
  tenants: TenantServices[];
  acts: ActView[];
  notice?: 'saved' | 'revoked';
  refused?: RefusedAppointment;
}) {
  const { ctx, refused, notice } = props;
  const t = tr(ctx);
  const summary = (refused?.errors ?? []).map((error) => ({
    href: FIELD_TARGETS[error.field] ?? error.field,
    message: t(error.message as Key),
  }));
  return (
    <Layout ctx={ctx} title={t('pageTitle')} hasErrors={Boolean(refused)}>
      <p>
        <a href="/mina-sidor">{t('backToMyPages')}</a>
      </p>
      <ErrorSummary errors={summary} lang={ctx.lang} />
      <h1>{t('pageTitle')}</h1>
      {notice && (
        <div class="notice" role="status">
          {t(notice)}
        </div>
      )}
      <p class="lead">{t('pageIntro')}</p>
      <h2>{t('listTitle')}</h2>
      <RepresentationTable ctx={ctx} rows={props.representations} />
      <h2>{t('formTitle')}</h2>
      <AppointmentForm ctx={ctx} tenants={props.tenants} refused={refused} />
      <h2>{t('actsTitle')}</h2>
      <ActsTable ctx={ctx} acts={props.acts} />
    </Layout>
  );
}

/** The "Agera för" form: the people one may act for now, and oneself (My Pages and its own page). */
export function ActingForForm(props: {
  ctx: PageContext;
  principals: PrincipalChoice[];
  current: string | undefined;
  headingLevel?: 1 | 2;
}) {
  const { ctx, principals, current } = props;
  const t = tr(ctx);
  const Heading = props.headingLevel === 1 ? 'h1' : 'h2';
  return (
    <section aria-labelledby="acting-for-title">
      <Heading id="acting-for-title">{t('switchTitle')}</Heading>
      {principals.length === 0 ? (
        <p>{t('switchNone')}</p>
      ) : (
        <PostForm action="/mina-sidor/agera-for" csrfToken={ctx.csrfToken}>
          <p>{t('switchIntro')}</p>
          <FieldGroup lang={ctx.lang} id="personId" legend={t('switchLegend')}>
            <Choice
              type="radio"
              id="personId-self"
              name="personId"
              value=""
              label={t('switchMyself')}
              checked={!current}
            />
            {principals.map((principal, index) => (
              <Choice
                key={principal.personId}
                type="radio"
                id={`personId-${index}`}
                name="personId"
                value={principal.personId}
                label={`${principal.name} (${t(kindKey(principal.kind)).toLowerCase()})`}
                checked={current === principal.personId}
              />
            ))}
          </FieldGroup>
          <button type="submit" class="button">
            {t('switchSubmit')}
          </button>
        </PostForm>
      )}
    </section>
  );
}

/** `/mina-sidor/agera-for`: the switch on a page of its own. */
export function ActingForPage(props: {
  ctx: PageContext;
  principals: PrincipalChoice[];
  current: string | undefined;
}) {
  const t = tr(props.ctx);
  return (
    <Layout ctx={props.ctx} title={t('switchTitle')}>
      <p>
        <a href="/mina-sidor">{t('backToMyPages')}</a>
      </p>
      <ActingForForm {...props} headingLevel={1} />
    </Layout>
  );
}

/** Links on My Pages: the resident's own Ombud page. */
export function OmbudLink({ ctx }: { ctx: PageContext }) {
  return <a href="/mina-sidor/ombud">{tr(ctx)('ombudLink')}</a>;
}
