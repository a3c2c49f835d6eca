/**
 * DMN TCK test files (testCases.xsd): reading them into FEEL values and running them against a
 * model, as `ingang dmn test` prints it. Pure: the caller reads the files.
 */
import { date, dateAndTime, duration, time } from 'feelin';
import { DmnError, type DmnModel } from './dmn-model.ts';
import { evaluateDecision } from './evaluate.ts';
import { builtinType, feelEquals, isContext, itemDefinition, toJson } from './feel-types.ts';
import { parseDmn } from './parse-dmn.ts';
import { parseXmlTree, type XmlElement } from './xml-tree.ts';

/** A `value` without xsi:type: its FEEL type comes from the model's declared type (see coerce). */
export class UntypedValue {
  constructor(readonly text: string) {}
  toString() {
    return this.text;
  }
}

/** One expected result of a test case. */
export interface TckResultNode {
  name: string;
  errorResult: boolean;
  expected: unknown;
}

export interface TckTestCase {
  id: string;
  inputs: Record<string, unknown>;
  results: TckResultNode[];
}

const local = (name: string) => name.slice(name.indexOf(':') + 1);

/** The element tree of a test file, with local names (prefixes dropped). */
function parseXml(xml: string): XmlElement {
  let roots: XmlElement[];
  try {
    roots = parseXmlTree(xml);
  } catch (error) {
    throw new DmnError('DMN_XML_INVALID', `test file: ${(error as Error).message}`);
  }
  const localNames = (element: XmlElement): XmlElement => ({
    ...element,
    name: local(element.name),
    children: element.children.map(localNames),
  });
  const [document] = roots;
  if (!document) throw new DmnError('DMN_XML_INVALID', 'test file: no root element');
  return localNames(document);
}

const child = (element: XmlElement, name: string) => element.children.find((c) => c.name === name);
const attr = (element: XmlElement, name: string) =>
  Object.entries(element.attrs).find(([key]) => local(key) === name)?.[1];

/** A typed `value` element as a FEEL value (xsi:type decides; xsi:nil is null). */
function scalar(element: XmlElement): unknown {
  if (attr(element, 'nil') === 'true') return null;
  const text = element.text;
  const declared = attr(element, 'type');
  if (declared === undefined) return new UntypedValue(text);
  const type = local(declared);
  if (['decimal', 'double', 'float', 'int', 'integer', 'long', 'short'].includes(type)) return Number(text);
  if (type === 'boolean') return text.trim() === 'true';
  if (type === 'date') return date(text.trim());
  if (type === 'dateTime') return dateAndTime(text.trim());
  if (type === 'time') return time(text.trim());
  if (type === 'duration') return duration(text.trim());
  if (type === 'string' || type === 'anySimpleType') return text;
  throw new DmnError('DMN_UNSUPPORTED', `test file: a value of type ${type}`, type);
}

/** The value a valueType element (inputNode, expected, component, item) carries. */
function carriedValue(element: XmlElement): unknown {
  const value = child(element, 'value');
  if (value) return scalar(value);
  const list = child(element, 'list');
  if (list) return list.children.filter((c) => c.name === 'item').map(carriedValue);
  const components = element.children.filter((c) => c.name === 'component');
  if (components.length)
    return Object.fromEntries(components.map((c) => [attr(c, 'name') ?? '', carriedValue(c)]));
  return null;
}

/** Reads a TCK test file into its test cases. */
export function parseTckTests(xml: string): TckTestCase[] {
  const document = parseXml(xml);
  if (document.name !== 'testCases') throw new DmnError('DMN_XML_INVALID', 'test file: no <testCases> root');
  return document.children
    .filter((element) => element.name === 'testCase')
    .map((testCase, i) => ({
      id: attr(testCase, 'id') ?? String(i + 1),
      inputs: Object.fromEntries(
        testCase.children
          .filter((c) => c.name === 'inputNode')
          .map((node) => [attr(node, 'name') ?? '', carriedValue(node)]),
      ),
      results: testCase.children
        .filter((c) => c.name === 'resultNode')
        .map((node) => {
          const expected = child(node, 'expected');
          return {
            name: attr(node, 'name') ?? '',
            errorResult: attr(node, 'errorResult') === 'true',
            expected: expected ? carriedValue(expected) : null,
          };
        }),
    }));
}

/** The outcome of running a test file: one line per test case and the closing count. */
export interface TckReport {
  passed: number;
  failed: number;
  lines: string[];
}

const show = (value: unknown) => JSON.stringify(toJson(value));

/** Runs one test case: every result node must match (an expected error passes on an error). */
function runCase(model: DmnModel, testCase: TckTestCase): string {
  const failures: string[] = [];
  const inputs = typedInputs(model, testCase.inputs);
  for (const node of testCase.results) {
    let actual: unknown;
    try {
      actual = evaluateDecision(model, node.name, inputs).value;
    } catch (error) {
      if (!(error instanceof DmnError)) throw error;
      if (node.errorResult) continue;
      return `ERROR ${testCase.id}: ${node.name}: ${error.code}: ${error.message}`;
    }
    // DMN turns an error into null; a runtime may answer null where the TCK expects an error.
    if (node.errorResult && actual === null) continue;
    if (node.errorResult) failures.push(`${node.name}: expected an error got ${show(actual)}`);
    else {
      const expected = expectedValue(model, node.name, node.expected);
      if (!matches(actual, expected))
        failures.push(`${node.name}: expected ${show(expected)} got ${show(actual)}`);
    }
  }
  return failures.length ? `FAIL ${testCase.id}: ${failures.join('; ')}` : `PASS ${testCase.id}`;
}

