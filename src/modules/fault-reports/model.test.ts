/** Fault report rules (issue #11), pure: distances and boxes, the "not fixed" window, places, texts. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import felanmalan from '../../../demo/services/felanmalan.json' with { type: 'json' };
import type { ServiceDefinition } from '../forms/definition.ts';
import {
  boxAround,
  categoryLabel,
  coarse,
  distanceMeters,
  EARTH_RADIUS_M,
  expectedAt,
  fixedAtAfter,
  notFixedState,
  reportedFault,
  reporterEmail,
  reporterStatusText,
} from './model.ts';

const definition = felanmalan as unknown as ServiceDefinition;
const report = definition.faultReport as NonNullable<ServiceDefinition['faultReport']>;
const DAY = 24 * 3600_000;

/** The point `meters` away from a start along a bearing (great circle). */
function destination(lat: number, lon: number, bearingDegrees: number, meters: number): [number, number] {
  const rad = Math.PI / 180;
  const delta = meters / EARTH_RADIUS_M;
  const theta = bearingDegrees * rad;
  const phi1 = lat * rad;
  const phi2 = Math.asin(
    Math.sin(phi1) * Math.cos(delta) + Math.cos(phi1) * Math.sin(delta) * Math.cos(theta),
  );
  const lambda =
    lon * rad +
    Math.atan2(
      Math.sin(theta) * Math.sin(delta) * Math.cos(phi1),
      Math.cos(delta) - Math.sin(phi1) * Math.sin(phi2),
    );
  return [phi2 / rad, lambda / rad];
}

describe('distances and the prefilter box', () => {
  it('measures the great-circle distance', () => {
    assert.equal(distanceMeters(59.3, 18.0, 59.3, 18.0), 0);
    // One degree of latitude is R·π/180.
    assert.ok(Math.abs(distanceMeters(59, 18, 60, 18) - (EARTH_RADIUS_M * Math.PI) / 180) < 1e-6);
    const [lat, lon] = destination(59.33, 18.06, 63, 1234);
    assert.ok(Math.abs(distanceMeters(59.33, 18.06, lat, lon) - 1234) < 1e-6);
  });

  it('the box holds every point of the circle, whatever the bearing, even far north', () => {
    for (const [lat, lon] of [
      [59.2, 17.6],
      [67.85, 20.22],
      [-33.9, 151.2],
      [0, 0],
    ] as const) {
      for (const radius of [1, 500, 25_000]) {
        const box = boxAround(lat, lon, radius);
        for (let bearing = 0; bearing < 360; bearing += 5) {
          const [pLat, pLon] = destination(lat, lon, bearing, radius * 0.999999);
          assert.ok(
            pLat >= box.south && pLat <= box.north && pLon >= box.west && pLon <= box.east,
            `${radius} m at ${bearing}° from ${lat},${lon} is in the box`,
          );
        }
      }
    }
  });

  it('is the whole circle of latitude at a pole or across the 180th meridian', () => {
    assert.deepEqual(boxAround(89.999, 0, 1000), {
      south: boxAround(89.999, 0, 1000).south,
      north: 90,
      west: -180,
      east: 180,
    });
    const dateLine = boxAround(65, 179.99, 5000);
    assert.deepEqual([dateLine.west, dateLine.east], [-180, 180]);
  });

  it('rounds a place for the public to three decimals', () => {
    assert.equal(coarse(59.212345), 59.212);
    assert.equal(coarse(17.6545), 17.655);
    assert.equal(coarse(-33.86789), -33.868);
  });
});

describe('the reporter’s "not fixed" window', () => {
  const fixedAt = new Date('2026-05-01T08:00:00Z');

  it('is open until the window has passed, to the millisecond', () => {
    assert.deepEqual(notFixedState(report, null, fixedAt), { kind: 'notFixedYet' });
    const until = new Date(fixedAt.getTime() + 14 * DAY);
    assert.deepEqual(notFixedState(report, fixedAt, until), { kind: 'open', until });
    assert.deepEqual(notFixedState(report, fixedAt, new Date(until.getTime() + 1)), {
      kind: 'windowClosed',
      closedAt: until,
    });
  });

  it('starts at "fixed", survives closing, and is cleared by any other status', () => {
    const at = new Date('2026-05-02T00:00:00Z');
    assert.equal(fixedAtAfter(report, { id: 'fixed', category: 'decided' }, null, at), at);
    assert.equal(fixedAtAfter(report, { id: 'closed', category: 'closed' }, fixedAt, at), fixedAt);
    assert.equal(fixedAtAfter(report, { id: 'reopened', category: 'inProgress' }, fixedAt, at), null);
    assert.equal(
      fixedAtAfter(report, { id: 'notOurResponsibility', category: 'decided' }, fixedAt, at),
      null,
    );
  });
});

describe('what a report is made of', () => {
  it('takes category and place from the answers; no place without both coordinates', () => {
    assert.deepEqual(
      reportedFault(report, {
        category: 'graffiti',
        location: { address: 'x', latitude: 59.1, longitude: 17.5 },
      }),
      { category: 'graffiti', latitude: 59.1, longitude: 17.5 },
    );
    assert.deepEqual(reportedFault(report, { category: 'other', location: { address: 'Torget' } }), {
      category: 'other',
      latitude: null,
      longitude: null,
    });
  });

  it('has the category’s target time, label and status texts', () => {
    const at = new Date('2026-05-01T08:00:00Z');
    const lighting = report.categories.find((category) => category.code === 'street-lighting');
    assert.equal(expectedAt(lighting, at)?.getTime(), at.getTime() + 5 * DAY);
    assert.equal(expectedAt(undefined, at), undefined);
    assert.deepEqual(categoryLabel(definition, 'graffiti'), { sv: 'Klotter', en: 'Graffiti' });
    assert.deepEqual(categoryLabel(definition, 'unknown'), { sv: 'unknown', en: 'unknown' });
    const fallback = { sv: 'Felet är åtgärdat', en: 'Fixed' };
    assert.match(reporterStatusText(report, 'street-lighting', 'fixed', fallback).sv, /Belysningen är lagad/);
    assert.equal(reporterStatusText(report, 'other', 'fixed', fallback), fallback);
  });

  it('finds an anonymous reporter’s address in the intake’s contact or the form’s answer', () => {
    assert.equal(reporterEmail(report, {}, { email: 'a@example.se' }), 'a@example.se');
    assert.equal(reporterEmail(report, { contactEmail: ' b@example.se ' }, null), 'b@example.se');
    assert.equal(reporterEmail(report, { contactPhone: '070-000 00 00' }, { phone: '070' }), null);
  });
});
