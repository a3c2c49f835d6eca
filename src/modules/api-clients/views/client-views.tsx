/**
 * The administrators' API client pages (issue #12): the list with the registration form, and the
 * page that shows a new secret once (after registering or rotating), with how a system uses it.
 */
import type { ComponentChildren } from 'preact';
import { formatDateTime, translator } from '../../../platform/i18n/i18n.ts';
import { PostForm, type SummaryError } from '../../../web/components.tsx';
import type { PageContext } from '../../../web/page-context.ts';
import type { StaffActor } from '../../organisation/model.ts';
import { AdminPage, adminBase } from '../../organisation/views/admin-page.tsx';
import { apiClientMessages, registrationErrorKey, scopeKey } from '../messages.ts';
import { isApiScope, TOKEN_TTL_SECONDS } from '../model.ts';
import type { ApiClientRow } from '../service.ts';
import {
  inputIdOf,
  type ReachChoices,
  type RefusedRegistration,
  RegistrationForm,
} from './registration-form.tsx';

export type { ReachChoices, RefusedRegistration };

/** Where a system connects: the token endpoint and the API reference. */
export interface Endpoints {
  tokenUrl: string;
  referenceUrl: string;
}

interface PageProps {
  ctx: PageContext;
  actor: StaffActor;
  endpoints: Endpoints;
}

const t = (ctx: PageContext) => translator(apiClientMessages, ctx.lang);
/** The API client pages' base path in the page's tenant. */
export const apiClientsBase = (ctx: PageContext) => `${adminBase(ctx)}/api-klienter`;

/** The facts a system's developers need, as summary-list rows: client and secret first when known. */
function ConnectionFacts(props: {
  ctx: PageContext;
  endpoints: Endpoints;
  client?: { id: string; secret: string };
}) {
  const tr = t(props.ctx);
  const rows: [string, ComponentChildren][] = [
    ...(props.client
      ? ([
          [tr('colClientId'), <code key="id">{props.client.id}</code>],
          [
            tr('secretLabel'),
            <code key="secret" class="secret">
              {props.client.secret}
            </code>,
          ],
        ] as [string, ComponentChildren][])
      : []),
    [tr('tokenUrlLabel'), <code key="url">{props.endpoints.tokenUrl}</code>],
    [tr('referenceLabel'), <a href={props.endpoints.referenceUrl}>{tr('referenceLink')}</a>],
  ];
  return (
    <dl class="summary-list">
      {rows.map(([term, value]) => (
        <div key={term}>
          <dt>{term}</dt>
          <dd>{value}</dd>
        </div>
      ))}
    </dl>
  );
}

function ClientActions({ ctx, client }: { ctx: PageContext; client: ApiClientRow }) {
  const tr = t(ctx);
  const base = `${apiClientsBase(ctx)}/${client.id}`;
  if (client.revokedAt) return null;
  return (
    <>
      <PostForm action={`${base}/byt-hemlighet`} csrfToken={ctx.csrfToken}>
        <button type="submit" class="button secondary">
          {tr('rotate', { name: client.name })}
        </button>
      </PostForm>
      <PostForm action={`${base}/aterkalla`} csrfToken={ctx.csrfToken}>
        <button type="submit" class="button warning">
          {tr('revoke', { name: client.name })}
        </button>
      </PostForm>
    </>
  );
}