/** Runs a TCK test file against a DMN model, as `ingang dmn test` does. */
export async function runTck(modelXml: string, testsXml: string): Promise<TckReport> {
  const model = await parseDmn(modelXml);
  const lines = parseTckTests(testsXml).map((testCase) => runCase(model, testCase));
  const passed = lines.filter((line) => line.startsWith('PASS ')).length;
  const failed = lines.length - passed;
  return { passed, failed, lines: [...lines, `${passed} passed, ${failed} failed`] };
}

/** What the model says a value should be: a builtin type, a structure, or a list of either. */
interface TypeHint {
  builtin?: string;
  components?: Record<string, TypeHint>;
  element?: TypeHint;
}

function hintOf(model: DmnModel, typeRef: string | undefined, depth = 0): TypeHint {
  const builtin = builtinType(model, typeRef);
  if (builtin) return { builtin };
  const item = itemDefinition(model, typeRef);
  if (!item || depth > 20) return {};
  const base: TypeHint = item.components.length
    ? { components: Object.fromEntries(item.components.map((c) => [c.name, componentHint(model, c, depth)])) }
    : hintOf(model, item.typeRef, depth + 1);
  return item.isCollection ? { element: base } : base;
}

function componentHint(
  model: DmnModel,
  component: DmnModel['itemDefinitions'][number],
  depth: number,
): TypeHint {
  const base: TypeHint = component.components.length
    ? {
        components: Object.fromEntries(
          component.components.map((c) => [c.name, componentHint(model, c, depth)]),
        ),
      }
    : hintOf(model, component.typeRef, depth + 1);
  return component.isCollection ? { element: base } : base;
}

/** Gives untyped test values the type the model declares (a number input's `<value>5</value>` is 5). */
export function coerce(value: unknown, hint: TypeHint): unknown {
  if (value instanceof UntypedValue) {
    const text = value.text.trim();
    if (hint.builtin === 'number' && text !== '' && Number.isFinite(Number(text))) return Number(text);
    if (hint.builtin === 'boolean' && (text === 'true' || text === 'false')) return text === 'true';
    if (hint.builtin === 'date') return date(text);
    if (hint.builtin === 'date and time' || hint.builtin === 'datetime') return dateAndTime(text);
    if (hint.builtin === 'time') return time(text);
    if (hint.builtin?.includes('duration')) return duration(text);
    return hint.builtin ? value.text : value;
  }
  if (Array.isArray(value)) return value.map((item) => coerce(item, hint.element ?? hint));
  if (isContext(value)) {
    return Object.fromEntries(
      Object.entries(value).map(([k, v]) => [k, coerce(v, hint.components?.[k] ?? {})]),
    );
  }
  return value;
}

/** Compares a result with an expected value; an untyped expected value matches its text. */
function matches(actual: unknown, expected: unknown): boolean {
  if (expected instanceof UntypedValue) {
    if (typeof actual === 'number')
      return expected.text.trim() !== '' && feelEquals(actual, Number(expected.text));
    if (typeof actual === 'string') return actual === expected.text;
    return actual !== null && typeof actual !== 'object' && String(actual) === expected.text.trim();
  }
  if (Array.isArray(expected)) {
    return (
      Array.isArray(actual) &&
      actual.length === expected.length &&
      expected.every((e, i) => matches(actual[i], e))
    );
  }
  if (isContext(expected)) {
    if (!isContext(actual)) return false;
    const keys = Object.keys(expected);
    return (
      keys.length === Object.keys(actual).length &&
      keys.every((k) => k in actual && matches(actual[k], expected[k]))
    );
  }
  return feelEquals(actual, expected);
}

/** Untyped values the model gives no type for are strings (the XML Schema default). */
function settle(value: unknown): unknown {
  if (value instanceof UntypedValue) return value.text;
  if (Array.isArray(value)) return value.map(settle);
  if (isContext(value)) return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, settle(v)]));
  return value;
}

/** The test case's inputs with untyped values typed by the model's input data (or decisions). */
function typedInputs(model: DmnModel, inputs: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(inputs).map(([name, value]) => {
      const declared = [...model.inputs, ...model.decisions].find((element) => element.name === name);
      return [name, settle(coerce(value, hintOf(model, declared?.typeRef)))];
    }),
  );
}

function expectedValue(model: DmnModel, name: string, expected: unknown): unknown {
  const decision = model.decisions.find((candidate) => candidate.name === name || candidate.id === name);
  return coerce(expected, decision ? hintOf(model, decision.typeRef) : {});
}
