/**
 * What each stable problem code means, for the OpenAPI document and the API's reference page
 * (issue #12). A Record over ErrorCode, so a new code cannot be added without saying what it means.
 */
import type { ErrorCode } from '../errors.ts';

export const problemMeaning: Record<ErrorCode, string> = {
  NOT_FOUND: 'There is no such thing here (or the caller may not know that it exists).',
  TENANT_NOT_FOUND: 'No municipality on this installation has that name.',
  SERVICE_NOT_FOUND: 'The e-service does not exist, is not live, or is out of the client’s reach.',
  DRAFT_NOT_FOUND: 'The draft application does not exist or is not the caller’s.',
  CASE_NOT_FOUND: 'The case does not exist, or is out of the caller’s reach (the two are not told apart).',
  ATTACHMENT_NOT_FOUND: 'The case has no file with that id.',
  VALIDATION_FAILED: 'The input was refused; `errors[]` names each field and what is wrong with it.',
  CSRF_FAILED: 'A form was posted without its page’s token (browser forms only).',
  LOGIN_REQUIRED: 'The resident or officer must log in first.',
  LOGIN_FAILED: 'The login did not succeed.',
  FORBIDDEN: 'The caller may see this but not do this.',
  DRAFT_ALREADY_SUBMITTED: 'The draft was already submitted; its case exists.',
  FILE_TOO_LARGE: 'The file is larger than the field allows.',
  FILE_TYPE_NOT_ALLOWED: 'The file’s type is not one the field accepts.',
  DEFINITION_INVALID: 'An e-service definition or decision table failed validation; `errors[]` says where.',
  CONFLICT: 'The request conflicts with the current state (e.g. it was already done, or replaced).',
  INTAKE_INVALID: 'The case’s answers, applicant or files were refused; `errors[]` names the fields.',
  SERVICE_VERSION_NOT_LIVE: 'That version of the e-service is not the live one.',
  CHANNEL_NOT_ACCEPTED: 'The e-service takes no cases through this channel.',
  UNSUPPORTED_MEDIA_TYPE: 'The request body’s content type is not one this route takes.',
  DEVICE_TOKEN_INVALID: 'A sensor’s bearer token is missing, unknown or revoked.',
  SENML_INVALID: 'The SenML pack is not valid (RFC 8428); `errors[]` points at the records.',
  SENML_UNIT_UNKNOWN: 'A SenML record has a unit the device’s type does not measure in.',
  SENML_TIME_IN_FUTURE: 'A SenML record is dated in the future.',
  SENML_NAME_NOT_OF_DEVICE: 'A SenML record names another device.',
  SENML_VALUE_REFUSED: 'A SenML value is outside what the device can measure.',
  API_CLIENT_UNAUTHENTICATED: 'The token or API key is missing, unknown, expired or revoked.',
  API_SCOPE_MISSING: 'The client’s credentials lack the scope this route needs; `detail` names it.',
  RATE_LIMITED: 'Too many requests; wait as long as `Retry-After` says.',
  IDEMPOTENCY_KEY_REUSED: 'The Idempotency-Key was sent before with another request body.',
  INTERNAL: 'Something failed on our side; nothing was half written. Try again later.',
};
