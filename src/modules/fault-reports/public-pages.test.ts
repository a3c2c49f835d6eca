/**
 * What fault reports show outside the back office (issue #11): the anonymous reporter's follow-up
 * link and page, the public list of open reports (never names or free text), and the reports near
 * a point that the map and the duplicate search will ask for.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Tenant } from '../../platform/tenancy/tenant-service.ts';
import { createTestApp, type TestApp } from '../../test-support/app.ts';
import {
  anonymousClient,
  faultScene,
  followPathOf,
  INSIDE,
  reportRow,
  reportViaWeb,
} from '../../test-support/fault-reports.ts';
import { ANNA, residentClient } from '../../test-support/fixtures.ts';
import { EARTH_RADIUS_M } from './model.ts';

let t: TestApp;
before(async () => {
  t = await createTestApp();
});
after(() => t.close());

/** Opens a report at a place through the intake (quick: no form), in a category. */
async function reportAt(tenant: Tenant, latitude: number, longitude: number, category = 'street-lighting') {
  const live = await t.app.services.catalogue.liveService(tenant.id, 'felanmalan');
  return t.app.services.cases.openCase({
    tenant,
    serviceVersionId: live.version.id,
    answers: {
      category,
      description: 'Något är trasigt',
      location: { address: 'Någonstans', latitude, longitude },
      wantsContact: false,
    },
    applicant: { kind: 'anonymous' },
    channel: { channel: 'api' },
    registeredBy: { kind: 'apiClient', id: 'test' },
  });
}

/** The text of a page's table body, tags removed. */
const tableText = (html: string) =>
  (/<tbody>([\s\S]*)<\/tbody>/.exec(html)?.[1] ?? '').replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ');

