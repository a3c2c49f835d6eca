/** A municipality's area (issue #11): box and polygon, their edges, and the location field's check. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { LocationValue, SimpleField } from './definition.ts';
import { validateField } from './field-rules.ts';
import { areaProblems, type GeoArea, isInArea } from './geo-area.ts';

const box: GeoArea = { boundingBox: { south: 59, west: 17, north: 60, east: 18 } };
/** A triangle in the box: its corners at the south-west, the south-east and the north-west. */
const triangle: GeoArea = {
  ...box,
  polygon: [
    [17, 59],
    [18, 59],
    [17, 60],
  ],
};

describe('isInArea', () => {
  it('takes the box with its edges', () => {
    assert.equal(isInArea(box, 59.5, 17.5), true);
    assert.equal(isInArea(box, 59, 17), true, 'a corner');
    assert.equal(isInArea(box, 60, 18), true, 'the opposite corner');
    assert.equal(isInArea(box, 60.000001, 17.5), false);
    assert.equal(isInArea(box, 59.5, 16.999999), false);
  });

  it('with a polygon, only what lies inside it (its border included)', () => {
    assert.equal(isInArea(triangle, 59.2, 17.2), true);
    assert.equal(isInArea(triangle, 59.8, 17.8), false, 'in the box, outside the triangle');
    assert.equal(isInArea(triangle, 59.5, 17.5), true, 'on the diagonal border');
    assert.equal(isInArea(triangle, 59, 17.5), true, 'on the southern border');
  });

  it('finds a configured area’s mistakes', () => {
    assert.deepEqual(areaProblems(triangle), []);
    assert.equal(areaProblems({ boundingBox: { south: 60, west: 17, north: 59, east: 18 } }).length, 1);
    assert.equal(areaProblems({ boundingBox: { south: 59, west: 17, north: 95, east: 18 } }).length, 1);
    assert.equal(
      areaProblems({
        ...box,
        polygon: [
          [17, 59],
          [19, 59],
          [17, 60],
        ],
      }).length,
      1,
    );
  });
});

describe('a location field in an area', () => {
  const field: SimpleField = {
    id: 'location',
    type: 'location',
    label: { sv: 'Plats', en: 'Place' },
    informationClass: { confidentiality: 1, personalData: 'none' },
  };
  const options = { today: '2026-06-01', area: { area: box, name: 'Exempelstads kommun' } };
  const at = (latitude: number, longitude: number): LocationValue => ({ address: '', latitude, longitude });

  it('refuses coordinates outside, at the latitude input, naming the municipality', () => {
    const [error] = validateField(field, at(61, 17.5), options);
    assert.equal(error?.inputName, 'location.latitude');
    assert.match(error?.message.sv ?? '', /^Platsen ligger utanför Exempelstads kommun\./);
    assert.match(error?.message.en ?? '', /^The place is outside Exempelstads kommun\./);
  });

  it('accepts coordinates inside, an address alone, and anything without an area', () => {
    assert.deepEqual(validateField(field, at(59.5, 17.5), options), []);
    assert.deepEqual(validateField(field, { address: 'Storgatan 1' }, options), []);
    assert.deepEqual(validateField(field, at(-33.9, 151.2), { today: '2026-06-01' }), []);
  });
});
