/** The pure sensor rules: units and names a device may send, limits, transitions, texts and answers. */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { readDemoDefinition } from '../../cli/seed.ts';
import type { ServiceDefinition } from '../forms/definition.ts';
import { validateAll } from '../forms/validate-step.ts';
import { type AlarmFacts, faultAnswers } from './alarm-model.ts';
import { checkDeviceForm, parseDecimal } from './device-model.ts';
import { alarmText, deviceType, firstTransition, formatValue, isOutside, normalText } from './model.ts';
import { CLOCK_SKEW_MS, readingsFor } from './reading-model.ts';
import { resolvePack } from './senml.ts';

const NOW = Date.parse('2026-03-01T12:00:00Z');
const BIN = { type: 'binFillLevel' as const, baseName: 'urn:dev:mac:0024befffe804ff1:' };
const PROBE = { type: 'waterQuality' as const, baseName: 'probe-7/' };

function readings(device: typeof BIN | typeof PROBE, pack: unknown[]) {
  const resolved = resolvePack(pack, NOW);
  assert.ok(resolved.ok);
  return readingsFor(device, resolved.records, NOW);
}

describe('what a device may send', () => {
  test('its own measurements, converted to the stored unit', () => {
    const result = readings(BIN, [
      { bn: BIN.baseName, n: 'fillLevel', u: '%', v: 94 },
      { n: 'fillLevel', u: '/', v: 0.5, t: -60 },
    ]);
    assert.ok(result.ok);
    assert.deepEqual(
      result.readings.map((reading) => [reading.name, reading.value, reading.unit, reading.at.getTime()]),
      [
        ['fillLevel', 94, '%', NOW],
        ['fillLevel', 50, '%', NOW - 60_000],
      ],
    );
    const probe = readings(PROBE, [
      { bn: PROBE.baseName, n: 'pH', u: 'pH', v: 7.2 },
      { n: 'temperature', u: 'K', v: 283.15 },
    ]);
    assert.ok(probe.ok);
    assert.deepEqual(
      probe.readings.map((reading) => [reading.name, Math.round(reading.value * 100) / 100, reading.unit]),
      [
        ['pH', 7.2, 'pH'],
        ['temperature', 10, 'Cel'],
      ],
    );
  });

  test('snow load in pascal is stored in kg/m²', () => {
    const roof = { type: 'roofSnowLoad' as const, baseName: 'roof:' };
    const resolved = resolvePack([{ bn: 'roof:', n: 'snowLoad', u: 'Pa', v: 980.665 }], NOW);
    assert.ok(resolved.ok);
    const result = readingsFor(roof, resolved.records, NOW);
    assert.ok(result.ok);
    assert.equal(Math.round((result.readings[0]?.value ?? 0) * 1000) / 1000, 100);
    assert.equal(result.readings[0]?.unit, 'kg/m2');
  });

  test('refused: other names, missing or unknown units, text values, future times, impossible values', () => {
    const result = readings(BIN, [
      { bn: 'urn:dev:mac:other:', n: 'fillLevel', u: '%', v: 1 },
      { bn: BIN.baseName, n: 'weight', u: 'kg', v: 1 },
      { n: 'fillLevel', v: 1 },
      { n: 'fillLevel', u: 'furlong', v: 1 },
      { n: 'fillLevel', u: 'Cel', v: 1 },
      { n: 'fillLevel', u: '%', vs: 'full' },
      { n: 'fillLevel', u: '%', v: 50, t: (CLOCK_SKEW_MS + 1000) / 1000 },
      { n: 'fillLevel', u: '%', v: 140 },
    ]);
    assert.ok(!result.ok);
    assert.deepEqual(
      result.problems.map((problem) => `${problem.pointer} ${problem.reason}`),
      [
        '/0/n nameNotOfDevice',
        '/1/n nameNotOfDevice',
        '/2/u unitMissing',
        '/3/u unitUnknown',
        '/4/u unitNotForMeasurement',
        '/5/v valueNotNumeric',
        '/6/t timeInFuture',
        '/7/v valueOutOfRange',
      ],
    );
  });

  test('a time within the clock skew is accepted; a reading repeated in one pack counts once', () => {
    const result = readings(BIN, [
      { bn: BIN.baseName, n: 'fillLevel', u: '%', v: 10, t: 60 },
      { n: 'fillLevel', u: '%', v: 10, t: 60 },
    ]);
    assert.ok(result.ok);
    assert.equal(result.readings.length, 1);
    assert.equal(result.repeats, 1);
  });
});

