/** Login and logout routes (Swedish URLs), and the development IdP when it is enabled. */
import type { FastifyInstance } from 'fastify';
import { type Static, Type } from 'typebox';
import type { Config, OidcSettings } from '../../config.ts';
import { seeOther } from '../../web/render.ts';
import { formBody, htmlInput, ReturnPathQuery } from '../http/input-schemas.ts';
import { ensureSession, safeReturnPath, setSessionCookie } from '../http/request-context.ts';
import type { RouteContext } from '../http/route-context.ts';
import { rateLimited } from '../rate-limit/rate-limit.ts';
import { SESSION_COOKIE } from '../sessions/session-service.ts';
import { createDevIdp, DEV_ID_TOKEN_ALG, DEV_PIN_CLAIM, type DevIdp, mountDevIdp } from './dev-idp.ts';
import { registerDevIdpInteractions } from './dev-idp-routes.tsx';
import { createIdentityService, type RealmClient } from './identity-service.ts';
import { parseRequestedLevel } from './model.ts';
import { createOidcClient, injectFetch } from './oidc-client.ts';
import { loadPersonas } from './personas.ts';

// What the login pages accept; the return path is still checked by `safeReturnPath` (start page
// when unsafe), an unknown level is still the default level (parseRequestedLevel).
const LoginQuery = Type.Object({
  tillbaka: ReturnPathQuery,
  niva: Type.Optional(Type.String({ maxLength: 20 })),
});
const StaffLoginQuery = Type.Object({ tillbaka: ReturnPathQuery });
// The provider's answer. The OIDC client reads code, state and iss from the URL itself (and
// checks state and PKCE); the schema only refuses what no provider sends: repeated or huge values.
const CallbackValue = Type.Optional(Type.String({ maxLength: 4096 }));
const CallbackQuery = Type.Object({
  code: CallbackValue,
  state: CallbackValue,
  iss: CallbackValue,
  error: CallbackValue,
  error_description: CallbackValue,
});

/** The external issuer when configured, else the in-process development IdP (reached via inject). */
function clientFor(
  app: FastifyInstance,
  config: Config,
  settings: OidcSettings | undefined,
  devIdp: DevIdp | undefined,
): RealmClient | undefined {
  const redirectUri = `${config.publicUrl}/auth/callback`;
  if (settings) {
    return {
      client: createOidcClient({ ...settings, redirectUri, allowHttp: false }),
      personalIdentityNumberClaim: settings.personalIdentityNumberClaim,
    };
  }
  if (!devIdp) return undefined;
  const { issuer, clientId, clientSecret } = devIdp;
  const client = createOidcClient({
    issuer,
    clientId,
    clientSecret,
    redirectUri,
    allowHttp: true,
    idTokenSigningAlg: DEV_ID_TOKEN_ALG,
    fetch: injectFetch(app),
  });
  return { client, personalIdentityNumberClaim: DEV_PIN_CLAIM };
}

/** The identity service over the configured provider, mounting the development IdP first when enabled. */
async function setUpIdentity(app: FastifyInstance, { config, services, requestContext }: RouteContext) {
  const devIdp = config.devIdp ? createDevIdp(config.publicUrl, loadPersonas()) : undefined;
  if (devIdp) {
    await mountDevIdp(app, devIdp);
    registerDevIdpInteractions(app, devIdp, requestContext);
  }
  const resident = clientFor(app, config, config.oidc, devIdp);
  // Officers use their own issuer when one is configured (STAFF_OIDC_*), else the residents' one.
  const staff = config.staffOidc ? clientFor(app, config, config.staffOidc, undefined) : resident;
  return createIdentityService({
    sessions: services.sessions,
    profile: services.profile,
    clients: { resident, staff },
    log: app.log,
  });
}

/** The callback URL as registered at the provider, with this request's query (code, state, iss). */
function callbackUrlOf(config: Config, url: string): URL {
  const queryStart = url.indexOf('?');
  return new URL(`${config.publicUrl}/auth/callback${queryStart >= 0 ? url.slice(queryStart) : ''}`);
}

/** Registers /logga-in, /auth/callback, /logga-ut and (when DEV_IDP) /dev-idp/*. */
export async function registerIdentityRoutes(app: FastifyInstance, context: RouteContext): Promise<void> {
  const { config, requestContext } = context;
  const identity = await setUpIdentity(app, context);

  app.get<{ Querystring: Static<typeof LoginQuery> }>(
    '/logga-in',
    { ...htmlInput({ querystring: LoginQuery }), config: { rateLimit: rateLimited('login') } },
    async (request, reply) => {
      const session = await ensureSession(request, reply, requestContext);
      const returnTo = safeReturnPath(request.query.tillbaka);
      const destination = await identity.startLogin(session, {
        returnTo,
        level: parseRequestedLevel(request.query.niva),
      });
      return seeOther(reply, destination);
    },
  );

  // Officers' login (back office): the staff realm, possibly another issuer (STAFF_OIDC_*).
  app.get<{ Querystring: Static<typeof StaffLoginQuery> }>(
    '/handlaggning/logga-in',
    { ...htmlInput({ querystring: StaffLoginQuery }), config: { rateLimit: rateLimited('login') } },
    async (request, reply) => {
      const session = await ensureSession(request, reply, requestContext);
      const returnTo = safeReturnPath(request.query.tillbaka);
      const destination = await identity.startLogin(session, { returnTo, level: 'loa3', realm: 'staff' });
      return seeOther(reply, destination);
    },
  );

  app.get('/auth/callback', htmlInput({ querystring: CallbackQuery }), async (request, reply) => {
    const { token, returnTo } = await identity.completeLogin(
      request.session,
      callbackUrlOf(config, request.url),
    );
    setSessionCookie(reply, token, requestContext);
    return seeOther(reply, safeReturnPath(returnTo));
  });

  // CSRF is checked by the global preHandler hook like every other form post.
  app.post('/logga-ut', htmlInput({ body: formBody({}) }), async (request, reply) => {
    await identity.logout(request.session);
    reply.clearCookie(SESSION_COOKIE, {
      path: '/',
      httpOnly: true,
      sameSite: 'lax',
      secure: requestContext.cookieSecure,
    });
    return seeOther(reply, '/');
  });
}
