/**
 * One place that turns errors into RFC 9457 problems (API) or friendly Swedish/English pages (HTML),
 * with the security headers, also for errors Fastify and Node raise before any route runs.
 */
import type { Socket } from 'node:net';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { Layout } from '../../web/layout.tsx';
import { pageContext } from '../../web/page-context.ts';
import { sendPage } from '../../web/render.ts';
import { AppError, type ErrorCode, problemFor } from '../errors.ts';
import { common } from '../i18n/common-messages.ts';
import { DEFAULT_LANGUAGE, translator } from '../i18n/i18n.ts';
import { pathForLog } from './logging.ts';
import { isMalformedBodyError } from './multipart.ts';
import { securityHeaders } from './request-context.ts';

function wantsJson(request: FastifyRequest): boolean {
  // Open311's own addresses (`/{tenant}/open311/v2/…`), not the administrators' Open311 pages.
  if (request.url.startsWith('/api/') || request.url.includes('/open311/v2/')) return true;
  if (request.routeOptions?.config?.tokenAuth === true || request.routeOptions?.config?.json === true)
    return true;
  const accept = request.headers.accept ?? '';
  return accept.includes('application/json') && !accept.includes('text/html');
}

function toAppError(error: FastifyError | AppError | Error): AppError {
  if (error instanceof AppError) return error;
  if (isMalformedBodyError(error))
    return new AppError('VALIDATION_FAILED', 'The multipart body could not be read');
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
  | 'tooLarge'
  | 'tooMany';

function pageKeyFor(code: ErrorCode, status: number): PageKey {
  if (status === 404) return 'notFound';
  if (code === 'LOGIN_REQUIRED') return 'loginRequired';
  if (code === 'LOGIN_FAILED') return 'loginFailed';
  if (status === 403) return 'forbidden';
  if (status === 413) return 'tooLarge';
  if (code === 'RATE_LIMITED') return 'tooMany';
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

/** Sends `error` as a problem (API) or a page, logging server faults without their details. */
function sendError(error: FastifyError | AppError | Error, request: FastifyRequest, reply: FastifyReply) {
  const appError = toAppError(error);
  if (appError.status >= 500) request.log.error({ err: error }, 'request failed');
  else request.log.info({ code: appError.code, url: pathForLog(request.url) }, 'request refused');
  if (wantsJson(request)) {
    const detail = appError.status >= 500 ? undefined : appError.message;
    return reply
      .status(appError.status)
      .type('application/problem+json')
      .send(
        problemFor(
          appError.code,
          detail === appError.code ? undefined : detail,
          pathForLog(request.url),
          appError.errors,
        ),
      );
  }
  return sendErrorPage(request, reply, appError);
}

/** Fastify's `frameworkErrors`: a URL it cannot decode and the like, answered as any other error. */
export function handleFrameworkError(
  error: FastifyError,
  request: FastifyRequest,
  reply: FastifyReply,
): void {
  // No hook has run and the request is not decorated: set what the page and the onSend hook would.
  request.lang = DEFAULT_LANGUAGE;
  request.session = undefined;
  reply.headers(securityHeaders());
  // A parameter longer than maxParamLength matches no tenant, id or step: that page does not exist.
  const code = error.code === 'FST_ERR_MAX_PARAM_LENGTH' ? 'NOT_FOUND' : 'VALIDATION_FAILED';
  sendError(new AppError(code), request, reply);
}

const CLIENT_ERROR_PAGE =
  '<!doctype html><html lang="sv"><head><meta charset="utf-8"><title>Felaktig begäran</title></head>' +
  '<body><h1>Felaktig begäran</h1><p>Servern kunde inte läsa begäran. Gå tillbaka och försök igen.</p>' +
  '<p lang="en">The server could not read the request. Go back and try again.</p></body></html>';

/** Node's `clientError` (oversized headers, a broken request line): a small page with our headers. */
export function handleClientError(error: Error & { code?: string }, socket: Socket): void {
  if (error.code === 'ECONNRESET' || !socket.writable) {
    socket.destroy(error);
    return;
  }
  const status =
    error.code === 'HPE_HEADER_OVERFLOW' ? '431 Request Header Fields Too Large' : '400 Bad Request';
  const body = Buffer.from(CLIENT_ERROR_PAGE);
  const headers = {
    ...securityHeaders(),
    'content-type': 'text/html; charset=utf-8',
    'content-length': String(body.length),
    connection: 'close',
  };
  const head = Object.entries(headers).map(([name, value]) => `${name}: ${value}\r\n`);
  socket.end(Buffer.concat([Buffer.from(`HTTP/1.1 ${status}\r\n${head.join('')}\r\n`), body]));
}

/** Installs the error and not-found handlers. */
export function registerErrorHandling(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError | AppError, request, reply) => sendError(error, request, reply));
  app.setNotFoundHandler((request, reply) => {
    if (wantsJson(request)) {
      return reply
        .status(404)
        .type('application/problem+json')
        .send(problemFor('NOT_FOUND', undefined, pathForLog(request.url)));
    }
    return sendErrorPage(request, reply, new AppError('NOT_FOUND'));
  });
}
