/**
 * The FEEL fast paths decide exactly as feelin does (issue #10: simulation speed): every text and
 * value here is run through both, and wherever the fast path answers, feelin gives the same answer.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { evaluate, unaryTest } from 'feelin';
import { fastTest, fastValue } from './feel-fast.ts';

const context: Record<string, unknown> = {
  avstånd: 4.2,
  årskurs: '5',
  'särskilda behov': false,
  Avståndsgräns: { gräns: 3, årskurser: '4–6', inre: { djup: 7 } },
  Skäl: ['långt avstånd'],
  tom: null,
  datum: { year: 2026 },
};

const feelTestResult = (text: string, value: unknown) =>
  unaryTest(text, { ...context, '?': value }).value === true;

describe('fastValue', () => {
  const decided = [
    ['"beviljas"', 'beviljas'],
    ['"F–3"', 'F–3'],
    ['2', 2],
    ['-3.5', -3.5],
    ['true', true],
    ['false', false],
    ['null', null],
    ['avstånd', 4.2],
    [' särskilda behov ', false],
    ['Avståndsgräns.gräns', 3],
    ['Avståndsgräns.inre.djup', 7],
    ['Skäl', ['långt avstånd']],
    ['tom', null],
  ] as const;
  for (const [text, expected] of decided) {
    test(`decides ${text} as feelin does`, () => {
      const fast = fastValue(text, context);
      assert.ok(fast, `${text} takes the fast path`);
      assert.deepEqual(fast.value, expected);
      assert.deepEqual(evaluate(text, context).value, expected);
    });
  }

  test('leaves everything else to feelin', () => {
    for (const text of [
      'avstånd + 1',
      '"a\\"b"',
      'okänd',
      'Avståndsgräns',
      'Avståndsgräns.saknas',
      'Avståndsgräns.inre',
      'date("2026-01-01")',
      'not(true)',
      'särskilda behov and true',
      '.5',
      '1e3',
      '[1, 2]',
      'datum.year.x',
    ]) {
      assert.equal(fastValue(text, context), undefined, text);
    }
  });
});

describe('fastTest', () => {
  const cases: [string, unknown][] = [
    ['"fk","1","2","3"', '3'],
    ['"fk","1","2","3"', '5'],
    ['"fk","1","2","3"', 3],
    ['"4","5","6"', '5'],
    ['1, 2, 3', 2],
    ['1, 2, 3', '2'],
    ['true', true],
    ['true', false],
    ['false', true],
    ['null', 'x'],
    ['> 3', 4.2],
    ['> 3', 3],
    ['>= 3', 3],
    ['< 3', 2.9],
    ['<= 3', 3.1],
    ['> -1', 0],
    ['> Avståndsgräns.gräns', 4.2],
    ['<= Avståndsgräns.gräns', 4.2],
    ['<= Avståndsgräns.gräns', 3],
    ['< avstånd', 4],
    ['"a", > 3', 5],
    ['list contains(?, "långt avstånd")', ['långt avstånd']],
    ['list contains(?, "särskilda behov")', ['långt avstånd']],
    ['list contains(?, "x")', []],
    ['list contains(?, 2)', [1, 2]],
  ];
  for (const [text, value] of cases) {
    test(`${text} with ${JSON.stringify(value)} as feelin decides`, () => {
      const fast = fastTest(text, value, context);
      assert.notEqual(fast, undefined, `${text} takes the fast path`);
      assert.equal(fast, feelTestResult(text, value));
    });
  }

  test('leaves everything else to feelin', () => {
    const others: [string, unknown][] = [
      ['[1..5]', 3],
      ['not(3)', 3],
      ['> 3', '4'],
      ['"a", > 3', 'a'],
      ['> "a"', 'b'],
      ['> okänd', 3],
      ['"a"', ['a']],
      ['"a"', null],
      ['? > 3', 4],
      ['"a,b"', 'a,b'],
      ['"a\\"b"', 'a"b'],
      ['list contains(?, avstånd)', [4.2]],
      ['list contains(?, "x")', 'x'],
      ['date("2026-01-01")', 'x'],
    ];
    for (const [text, value] of others) {
      const fast = fastTest(text, value, context);
      // A quoted comma is still read right; otherwise the fast path stays out of the way.
      if (fast !== undefined) assert.equal(fast, feelTestResult(text, value), text);
      else assert.equal(fast, undefined, text);
    }
    assert.equal(fastTest('[1..5]', 3, context), undefined);
    assert.equal(fastTest('> 3', '4', context), undefined);
    assert.equal(
      fastTest('list contains(?, "x")', ['x'], { ...context, 'list contains': () => false }),
      undefined,
    );
  });

  test('any list of literals and number comparisons decides as feelin does (property)', () => {
    const literalItem = fc.oneof(
      fc.constantFrom('fk', 'a', 'b', 'långt avstånd', '').map((s) => JSON.stringify(s)),
      fc.integer({ min: -5, max: 5 }).map(String),
      fc.constantFrom('true', 'false', '1.5', '-0.5'),
    );
    const comparison = fc
      .tuple(
        fc.constantFrom('<', '<=', '>', '>='),
        fc.oneof(fc.integer({ min: -5, max: 5 }).map(String), fc.constant('Avståndsgräns.gräns')),
      )
      .map(([op, operand]) => `${op} ${operand}`);
    const value = fc.oneof(
      fc.integer({ min: -6, max: 6 }),
      fc.double({ min: -6, max: 6, noNaN: true }),
      fc.constantFrom('fk', 'a', 'b', '1', ''),
      fc.boolean(),
    );
    fc.assert(
      fc.property(
        fc.array(fc.oneof(literalItem, comparison), { minLength: 1, maxLength: 4 }),
        value,
        (items, input) => {
          const text = items.join(', ');
          const fast = fastTest(text, input, context);
          if (fast === undefined) return true;
          return fast === feelTestResult(text, input);
        },
      ),
      { numRuns: 500 },
    );
  });
});
