/** One place that turns errors into RFC 9457 problems (API) or friendly Swedish/English pages (HTML). */
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { Layout } from '../../web/layout.tsx';
import { pageContext } from '../../web/page-context.ts';
import { sendPage } from '../../web/render.ts';
import { AppError, type ErrorCode, problemFor } from '../errors.ts';
import { common } from '../i18n/common-messages.ts';
import { translator } from '../i18n/i18n.ts';

function wantsJson(request: FastifyRequest): boolean {
  if (request.url.startsWith('/api/') || request.url.includes('/open311/')) return true;
  const accept = request.headers.accept ?? '';
  return accept.includes('application/json') && !accept.includes('text/html');
}

function toAppError(error: FastifyError | AppError | Error): AppError {
  if (error instanceof AppError) return error;
  const fastifyError = error as FastifyError;
  if (fastifyError.validation) {
    return new AppError(
      'VALIDATION_FAILED',
      'The request did not match the schema',
      fastifyError.validation.map((issue) => ({
        field: issue.instancePath || String(issue.params?.missingProperty ?? ''),
        message: issue.message ?? 'invalid',
      })),
    );
  }
  const status = fastifyError.statusCode ?? 500;
  if (status === 413) return new AppError('FILE_TOO_LARGE');
  if (status === 415) return new AppError('FILE_TYPE_NOT_ALLOWED');
  if (status === 404) return new AppError('NOT_FOUND');
  if (status >= 400 && status < 500) return new AppError('VALIDATION_FAILED', fastifyError.message);
  return new AppError('INTERNAL');
}

type PageKey =
  | 'notFound'
  | 'forbidden'
  | 'loginRequired'
  | 'loginFailed'
  | 'serverError'
  | 'badRequest'
  | 'tooLarge';

function pageKeyFor(code: ErrorCode, status: number): PageKey {
  if (status === 404) return 'notFound';
  if (code === 'LOGIN_REQUIRED') return 'loginRequired';
  if (code === 'LOGIN_FAILED') return 'loginFailed';
  if (status === 403) return 'forbidden';
  if (status === 413) return 'tooLarge';
  if (status >= 500) return 'serverError';
  return 'badRequest';
}

function loginHref(request: FastifyRequest, error: AppError): string {
  const level = error.message === 'loa2' || error.message === 'loa3' ? `&niva=${error.message}` : '';
  const back = error.code === 'LOGIN_FAILED' ? '/' : request.url;
  return `/logga-in?tillbaka=${encodeURIComponent(back)}${level}`;
}

function sendErrorPage(request: FastifyRequest, reply: FastifyReply, error: AppError): FastifyReply {
  const ctx = pageContext(request);
  const t = translator(common, ctx.lang);
  const key = pageKeyFor(error.code, error.status);
  return sendPage(
    reply,
    <Layout ctx={ctx} title={t(`${key}Title`)}>
      <h1>{t(`${key}Title`)}</h1>
      <p>{t(`${key}Text`)}</p>
      {(error.code === 'LOGIN_REQUIRED' || error.code === 'LOGIN_FAILED') && (
        <p>
          <a class="button" href={loginHref(request, error)}>
            {t('logIn')}
          </a>
        </p>
      )}
      <p>
        <a href="/">{t('home')}</a>
      </p>
      <p class="muted">{t('errorCode', { code: error.code })}</p>
    </Layout>,
    error.status,
  );
}

/** Installs the error and not-found handlers. */
export function registerErrorHandling(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError | AppError, request, reply) => {
    const appError = toAppError(error);
    if (appError.status >= 500) request.log.error({ err: error }, 'request failed');
    else request.log.info({ code: appError.code, url: request.url }, 'request refused');
    if (wantsJson(request)) {
      const detail = appError.status >= 500 ? undefined : appError.message;
      return reply
        .status(appError.status)
        .type('application/problem+json')
        .send(
          problemFor(
            appError.code,
            detail === appError.code ? undefined : detail,
            request.url,
            appError.errors,
          ),
        );
    }
    return sendErrorPage(request, reply, appError);
  });
  app.setNotFoundHandler((request, reply) => {
    const error = new AppError('NOT_FOUND');
    if (wantsJson(request)) {
      return reply
        .status(404)
        .type('application/problem+json')
        .send(problemFor('NOT_FOUND', undefined, request.url));
    }
    return sendErrorPage(request, reply, error);
  });
}
