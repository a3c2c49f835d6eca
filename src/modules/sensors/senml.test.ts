/**
 * SenML resolution (RFC 8428 section 4.6), with packs written here after the shapes of the RFC's
 * own examples (section 5.1): single datapoints, several datapoints with base name and relative
 * times, base value and base unit, and the refusals the reader must make.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { parseSenml, RELATIVE_TIME_LIMIT, resolvePack } from './senml.ts';

const NOW = Date.parse('2026-03-01T12:00:00Z');

function resolved(pack: unknown) {
  const result = resolvePack(pack, NOW);
  assert.ok(result.ok, `the pack resolves: ${JSON.stringify(!result.ok && result.problems)}`);
  return result.records;
}

function reasons(pack: unknown) {
  const result = resolvePack(pack, NOW);
  assert.ok(!result.ok, 'the pack is refused');
  return result.problems.map((problem) => `${problem.pointer} ${problem.reason}`);
}

describe('resolving SenML records (RFC 8428 section 4.6)', () => {
  test('a single datapoint: name, unit and value as given, time zero is "now"', () => {
    const [record] = resolved([{ n: 'urn:dev:ow:10e2073a01080063', u: 'Cel', v: 23.1 }]);
    assert.deepEqual(record, {
      index: 0,
      name: 'urn:dev:ow:10e2073a01080063',
      time: NOW,
      unit: 'Cel',
      value: 23.1,
    });
  });

  test('the base name is prepended, the base time added, and the base unit used where none is given', () => {
    const records = resolved([
      { bn: 'urn:dev:ow:10e2073a01080063:', bt: 1.276020076e9, bu: 'A', n: 'voltage', u: 'V', v: 120.1 },
      { n: 'current', t: -5, v: 1.2 },
      { n: 'current', t: -4, v: 1.3 },
      { n: 'current', v: 1.7 },
    ]);
    assert.deepEqual(
      records.map((record) => [record.name, record.time, record.unit, record.value]),
      [
        ['urn:dev:ow:10e2073a01080063:voltage', 1276020076000, 'V', 120.1],
        ['urn:dev:ow:10e2073a01080063:current', 1276020071000, 'A', 1.2],
        ['urn:dev:ow:10e2073a01080063:current', 1276020072000, 'A', 1.3],
        ['urn:dev:ow:10e2073a01080063:current', 1276020076000, 'A', 1.7],
      ],
    );
  });

  test('a base field holds until a later record sets it again', () => {
    const records = resolved([
      { bn: 'a:', bt: 1.7e9, n: 'x', v: 1 },
      { bn: 'b:', n: 'x', t: 10, v: 2 },
      { bt: 1.8e9, n: 'x', v: 3 },
    ]);
    assert.deepEqual(
      records.map((record) => [record.name, record.time]),
      [
        ['a:x', 1.7e12],
        ['b:x', 1.70000001e12],
        ['b:x', 1.8e12],
      ],
    );
  });

  test('times below 2**28 seconds are relative to now; negative ones are in the past', () => {
    const [ago, ahead, absolute] = resolved([
      { n: 'x', t: -60, v: 1 },
      { n: 'x', t: 30, v: 2 },
      { n: 'x', t: RELATIVE_TIME_LIMIT, v: 3 },
    ]);
    assert.equal(ago?.time, NOW - 60_000);
    assert.equal(ahead?.time, NOW + 30_000);
    assert.equal(absolute?.time, RELATIVE_TIME_LIMIT * 1000, 'exactly 2**28 is an absolute time');
  });

  test('times a millisecond apart stay a millisecond apart (rounded, not cut, to whole milliseconds)', () => {
    const records = resolved([
      { bn: 'urn:dev:mac:0024befffe804ff1:', bt: 1796453606.06, bu: '%', n: 'fillLevel', v: 8 },
      { n: 'fillLevel', t: 0.001, v: 9 },
      { n: 'fillLevel', t: 0.002, v: 10 },
      { n: 'fillLevel', t: -0.0004, v: 11 },
    ]);
    assert.deepEqual(
      records.map((record) => record.time),
      [1796453606060, 1796453606061, 1796453606062, 1796453606060],
    );
    const [relative] = resolved([{ n: 'fillLevel', u: '%', t: -0.0306, v: 1 }]);
    assert.equal(relative?.time, NOW - 31);
  });

  test('a relative base time applies to every record after it', () => {
    const records = resolved([
      { bn: 'dev:', bt: -120, n: 'x', v: 1 },
      { n: 'x', t: 60, v: 2 },
    ]);
    assert.deepEqual(
      records.map((record) => record.time),
      [NOW - 120_000, NOW - 60_000],
    );
  });

  test('the base value is added to each value, and stands for the value of a record without one', () => {
    const records = resolved([
      { bn: 'dev:', bv: 100, n: 'level', v: 2.5 },
      { n: 'level', v: -1 },
      { n: 'level', t: -10 },
    ]);
    assert.deepEqual(
      records.map((record) => record.value),
      [102.5, 99, 100],
    );
  });

  test('the base sum is added to sums; string, boolean and data values resolve as they are', () => {
    const records = resolved([
      { bn: 'dev:', bs: 10, n: 'energy', s: 5 },
      { n: 'door', vb: true },
      { n: 'label', vs: 'ok' },
      { n: 'raw', vd: 'aGk' },
    ]);
    assert.equal(records[0]?.sum, 15);
    assert.equal(records[1]?.booleanValue, true);
    assert.equal(records[2]?.stringValue, 'ok');
    assert.equal(records[3]?.dataValue, 'aGk');
  });

  test('unknown labels are ignored; version 10 (the default) is understood', () => {
    const [record] = resolved([{ bver: 10, n: 'x', v: 1, extra: 'ignored', ut: 60 }]);
    assert.equal(record?.value, 1);
  });
});

describe('refusing SenML that is not a valid pack', () => {
  test('text that is not JSON, and JSON that is not an array of records', () => {
    const notJson = parseSenml('[{"n":', NOW);
    assert.ok(!notJson.ok);
    assert.deepEqual(notJson.problems, [{ pointer: '', reason: 'notJson' }]);
    assert.deepEqual(reasons({ n: 'x', v: 1 }), [' notAPack']);
    assert.deepEqual(reasons([]), [' packEmpty']);
    assert.deepEqual(reasons([1, null, []]), [
      '/0 recordNotObject',
      '/1 recordNotObject',
      '/2 recordNotObject',
    ]);
  });

  test('labels of the wrong JSON type', () => {
    assert.deepEqual(reasons([{ n: 'x', v: '21.5' }]), ['/0/v labelType', '/0 valueMissing']);
    assert.deepEqual(reasons([{ bn: 7, n: 'x', v: 1 }]), ['/0/bn labelType']);
    assert.deepEqual(reasons([{ n: 'x', vb: 'true' }]), ['/0/vb labelType', '/0 valueMissing']);
  });

  test('names: missing, or with characters outside the RFC set, or not starting with a letter or digit', () => {
    assert.deepEqual(reasons([{ v: 1 }]), ['/0/n nameMissing']);
    assert.deepEqual(reasons([{ n: 'bad name', v: 1 }]), ['/0/n nameInvalid']);
    assert.deepEqual(reasons([{ n: '-x', v: 1 }]), ['/0/n nameInvalid']);
    assert.deepEqual(reasons([{ bn: 'dev:', n: 'å', v: 1 }]), ['/0/n nameInvalid']);
  });

  test('a record needs exactly one value (or a sum)', () => {
    assert.deepEqual(reasons([{ n: 'x' }]), ['/0 valueMissing']);
    assert.deepEqual(reasons([{ n: 'x', v: 1, vs: 'one' }]), ['/0 valueConflict']);
  });

  test('a label ending in "_" must be understood, and a later version is refused', () => {
    assert.deepEqual(reasons([{ n: 'x', v: 1, new_: 2 }]), ['/0/new_ mustUnderstand']);
    assert.deepEqual(reasons([{ bver: 11, n: 'x', v: 1 }]), ['/0/bver versionUnsupported']);
  });

  test('every refused record is named, not just the first', () => {
    assert.deepEqual(reasons([{ n: 'ok', v: 1 }, { n: 'x' }, { n: 'y y', v: 2 }]), [
      '/1 valueMissing',
      '/2/n nameInvalid',
    ]);
  });
});
