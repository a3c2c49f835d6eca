/**
 * Representatives' routes (issue #13): the acting state of each request, the principal's "Ombud"
 * page (appoint, revoke) and the representative's "Agera för" switch. Forms POST and redirect 303.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { type Static, Type } from 'typebox';
import type { RouteContext, RouteServices } from '../../platform/http/route-context.ts';
import { FormList, FormText, formBody, htmlInput, IdParam } from '../../web/http/html-input.ts';
import { refusedFields, typedValues } from '../../web/http/refused-form.ts';
import { personOrLogin } from '../../web/http/resident-gate.ts';
import { pageContext } from '../../web/page-context.ts';
import { seeOther, sendPage } from '../../web/render.ts';
import type { Principal } from './service.ts';
import {
  ActingForPage,
  type ActView,
  OmbudPage,
  type RefusedAppointment,
} from './views/representative-views.tsx';

const AppointBody = formBody({
  personalIdentityNumber: FormText,
  givenName: FormText,
  familyName: FormText,
  tenantId: FormText,
  scope: FormText,
  serviceIds: FormList,
  validFrom: FormText,
  validTo: FormText,
});
const SwitchBody = formBody({ personId: FormText });
const Notices = Type.Object({
  sparat: Type.Optional(Type.String()),
  aterkallat: Type.Optional(Type.String()),
});
const RevokeParams = Type.Object({ id: IdParam });

function principalOf(request: FastifyRequest): Principal | undefined {
  const person = request.session?.person;
  if (!person) return undefined;
  return {
    personId: person.id,
    name: `${person.givenName} ${person.familyName}`,
    personalIdentityNumber: person.personalIdentityNumber,
  };
}

async function renderOmbud(
  services: RouteServices,
  request: FastifyRequest,
  reply: FastifyReply,
  personId: string,
  options: { notice?: 'saved' | 'revoked'; refused?: RefusedAppointment } = {},
) {
  const [representations, tenants, acts] = await Promise.all([
    services.representatives.representationsOf(personId),
    services.representatives.servicesByTenant(),
    services.representatives.actsFor(personId),
  ]);
  const page = (
    <OmbudPage
      ctx={pageContext(request)}
      representations={representations}
      tenants={tenants}
      acts={acts as ActView[]}
      {...options}
    />
  );
  return sendPage(reply, page, options.refused ? 400 : 200);
}

/** Resolves the session's "acting for" on every request; a lapsed one is dropped from the session. */
function registerActingState(app: FastifyInstance, services: RouteServices): void {
  app.addHook('onRequest', async (request) => {
    const session = request.session;
    const principalId = session?.data.actingForPersonId;
    if (!session?.person || !principalId) return;
    const { person } = session;
    const state = await services.representatives.actingState(
      { personId: person.id, name: `${person.givenName} ${person.familyName}` },
      principalId,
    );
    if (state) {
      request.actingFor = state;
      return;
    }
    // Revoked, expired or never granted: back to acting as oneself.
    const { actingForPersonId: _dropped, ...rest } = session.data;
    session.data = rest;
    await services.sessions.saveData(session, rest);
  });
}

export function registerRepresentativeRoutes(app: FastifyInstance, { services }: RouteContext): void {
  registerActingState(app, services);

  app.get<{ Querystring: Static<typeof Notices> }>(
    '/mina-sidor/ombud',
    htmlInput({ querystring: Notices }),
    async (request, reply) => {
      const personId = personOrLogin(request, reply);
      if (!personId) return reply;
      const notice = request.query.sparat ? 'saved' : request.query.aterkallat ? 'revoked' : undefined;
      return renderOmbud(services, request, reply, personId, { notice });
    },
  );

  app.post<{ Body: Static<typeof AppointBody> }>(
    '/mina-sidor/ombud',
    htmlInput({ body: AppointBody }),
    async (request, reply) => {
      const personId = personOrLogin(request, reply, '/mina-sidor/ombud');
      const principal = principalOf(request);
      if (!personId || !principal) return reply;
      const body = request.body ?? {};
      try {
        await services.representatives.appoint(principal, body.tenantId ?? '', body);
      } catch (error) {
        const refused = { values: typedValues(body), errors: refusedFields(error) };
        return renderOmbud(services, request, reply, personId, { refused });
      }
      return seeOther(reply, '/mina-sidor/ombud?sparat=1');
    },
  );

  app.post<{ Params: Static<typeof RevokeParams> }>(
    '/mina-sidor/ombud/:id/aterkalla',
    htmlInput({ params: RevokeParams }),
    async (request, reply) => {
      const personId = personOrLogin(request, reply, '/mina-sidor/ombud');
      const principal = principalOf(request);
      if (!personId || !principal) return reply;
      await services.representatives.revoke(principal, request.params.id);
      return seeOther(reply, '/mina-sidor/ombud?aterkallat=1');
    },
  );

  app.get('/mina-sidor/agera-for', async (request, reply) => {
    const personId = personOrLogin(request, reply);
    if (!personId) return reply;
    const principals = await services.representatives.principalsOf(personId);
    const current = request.actingFor?.principal.personId;
    return sendPage(
      reply,
      <ActingForPage ctx={pageContext(request)} principals={principals} current={current} />,
    );
  });

  app.post<{ Body: Static<typeof SwitchBody> }>(
    '/mina-sidor/agera-for',
    htmlInput({ body: SwitchBody }),
    async (request, reply) => {
      const personId = personOrLogin(request, reply, '/mina-sidor/agera-for');
      const session = request.session;
      const person = session?.person;
      if (!personId || !session || !person) return reply;
      const chosen = request.body?.personId ?? '';
      const { actingForPersonId: _previous, ...data } = session.data;
      if (chosen) {
        const state = await services.representatives.actingState(
          { personId, name: `${person.givenName} ${person.familyName}` },
          chosen,
        );
        // Nobody to act for: the switch page again, which lists only who one may act for now.
        if (!state) return seeOther(reply, '/mina-sidor/agera-for');
        await services.sessions.saveData(session, { ...data, actingForPersonId: chosen });
      } else {
        await services.sessions.saveData(session, data);
      }
      return seeOther(reply, '/mina-sidor');
    },
  );
}
