/**
 * Hostile input against every form field type (issue #14): the form engine parses what a browser
 * posts and validates what any channel sends (the JSON API passes its `answers` straight through),
 * so it must take any value of any type without throwing, never pollute a prototype, and accept a
 * value only when it has the field's type. Pure and fast: many runs.
 * Reproduce a failure with the seed and path fast-check prints: FUZZ_SEED=<seed> FUZZ_PATH=<path>.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import {
  deeplyNested,
  hostileForm,
  hostileJson,
  hugeString,
  POLLUTION_KEYS,
  prototypeIsClean,
} from '../../test-support/hostile-input.ts';
import { pruneHidden } from './conditions.ts';
import type { Answers, AnswerValue, Field, Step } from './definition.ts';
import { validateField } from './field-rules.ts';
import { formatAnswer } from './format-answer.ts';
import { parseStepInput } from './parse-input.ts';
import { makeField, preschoolDefinition, TODAY } from './test-fixtures.ts';
import { validateAll } from './validate-step.ts';

const options = [
  { value: 'a', label: { sv: 'A', en: 'A' } },
  { value: 'b', label: { sv: 'B', en: 'B' } },
];
const FILE = { accept: ['image/png', 'application/pdf'], maxSizeBytes: 1000, maxFiles: 2 };

/** One required field of every type, with the limits each type can have. */
export const FIELDS: Field[] = [
  makeField({ type: 'text', required: true, maxLength: 100, pattern: '[A-Za-zÅÄÖåäö ]+' }),
  makeField({ type: 'textarea', required: true, minLength: 2, maxLength: 2000 }),
  makeField({ type: 'number', required: true, min: 0, max: 100, integer: true }),
  makeField({ type: 'date', required: true, min: '2020-01-01', max: 'today' }),
  makeField({ type: 'email', required: true }),
  makeField({ type: 'phone', required: true }),
  makeField({ type: 'personalIdentityNumber', required: true }),
  makeField({ type: 'yesNo', required: true }),
  makeField({ type: 'address', required: true }),
  makeField({ type: 'location', required: true }),
  makeField({ type: 'select', required: true, options }),
  makeField({ type: 'radio', required: true, options }),
  makeField({ type: 'checkboxes', required: true, options, minSelected: 1, maxSelected: 2 }),
  makeField({ type: 'file', required: true, ...FILE }),
];

const isText = (value: unknown) => typeof value === 'string';
const isNumberOrAbsent = (value: unknown) =>
  value === undefined || (typeof value === 'number' && Number.isFinite(value));

/** What an accepted value must be, per type (validation is the only gate before storage). */
const WELL_TYPED: Record<Field['type'], (value: unknown) => boolean> = {
  text: isText,
  textarea: isText,
  number: (value) => typeof value === 'number' && Number.isFinite(value),
  date: (value) => typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value),
  email: isText,
  phone: isText,
  personalIdentityNumber: isText,
  yesNo: (value) => typeof value === 'boolean',
  select: (value) => value === 'a' || value === 'b',
  radio: (value) => value === 'a' || value === 'b',
  checkboxes: (value) => [value].flat().every((item) => item === 'a' || item === 'b'),
  address: (value) => {
    const address = value as Record<string, unknown>;
    return [address.street, address.postalCode, address.city].every(isText);
  },
  location: (value) => {
    const location = value as Record<string, unknown>;
    return (
      isText(location.address) && isNumberOrAbsent(location.latitude) && isNumberOrAbsent(location.longitude)
    );
  },
  file: (value) =>
    Array.isArray(value) &&
    value.every(
      (file) => isText(file?.filename) && isText(file?.contentType) && typeof file?.sizeBytes === 'number',
    ),
};

