/**
 * The development IdP's interaction pages (OUR pages, rendered with our layout): the persona picker
 * and its form posts. /dev-idp/ is exempt from the global CSRF hook (the provider's own endpoints are
 * protected by state and PKCE), so these forms check the session's CSRF token themselves.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { InteractionDetails } from 'oidc-provider';
import { type Static, Type } from 'typebox';
import { pageContext } from '../../web/page-context.ts';
import { seeOther, sendPage } from '../../web/render.ts';
import { AppError } from '../errors.ts';
import { FormText, formBody, htmlInput } from '../http/input-schemas.ts';
import { assertCsrf, ensureSession, type RequestContextOptions } from '../http/request-context.ts';
import { cancelInteraction, completeInteraction, DEV_IDP_PATH, type DevIdp } from './dev-idp.ts';
import { DevLoginPage } from './dev-idp-views.tsx';
import { ACR, acceptedLevels } from './model.ts';

// The provider's interaction uid (URL-safe random); anything else is simply not found.
const InteractionParams = Type.Object({ uid: Type.String({ pattern: '^[A-Za-z0-9_-]{1,100}$' }) });
// The persona form. /dev-idp/ is outside the input guard's CSRF check, so the token is declared here.
const LoginBody = formBody({
  _csrf: FormText,
  subject: FormText,
  level: Type.Optional(Type.Union([Type.Literal('loa2'), Type.Literal('loa3')])),
});
const AbortBody = formBody({ _csrf: FormText });

type Params = Static<typeof InteractionParams>;
type InteractionRequest = FastifyRequest<{ Params: Params }>;
type LoginBody = Static<typeof LoginBody>;

/** The interaction this browser is in (by the provider's cookie), or LOGIN_FAILED when it expired. */
async function detailsFor(devIdp: DevIdp, request: InteractionRequest, reply: FastifyReply) {
  try {
    const details = await devIdp.provider.interactionDetails(request.raw, reply.raw);
    if (details.uid !== request.params.uid) throw new Error('interaction uid mismatch');
    return details;
  } catch (error) {
    request.log.info({ err: error }, 'dev IdP interaction not found');
    throw new AppError('LOGIN_FAILED', 'The login has expired. Start again.');
  }
}

/** The persona and `acr` a form post chose; only levels the client asked for are accepted. */
function chosenLogin(
  devIdp: DevIdp,
  body: LoginBody,
  details: InteractionDetails,
): { subject: string; acr: string } {
  const persona = devIdp.personas.bySubject(body.subject ?? '');
  const level = body.level;
  const allowed = acceptedLevels(details.params.acr_values);
  if (!persona || level === undefined || !allowed.includes(level)) {
    throw new AppError('VALIDATION_FAILED');
  }
  return { subject: persona.subject, acr: ACR[level] };
}

/** Registers GET /dev-idp/interaction/:uid and its POST …/login and …/abort. */
export function registerDevIdpInteractions(
  app: FastifyInstance,
  devIdp: DevIdp,
  context: RequestContextOptions,
): void {
  const base = `${DEV_IDP_PATH}/interaction/:uid`;

  app.get<{ Params: Params }>(base, htmlInput({ params: InteractionParams }), async (request, reply) => {
    const details = await detailsFor(devIdp, request, reply);
    await ensureSession(request, reply, context);
    const action = `${DEV_IDP_PATH}/interaction/${encodeURIComponent(details.uid)}`;
    const { residents, staff } = devIdp.personas;
    const levels = acceptedLevels(details.params.acr_values);
    const page = <DevLoginPage ctx={pageContext(request)} {...{ action, residents, staff, levels }} />;
    return sendPage(reply, page);
  });

  const loginInput = htmlInput({ params: InteractionParams, body: LoginBody });
  app.post<{ Params: Params; Body: LoginBody }>(`${base}/login`, loginInput, async (request, reply) => {
    assertCsrf(request, request.body._csrf);
    const details = await detailsFor(devIdp, request, reply);
    const login = chosenLogin(devIdp, request.body, details);
    return seeOther(
      reply,
      await completeInteraction(devIdp, { req: request.raw, res: reply.raw }, details, login),
    );
  });

  const abortInput = htmlInput({ params: InteractionParams, body: AbortBody });
  app.post<{ Params: Params; Body: Static<typeof AbortBody> }>(
    `${base}/abort`,
    abortInput,
    async (request, reply) => {
      assertCsrf(request, request.body._csrf);
      await detailsFor(devIdp, request, reply);
      return seeOther(reply, await cancelInteraction(devIdp, { req: request.raw, res: reply.raw }));
    },
  );
}
