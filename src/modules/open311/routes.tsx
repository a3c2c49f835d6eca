/**
 * The administrators' Open311 page (issue #11): `/{tenant}/handlaggning/admin/open311` lists the
 * client apps, registers one (its API key is shown once, in the answer to the POST, never in a URL)
 * and revokes a key. Plain forms with the CSRF token; revoking redirects (303).
 */
import type { FastifyInstance } from 'fastify';
import { type Static, Type } from 'typebox';
import { AppError } from '../../platform/errors.ts';
import type { RouteContext } from '../../platform/http/route-context.ts';
import { formatDateTime, translator } from '../../platform/i18n/i18n.ts';
import { PostForm } from '../../web/components.tsx';
import { TextInput } from '../../web/form-fields.tsx';
import { FormText, formBody, htmlInput, IdParam, SlugParam } from '../../web/http/html-input.ts';
import { pageTenant } from '../../web/http/page-tenant.ts';
import type { PageContext } from '../../web/page-context.ts';
import { pageContext } from '../../web/page-context.ts';
import { seeOther, sendPage } from '../../web/render.ts';
import type { StaffActor } from '../organisation/model.ts';
import { requireAdmin } from '../organisation/staff-http.ts';
import { AdminPage, adminBase } from '../organisation/views/admin-page.tsx';
import { open311Messages } from './messages.ts';
import type { ClientRow } from './service.ts';

const Tenant = Type.Object({ tenant: SlugParam });
const Client = Type.Object({ tenant: SlugParam, clientId: IdParam });
const Query = Type.Object({ klart: Type.Optional(Type.String()) });
const ClientBody = formBody({ name: FormText });

const t = (ctx: PageContext) => translator(open311Messages, ctx.lang);
const base = (ctx: PageContext) => `${adminBase(ctx)}/open311`;

interface ClientsProps {
  ctx: PageContext;
  actor: StaffActor;
  clients: ClientRow[];
  endpoint: string;
  notice?: string;
  error?: { message: 'nameMissing' | 'nameTooLong'; value: string };
}

function ClientsView(props: ClientsProps) {
  const { ctx } = props;
  const tr = t(ctx);
  const error = props.error ? tr(props.error.message) : undefined;
  return (
    <AdminPage
      ctx={ctx}
      actor={props.actor}
      title={tr('clientsTitle')}
      section="open311"
      notice={props.notice}
      inputId={() => 'name'}
      summaryErrors={error ? [{ href: 'name', message: error }] : []}
    >
      <p>{tr('clientsIntro', { url: props.endpoint })}</p>
      {props.clients.length === 0 ? (
        <p>{tr('clientsNone')}</p>
      ) : (
        <div class="table-scroll">
          <table class="data">
            <caption>{tr('clientsCaption')}</caption>
            <thead>
              <tr>
                <th scope="col">{tr('colName')}</th>
                <th scope="col">{tr('colCreated')}</th>
                <th scope="col">{tr('colStatus')}</th>
              </tr>
            </thead>
            <tbody>
              {props.clients.map((client) => (
                <tr key={client.id}>
                  <td>{client.name}</td>
                  <td>{formatDateTime(client.createdAt, ctx.lang)}</td>
                  <td>
                    {client.revokedAt ? (
                      tr('revokedAt', { date: formatDateTime(client.revokedAt, ctx.lang) })
                    ) : (
                      <PostForm action={`${base(ctx)}/${client.id}/aterkalla`} csrfToken={ctx.csrfToken}>
                        {tr('active')}{' '}
                        <button type="submit" class="button secondary">
                          {tr('revoke', { name: client.name })}
                        </button>
                      </PostForm>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <h2>{tr('createTitle')}</h2>
      <PostForm action={`${base(ctx)}/ny`} csrfToken={ctx.csrfToken}>
        <TextInput
          id="name"
          label={tr('name')}
          hint={tr('nameHint')}
          error={error}
          value={props.error?.value}
          lang={ctx.lang}
        />
        <button type="submit" class="button">
          {tr('create')}
        </button>
      </PostForm>
    </AdminPage>
  );
}

function KeyView(props: { ctx: PageContext; actor: StaffActor; name: string; apiKey: string }) {
  const { ctx } = props;
  const tr = t(ctx);
  return (
    <AdminPage
      ctx={ctx}
      actor={props.actor}
      title={tr('keyTitle', { name: props.name })}
      section="open311"
      inputId={() => ''}
    >
      <p>{tr('keyIntro')}</p>
      <dl class="summary-list">
        <div>
          <dt>{tr('keyLabel')}</dt>
          <dd>
            <code class="secret">{props.apiKey}</code>
          </dd>
        </div>
      </dl>
      <p>
        <a href={base(ctx)}>{tr('back')}</a>
      </p>
    </AdminPage>
  );
}

export function registerOpen311Routes(app: FastifyInstance, { services, config }: RouteContext): void {
  const admin = '/:tenant/handlaggning/admin/open311';
  const open311 = services.open311;

  app.get<{ Params: Static<typeof Tenant>; Querystring: Static<typeof Query> }>(
    admin,
    htmlInput({ params: Tenant, querystring: Query }),
    async (request, reply) => {
      const staff = await requireAdmin(request, reply, services);
      if (!staff) return reply;
      const ctx = pageContext(request, pageTenant(staff.tenant));
      const clients = await open311.clients(staff.actor);
      const notice = request.query.klart === 'aterkallad' ? t(ctx)('noticeRevoked') : undefined;
      const endpoint = `${config.publicUrl}/${staff.tenant.slug}/open311/v2/discovery.xml`;
      return sendPage(
        reply,
        <ClientsView ctx={ctx} actor={staff.actor} clients={clients} endpoint={endpoint} notice={notice} />,
      );
    },
  );

  app.post<{ Params: Static<typeof Tenant>; Body: { name?: string } }>(
    `${admin}/ny`,
    htmlInput({ params: Tenant, body: ClientBody }),
    async (request, reply) => {
      const staff = await requireAdmin(request, reply, services);
      if (!staff) return reply;
      const ctx = pageContext(request, pageTenant(staff.tenant));
      const name = typeof request.body?.name === 'string' ? request.body.name : '';
      try {
        const created = await open311.createClient(staff.actor, name);
        return sendPage(
          reply,
          <KeyView ctx={ctx} actor={staff.actor} name={name.trim()} apiKey={created.key} />,
        );
      } catch (error) {
        if (!(error instanceof AppError) || error.code !== 'VALIDATION_FAILED') throw error;
        const message = error.errors?.[0]?.message === 'nameTooLong' ? 'nameTooLong' : 'nameMissing';
        const clients = await open311.clients(staff.actor);
        const endpoint = `${config.publicUrl}/${staff.tenant.slug}/open311/v2/discovery.xml`;
        return sendPage(
          reply,
          <ClientsView
            ctx={ctx}
            actor={staff.actor}
            clients={clients}
            endpoint={endpoint}
            error={{ message, value: name }}
          />,
          400,
        );
      }
    },
  );

  app.post<{ Params: Static<typeof Client> }>(
    `${admin}/:clientId/aterkalla`,
    htmlInput({ params: Client }),
    async (request, reply) => {
      const staff = await requireAdmin(request, reply, services);
      if (!staff) return reply;
      await open311.revokeClient(staff.actor, request.params.clientId);
      return seeOther(reply, `/${staff.tenant.slug}/handlaggning/admin/open311?klart=aterkallad`);
    },
  );
}
