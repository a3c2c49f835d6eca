/**
 * When a logged-in session has ended (idle or absolute timeout, issue #14), the person's next page
 * request is sent to /utloggad, which says why ("Du har loggats ut eftersom …") and offers to log in
 * again, returning to where they were. Nothing saved is lost: drafts are saved per step. The ended
 * session is deleted and its cookie cleared, so this is said once. APIs and assets are not
 * redirected: they simply see no session.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { type Static, Type } from 'typebox';
import { Layout } from '../../web/layout.tsx';
import { pageContext } from '../../web/page-context.ts';
import { seeOther, sendPage } from '../../web/render.ts';
import { htmlInput, ReturnPathQuery } from '../http/input-schemas.ts';
import { safeReturnPath } from '../http/request-context.ts';
import { translator } from '../i18n/i18n.ts';
import { SESSION_COOKIE, type SessionService } from '../sessions/session-service.ts';
import { identityMessages } from './messages.ts';
import { loginPath } from './model.ts';

export const LOGGED_OUT_PATH = '/utloggad';

const Query = Type.Object({
  orsak: Type.Optional(Type.Union([Type.Literal('inaktiv'), Type.Literal('tid')])),
  inloggning: Type.Optional(Type.Literal('handlaggare')),
  tillbaka: ReturnPathQuery,
});

/** Paths that are never redirected: logging in (again), the IdP, this page, assets and APIs. */
const PASS_THROUGH = /^\/(utloggad|logga-in|handlaggning\/logga-in|auth\/|dev-idp|static\/|healthz|api\/)/;

/** A browser asking for a page, or posting a form: someone who can read the explanation. */
function isPageRequest(request: FastifyRequest): boolean {
  if (PASS_THROUGH.test(request.url)) return false;
  if (request.method === 'GET' || request.method === 'HEAD')
    return (request.headers.accept ?? '').includes('text/html');
  const type = request.headers['content-type'] ?? '';
  return type.startsWith('application/x-www-form-urlencoded') || type.startsWith('multipart/form-data');
}

/** Where to return after logging in again: this page, or for a form post the page the form was on. */
function returnPathOf(request: FastifyRequest, origin: string): string {
  if (request.method === 'GET' || request.method === 'HEAD') return safeReturnPath(request.url);
  const referer = request.headers.referer;
  if (!referer) return '/';
  try {
    const url = new URL(referer);
    return url.origin === origin ? safeReturnPath(`${url.pathname}${url.search}`) : '/';
  } catch {
    return '/';
  }
}

export interface SessionEndedOptions {
  sessions: Pick<SessionService, 'end' | 'limits'>;
  cookieSecure: boolean;
  /** PUBLIC_URL's origin: only a Referer from it names a return path. */
  origin: string;
}

/** Installs the redirect (after the request context's hook) and the /utloggad page. */
export function registerSessionEnded(app: FastifyInstance, options: SessionEndedOptions): void {
  app.addHook('onRequest', async (request, reply) => {
    const ended = request.sessionEnded;
    if (!ended || !isPageRequest(request)) return;
    await options.sessions.end(ended.id);
    request.sessionEnded = undefined;
    reply.clearCookie(SESSION_COOKIE, {
      path: '/',
      httpOnly: true,
      sameSite: 'lax',
      secure: options.cookieSecure,
    });
    const query = new URLSearchParams({ orsak: ended.reason === 'idle' ? 'inaktiv' : 'tid' });
    if (ended.realm === 'staff') query.set('inloggning', 'handlaggare');
    query.set('tillbaka', returnPathOf(request, options.origin));
    return seeOther(reply, `${LOGGED_OUT_PATH}?${query}`);
  });

  app.get<{ Querystring: Static<typeof Query> }>(
    LOGGED_OUT_PATH,
    htmlInput({ querystring: Query }),
    (request, reply) => sendLoggedOutPage(request, reply, options.sessions.limits),
  );
}

function sendLoggedOutPage(
  request: FastifyRequest<{ Querystring: Static<typeof Query> }>,
  reply: FastifyReply,
  limits: SessionService['limits'],
) {
  const ctx = pageContext(request);
  const t = translator(identityMessages, ctx.lang);
  const back = safeReturnPath(request.query.tillbaka);
  const login =
    request.query.inloggning === 'handlaggare'
      ? `/handlaggning/logga-in?tillbaka=${encodeURIComponent(back)}`
      : loginPath(back);
  const why =
    request.query.orsak === 'tid'
      ? t('loggedOutAbsolute', { hours: limits.absoluteHours })
      : t('loggedOutIdle', { minutes: limits.idleMinutes });
  return sendPage(
    reply,
    <Layout ctx={ctx} title={t('loggedOutTitle')}>
      <h1>{t('loggedOutTitle')}</h1>
      <p>{why}</p>
      <p>{t('loggedOutKept')}</p>
      <p>
        <a class="button" href={login}>
          {t('loggedOutLogIn')}
        </a>
      </p>
      <p>
        <a href={back}>{t('loggedOutContinue')}</a>
      </p>
    </Layout>,
  );
}
