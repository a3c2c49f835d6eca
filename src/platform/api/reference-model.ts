/**
 * The API reference page's content (issue #12), read from the OpenAPI document so that the page and
 * the document never disagree: each operation with its scopes, parameters, body fields and answers,
 * each schema type in a few words. Pure.
 */

/** A JSON Schema as the document holds it (only what the page reads). */
export interface SchemaObject {
  $ref?: string;
  type?: string | string[];
  format?: string;
  enum?: unknown[];
  anyOf?: SchemaObject[];
  oneOf?: SchemaObject[];
  allOf?: SchemaObject[];
  items?: SchemaObject;
  properties?: Record<string, SchemaObject>;
  required?: string[];
  description?: string;
  examples?: unknown[];
  example?: unknown;
  pattern?: string;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  default?: unknown;
  const?: unknown;
}

interface Parameter {
  in: string;
  name: string;
  required?: boolean;
  description?: string;
  schema?: SchemaObject;
  example?: unknown;
}

interface Operation {
  summary?: string;
  description?: string;
  tags?: string[];
  security?: Record<string, string[]>[];
  parameters?: Parameter[];
  requestBody?: { content?: Record<string, { schema?: SchemaObject }> };
  responses?: Record<string, { description?: string; content?: Record<string, { schema?: SchemaObject }> }>;
}

export interface OpenApiDocument {
  info: { title: string; version: string; description?: string };
  paths: Record<string, Record<string, Operation>>;
  components?: { schemas?: Record<string, SchemaObject>; securitySchemes?: Record<string, unknown> };
}

/** One row of a parameter or field table. */
export interface FieldRow {
  name: string;
  where?: string;
  required: boolean;
  type: string;
  description: string;
  example?: string;
}

export interface OperationView {
  /** A fragment id for the table of contents. */
  anchor: string;
  method: string;
  path: string;
  summary: string;
  description: string;
  tag: string;
  /** The OAuth 2.0 scopes that allow it; empty when no client credential is needed. */
  scopes: string[];
  /** Whether an API key (X-API-Key) also works, or a resident's session cookie. */
  apiKey: boolean;
  session: boolean;
  parameters: FieldRow[];
  bodyType: string | undefined;
  bodyFields: FieldRow[];
  answers: { status: string; type: string }[];
}

const METHOD_ORDER = ['get', 'post', 'put', 'patch', 'delete'];

const refName = (ref: string) => ref.slice(ref.lastIndexOf('/') + 1);

/** A schema's type in a few words: `string (uuid)`, `one of: granted, rejected`, `array of CaseSummary`. */
export function describeType(schema: SchemaObject | undefined): string {
  if (!schema) return '';
  if (schema.$ref) return refName(schema.$ref);
  if (schema.const !== undefined) return JSON.stringify(schema.const);
  if (schema.enum && schema.enum.length <= 8) return `one of: ${schema.enum.map(String).join(', ')}`;
  if (schema.enum) return `${String(schema.type ?? 'string')} (${schema.enum.length} values)`;
  const alternatives = schema.anyOf ?? schema.oneOf;
  if (alternatives) {
    const enums = alternatives.every((option) => option.enum?.length === 1 || option.const !== undefined);
    if (enums)
      return `one of: ${alternatives.map((option) => String(option.const ?? option.enum?.[0])).join(', ')}`;
    return alternatives.map(describeType).join(' or ');
  }
  if (schema.allOf) return schema.allOf.map(describeType).join(' and ');
  const type = Array.isArray(schema.type) ? schema.type.join(' or ') : (schema.type ?? 'any');
  if (type === 'array') return `array of ${describeType(schema.items)}`;
  return schema.format ? `${type} (${schema.format})` : type;
}

