/**
 * The rules administration's pure parts (issue #10): the "Prova" fields and their parsing, version
 * states, outcome comparison and transitions, and a simulation's cap, paging and memoization.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { readDemoDefinition } from '../../cli/seed.ts';
import { demoSchoolModel, schoolModelWithLimit46 } from '../../test-support/rules.ts';
import type { CaseAnswers } from '../cases/service.ts';
import type { ServiceVersion } from '../catalogue/model.ts';
import { parseDmn } from '../decision-rules/parse-dmn.ts';
import type { ServiceDefinition } from '../forms/definition.ts';
import { pageOf, SIMULATION_LIMIT, versionState } from './model.ts';
import { simulateVersion } from './simulation.ts';
import { memoizedSimulator, NO_RULES, sameOutcome, transitions } from './simulation-model.ts';
import { literalList, parseNumber, parseTryInput, tryFields } from './try-model.ts';

const TYPED_MODEL = `<?xml version="1.0" encoding="UTF-8"?>
<definitions xmlns="https://www.omg.org/spec/DMN/20191111/MODEL/" id="d" name="d" namespace="https://example/d">
  <itemDefinition name="tNivå"><typeRef>number</typeRef><allowedValues><text>1,2,3</text></allowedValues></itemDefinition>
  <inputData id="a" name="nivå"><variable name="nivå" typeRef="tNivå"/></inputData>
  <inputData id="b" name="född"><variable name="född" typeRef="date"/></inputData>
  <inputData id="c" name="namn"><variable name="namn" typeRef="string"/></inputData>
  <inputData id="e" name="fritt"><variable name="fritt"/></inputData>
  <decision id="x" name="X"><variable name="X"/>
    <informationRequirement><requiredInput href="#a"/></informationRequirement>
    <literalExpression><text>nivå</text></literalExpression>
  </decision>
</definitions>`;

describe('the Prova form', () => {
  test('fields follow the model: choices from allowed values, numbers, yes/no, text and FEEL', async () => {
    const school = tryFields(await parseDmn(demoSchoolModel()));
    assert.deepEqual(
      school.map((field) => [field.name, field.inputName, field.kind, field.options.length]),
      [
        ['in1', 'årskurs', 'choice', 10],
        ['in2', 'avstånd', 'number', 0],
        ['in3', 'särskilda behov', 'boolean', 0],
      ],
    );
    const typed = tryFields(await parseDmn(TYPED_MODEL));
    assert.deepEqual(
      typed.map((field) => [field.inputName, field.kind, field.options, field.numeric]),
      [
        ['nivå', 'choice', ['1', '2', '3'], true],
        ['född', 'feel', [], false],
        ['namn', 'text', [], false],
        ['fritt', 'text', [], false],
      ],
    );
  });

  test('typed values become the model’s values; an empty field is null; unreadable ones are errors', async () => {
    const fields = tryFields(await parseDmn(TYPED_MODEL));
    const ok = parseTryInput(fields, { in1: '2', in2: 'date("2016-01-02")', in3: ' Elsa ', in4: '' });
    assert.deepEqual(ok.errors, []);
    assert.equal(ok.inputs.nivå, 2);
    assert.equal(String(ok.inputs.född), '2016-01-02');
    assert.equal(ok.inputs.namn, 'Elsa');
    assert.equal(ok.inputs.fritt, null);
    const bad = parseTryInput(fields, { in1: '4', in2: 'date(', in3: 'x' });
    assert.deepEqual(bad.errors, [
      { field: 'in1', message: 'tryChoiceInvalid' },
      { field: 'in2', message: 'tryFeelInvalid' },
    ]);
    assert.equal(bad.values.in2, 'date(');
  });

  test('numbers are read the Swedish way; literal lists are read when every item is a literal', () => {
    assert.equal(parseNumber('4,2'), 4.2);
    assert.equal(parseNumber('1 200'), 1200);
    assert.equal(parseNumber('-3.5'), -3.5);
    assert.equal(parseNumber('4,2 km'), undefined);
    assert.equal(parseNumber('1e3'), undefined);
    assert.deepEqual(literalList('"a", "b\\"c"'), [
      { text: 'a', numeric: false },
      { text: 'b"c', numeric: false },
    ]);
    assert.equal(literalList('[1..3]'), undefined);
    assert.equal(literalList('"a", > 3'), undefined);
    assert.equal(literalList(''), undefined);
  });
});

describe('versions and outcomes', () => {
  test('a version’s state', () => {
    const now = new Date('2026-06-01T00:00:00Z');
    const at = (date: string) => new Date(date);
    const version = (id: string, status: 'draft' | 'published' | 'retired', from: string | null) => ({
      id,
      status,
      publishedFrom: from ? at(from) : null,
    });
    assert.equal(versionState(version('a', 'draft', null), 'b', now), 'draft');
    assert.equal(versionState(version('b', 'published', '2026-01-01'), 'b', now), 'live');
    assert.equal(versionState(version('c', 'published', '2026-01-01'), 'b', now), 'superseded');
    assert.equal(versionState(version('d', 'published', '2027-01-01'), 'b', now), 'scheduled');
    assert.equal(versionState(version('e', 'retired', '2025-01-01'), 'b', now), 'retired');
  });

  test('outcomes are the same by proposed outcome, or by reason when neither proposes one', () => {
    const granted = { outcome: 'granted' as const, value: 'beviljas', error: null };
    assert.ok(sameOutcome(granted, { ...granted, value: 'ja' }), 'the outcome decides, not the value');
    assert.ok(!sameOutcome(granted, { outcome: 'rejected', value: 'avslås', error: null }));
    assert.ok(!sameOutcome(granted, NO_RULES));
    const unmapped = (value: string) => ({ outcome: null, value, error: 'OUTCOME_UNMAPPED' });
    assert.ok(sameOutcome(unmapped('x'), unmapped('x')));
    assert.ok(!sameOutcome(unmapped('x'), unmapped('y')));
    const failed = { outcome: null, value: null, error: 'DMN_TYPE_MISMATCH' };
    assert.ok(sameOutcome(failed, { ...failed }));
    assert.ok(!sameOutcome(failed, NO_RULES));
    const rejected = { outcome: 'rejected' as const, value: 'avslås', error: null };
    const at = new Date();
    const list = transitions([
      { reference: 'A', submittedAt: at, old: granted, new: rejected },
      { reference: 'B', submittedAt: at, old: NO_RULES, new: granted },
      { reference: 'C', submittedAt: at, old: granted, new: rejected },
    ]);
    assert.deepEqual(
      list.map((item) => [item.old.outcome ?? item.old.error, item.new.outcome, item.count]),
      [
        ['granted', 'rejected', 2],
        ['NO_RULES', 'granted', 1],
      ],
    );
  });

  test('pages are clamped to the pages there are', () => {
    const items = Array.from({ length: 7 }, (_, i) => i);
    assert.deepEqual(pageOf(items, 2, 3), { items: [3, 4, 5], page: 2, pages: 3, pageSize: 3 });
    assert.deepEqual(pageOf(items, 9, 3).items, [6]);
    assert.equal(pageOf([], 1, 3).pages, 1);
    assert.equal(pageOf(items, 0, 3).page, 1);
  });
});

describe('simulation', () => {
  const definition = readDemoDefinition('skolskjuts') as ServiceDefinition;
  const support = definition.decisionSupport;
  if (!support) throw new Error('the demo skolskjuts has decision support');
  const version = (
    id: string,
    number: number,
    model: string,
    status: 'draft' | 'published',
  ): ServiceVersion => ({
    id,
    serviceId: 'service',
    tenantId: 'tenant',
    version: number,
    status,
    publishedFrom: status === 'published' ? new Date('2026-01-01T00:00:00Z') : null,
    definition: { ...definition, decisionSupport: { ...support, model } },
  });

  test('each distinct set of inputs is evaluated once', async () => {
    const v1 = version('v1', 1, demoSchoolModel(), 'published');
    const support = v1.definition.decisionSupport;
    assert.ok(support);
    const model = await parseDmn(support.model);
    // `propose` reads the outcome mapping once per evaluation (cache hits never reach it).
    let evaluations = 0;
    const outcomes = new Proxy(support.outcomes, {
      get(target, key) {
        evaluations += 1;
        return Reflect.get(target, key);
      },
    });
    const ruleVersion = { serviceVersionId: 'v1', version: 1, modelSha256: '', decision: support.decision };
    const simulate = memoizedSimulator({ model, support: { ...support, outcomes }, ruleVersion }, new Date());
    const same = { grade: '5', distanceKm: 4.2, hasSpecialNeeds: false };
    assert.equal(simulate(same).outcome, 'granted');
    assert.equal(simulate({ ...same }).outcome, 'granted');
    assert.equal(simulate({ ...same, distanceKm: 2 }).outcome, 'rejected');
    assert.equal(evaluations, 2, 'two distinct inputs, two evaluations');
  });

  test('a service with more cases than the limit is capped, with the total, and changes are paged', async () => {
    const v1 = version('v1', 1, demoSchoolModel(), 'published');
    const v2 = version('v2', 2, schoolModelWithLimit46(5), 'draft');
    const cases: CaseAnswers[] = Array.from({ length: 30 }, (_, i) => ({
      reference: `EXS-2026-${String(i).padStart(6, '0')}`,
      serviceVersionId: 'v1',
      submittedAt: new Date(),
      answers: { grade: '5', distanceKm: i % 2 === 0 ? 4 : 9, hasSpecialNeeds: false },
    }));
    let asked: { fields: string[]; limit: number } | undefined;
    const report = await simulateVersion({
      cases: {
        async answersOfService(_tenant, _service, fields, limit) {
          asked = { fields, limit };
          return { total: 12_345, cases };
        },
      },
      tenantId: 'tenant',
      versions: [v1, v2],
      version: v2,
      today: new Date('2026-06-01T00:00:00Z'),
      page: { page: 2, pageSize: 10 },
    });
    assert.deepEqual(asked, { fields: ['grade', 'distanceKm', 'hasSpecialNeeds'], limit: SIMULATION_LIMIT });
    assert.equal(report.total, 12_345);
    assert.equal(report.evaluated, 30);
    assert.equal(report.capped, true);
    assert.equal(report.changed, 15, 'the 4 km cases change, the 9 km cases do not');
    assert.deepEqual(
      { page: report.changes.page, pages: report.changes.pages, count: report.changes.items.length },
      { page: 2, pages: 2, count: 5 },
    );
    assert.equal(report.changes.items[0]?.reference, 'EXS-2026-000020');
    assert.deepEqual(report.baseline, { id: 'v1', version: 1 });
  });

  test('with no rules in force, every proposal is compared with no proposal', async () => {
    const v1 = version('v1', 1, demoSchoolModel(), 'published');
    const withoutRules = { ...v1, definition: { ...v1.definition, decisionSupport: undefined } };
    const v2 = version('v2', 2, demoSchoolModel(), 'draft');
    const report = await simulateVersion({
      cases: {
        answersOfService: async () => ({
          total: 1,
          cases: [
            {
              reference: 'A',
              serviceVersionId: 'v1',
              submittedAt: new Date(),
              answers: { grade: '1', distanceKm: 1, hasSpecialNeeds: false },
            },
          ],
        }),
      },
      tenantId: 'tenant',
      versions: [withoutRules, v2],
      version: v2,
      today: new Date(),
      page: { page: 1, pageSize: 10 },
    });
    assert.equal(report.baseline, null);
    assert.equal(report.changed, 1);
    assert.deepEqual(report.changes.items[0]?.old, NO_RULES);
    assert.equal(report.changes.items[0]?.new.outcome, 'rejected');
  });
});
