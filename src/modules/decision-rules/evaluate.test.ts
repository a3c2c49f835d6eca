/**
 * Decisions beyond one table: required decisions, business knowledge models (invocation and FEEL
 * call), contexts and lists, explanations, and models the engine cannot evaluate (issue #10).
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { test } from 'node:test';
import { DmnError } from './dmn-model.ts';
import { evaluateDecision } from './evaluate.ts';
import { explain } from './explain.ts';
import { parseDmn } from './parse-dmn.ts';

const skolskjuts = fs.readFileSync(new URL('./fixtures/skolskjuts.dmn', import.meta.url), 'utf8');

const definitions = (body: string) =>
  `<definitions xmlns="https://www.omg.org/spec/DMN/20191111/MODEL/" id="d" name="d" namespace="https://ingang.example/t">${body}</definitions>`;

const input = (id: string, name: string, typeRef = 'Any') =>
  `<inputData id="${id}" name="${name}"><variable name="${name}" typeRef="${typeRef}"/></inputData>`;

const needs = (id: string, kind = 'requiredInput') =>
  `<informationRequirement><${kind} href="#${id}"/></informationRequirement>`;

function throwsCode(run: () => unknown, code: string, text?: RegExp) {
  assert.throws(run, (error: unknown) => {
    assert.ok(error instanceof DmnError, String(error));
    assert.equal(error.code, code, error.message);
    if (text) assert.match(error.message, text);
    return true;
  });
}

test('required decisions are evaluated first and a BKM is invoked with its bindings', async () => {
  const model = await parseDmn(skolskjuts);
  const result = evaluateDecision(model, 'Rätt till skolskjuts', {
    årskurs: '5',
    avstånd: 4.2,
    'särskilda behov': false,
  });
  assert.equal(result.value, 'beviljas');
  assert.deepEqual(result.decisions.Avståndsgräns, { gräns: 3, årskurser: '4–6' });
  assert.deepEqual(result.inputs, { årskurs: '5', avstånd: 4.2, 'särskilda behov': false });
  assert.deepEqual(
    result.tables.map((trace) => [trace.decision, trace.matched.map((rule) => rule.index)]),
    [
      ['gräns för årskurs', [2]],
      ['Rätt till skolskjuts', [2]],
    ],
  );
  const row = result.tables[1]?.matched[0];
  assert.equal(row?.id, 'r2');
  assert.deepEqual(row?.inputEntries, ['false', '> Avståndsgräns.gräns']);
  assert.deepEqual(row?.outputs, { beslut: 'beviljas' });
  assert.equal(explain(result), 'Avståndet 4,2 km är längre än 3 km, som gäller för årskurs 4–6');
  assert.equal(explain(result, 'en'), 'The distance of 4.2 km is longer than 3 km, the limit for grades 4–6');
});

test('the decision is found by id too; grade fk with 1.5 km is refused, special needs go to an officer', async () => {
  const model = await parseDmn(skolskjuts);
  const refused = evaluateDecision(model, 'ratt', { årskurs: 'fk', avstånd: 1.5, 'särskilda behov': false });
  assert.equal(refused.value, 'avslås');
  assert.match(explain(refused), /^Avståndet 1,5 km är inte längre än 2 km, som gäller för årskurs F–3$/);
  const manual = evaluateDecision(model, 'ratt', { årskurs: '8', avstånd: 1, 'särskilda behov': true });
  assert.equal(manual.value, 'manuell handläggning');
  assert.match(explain(manual), /särskilda behov/);
  throwsCode(() => evaluateDecision(model, 'nothing', {}), 'DMN_DECISION_NOT_FOUND', /Rätt till skolskjuts/);
});

test('an error inside a BKM (grade outside its input values) is an error of the decision', async () => {
  const model = await parseDmn(skolskjuts);
  throwsCode(
    () => evaluateDecision(model, 'ratt', { årskurs: '10', avstånd: 9, 'särskilda behov': false }),
    'DMN_INPUT_OUT_OF_RANGE',
    /«Årskurs»/,
  );
});

const bkmModel = definitions(`
  ${input('x', 'x', 'number')}
  <businessKnowledgeModel id="double" name="double it">
    <encapsulatedLogic><formalParameter name="n" typeRef="number"/>
      <decisionTable hitPolicy="UNIQUE">
        <input label="n"><inputExpression typeRef="number"><text>n</text></inputExpression></input>
        <output name="r" typeRef="number"/>
        <rule><inputEntry><text>&lt; 0</text></inputEntry><outputEntry><text>0</text></outputEntry></rule>
        <rule><inputEntry><text>[0..10]</text></inputEntry><outputEntry><text>n * 2</text></outputEntry></rule>
        <rule><inputEntry><text>&gt;= 10</text></inputEntry><outputEntry><text>n * 3</text></outputEntry></rule>
      </decisionTable>
    </encapsulatedLogic>
  </businessKnowledgeModel>
  <decision id="call" name="call">${needs('x')}<knowledgeRequirement><requiredKnowledge href="#double"/></knowledgeRequirement>
    <literalExpression><text>double it(x) + 1</text></literalExpression>
  </decision>`);

test('a BKM called from a literal expression; its UNIQUE violation is an error, not null', async () => {
  const model = await parseDmn(bkmModel);
  assert.equal(evaluateDecision(model, 'call', { x: 4 }).value, 9);
  assert.equal(evaluateDecision(model, 'call', { x: -4 }).value, 1);
  throwsCode(() => evaluateDecision(model, 'call', { x: 10 }), 'DMN_HIT_POLICY_VIOLATION', /rows 2, 3/);
});

test('list and context values: inputs, boxed contexts and lists', async () => {
  const model = await parseDmn(
    definitions(`
    ${input('items', 'items')}${input('person', 'person')}
    <decision id="summary" name="summary">${needs('items')}${needs('person')}
      <context>
        <contextEntry><variable name="count"/><literalExpression><text>count(items)</text></literalExpression></contextEntry>
        <contextEntry><variable name="name"/><literalExpression><text>person.name</text></literalExpression></contextEntry>
        <contextEntry><variable name="pair"/><list>
          <literalExpression><text>count * 2</text></literalExpression>
          <literalExpression><text>items[1]</text></literalExpression>
        </list></contextEntry>
      </context>
    </decision>
    <decision id="final" name="final">${needs('items')}
      <context>
        <contextEntry><variable name="a"/><literalExpression><text>sum(items)</text></literalExpression></contextEntry>
        <contextEntry><literalExpression><text>a * 10</text></literalExpression></contextEntry>
      </context>
    </decision>`),
  );
  const result = evaluateDecision(model, 'summary', { items: [3, 4, 5], person: { name: 'Elsa' } });
  assert.deepEqual(result.value, { count: 3, name: 'Elsa', pair: [6, 3] });
  assert.equal(evaluateDecision(model, 'final', { items: [1, 2] }).value, 30);
});

test('a decision table over a list input and with a context output', async () => {
  const model = await parseDmn(
    definitions(`${input('tags', 'tags')}
    <decision id="t" name="t">${needs('tags')}
      <decisionTable hitPolicy="FIRST">
        <input label="has urgent"><inputExpression typeRef="boolean"><text>list contains(tags, "urgent")</text></inputExpression></input>
        <output name="route"/>
        <rule><inputEntry><text>true</text></inputEntry><outputEntry><text>{queue: "fast", tags: tags}</text></outputEntry></rule>
        <rule><inputEntry><text>-</text></inputEntry><outputEntry><text>{queue: "normal", tags: []}</text></outputEntry></rule>
      </decisionTable>
    </decision>`),
  );
  assert.deepEqual(evaluateDecision(model, 't', { tags: ['a', 'urgent'] }).value, {
    queue: 'fast',
    tags: ['a', 'urgent'],
  });
  assert.deepEqual(evaluateDecision(model, 't', { tags: [] }).value, { queue: 'normal', tags: [] });
});

test('an element the engine cannot evaluate is a typed error naming it', async () => {
  const model = await parseDmn(
    definitions(`
    <decision id="rel" name="relation decision">
      <relation><column name="a"/><row><literalExpression><text>1</text></literalExpression></row></relation>
    </decision>
    <decisionService id="svc" name="a service"/>
    <decision id="uses" name="uses service">${needs('svc', 'requiredDecision')}<literalExpression><text>1</text></literalExpression></decision>
    <decision id="java" name="java">
      <literalExpression><text>1</text></literalExpression>
    </decision>`),
  );
  throwsCode(() => evaluateDecision(model, 'relation decision', {}), 'DMN_UNSUPPORTED', /Relation/);
  throwsCode(
    () => evaluateDecision(model, 'uses service', {}),
    'DMN_UNSUPPORTED',
    /DecisionService «a service»/,
  );
  assert.equal(evaluateDecision(model, 'java', {}).value, 1, 'the rest of the model still evaluates');
});

test('a decision that requires itself, or a missing element, is an error', async () => {
  const model = await parseDmn(
    definitions(`
    <decision id="a" name="a">${needs('b', 'requiredDecision')}<literalExpression><text>b</text></literalExpression></decision>
    <decision id="b" name="b">${needs('a', 'requiredDecision')}<literalExpression><text>a</text></literalExpression></decision>
    <decision id="c" name="c">${needs('nowhere')}<literalExpression><text>1</text></literalExpression></decision>`),
  );
  throwsCode(() => evaluateDecision(model, 'a', {}), 'DMN_CYCLE');
  throwsCode(() => evaluateDecision(model, 'c', {}), 'DMN_REFERENCE_MISSING', /nowhere/);
  await assert.rejects(parseDmn('<definitions'), /DMN_XML_INVALID|not a readable/);
});

test('input data of the wrong type is an error', async () => {
  const model = await parseDmn(skolskjuts);
  throwsCode(
    () => evaluateDecision(model, 'ratt', { årskurs: '5', avstånd: '4,2', 'särskilda behov': false }),
    'DMN_TYPE_MISMATCH',
    /avstånd/,
  );
});
