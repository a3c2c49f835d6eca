/** Validation on upload: each error names the decision, the row (1-based) and the column (issue #10). */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { test } from 'node:test';
import { entriesOverlap, entryShape } from './entry-analysis.ts';
import { type TableSpec, tableModel } from './fixtures/build-table.ts';
import { validateModel } from './validate.ts';

const age = { name: 'Age', typeRef: 'number' };
const grade = { name: 'Grade', typeRef: 'string' };
const out = { name: 'Out', typeRef: 'string' };

async function errorsOf(spec: TableSpec) {
  return (await validateModel(tableModel(spec))).map(({ code, decision, rule, column }) => ({
    code,
    decision,
    rule,
    column,
  }));
}

test('a clean table and the shipped test model have no errors', async () => {
  const spec: TableSpec = {
    inputs: [age, grade],
    outputs: [out],
    rows: [
      [['<18', '"fk","1"'], ['"minor"']],
      [['>=18', '"fk","1"'], ['"adult"']],
      [['-', '"2"'], ['"other"']],
    ],
  };
  assert.deepEqual(await errorsOf(spec), []);
  const skolskjuts = fs.readFileSync(new URL('./fixtures/skolskjuts.dmn', import.meta.url), 'utf8');
  assert.deepEqual(await validateModel(skolskjuts), []);
});

test('overlapping rows under UNIQUE are named by row', async () => {
  const spec: TableSpec = {
    inputs: [age, grade],
    outputs: [out],
    rows: [
      [['[1..5]', '"fk","1"'], ['"a"']],
      [['> 5', '"fk"'], ['"b"']],
      [['>= 5', '"1","2"'], ['"c"']],
      [['-', '"3"'], ['"d"']],
    ],
  };
  const errors = await validateModel(tableModel(spec));
  assert.deepEqual(
    errors.map((error) => [error.code, error.decision, error.rule]),
    [['UNIQUE_OVERLAP', 'Result', 3]],
  );
  assert.match(errors[0]?.message ?? '', /raderna 1 och 3/);
  assert.match(errors[0]?.messageEn ?? '', /rows 1 and 3/);
  // Under FIRST the same rows are fine.
  assert.deepEqual(await errorsOf({ ...spec, hitPolicy: 'FIRST' }), []);
});

test('overlap analysis: intervals, points, strings, and "cannot tell"', () => {
  const overlap = (a: string, b: string) => entriesOverlap(entryShape(a), entryShape(b));
  assert.equal(overlap('<5', '>=5'), false);
  assert.equal(overlap('<=5', '>=5'), true);
  assert.equal(overlap('[1..5)', '5'), false);
  assert.equal(overlap('[1..5]', '5'), true);
  assert.equal(overlap('"a","b"', '"b"'), true);
  assert.equal(overlap('"a"', '"b"'), false);
  assert.equal(overlap('-', '"b"'), true);
  assert.equal(overlap('true', 'false'), false);
  assert.equal(overlap('not("a")', '"b"'), undefined, 'negation: cannot tell, so not reported');
  assert.equal(overlap('> limit', '< 3'), undefined);
});

test('an input expression naming nothing known is an unknown input, with its column', async () => {
  const xml = tableModel({ inputs: [age], outputs: [out], rows: [[['-'], ['"x"']]] }).replace(
    '<text>Age</text></inputExpression>',
    '<text>Agee + 1</text></inputExpression>',
  );
  const errors = await validateModel(xml);
  assert.deepEqual(
    errors.map((error) => [error.code, error.decision, error.column]),
    [['UNKNOWN_INPUT', 'Result', 'Age']],
  );
  assert.match(errors[0]?.message ?? '', /«Agee»/);
});

test('FEEL syntax errors in entries name row and column', async () => {
  const errors = await errorsOf({
    inputs: [age, grade],
    outputs: [out],
    rows: [
      [['<18', '"fk"'], ['"a"']],
      [['>= ', '"1"'], ['"b"']],
      [['>=18', '"2"'], ['"c" +']],
    ],
  });
  assert.deepEqual(errors, [
    { code: 'FEEL_SYNTAX', decision: 'Result', rule: 2, column: 'Age' },
    { code: 'FEEL_SYNTAX', decision: 'Result', rule: 3, column: 'Out' },
  ]);
});

test('an entry FEEL parses but cannot build (`> > 3`) is a syntax error at its place, not a crash', async () => {
  const errors = await errorsOf({
    inputs: [age],
    outputs: [out],
    rows: [
      [['< 18'], ['"a"']],
      [['> > 3'], ['"b"']],
    ],
  });
  assert.deepEqual(errors, [{ code: 'FEEL_SYNTAX', decision: 'Result', rule: 2, column: 'Age' }]);
});

test('a literal of the wrong type in a typed column is a type mismatch', async () => {
  const errors = await errorsOf({
    inputs: [age, { ...grade, values: '"fk", 1' }],
    outputs: [{ name: 'Points', typeRef: 'number' }],
    rows: [
      [['"18"', '"fk"'], ['1']],
      [['<18', '1'], ['"many"']],
      [['[20..30]', 'true'], ['2']],
    ],
  });
  assert.deepEqual(errors, [
    { code: 'TYPE_MISMATCH', decision: 'Result', rule: undefined, column: 'Grade' },
    { code: 'TYPE_MISMATCH', decision: 'Result', rule: 1, column: 'Age' },
    { code: 'TYPE_MISMATCH', decision: 'Result', rule: 2, column: 'Grade' },
    { code: 'TYPE_MISMATCH', decision: 'Result', rule: 2, column: 'Points' },
    { code: 'TYPE_MISMATCH', decision: 'Result', rule: 3, column: 'Grade' },
  ]);
});

const definitions = (body: string) =>
  `<definitions xmlns="https://www.omg.org/spec/DMN/20191111/MODEL/" id="d" name="d" namespace="https://ingang.example/t">${body}</definitions>`;

test('a decision using another without requiring it, or requiring what is not there', async () => {
  const errors = await validateModel(
    definitions(`
    <decision id="limit" name="limit"><literalExpression><text>3</text></literalExpression></decision>
    <decision id="uses" name="uses"><literalExpression><text>limit * 2</text></literalExpression></decision>
    <decision id="broken" name="broken"><informationRequirement><requiredDecision href="#gone"/></informationRequirement>
      <literalExpression><text>1</text></literalExpression></decision>
    <decision id="rel" name="rel"><relation/></decision>`),
  );
  assert.deepEqual(
    errors.map((error) => [error.code, error.decision]),
    [
      ['MISSING_REQUIRED_DECISION', 'uses'],
      ['MISSING_REQUIREMENT', 'broken'],
      ['UNSUPPORTED', 'rel'],
    ],
  );
  assert.match(errors[0]?.message ?? '', /«limit»/);
});

test('a file that is not DMN gives one readable error', async () => {
  const errors = await validateModel('<not-dmn/>');
  assert.equal(errors.length, 1);
  assert.equal(errors[0]?.code, 'XML_INVALID');
});
