/** Stable error codes, turned into RFC 9457 problems (API) or friendly pages (HTML) by the error plugin. */

export type ErrorCode =
  | 'NOT_FOUND'
  | 'TENANT_NOT_FOUND'
  | 'SERVICE_NOT_FOUND'
  | 'DRAFT_NOT_FOUND'
  | 'CASE_NOT_FOUND'
  | 'ATTACHMENT_NOT_FOUND'
  | 'VALIDATION_FAILED'
  | 'CSRF_FAILED'
  | 'LOGIN_REQUIRED'
  | 'LOGIN_FAILED'
  | 'FORBIDDEN'
  | 'DRAFT_ALREADY_SUBMITTED'
  | 'FILE_TOO_LARGE'
  | 'FILE_TYPE_NOT_ALLOWED'
  | 'DEFINITION_INVALID'
  | 'CONFLICT'
  | 'INTAKE_INVALID'
  | 'SERVICE_VERSION_NOT_LIVE'
  | 'CHANNEL_NOT_ACCEPTED'
  | 'UNSUPPORTED_MEDIA_TYPE'
  | 'DEVICE_TOKEN_INVALID'
  | 'SENML_INVALID'
  | 'SENML_UNIT_UNKNOWN'
  | 'SENML_TIME_IN_FUTURE'
  | 'SENML_NAME_NOT_OF_DEVICE'
  | 'SENML_VALUE_REFUSED'
  | 'API_CLIENT_UNAUTHENTICATED'
  | 'API_SCOPE_MISSING'
  | 'RATE_LIMITED'
  | 'IDEMPOTENCY_KEY_REUSED'
  | 'INTERNAL';

const statusByCode: Record<ErrorCode, number> = {
  NOT_FOUND: 404,
  TENANT_NOT_FOUND: 404,
  SERVICE_NOT_FOUND: 404,
  DRAFT_NOT_FOUND: 404,
  CASE_NOT_FOUND: 404,
  ATTACHMENT_NOT_FOUND: 404,
  VALIDATION_FAILED: 400,
  CSRF_FAILED: 403,
  LOGIN_REQUIRED: 401,
  LOGIN_FAILED: 401,
  FORBIDDEN: 403,
  DRAFT_ALREADY_SUBMITTED: 409,
  FILE_TOO_LARGE: 413,
  FILE_TYPE_NOT_ALLOWED: 415,
  DEFINITION_INVALID: 422,
  CONFLICT: 409,
  /** A case from any channel whose answers, applicant or attachments fail (field errors attached). */
  INTAKE_INVALID: 422,
  SERVICE_VERSION_NOT_LIVE: 422,
  CHANNEL_NOT_ACCEPTED: 422,
  UNSUPPORTED_MEDIA_TYPE: 415,
  /** A sensor's bearer token that is missing, unknown or revoked (docs/sensors.md). */
  DEVICE_TOKEN_INVALID: 401,
  /** SenML that is not a valid pack (RFC 8428); the errors point at the records. */
  SENML_INVALID: 400,
  SENML_UNIT_UNKNOWN: 422,
  SENML_TIME_IN_FUTURE: 422,
  SENML_NAME_NOT_OF_DEVICE: 422,
  SENML_VALUE_REFUSED: 422,
  /** An API client's token or key that is missing, unknown, expired or revoked (docs/api.md). */
  API_CLIENT_UNAUTHENTICATED: 401,
  /** The client's credentials lack the scope the route needs. */
  API_SCOPE_MISSING: 403,
  RATE_LIMITED: 429,
  IDEMPOTENCY_KEY_REUSED: 422,
  INTERNAL: 500,
};

/** Every stable code with its HTTP status, for the API's documentation. */
export function errorCodes(): { code: ErrorCode; status: number }[] {
  return (Object.entries(statusByCode) as [ErrorCode, number][]).map(([code, status]) => ({ code, status }));
}

export interface ProblemFieldError {
  field: string;
  message: string;
}

/** An expected failure with a stable code; `detail` is safe to show to the person. */
export class AppError extends Error {
  readonly code: ErrorCode;
  readonly status: number;
  readonly errors: ProblemFieldError[] | undefined;

  constructor(code: ErrorCode, detail?: string, errors?: ProblemFieldError[]) {
    super(detail ?? code);
    this.code = code;
    this.status = statusByCode[code];
    this.errors = errors;
  }
}

/** An RFC 9457 problem details body. */
export interface Problem {
  type: string;
  title: string;
  status: number;
  detail?: string;
  instance?: string;
  code: ErrorCode;
  errors?: ProblemFieldError[];
}

/** Builds the problem body for an error code. */
export function problemFor(
  code: ErrorCode,
  detail: string | undefined,
  instance: string,
  errors?: ProblemFieldError[],
): Problem {
  const problem: Problem = {
    type: `urn:ingang:problem:${code.toLowerCase().replaceAll('_', '-')}`,
    title: code
      .toLowerCase()
      .split('_')
      .map((word, index) => (index === 0 ? word[0]?.toUpperCase() + word.slice(1) : word))
      .join(' '),
    status: statusByCode[code],
    code,
    instance,
  };
  if (detail) problem.detail = detail;
  if (errors && errors.length > 0) problem.errors = errors;
  return problem;
}