describe('the anonymous reporter’s follow-up link', () => {
  test('the receipt shows one link, the same on reload, and only its hash is stored', async () => {
    const scene = await faultScene(t);
    const visitor = anonymousClient(t);
    const { reference, receipt, base } = await reportViaWeb(visitor, scene.tenant, { ...INSIDE });
    const path = followPathOf(receipt);
    const again = await visitor.get(`${base}/kvitto`);
    assert.equal(followPathOf(again.body), path, 'reloading the receipt shows the same link');
    const token = path.split('/').pop() as string;
    const row = await reportRow(t, reference);
    assert.ok(row?.followTokenHash);
    assert.notEqual(row.followTokenHash, token, 'the token itself is not stored');
    assert.equal(JSON.stringify(row).includes(token), false);

    const page = await anonymousClient(t).get(path);
    assert.equal(page.statusCode, 200);
    assert.match(page.body, new RegExp(reference));
    assert.match(page.body, /Gatubelysning/);
    assert.match(page.body, /Vi har tagit emot din felanmälan/);
    assert.match(page.body, /59,200° N, 17,600° Ö/, 'the place, rounded');
    assert.doesNotMatch(page.body, /Storgatan 3|Lampan är släckt/, 'no address or description');
    assert.doesNotMatch(page.body, /name="comment"/, 'nothing to answer before "fixed"');
  });

  test('a wrong, malformed or other municipality’s token is not found', async () => {
    const scene = await faultScene(t);
    const other = await faultScene(t);
    const { receipt } = await reportViaWeb(anonymousClient(t), scene.tenant);
    const path = followPathOf(receipt);
    const token = path.split('/').pop() as string;
    const wrong = `${token.slice(0, -1)}${token.endsWith('A') ? 'B' : 'A'}`;
    const client = anonymousClient(t);
    assert.equal((await client.get(`/${scene.tenant.slug}/felanmalan/folj/${wrong}`)).statusCode, 404);
    assert.equal((await client.get(`/${scene.tenant.slug}/felanmalan/folj/kort`)).statusCode, 404);
    assert.equal((await client.get(`/${other.tenant.slug}/felanmalan/folj/${token}`)).statusCode, 404);
    await client.get(`/${scene.tenant.slug}/e-tjanster/felanmalan`); // a page with the session's CSRF token
    const posted = await client.post(`/${scene.tenant.slug}/felanmalan/folj/${wrong}/inte-atgardat`, {
      comment: 'x',
    });
    assert.equal(posted.statusCode, 404);
  });

  test('a logged-in reporter gets no link: they follow the report on My Pages', async () => {
    const scene = await faultScene(t);
    const anna = await residentClient(t, ANNA);
    const { reference, receipt } = await reportViaWeb(anna, scene.tenant, { category: 'graffiti' });
    assert.doesNotMatch(receipt, /felanmalan\/folj\//);
    assert.equal((await reportRow(t, reference))?.followTokenHash, null);
    const casePage = await anna.get(`/mina-sidor/arenden/${reference}`);
    assert.match(casePage.body, /<h2 id="fault-report-title">Felanmälan<\/h2>/);
    assert.match(casePage.body, /Klotter/);
  });
});

describe('the public list of open reports', () => {
  test('shows category, a coarse place, status and dates — never names or free text', async () => {
    const scene = await faultScene(t);
    const anna = await residentClient(t, ANNA);
    await reportViaWeb(anna, scene.tenant, {
      category: 'street-lighting',
      description: 'Beskrivning-5c1d av Anna Andersson',
      address: 'Hemligvägen 7',
      latitude: 59.212345,
      longitude: 17.654321,
      email: 'anna-5c1d@example.se',
    });
    const page = await anonymousClient(t).get(`/${scene.tenant.slug}/felanmalan/oppna`);
    assert.equal(page.statusCode, 200);
    const text = tableText(page.body);
    assert.match(text, /Gatubelysning 59,212° N, 17,654° Ö Mottagen/);
    for (const secret of ['5c1d', 'Anna', 'Andersson', 'Hemligvägen', '59,2123', '17,6543', 'example.se'])
      assert.ok(!page.body.includes(secret), `the page does not show "${secret}"`);
  });

  test('lists open reports only, newest first, filtered by category, in pages', async () => {
    const scene = await faultScene(t);
    const first = await reportAt(scene.tenant, 59.2, 17.6, 'graffiti');
    for (let index = 0; index < 25; index += 1) await reportAt(scene.tenant, 59.25, 17.65, 'street-lighting');
    const fixed = await reportAt(scene.tenant, 59.21, 17.61, 'litter-bin');
    await scene.peter.post(`/${scene.tenant.slug}/handlaggning/arenden/${fixed.reference}/ta`);
    await scene.peter.post(`/${scene.tenant.slug}/handlaggning/arenden/${fixed.reference}/status`, {
      status: 'fixed',
      message: '',
    });
    const client = anonymousClient(t);
    const base = `/${scene.tenant.slug}/felanmalan/oppna`;
    const page1 = await client.get(base);
    const rows1 = tableText(page1.body).match(/Mottagen/g) ?? [];
    assert.equal(rows1.length, 25, 'a page of 25');
    assert.doesNotMatch(
      page1.body,
      /Papperskorg eller sopkärl som är fullt 59/,
      'the fixed report is not listed',
    );
    const next = /href="([^"]*fore=[^"]+)"/.exec(page1.body)?.[1]?.replaceAll('&amp;', '&');
    assert.ok(next, 'a link to older reports');
    const page2 = await client.get(next);
    assert.equal(page2.statusCode, 200);
    assert.deepEqual(
      tableText(page2.body).trim().split(' ').slice(0, 1),
      ['Klotter'],
      'the oldest comes last',
    );
    assert.doesNotMatch(page2.body, /fore=/, 'no page after the last');

    const graffiti = await client.get(`${base}?kategori=graffiti`);
    assert.equal((tableText(graffiti.body).match(/Mottagen/g) ?? []).length, 1);
    assert.match(graffiti.body, /<option value="graffiti" selected/);
    assert.equal((await client.get(`${base}?fore=inte-ett-datum`)).statusCode, 400);
    assert.ok(first.reference);
    const none = await client.get(`${base}?kategori=snow-ice`);
    assert.match(none.body, /Det finns inga anmälda fel/);
  });
});

/** The point `meters` from (latitude, longitude) due north, or due east along the circle of latitude. */
function north(latitude: number, meters: number): number {
  return latitude + (meters / EARTH_RADIUS_M) * (180 / Math.PI);
}
function east(latitude: number, longitude: number, meters: number): number {
  const half = Math.sin(meters / (2 * EARTH_RADIUS_M)) / Math.cos((latitude * Math.PI) / 180);
  return longitude + 2 * Math.asin(half) * (180 / Math.PI);
}

describe('nearbyOpenReports', () => {
  test('finds open reports within the radius, nearest first, and none a metre beyond, in any direction', async () => {
    const scene = await faultScene(t);
    const other = await faultScene(t);
    const centre = { latitude: 59.2, longitude: 17.6 };
    const radius = 500;
    const places = {
      insideNorth: [north(centre.latitude, radius - 1), centre.longitude],
      outsideNorth: [north(centre.latitude, radius + 1), centre.longitude],
      insideEast: [centre.latitude, east(centre.latitude, centre.longitude, radius - 1)],
      outsideEast: [centre.latitude, east(centre.latitude, centre.longitude, radius + 1)],
      insideWest: [centre.latitude, east(centre.latitude, centre.longitude, -(radius - 1))],
      nearSouth: [north(centre.latitude, -100), centre.longitude],
    } as const;
    const ids: Record<string, string> = {};
    for (const [name, [lat, lon]] of Object.entries(places)) {
      const opened = await reportAt(scene.tenant, lat, lon);
      ids[(await reportRow(t, opened.reference))?.caseId as string] = name;
    }
    // Same place, but closed, or in another municipality: never found.
    const closed = await reportAt(scene.tenant, centre.latitude, centre.longitude);
    await scene.peter.post(`/${scene.tenant.slug}/handlaggning/arenden/${closed.reference}/ta`);
    await scene.peter.post(`/${scene.tenant.slug}/handlaggning/arenden/${closed.reference}/status`, {
      status: 'closed',
      message: '',
    });
    await reportAt(other.tenant, centre.latitude, centre.longitude);

    const { faultReports } = t.app.services;
    const found = await faultReports.nearbyOpenReports(
      scene.tenant.id,
      centre.latitude,
      centre.longitude,
      radius,
      10,
    );
    const names = found.map((report) => ids[report.caseId]);
    assert.equal(names[0], 'nearSouth', 'nearest first');
    assert.deepEqual(
      names.slice(1).sort(),
      ['insideEast', 'insideNorth', 'insideWest'],
      'the three at 499 m',
    );
    assert.ok(Math.abs((found[0]?.distanceMeters ?? 0) - 100) < 0.01, 'the exact distance');
    for (const report of found.slice(1)) assert.ok(Math.abs(report.distanceMeters - (radius - 1)) < 0.01);
    const two = await faultReports.nearbyOpenReports(
      scene.tenant.id,
      centre.latitude,
      centre.longitude,
      radius,
      2,
    );
    assert.equal(two.length, 2, 'the limit is kept');
    const wider = await faultReports.nearbyOpenReports(
      scene.tenant.id,
      centre.latitude,
      centre.longitude,
      radius + 2,
      10,
    );
    assert.equal(wider.length, 6, 'a radius two metres larger takes the two just outside');
    const none = await faultReports.nearbyOpenReports(scene.tenant.id, 59.29, 17.79, 100, 10);
    assert.deepEqual(none, []);
  });

  test('refuses a point off the globe, a radius or a limit out of range', async () => {
    const { faultReports } = t.app.services;
    const tenantId = (await faultScene(t)).tenant.id;
    for (const [lat, lon, radius, limit] of [
      [91, 0, 10, 1],
      [0, 181, 10, 1],
      [Number.NaN, 0, 10, 1],
      [0, 0, -1, 1],
      [0, 0, 50_001, 1],
      [0, 0, 10, 0],
      [0, 0, 10, 501],
      [0, 0, 10, 1.5],
    ] as const) {
      await assert.rejects(
        faultReports.nearbyOpenReports(tenantId, lat, lon, radius, limit),
        (error: { code: string }) => error.code === 'VALIDATION_FAILED',
        `${lat}, ${lon}, ${radius} m, ${limit}`,
      );
    }
  });
});
