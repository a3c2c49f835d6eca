/** Every DMN 1.3 hit policy on small tables of our own, including the error cases (issue #10). */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { DmnError } from './dmn-model.ts';
import { evaluateDecision } from './evaluate.ts';
import { type TableSpec, tableModel } from './fixtures/build-table.ts';
import { parseDmn } from './parse-dmn.ts';

async function run(spec: TableSpec, inputs: Record<string, unknown>) {
  return evaluateDecision(await parseDmn(tableModel(spec)), 'Result', inputs);
}

async function fails(spec: TableSpec, inputs: Record<string, unknown>, code: string, text?: RegExp) {
  await assert.rejects(run(spec, inputs), (error: unknown) => {
    assert.ok(error instanceof DmnError, String(error));
    assert.equal(error.code, code);
    if (text) assert.match(error.message, text);
    return true;
  });
}

const age = { name: 'Age', typeRef: 'number' };
const out = { name: 'Out', typeRef: 'string' };
/** Overlapping rows: 1 (<18), 2 (>=18), 3 (>=65) and 4 (any age). */
const overlapping = (hitPolicy: string, extra: Partial<TableSpec> = {}): TableSpec => ({
  hitPolicy,
  inputs: [age],
  outputs: [{ ...out, values: '"senior","adult","minor","person"' }],
  rows: [
    [['<18'], ['"minor"']],
    [['>=18'], ['"adult"']],
    [['>=65'], ['"senior"']],
    [['-'], ['"person"']],
  ],
  ...extra,
});

test('UNIQUE: one match gives its output, none gives null, two are an error naming the rows', async () => {
  const spec: TableSpec = {
    inputs: [age],
    outputs: [out],
    rows: [
      [['<18'], ['"minor"']],
      [['[18..64]'], ['"adult"']],
      [['>=60'], ['"senior"']],
    ],
  };
  assert.equal((await run(spec, { Age: 10 })).value, 'minor');
  assert.equal((await run(spec, { Age: 70 })).value, 'senior');
  assert.equal((await run(spec, { Age: null })).value, null);
  await fails(spec, { Age: 62 }, 'DMN_HIT_POLICY_VIOLATION', /rows 2, 3/);
});

test('ANY: equal outputs are fine, differing outputs are an error', async () => {
  const spec: TableSpec = {
    hitPolicy: 'ANY',
    inputs: [age],
    outputs: [out],
    rows: [
      [['>=18'], ['"ok"']],
      [['>=21'], ['"ok"']],
      [['>=65'], ['"retired"']],
    ],
  };
  assert.equal((await run(spec, { Age: 30 })).value, 'ok');
  assert.equal((await run(spec, { Age: 5 })).value, null);
  await fails(spec, { Age: 70 }, 'DMN_HIT_POLICY_VIOLATION', /ANY/);
});

test('FIRST takes the first match in rule order; PRIORITY the highest output value', async () => {
  assert.equal((await run(overlapping('FIRST'), { Age: 70 })).value, 'adult');
  assert.equal((await run(overlapping('PRIORITY'), { Age: 70 })).value, 'senior');
  assert.equal((await run(overlapping('PRIORITY'), { Age: 30 })).value, 'adult');
  const trace = (await run(overlapping('PRIORITY'), { Age: 70 })).tables[0];
  assert.deepEqual(
    trace?.matched.map((rule) => rule.index),
    [3],
    'the explanation names the chosen row only',
  );
});

test('PRIORITY and OUTPUT ORDER without output values are an error, not a guess', async () => {
  const spec = overlapping('PRIORITY', { outputs: [out] });
  await fails(spec, { Age: 70 }, 'DMN_HIT_POLICY_VIOLATION', /output values/);
  await fails({ ...spec, hitPolicy: 'OUTPUT ORDER' }, { Age: 70 }, 'DMN_HIT_POLICY_VIOLATION');
});

test('RULE ORDER lists matches in rule order, OUTPUT ORDER by output value priority', async () => {
  assert.deepEqual((await run(overlapping('RULE ORDER'), { Age: 70 })).value, ['adult', 'senior', 'person']);
  assert.deepEqual((await run(overlapping('OUTPUT ORDER'), { Age: 70 })).value, [
    'senior',
    'adult',
    'person',
  ]);
  assert.deepEqual((await run(overlapping('COLLECT'), { Age: 10 })).value, ['minor', 'person']);
});

test('COLLECT aggregates: SUM, MIN, MAX, COUNT; over no match COUNT is 0 and the others null', async () => {
  const spec = (aggregation: string): TableSpec => ({
    hitPolicy: 'COLLECT',
    aggregation,
    inputs: [age],
    outputs: [{ name: 'Points', typeRef: 'number' }],
    rows: [
      [['>1'], ['100']],
      [['>2'], ['200']],
      [['>3'], ['300']],
      [['>3'], ['300']],
    ],
  });
  assert.equal((await run(spec('SUM'), { Age: 5 })).value, 900);
  assert.equal((await run(spec('MIN'), { Age: 5 })).value, 100);
  assert.equal((await run(spec('MAX'), { Age: 5 })).value, 300);
  assert.equal(
    (await run(spec('COUNT'), { Age: 5 })).value,
    4,
    'COUNT counts every output (DMN 1.3: count())',
  );
  assert.equal((await run(spec('COUNT'), { Age: 0 })).value, 0);
  assert.equal((await run(spec('SUM'), { Age: 0 })).value, null);
  assert.equal((await run(spec('MIN'), { Age: 0 })).value, null);
  assert.equal((await run(spec('MAX'), { Age: 0 })).value, null);
  assert.deepEqual((await run(spec(''), { Age: 0 })).value, []);
});