/** The limits a field states (length, range, pattern, default), in a few words. */
function limits(schema: SchemaObject): string[] {
  const said: string[] = [];
  if (schema.minLength !== undefined || schema.maxLength !== undefined)
    said.push(`${schema.minLength ?? 0}–${schema.maxLength ?? '∞'} characters`);
  if (schema.minimum !== undefined || schema.maximum !== undefined)
    said.push(`${schema.minimum ?? '−∞'}–${schema.maximum ?? '∞'}`);
  if (schema.pattern) said.push(`pattern ${schema.pattern}`);
  if (schema.default !== undefined) said.push(`default ${JSON.stringify(schema.default)}`);
  return said;
}

function exampleOf(schema: SchemaObject | undefined, given?: unknown): string | undefined {
  const example = given ?? schema?.examples?.[0] ?? schema?.example;
  if (example === undefined) return undefined;
  return typeof example === 'string' ? example : JSON.stringify(example);
}

function fieldRow(
  name: string,
  schema: SchemaObject,
  required: boolean,
  where?: string,
  example?: unknown,
): FieldRow {
  const description = [schema.description, ...limits(schema)].filter(Boolean).join('. ');
  return {
    name,
    where,
    required,
    type: describeType(schema),
    description,
    example: exampleOf(schema, example),
  };
}

/** The body's own schema (a reference followed once), whose properties become the field table. */
function bodySchema(document: OpenApiDocument, operation: Operation): SchemaObject | undefined {
  const content = operation.requestBody?.content;
  const schema =
    content?.['application/json']?.schema ?? content?.['application/x-www-form-urlencoded']?.schema;
  if (schema?.$ref) return document.components?.schemas?.[refName(schema.$ref)];
  return schema;
}

function answerType(answer: {
  description?: string;
  content?: Record<string, { schema?: SchemaObject }>;
}): string {
  const [mediaType, body] = Object.entries(answer.content ?? {})[0] ?? [];
  if (!mediaType) return answer.description ?? '';
  const type = describeType(body?.schema);
  return mediaType === 'application/json'
    ? type
    : `${mediaType}${type && type !== 'string (binary)' ? `, ${type}` : ''}`;
}

/** The operations of the document, grouped by their first tag in document order. */
export function referenceOperations(document: OpenApiDocument): OperationView[] {
  const views: OperationView[] = [];
  for (const [path, item] of Object.entries(document.paths)) {
    const methods = Object.keys(item).sort((a, b) => METHOD_ORDER.indexOf(a) - METHOD_ORDER.indexOf(b));
    for (const method of methods) {
      const operation = item[method] as Operation;
      const security = operation.security ?? [];
      const body = bodySchema(document, operation);
      const required = new Set(body?.required ?? []);
      views.push({
        anchor: `${method}-${path.replace(/[^A-Za-z0-9]+/g, '-').replace(/^-|-$/g, '')}`,
        method: method.toUpperCase(),
        path,
        summary: operation.summary ?? '',
        description: operation.description ?? '',
        tag: operation.tags?.[0] ?? 'other',
        scopes: security.flatMap((requirement) => requirement.oauth2 ?? []),
        apiKey: security.some((requirement) => 'apiKey' in requirement),
        session: security.some((requirement) => 'session' in requirement),
        parameters: (operation.parameters ?? []).map((parameter) =>
          fieldRow(
            parameter.name,
            { ...parameter.schema, description: parameter.description },
            parameter.required === true,
            parameter.in,
            parameter.example,
          ),
        ),
        bodyType: body
          ? describeType(operation.requestBody?.content?.['application/json']?.schema ?? body)
          : undefined,
        bodyFields: Object.entries(body?.properties ?? {}).map(([name, schema]) =>
          fieldRow(name, schema, required.has(name)),
        ),
        answers: Object.entries(operation.responses ?? {}).map(([status, answer]) => ({
          status,
          type: answerType(answer),
        })),
      });
    }
  }
  const tags = [...new Set(views.map((view) => view.tag))];
  return tags.flatMap((tag) => views.filter((view) => view.tag === tag));
}
