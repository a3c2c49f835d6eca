/**
 * Conformance (issue #10): every model of the DMN TCK compliance-level-2 folder (copied into the
 * repo, see tck/SOURCE.txt) runs through the same code as `ingang dmn test`, and every case passes.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { tableModel } from './fixtures/build-table.ts';
import { coerce, parseTckTests, runTck, UntypedValue } from './tck.ts';

const tckDir = path.join(path.dirname(fileURLToPath(import.meta.url)), 'tck', 'compliance-level-2');

test('every TCK compliance-level-2 test case passes', async () => {
  let passed = 0;
  const failures: string[] = [];
  const folders = fs.readdirSync(tckDir).sort();
  assert.equal(folders.length, 17, 'all 17 models are there');
  for (const folder of folders) {
    const files = fs.readdirSync(path.join(tckDir, folder));
    const model = files.find((file) => file.endsWith('.dmn'));
    assert.ok(model, `${folder} has a model`);
    for (const tests of files.filter((file) => file.endsWith('.xml'))) {
      const report = await runTck(
        fs.readFileSync(path.join(tckDir, folder, model), 'utf8'),
        fs.readFileSync(path.join(tckDir, folder, tests), 'utf8'),
      );
      passed += report.passed;
      failures.push(
        ...report.lines.filter((line) => /^(FAIL|ERROR) /.test(line)).map((l) => `${folder}: ${l}`),
      );
      assert.equal(report.lines.at(-1), `${report.passed} passed, ${report.failed} failed`);
    }
  }
  assert.deepEqual(failures, []);
  assert.equal(passed, 51, 'the 51 test cases of the 17 models');
});

const testFile = (cases: string) =>
  `<?xml version="1.0"?><testCases xmlns="http://www.omg.org/spec/DMN/20160719/testcase"
    xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns:xsd="http://www.w3.org/2001/XMLSchema">
    <modelName>m.dmn</modelName>${cases}</testCases>`;

test('test files: typed values, nil, lists and components (contexts), and error results', () => {
  const [first] = parseTckTests(
    testFile(`<testCase id="c1">
      <inputNode name="n"><value xsi:type="xsd:decimal">1.5</value></inputNode>
      <inputNode name="s"><value xsi:type="xsd:string"> a &amp; b </value></inputNode>
      <inputNode name="b"><value xsi:type="xsd:boolean">false</value></inputNode>
      <inputNode name="nothing"><value xsi:nil="true"/></inputNode>
      <inputNode name="d"><value xsi:type="xsd:date">2026-01-31</value></inputNode>
      <inputNode name="l"><list><item><value xsi:type="xsd:decimal">1</value></item><item><value xsi:type="xsd:decimal">2</value></item></list></inputNode>
      <inputNode name="c"><component name="x"><value xsi:type="xsd:string">y</value></component>
        <component name="inner"><list/></component></inputNode>
      <resultNode name="r" errorResult="true"><expected><value xsi:nil="true"/></expected></resultNode>
    </testCase>`),
  );
  assert.equal(first?.id, 'c1');
  const { d, ...plain } = first?.inputs ?? {};
  assert.deepEqual(plain, {
    n: 1.5,
    s: ' a & b ',
    b: false,
    nothing: null,
    l: [1, 2],
    c: { x: 'y', inner: [] },
  });
  assert.equal(String(d), '2026-01-31');
  assert.deepEqual(first?.results, [{ name: 'r', errorResult: true, expected: null }]);
});

test('a failing and an erroring case are reported with what was expected and what came', async () => {
  const model = tableModel({
    inputs: [{ name: 'Age', typeRef: 'number' }],
    outputs: [{ name: 'Out', typeRef: 'string' }],
    rows: [
      [['<18'], ['"minor"']],
      [['>=18'], ['"adult"']],
      [['>=65'], ['"senior"']],
    ],
  });
  const age = (value: number) =>
    `<inputNode name="Age"><value xsi:type="xsd:decimal">${value}</value></inputNode>`;
  const expect = (value: string, extra = '') =>
    `<resultNode name="Result"${extra}><expected><value xsi:type="xsd:string">${value}</value></expected></resultNode>`;
  const report = await runTck(
    model,
    testFile(`
      <testCase id="ok">${age(10)}${expect('minor')}</testCase>
      <testCase id="wrong">${age(30)}${expect('minor')}</testCase>
      <testCase id="boom">${age(70)}${expect('senior')}</testCase>
      <testCase id="expected-error">${age(70)}${expect('', ' errorResult="true"')}</testCase>`),
  );
  assert.equal(report.lines[0], 'PASS ok');
  assert.equal(report.lines[1], 'FAIL wrong: Result: expected "minor" got "adult"');
  assert.match(
    report.lines[2] ?? '',
    /^ERROR boom: Result: DMN_HIT_POLICY_VIOLATION: UNIQUE table, yet rows 2, 3/,
  );
  assert.equal(report.lines[3], 'PASS expected-error');
  assert.equal(report.lines[4], '2 passed, 2 failed');
  assert.deepEqual([report.passed, report.failed], [2, 2]);
});

test('untyped values take the type the model declares; untyped expectations match by text', async () => {
  const model = tableModel({
    inputs: [
      { name: 'Age', typeRef: 'number' },
      { name: 'Member', typeRef: 'boolean' },
    ],
    outputs: [{ name: 'Fee' }],
    rows: [
      [['<18', '-'], ['0']],
      [['>=18', 'true'], ['50']],
      [['>=18', 'false'], ['100']],
    ],
  });
  const report = await runTck(
    model,
    testFile(`<testCase id="1">
      <inputNode name="Age"><value>30</value></inputNode><inputNode name="Member"><value>true</value></inputNode>
      <resultNode name="Result"><expected><value>50</value></expected></resultNode></testCase>
      <testCase id="2">
      <inputNode name="Age"><value>30</value></inputNode><inputNode name="Member"><value>false</value></inputNode>
      <resultNode name="Result"><expected><value>50</value></expected></resultNode></testCase>
      <testCase id="3">
      <inputNode name="Age"><value>abc</value></inputNode><inputNode name="Member"><value>true</value></inputNode>
      <resultNode name="Result"><expected><value>50</value></expected></resultNode></testCase>`),
  );
  assert.deepEqual(report.lines.slice(0, 2), ['PASS 1', 'FAIL 2: Result: expected "50" got 100']);
  assert.match(
    report.lines[2] ?? '',
    /^ERROR 3: Result: DMN_TYPE_MISMATCH: input data «Age»: "abc" is not a number/,
  );
  assert.equal(report.lines[3], '1 passed, 2 failed');
  // Text that is not a number stays text, so the engine reports the type mismatch.
  assert.deepEqual(
    coerce([new UntypedValue('1'), new UntypedValue('x')], { element: { builtin: 'number' } }),
    [1, 'x'],
  );
  assert.ok(
    coerce(new UntypedValue('x'), {}) instanceof UntypedValue,
    'no declared type: left for the comparison',
  );
  assert.deepEqual(coerce({ a: new UntypedValue('true') }, { components: { a: { builtin: 'boolean' } } }), {
    a: true,
  });
});