test('several outputs give a context; COLLECT gives a list of contexts, aggregations one per output', async () => {
  const spec: TableSpec = {
    hitPolicy: 'COLLECT',
    inputs: [age],
    outputs: [out, { name: 'Rate', typeRef: 'number' }],
    rows: [
      [['>=18'], ['"adult"', '1.5']],
      [['>=65'], ['"senior"', '0.5']],
    ],
  };
  assert.deepEqual((await run(spec, { Age: 70 })).value, [
    { Out: 'adult', Rate: 1.5 },
    { Out: 'senior', Rate: 0.5 },
  ]);
  assert.deepEqual((await run({ ...spec, hitPolicy: 'FIRST' }, { Age: 70 })).value, {
    Out: 'adult',
    Rate: 1.5,
  });
  // DMN 1.3 aggregates one output; with several, each is aggregated on its own (as the TCK expects).
  assert.deepEqual((await run({ ...spec, aggregation: 'COUNT' }, { Age: 70 })).value, { Out: 2, Rate: 2 });
  assert.deepEqual((await run({ ...spec, aggregation: 'MAX' }, { Age: 70 })).value, {
    Out: 'senior',
    Rate: 1.5,
  });
  await fails({ ...spec, aggregation: 'SUM' }, { Age: 70 }, 'DMN_TYPE_MISMATCH', /SUM/);
});

test('an input outside its input values, or of the wrong type, is an error, never an answer', async () => {
  const spec: TableSpec = {
    inputs: [{ name: 'Risk', typeRef: 'string', values: '"Low","High"' }],
    outputs: [out],
    rows: [
      [['"Low"'], ['"ok"']],
      [['"High"'], ['"no"']],
    ],
  };
  assert.equal((await run(spec, { Risk: 'Low' })).value, 'ok');
  await fails(spec, { Risk: 'Medium' }, 'DMN_INPUT_OUT_OF_RANGE', /«Risk»/);
  await fails(spec, { Risk: 3 }, 'DMN_TYPE_MISMATCH', /not a string/);
});

test('an output outside its output values is an error', async () => {
  const spec: TableSpec = {
    inputs: [age],
    outputs: [{ ...out, values: '"yes","no"' }],
    rows: [[['-'], ['"maybe"']]],
  };
  await fails(spec, { Age: 1 }, 'DMN_OUTPUT_OUT_OF_RANGE', /row 1/);
});

test('unary tests: ranges, lists, negation, comparisons and "-"', async () => {
  const spec: TableSpec = {
    hitPolicy: 'RULE ORDER',
    inputs: [age, { name: 'Grade', typeRef: 'string' }],
    outputs: [out],
    rows: [
      [['[1..5]', '-'], ['"range"']],
      [['-', '"fk","1","2","3"'], ['"list"']],
      [['not(3)', 'not("fk")'], ['"not"']],
      [['(1..3)', '-'], ['"open range"']],
      [['!= 3', '-'], ['"other"']],
    ],
  };
  assert.deepEqual((await run(spec, { Age: 3, Grade: 'fk' })).value, ['range', 'list'], '(1..3) excludes 3');
  assert.deepEqual((await run(spec, { Age: 2, Grade: 'fk' })).value, [
    'range',
    'list',
    'open range',
    'other',
  ]);
  assert.deepEqual((await run(spec, { Age: 5, Grade: '7' })).value, ['range', 'not', 'other']);
  assert.deepEqual((await run(spec, { Age: 1, Grade: '3' })).value, ['range', 'list', 'not', 'other']);
});

test('an unknown name in an input expression is an error, not a silent null', async () => {
  const xml = tableModel({ inputs: [age], outputs: [out], rows: [[['-'], ['"x"']]] }).replace(
    '<text>Age</text></inputExpression>',
    '<text>Agee</text></inputExpression>',
  );
  const model = await parseDmn(xml);
  assert.throws(
    () => evaluateDecision(model, 'Result', { Age: 3 }),
    (error: unknown) =>
      error instanceof DmnError && error.code === 'DMN_FEEL_ERROR' && /Agee/.test(error.message),
  );
});

test('property: FIRST is the first result of RULE ORDER, for any age', async () => {
  const first = await parseDmn(tableModel(overlapping('FIRST')));
  const ordered = await parseDmn(tableModel(overlapping('RULE ORDER')));
  fc.assert(
    fc.property(fc.integer({ min: -5, max: 120 }), (value) => {
      const list = evaluateDecision(ordered, 'Result', { Age: value }).value as unknown[];
      assert.equal(evaluateDecision(first, 'Result', { Age: value }).value, list[0] ?? null);
    }),
  );
});
