/**
 * Validates an e-service definition on import: first against service-definition.schema.json (shape,
 * typos, missing translations), then semantically (see definition-checks.ts). Pure: the caller reads
 * and parses the JSON.
 */
import { Ajv2020, type ErrorObject, type ValidateFunction } from 'ajv/dist/2020.js';
import type { ServiceDefinition } from './definition.ts';
import { semanticErrors } from './definition-checks.ts';
import schema from './service-definition.schema.json' with { type: 'json' };

export type DefinitionValidationResult =
  | { ok: true; definition: ServiceDefinition }
  | { ok: false; errors: string[] };

let compiled: ValidateFunction | undefined;

// Compiled on first use so that importing the engine costs nothing for code that never imports definitions.
// strictRequired is off because the condition schema dispatches on `required` inside anyOf/if, where the
// property is deliberately declared only in the branch it selects.
function schemaValidator(): ValidateFunction {
  compiled ??= new Ajv2020({
    allErrors: true,
    strict: true,
    strictRequired: false,
    allowUnionTypes: true,
  }).compile(schema);
  return compiled;
}

/**
 * Checks that `json` (already parsed) is a valid ServiceDefinition. On failure, every problem found is
 * returned as "<JSON pointer>: <what is wrong>", e.g. `/steps/0/fields/2: unknown property "requierd"`.
 * Semantic checks only run once the shape is right, so their messages can rely on it.
 */
export function validateDefinition(json: unknown): DefinitionValidationResult {
  const validate = schemaValidator();
  if (!validate(json)) return { ok: false, errors: formatSchemaErrors(validate.errors ?? []) };
  const definition = json as ServiceDefinition;
  const errors = semanticErrors(definition);
  return errors.length > 0 ? { ok: false, errors } : { ok: true, definition };
}

/** Hints for the schema's patterns, so authors are told the rule rather than a regular expression. */
const PATTERN_HINTS: Record<string, string> = {
  '^[a-z][a-zA-Z0-9]*$': 'must be camelCase: a lowercase letter followed by letters and digits',
  '^[a-z0-9-]+$': 'must contain only lowercase letters, digits and hyphens',
  '^(\\d{4}-\\d{2}-\\d{2}|today)$': 'must be a date written YYYY-MM-DD, or "today"',
  '^P(?=\\d|T\\d)(\\d+W)?(\\d+D)?(T(?=\\d)(\\d+H)?(\\d+M)?)?$':
    'must be an ISO 8601 duration in weeks, days, hours or minutes, such as "P5D", "P2W" or "PT12H"',
};

const CONDITION_HINT =
  'must be a condition: {"field", "equals"}, {"field", "in"}, {"field", "notEmpty": true}, {"all": [...]} or {"any": [...]}';

function formatSchemaErrors(errors: ErrorObject[]): string[] {
  // An anyOf failure (only used for conditions) explains itself; its branch errors would only add noise.
  const anyOfPaths = errors.filter((e) => e.keyword === 'anyOf').map((e) => `${e.schemaPath}/`);
  const messages = errors
    .filter((e) => e.keyword !== 'if' && !anyOfPaths.some((prefix) => e.schemaPath.startsWith(prefix)))
    .map((e) => `${e.instancePath || '/'}: ${describe(e)}`);
  return [...new Set(messages)];
}

function describe(error: ErrorObject): string {
  const params = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case 'required':
      return `missing required property "${params.missingProperty}"`;
    case 'additionalProperties':
      return `unknown property "${params.additionalProperty}"`;
    case 'enum':
      return `must be one of ${(params.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(', ')}`;
    case 'const':
      return `must be ${JSON.stringify(params.allowedValue)}`;
    case 'anyOf':
      return CONDITION_HINT;
    case 'pattern': {
      const pattern = String(params.pattern);
      if (PATTERN_HINTS[pattern]) return PATTERN_HINTS[pattern];
      if (pattern.startsWith('^P')) return 'must be an ISO 8601 duration such as "P10Y" or "P6M"';
      if (pattern.includes('/')) return 'must be a MIME type such as "application/pdf" or "image/*"';
      return PATTERN_HINTS[pattern] ?? `must match the pattern ${pattern}`;
    }
    case 'minLength':
      return params.limit === 1 ? 'must not be empty' : (error.message ?? 'is too short');
    default:
      return error.message ?? 'is not valid';
  }
}
