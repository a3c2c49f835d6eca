/** Login and logout routes (Swedish URLs), and the development IdP when it is enabled. */
import type { FastifyInstance } from 'fastify';
import type { RouteContext } from '../../app.ts';
import type { Config } from '../../config.ts';
import { seeOther } from '../../web/render.ts';
import { ensureSession, safeReturnPath, setSessionCookie } from '../http/request-context.ts';
import { SESSION_COOKIE } from '../sessions/session-service.ts';
import { createDevIdp, DEV_PIN_CLAIM, type DevIdp, mountDevIdp } from './dev-idp.ts';
import { registerDevIdpInteractions } from './dev-idp-routes.tsx';
import { createIdentityService } from './identity-service.ts';
import { parseRequestedLevel } from './model.ts';
import { createOidcClient, injectFetch, type OidcClient } from './oidc-client.ts';
import { loadPersonas } from './personas.ts';

/** The external issuer when configured, else the in-process development IdP (reached via inject). */
function clientFor(app: FastifyInstance, config: Config, devIdp: DevIdp | undefined): OidcClient | undefined {
  const redirectUri = `${config.publicUrl}/auth/callback`;
  if (config.oidc) return createOidcClient({ ...config.oidc, redirectUri, allowHttp: false });
  if (!devIdp) return undefined;
  const { issuer, clientId, clientSecret } = devIdp;
  return createOidcClient({
    issuer,
    clientId,
    clientSecret,
    redirectUri,
    allowHttp: true,
    fetch: injectFetch(app),
  });
}

/** The identity service over the configured provider, mounting the development IdP first when enabled. */
async function setUpIdentity(app: FastifyInstance, { config, services, requestContext }: RouteContext) {
  const devIdp = config.devIdp ? createDevIdp(config.publicUrl, loadPersonas()) : undefined;
  if (devIdp) {
    await mountDevIdp(app, devIdp);
    registerDevIdpInteractions(app, devIdp, requestContext);
  }
  return createIdentityService({
    sessions: services.sessions,
    profile: services.profile,
    client: clientFor(app, config, devIdp),
    personalIdentityNumberClaim: config.oidc?.personalIdentityNumberClaim ?? DEV_PIN_CLAIM,
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

  app.get<{ Querystring: { tillbaka?: string; niva?: string } }>('/logga-in', async (request, reply) => {
    const session = await ensureSession(request, reply, requestContext);
    const returnTo = safeReturnPath(request.query.tillbaka);
    const destination = await identity.startLogin(session, {
      returnTo,
      level: parseRequestedLevel(request.query.niva),
    });
    return seeOther(reply, destination);
  });

  app.get('/auth/callback', async (request, reply) => {
    const { token, returnTo } = await identity.completeLogin(
      request.session,
      callbackUrlOf(config, request.url),
    );
    setSessionCookie(reply, token, requestContext);
    return seeOther(reply, returnTo);
  });

  // CSRF is checked by the global preHandler hook like every other form post.
  app.post('/logga-ut', async (request, reply) => {
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