describe('limits and transitions', () => {
  const bin = deviceType('binFillLevel');
  const probe = deviceType('waterQuality');

  test('at or above the upper limit is outside; a range is outside below or above it', () => {
    assert.equal(isOutside(bin.rule, { upper: 90 }, 89.9), false);
    assert.equal(isOutside(bin.rule, { upper: 90 }, 90), true);
    assert.equal(isOutside(probe.rule, { lower: 6.5, upper: 9.5 }, 6.5), false);
    assert.equal(isOutside(probe.rule, { lower: 6.5, upper: 9.5 }, 6.4), true);
    assert.equal(isOutside(probe.rule, { lower: 6.5, upper: 9.5 }, 9.6), true);
  });

  test('the first reading that changes side is the transition', () => {
    const at = (minutes: number) => new Date(NOW + minutes * 60_000);
    const series = [
      { at: at(0), value: 50 },
      { at: at(1), value: 94 },
      { at: at(2), value: 96 },
      { at: at(3), value: 40 },
    ];
    assert.deepEqual(firstTransition(bin.rule, { upper: 90 }, false, series), {
      kind: 'crossed',
      reading: series[1],
    });
    assert.deepEqual(firstTransition(bin.rule, { upper: 90 }, true, series), {
      kind: 'normal',
      reading: series[0],
    });
    assert.equal(firstTransition(bin.rule, { upper: 90 }, false, series.slice(0, 1)), undefined);
  });

  test('texts in Swedish with decimal commas', () => {
    assert.equal(
      alarmText(bin, 'Sopkärl Stortorget 3', { upper: 90 }, 94),
      'Sopkärl Stortorget 3 är fullt (94 %). Larmgränsen är 90 %.',
    );
    assert.equal(
      alarmText(probe, 'Brunn 4', { lower: 6.5, upper: 9.5 }, 5.94),
      'Avvikande pH-värde i Brunn 4 (pH 5,9). Tillåtet är pH 6,5–9,5.',
    );
    assert.equal(normalText(bin, 42), 'Nivån är åter normal (42 %).');
    assert.equal(formatValue(deviceType('waterLevel').measurements[0] as never, -0.25), '−0,25 m');
  });
});

describe('the alarm as a fault report', () => {
  const facts: AlarmFacts = {
    type: deviceType('binFillLevel'),
    deviceId: '00000000-0000-4000-8000-000000000001',
    deviceName: 'Nivågivare 17',
    assetName: 'Sopkärl Stortorget 3',
    assetIdentifier: 'SK-1043',
    latitude: 59.3293,
    longitude: 18.0686,
    thresholds: { upper: 90 },
    reading: { at: new Date(NOW), value: 94 },
    text: 'Sopkärl Stortorget 3 är fullt (94 %). Larmgränsen är 90 %.',
  };

  test('the demo felanmälan is filled in validly, in a category it offers', () => {
    const definition = readDemoDefinition('felanmalan') as ServiceDefinition;
    const answers = faultAnswers(definition, facts);
    assert.deepEqual(validateAll(definition, answers, { today: '2026-03-01' }), {});
    assert.equal(answers.category, 'litter-bin', 'the demo felanmälan’s category for full bins');
    assert.equal(answers.description, facts.text);
    assert.deepEqual(answers.location, {
      address: 'Sopkärl Stortorget 3 (SK-1043)',
      latitude: 59.3293,
      longitude: 18.0686,
    });
    const snow = faultAnswers(definition, { ...facts, type: deviceType('roofSnowLoad') });
    assert.equal(snow.category, 'snow-ice');
  });
});

describe('the registration form', () => {
  test('Swedish decimals, and every problem beside its field', () => {
    assert.equal(parseDecimal('62,39'), 62.39);
    assert.equal(parseDecimal('−1.5'), -1.5);
    assert.equal(parseDecimal('1e3'), undefined);
    const refused = checkDeviceForm(deviceType('waterQuality'), {
      name: ' ',
      assetName: 'Brunn 4',
      latitude: '95',
      longitude: 'öst',
      baseName: 'has space',
      lower: '9',
      upper: '7',
    });
    assert.ok(!refused.ok);
    assert.deepEqual(
      refused.problems.map((problem) => `${problem.field} ${problem.message}`),
      [
        'name nameMissing',
        'latitude latitudeInvalid',
        'longitude longitudeInvalid',
        'baseName baseNameInvalid',
        'upper limitOrder',
      ],
    );
    const ok = checkDeviceForm(deviceType('binFillLevel'), {
      name: 'Nivågivare 17',
      assetName: 'Sopkärl Stortorget 3',
      latitude: '59,3293',
      longitude: '18,0686',
      upper: '90',
    });
    assert.ok(ok.ok);
    assert.deepEqual(ok.input.thresholds, { upper: 90 });
    assert.equal(ok.input.baseName, undefined);
  });
});