/** Each field's values of the right shape with hostile parts, besides values of any type at all. */
function valuesFor(field: Field): fc.Arbitrary<unknown> {
  const part = fc.oneof(hostileJson, fc.string());
  const shaped: Partial<Record<Field['type'], fc.Arbitrary<unknown>>> = {
    address: fc.record({ street: part, postalCode: part, city: part }, { requiredKeys: [] }),
    location: fc.record({ address: part, latitude: part, longitude: part }, { requiredKeys: [] }),
    file: fc.array(
      fc.record(
        { attachmentId: part, filename: part, contentType: part, sizeBytes: part },
        { requiredKeys: [] },
      ),
      { maxLength: 3 },
    ),
    checkboxes: fc.array(fc.oneof(fc.constantFrom('a', 'b'), hostileJson), { maxLength: 4 }),
  };
  return fc.oneof(
    hostileJson,
    deeplyNested,
    hugeString,
    shaped[field.type] ?? fc.constantFrom('a', 'b', '1'),
  );
}

/** The input names a field's HTML posts (address and location post their parts). */
function inputNames(field: Field): string[] {
  if (field.type === 'address') return ['street', 'postalCode', 'city'].map((part) => `${field.id}.${part}`);
  if (field.type === 'location')
    return ['address', 'latitude', 'longitude'].map((part) => `${field.id}.${part}`);
  return [field.id];
}

const seed = process.env.FUZZ_SEED ? Number(process.env.FUZZ_SEED) : 14_2026;
const path = process.env.FUZZ_PATH;
const settings = (numRuns: number) => ({ seed, path, numRuns, includeErrorInReport: true });

test('validation takes any value of any type for every field type, and accepts only the right type', () => {
  for (const field of FIELDS) {
    fc.assert(
      fc.property(valuesFor(field), (value) => {
        const errors = validateField(field, value as AnswerValue, { today: TODAY });
        for (const error of errors) {
          assert.equal(error.fieldId, field.id);
          assert.ok(error.inputName.startsWith(field.id), error.inputName);
          assert.ok(error.message.sv && error.message.en, 'a Swedish and an English message');
        }
        if (errors.length === 0) {
          assert.ok(WELL_TYPED[field.type](value), `${field.type} accepted ${JSON.stringify(value)}`);
          assert.equal(typeof formatAnswer(field, value as AnswerValue, 'sv'), 'string');
        }
        assert.ok(prototypeIsClean());
      }),
      settings(300),
    );
  }
});

test('a posted step of any field type parses without throwing and keeps only its own answers', () => {
  for (const field of FIELDS) {
    const step: Step = { id: 'step', title: { sv: 'Steg', en: 'Step' }, fields: [field] };
    const existing = fc.dictionary(fc.constantFrom('other', field.id, ...POLLUTION_KEYS), hostileJson, {
      maxKeys: 3,
    });
    fc.assert(
      fc.property(hostileForm([...inputNames(field), ...POLLUTION_KEYS]), existing, (body, before) => {
        const answers = parseStepInput(step, body, before as Answers);
        const allowed = new Set([...Object.keys(before), field.id]);
        for (const key of Object.keys(answers)) assert.ok(allowed.has(key), `unexpected answer ${key}`);
        const value = answers[field.id];
        if (typeof value === 'string' && field.type !== 'textarea') {
          // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what we look for
          assert.doesNotMatch(value, /[\u0000-\u001f\u007f\u202a-\u202e\u2066-\u2069]/);
        }
        validateField(field, value, { today: TODAY });
        assert.ok(prototypeIsClean());
      }),
      settings(300),
    );
  }
});

test('a whole application of hostile answers is validated (as the JSON API does) without throwing', () => {
  const definition = preschoolDefinition();
  const ids = definition.steps.flatMap((step) => step.fields.map((field) => field.id));
  const answers = fc.dictionary(fc.constantFrom(...ids, ...POLLUTION_KEYS), hostileJson, { maxKeys: 8 });
  fc.assert(
    fc.property(answers, (given) => {
      const errors = validateAll(definition, given as Answers, { today: TODAY });
      for (const list of Object.values(errors)) assert.ok(list.length > 0);
      pruneHidden(definition, given as Answers);
      assert.ok(prototypeIsClean());
    }),
    settings(500),
  );
});