function ClientRow({
  ctx,
  client,
  choices,
}: {
  ctx: PageContext;
  client: ApiClientRow;
  choices: ReachChoices;
}) {
  const tr = t(ctx);
  const reach = [
    ...choices.units.filter((unit) => client.unitIds.includes(unit.id)).map((unit) => unit.name),
    ...choices.services
      .filter((service) => client.serviceIds.includes(service.serviceId))
      .map((s) => s.title),
  ];
  const date = (value: Date) => formatDateTime(value, ctx.lang);
  return (
    <tr>
      <th scope="row">{client.name}</th>
      <td>
        <code class="secret">{client.id}</code>
      </td>
      <td>
        <ul class="link-list">
          {client.scopes.filter(isApiScope).map((scope) => (
            <li key={scope}>{tr(scopeKey(scope))}</li>
          ))}
        </ul>
      </td>
      <td>{reach.length > 0 ? reach.join(', ') : tr('reachNone')}</td>
      <td>
        <code>{client.secretHint}</code>
      </td>
      <td>{date(client.createdAt)}</td>
      <td>{client.lastUsedAt ? date(client.lastUsedAt) : tr('never')}</td>
      <td>{client.revokedAt ? tr('revokedAt', { date: date(client.revokedAt) }) : tr('active')}</td>
      <td>
        <ClientActions ctx={ctx} client={client} />
      </td>
    </tr>
  );
}

const COLUMNS = [
  'colName',
  'colClientId',
  'colScopes',
  'colReach',
  'colSecret',
  'colCreated',
  'colLastUsed',
  'colStatus',
  'colActions',
] as const;

function ClientTable(props: { ctx: PageContext; clients: ApiClientRow[]; choices: ReachChoices }) {
  const tr = t(props.ctx);
  if (props.clients.length === 0) return <p>{tr('clientsNone')}</p>;
  return (
    <div class="table-scroll">
      <table class="data">
        <caption>{tr('clientsCaption')}</caption>
        <thead>
          <tr>
            {COLUMNS.map((key) => (
              <th scope="col" key={key}>
                {tr(key)}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {props.clients.map((client) => (
            <ClientRow key={client.id} ctx={props.ctx} client={client} choices={props.choices} />
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** The list of the tenant's clients and the registration form (shown again, with errors, when refused). */
export function ClientsView(
  props: PageProps & {
    clients: ApiClientRow[];
    choices: ReachChoices;
    notice?: string;
    refused?: RefusedRegistration;
  },
) {
  const { ctx, refused } = props;
  const tr = t(ctx);
  const summaryErrors: SummaryError[] = (refused?.errors ?? []).map((error) => ({
    href: inputIdOf(error.field, props.choices),
    message: tr(registrationErrorKey(error.message)),
  }));
  return (
    <AdminPage
      ctx={ctx}
      actor={props.actor}
      title={tr('clientsTitle')}
      section="apiClients"
      notice={props.notice}
      inputId={() => ''}
      summaryErrors={summaryErrors}
    >
      <p>{tr('clientsIntro')}</p>
      <ConnectionFacts ctx={ctx} endpoints={props.endpoints} />
      <ClientTable ctx={ctx} clients={props.clients} choices={props.choices} />
      <h2>{tr('createTitle')}</h2>
      <RegistrationForm
        ctx={ctx}
        action={`${apiClientsBase(ctx)}/ny`}
        choices={props.choices}
        refused={refused}
      />
    </AdminPage>
  );
}

/** A new secret, shown once: in the answer to the POST that made it, never in a URL. */
export function SecretView(
  props: PageProps & { kind: 'registered' | 'rotated'; client: { id: string; name: string; secret: string } },
) {
  const { ctx, client } = props;
  const tr = t(ctx);
  const title = tr(props.kind === 'registered' ? 'registeredTitle' : 'rotatedTitle', { name: client.name });
  return (
    <AdminPage ctx={ctx} actor={props.actor} title={title} section="apiClients" inputId={() => ''}>
      <p>{tr('secretIntro')}</p>
      {props.kind === 'rotated' && <p>{tr('rotatedIntro')}</p>}
      <ConnectionFacts ctx={ctx} endpoints={props.endpoints} client={client} />
      <h2>{tr('usageTitle')}</h2>
      <ul>
        <li>{tr('usageOAuth', { minutes: TOKEN_TTL_SECONDS / 60 })}</li>
        <li>{tr('usageApiKey')}</li>
      </ul>
      <p>
        <a href={apiClientsBase(ctx)}>{tr('back')}</a>
      </p>
    </AdminPage>
  );
}
