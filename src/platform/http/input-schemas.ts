/**
 * One way for all input (issue #9), written once for the platform's own routes and the modules'
 * (web/http/html-input.ts builds on it): HTML routes declare their params, query and form body as
 * TypeBox schemas, exactly like the JSON routes, and Fastify validates them before the handler.
 * What the person typed is still checked by the services (with field errors next to the field);
 * the schemas refuse what no page of ours sends. A refused schema never becomes raw JSON: a
 * malformed id in the URL is simply not found (404), anything else is the friendly error page
 * (or problem+json for a client that asks for JSON), both through the one error handler.
 */
import type { FastifySchema, FastifySchemaValidationError } from 'fastify';
import { type TObject, type TSchema, Type } from 'typebox';
import { AppError } from '../errors.ts';

/** An id in a URL: a UUID, so a malformed one never reaches SQL (and answers 404). */
export const IdParam = Type.String({
  format: 'uuid',
  // Stricter than the format, which also allows a `urn:uuid:` prefix that PostgreSQL refuses.
  pattern: '^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$',
});
/** A municipality's or an e-service's slug in a URL. */
export const SlugParam = Type.String({ pattern: '^[a-z0-9-]{1,100}$' });
/** A case reference in a URL (`EXS-2026-000123`). */
export const ReferenceParam = Type.String({ pattern: '^[A-Za-z0-9-]{1,40}$' });
/** A text field of a form; the service checks its content and length, with a field error. */
export const FormText = Type.Optional(Type.String());
/** A field that a form may send once or several times (checkboxes). */
export const FormList = Type.Optional(Type.Array(Type.String()));
/**
 * A return path (`tillbaka`) as a query value: one string of sane length. Whether it is a safe
 * same-origin path is decided once, by `safeReturnPath`, which falls back to the start page.
 */
export const ReturnPathQuery = Type.Optional(Type.String({ maxLength: 2048 }));

/** A form body of these fields; other fields (the CSRF token) pass through untouched. */
export function formBody<Fields extends Record<string, TSchema>>(fields: Fields): TObject<Fields> {
  return Type.Object(fields);
}

/** Turns a schema failure into the app's error: 404 for the URL's params, 400 for the rest. */
export function inputError(errors: FastifySchemaValidationError[], part: string): Error {
  if (part === 'params') return new AppError('NOT_FOUND');
  return new AppError(
    'VALIDATION_FAILED',
    'The request did not match what this page accepts',
    errors.map((issue) => ({
      field: `${part}${issue.instancePath || ''}`,
      message: issue.message ?? 'invalid',
    })),
  );
}

interface HtmlInput {
  params?: TObject;
  querystring?: TObject;
  body?: TSchema;
  /** The route also takes multipart (file uploads), which its handler reads part by part. */
  multipart?: boolean;
}

/** Route options for an HTML route: its input schemas and the friendly handling of refusals. */
export function htmlInput(input: HtmlInput): {
  schema: FastifySchema;
  schemaErrorFormatter: typeof inputError;
  config?: { multipart: true };
} {
  const { params, querystring, body, multipart } = input;
  const schema: FastifySchema = {};
  if (params) schema.params = params;
  if (querystring) schema.querystring = querystring;
  // A multipart body is read part by part by its handler; only the urlencoded form is validated here.
  if (body) {
    schema.body = multipart ? { content: { 'application/x-www-form-urlencoded': { schema: body } } } : body;
  }
  // The input guard lets multipart reach only routes that say they stream it (and check its token).
  return multipart
    ? { schema, schemaErrorFormatter: inputError, config: { multipart: true } }
    : { schema, schemaErrorFormatter: inputError };
}

/**
 * Route options for a JSON route that browsers' scripts call (the map's GeoJSON): the same input
 * schemas and refusals as `htmlInput` (a refused param is 404, a refused query 400), answered as
 * problem+json.
 */
export function jsonInput(input: Omit<HtmlInput, 'multipart'>) {
  return { ...htmlInput(input), config: { json: true as const } };
}
