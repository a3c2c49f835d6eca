/**
 * What the log may hold: request lines without query values (searches carry personnummer and names,
 * the login callback its OIDC code and state) and errors without their extra properties (a database
 * error carries the statement's parameters, i.e. a draft's answers).
 */

interface LoggedRequest {
  method: string;
  url: string;
  host?: string;
  ip?: string;
  socket?: { remotePort?: number };
}

/** `url` with every query value replaced by `…`; parameter names stay, so the log still says what was asked. */
export function pathForLog(url: string): string {
  const queryStart = url.indexOf('?');
  if (queryStart < 0) return url;
  const names = url
    .slice(queryStart + 1)
    .split('&')
    .filter((pair) => pair !== '')
    .map((pair) => {
      const equals = pair.indexOf('=');
      return equals < 0 ? pair : `${pair.slice(0, equals)}=…`;
    });
  return `${url.slice(0, queryStart)}?${names.join('&')}`;
}

interface LoggedError {
  [key: string]: unknown;
  type: string;
  message: string;
  stack: string;
}

/** An error as logged: its kind, message, code and stack, never its other properties. */
export function errorForLog(error: unknown): LoggedError {
  if (!(error instanceof Error)) return { type: typeof error, message: String(error), stack: '' };
  const code = (error as { code?: unknown }).code;
  const logged: LoggedError = {
    type: error.constructor.name,
    message: error.message,
    stack: error.stack ?? '',
  };
  if (typeof code === 'string' || typeof code === 'number') logged.code = code;
  if (error.cause !== undefined) logged.cause = errorForLog(error.cause);
  return logged;
}

/** pino serializers for the app's logger (and every child logger of it). */
export const logSerializers = {
  req(request: LoggedRequest) {
    return {
      method: request.method,
      url: pathForLog(request.url),
      host: request.host,
      remoteAddress: request.ip,
      remotePort: request.socket?.remotePort,
    };
  },
  err: errorForLog,
};
