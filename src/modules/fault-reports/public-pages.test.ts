/**
 * What fault reports show outside the back office (issue #11): the anonymous reporter's follow-up
 * link and page, the public list of open reports (never names or free text), and the reports near
 * a point that the map and the duplicate search will ask for.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Tenant } from '../../platform/tenancy/tenant-service.ts';
import { createTestApp, type TestApp } from '../../test-support/app.ts';
import { TestClient } from '../../test-support/client.ts';
import {
  anonymousClient,
  faultScene,
  followPathOf,
  INSIDE,
  openFaultReport,
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
  return openFaultReport(t.app.services, tenant, {
    category,
    location: { address: 'Någonstans', latitude, longitude },
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
      tableText(page2.body).trim().split(' ').slice(0, 2),
      [first.reference, 'Klotter'],
      'the oldest comes last, with its reference',
    );
    assert.doesNotMatch(page2.body, /href="[^"]*fore=/, 'no page after the last');

    const graffiti = await client.get(`${base}?kategori=graffiti`);
    assert.equal((tableText(graffiti.body).match(/Mottagen/g) ?? []).length, 1);
    assert.match(graffiti.body, /<option value="graffiti" selected/);
    assert.equal((await client.get(`${base}?fore=inte-ett-datum`)).statusCode, 400);
    assert.ok(first.reference);
    const none = await client.get(`${base}?kategori=snow-ice`);
    assert.match(none.body, /Det finns inga anmälda fel/);
  });
});

describe('the map (decision 0019)', () => {
  const OSM = 'https://tile.openstreetmap.org';
  const imgSrc = (csp: unknown) => /img-src ([^;]+)/.exec(String(csp))?.[1];
  const LEAFLET = /<script src="\/static\/leaflet-[0-9.]+\/leaflet\.js" defer(="")?><\/script>/;

  /** A started felanmälan draft's base URL, after its first step. */
  async function startDraft(client: ReturnType<typeof anonymousClient>, tenant: Tenant) {
    await client.get(`/${tenant.slug}/e-tjanster/felanmalan`);
    const started = await client.post(`/${tenant.slug}/e-tjanster/felanmalan/starta`);
    const base = String(started.headers.location).replace(/\/steg\/[^/]+$/, '');
    await client.post(`${base}/steg/what`, { category: 'street-lighting', description: 'Släckt.' });
    return base;
  }

  test('the place step and the public list load the map from our origin; only they allow the tile host', async () => {
    const scene = await faultScene(t);
    const client = anonymousClient(t);
    const base = await startDraft(client, scene.tenant);
    const where = await client.get(`${base}/steg/where`);
    assert.equal(where.statusCode, 200);
    assert.equal(imgSrc(where.headers['content-security-policy']), `'self' data: ${OSM}`);
    assert.match(where.headers['content-security-policy'] as string, /script-src 'self';/);
    assert.match(where.body, LEAFLET);
    assert.match(where.body, /<script src="\/static\/fault-map\.js" defer/);
    assert.match(where.body, /<a class="skip-map" href="#location\.address">Hoppa över kartan<\/a>/);
    assert.match(where.body, /data-tiles="https:\/\/tile\.openstreetmap\.org\/\{z\}\/\{x\}\/\{y\}\.png"/);
    assert.match(where.body, /data-bounds="59\.1,17\.45,59\.3,17\.8"/, 'centred on the municipality’s area');
    assert.match(where.body, new RegExp(`data-nearby="/${scene.tenant.slug}/felanmalan/nara\\.json"`));
    assert.doesNotMatch(where.body, /<script>/, 'no inline script');
    assert.match(where.body, /id="location\.latitude"/, 'the coordinate inputs stay');

    const what = await client.get(`${base}/steg/what`);
    assert.equal(imgSrc(what.headers['content-security-policy']), "'self' data:");
    assert.doesNotMatch(what.body, /leaflet|fault-map/, 'a page without the map loads none of it');

    const list = await client.get(`/${scene.tenant.slug}/felanmalan/oppna?kategori=graffiti`);
    assert.equal(imgSrc(list.headers['content-security-policy']), `'self' data: ${OSM}`);
    assert.match(list.body, LEAFLET);
    assert.match(
      list.body,
      new RegExp(`data-reports="/${scene.tenant.slug}/felanmalan/oppna\\.geojson\\?kategori=graffiti"`),
    );
  });

  test('Leaflet’s files and our script are served from our origin, Leaflet’s cached for a year', async () => {
    const client = anonymousClient(t);
    const where = await startDraft(client, (await faultScene(t)).tenant).then((base) =>
      client.get(`${base}/steg/where`),
    );
    const leafletPath = /src="(\/static\/leaflet-[0-9.]+)\/leaflet\.js"/.exec(where.body)?.[1];
    assert.ok(leafletPath);
    const script = await client.get(`${leafletPath}/leaflet.js`);
    assert.equal(script.statusCode, 200);
    assert.match(String(script.headers['content-type']), /^text\/javascript/);
    assert.equal(script.headers['cache-control'], 'public, max-age=31536000, immutable');
    assert.match(script.body, /Leaflet/);
    const css = await client.get(`${leafletPath}/leaflet.css`);
    assert.match(String(css.headers['content-type']), /^text\/css/);
    assert.match(css.body, /url\(images\/marker-icon\.png\)/, 'the stylesheet names its images relatively');
    const icon = await client.get(`${leafletPath}/images/marker-icon.png`);
    assert.equal(icon.headers['content-type'], 'image/png');
    assert.equal(icon.rawPayload.subarray(1, 4).toString('latin1'), 'PNG');
    assert.equal(
      (await client.get(`${leafletPath}/leaflet-src.js`)).statusCode,
      404,
      'only what the pages use',
    );
    assert.equal((await client.get(`${leafletPath}/images/..%2Fleaflet.js`)).statusCode, 404);
    const own = await client.get('/static/fault-map.js');
    assert.equal(own.statusCode, 200);
    assert.match(own.body, /data-fault-map|faultMap/);
  });

  test('nearby reports: open ones only, this municipality’s only, coarse places and no free text', async () => {
    const scene = await faultScene(t);
    const other = await faultScene(t);
    const anna = await residentClient(t, ANNA);
    const typed = await reportViaWeb(anna, scene.tenant, {
      category: 'street-lighting',
      description: 'Beskrivning-7f3e av Anna Andersson',
      address: 'Hemligvägen 9',
      latitude: 59.212345,
      longitude: 17.654321,
      email: 'anna-7f3e@example.se',
    });
    const graffiti = await reportAt(scene.tenant, 59.2131, 17.6552, 'graffiti');
    const far = await reportAt(scene.tenant, north(59.212345, 1000), 17.654321);
    const fixed = await reportAt(scene.tenant, 59.2124, 17.6544, 'litter-bin');
    await scene.peter.post(`/${scene.tenant.slug}/handlaggning/arenden/${fixed.reference}/ta`);
    await scene.peter.post(`/${scene.tenant.slug}/handlaggning/arenden/${fixed.reference}/status`, {
      status: 'fixed',
      message: '',
    });
    const elsewhere = await reportAt(other.tenant, 59.212345, 17.654321);

    const url = `/${scene.tenant.slug}/felanmalan/nara.json?lat=59.2123&lon=17.6543`;
    const answer = await anonymousClient(t).get(url);
    assert.equal(answer.statusCode, 200);
    assert.match(String(answer.headers['content-type']), /^application\/geo\+json/);
    const collection = answer.json();
    assert.equal(collection.type, 'FeatureCollection');
    const references = collection.features.map(
      (f: { properties: { reference: string } }) => f.properties.reference,
    );
    assert.deepEqual(references, [typed.reference, graffiti.reference], 'nearest first, open and near only');
    const [first, second] = collection.features;
    assert.deepEqual(
      first.geometry,
      { type: 'Point', coordinates: [17.654, 59.212] },
      'rounded to 3 decimals',
    );
    assert.deepEqual(Object.keys(first.properties).sort(), [
      'category',
      'categoryCode',
      'distanceMeters',
      'href',
      'reference',
      'status',
      'submittedAt',
      'updatedAt',
    ]);
    assert.equal(first.properties.category, 'Gatubelysning');
    assert.equal(first.properties.status, 'Mottagen');
    assert.equal(first.properties.href, `/${scene.tenant.slug}/felanmalan/oppna/${typed.reference}`);
    assert.equal(second.properties.categoryCode, 'graffiti');
    for (const feature of collection.features) assert.equal(feature.properties.distanceMeters % 10, 0);
    for (const secret of ['7f3e', 'Anna', 'Andersson', 'Hemligvägen', '59.2123', '17.6543', 'example.se'])
      assert.ok(!answer.body.includes(secret), `the answer does not show "${secret}"`);
    for (const absent of [fixed.reference, elsewhere.reference, far.reference])
      assert.ok(!answer.body.includes(absent), `${absent} is not near, open and this municipality’s`);

    const wider = (await anonymousClient(t).get(`${url}&radie=2000`)).json();
    assert.ok(
      wider.features.some(
        (f: { properties: { reference: string } }) => f.properties.reference === far.reference,
      ),
    );
  });

  test('nearby reports refuse bad input with problem+json', async () => {
    const scene = await faultScene(t);
    const client = anonymousClient(t);
    const nearby = `/${scene.tenant.slug}/felanmalan/nara.json`;
    for (const query of [
      '',
      '?lat=59.2',
      '?lat=91&lon=17',
      '?lat=59&lon=-181',
      '?lat=abc&lon=17',
      '?lat=59&lon=17&radie=5',
      '?lat=59&lon=17&radie=2001',
      '?lat=59&lon=17&radie=1.5',
      '?lat=Infinity&lon=17',
    ]) {
      const answer = await client.get(`${nearby}${query}`);
      assert.equal(answer.statusCode, 400, query);
      assert.equal(answer.headers['content-type'], 'application/problem+json; charset=utf-8', query);
      assert.equal(answer.json().status, 400);
    }
    for (const path of [
      '/finns-inte/felanmalan/nara.json?lat=59&lon=17',
      '/INTE_SLUG/felanmalan/nara.json?lat=59&lon=17',
    ]) {
      const answer = await client.get(path);
      assert.equal(answer.statusCode, 404, path);
      assert.equal(answer.headers['content-type'], 'application/problem+json; charset=utf-8', path);
    }
    const geojson = await client.get(`/${scene.tenant.slug}/felanmalan/oppna.geojson?fore=inte-ett-datum`);
    assert.equal(geojson.statusCode, 400);
    assert.equal(geojson.headers['content-type'], 'application/problem+json; charset=utf-8');
  });

  test('the list’s GeoJSON has the list’s reports with a place, by the list’s filter', async () => {
    const scene = await faultScene(t);
    const graffiti = await reportAt(scene.tenant, 59.2201, 17.6102, 'graffiti');
    const lighting = await reportAt(scene.tenant, 59.23, 17.62);
    const live = await t.app.services.catalogue.liveService(scene.tenant.id, 'felanmalan');
    const addressOnly = await t.app.services.cases.openCase({
      tenant: scene.tenant,
      serviceVersionId: live.version.id,
      answers: {
        category: 'graffiti',
        description: 'x',
        location: { address: 'Torget' },
        wantsContact: false,
      },
      applicant: { kind: 'anonymous' },
      channel: { channel: 'api' },
      registeredBy: { kind: 'apiClient', id: 'test' },
    });
    const client = anonymousClient(t);
    const base = `/${scene.tenant.slug}/felanmalan/oppna.geojson`;
    const all = (await client.get(base)).json();
    const refs = (collection: { features: { properties: { reference: string } }[] }) =>
      collection.features.map((f) => f.properties.reference);
    assert.deepEqual(refs(all), [lighting.reference, graffiti.reference], 'newest first, as the list');
    assert.ok(!refs(all).includes(addressOnly.reference), 'a report without a place has no marker');
    const filtered = (await client.get(`${base}?kategori=graffiti`)).json();
    assert.deepEqual(refs(filtered), [graffiti.reference]);
    assert.deepEqual(filtered.features[0].geometry.coordinates, [17.61, 59.22]);
    const list = await client.get(`/${scene.tenant.slug}/felanmalan/oppna`);
    assert.match(
      list.body,
      new RegExp(`href="/${scene.tenant.slug}/felanmalan/oppna/${addressOnly.reference}"`),
    );
  });

  test('a report’s public page: anyone follows it there, with only its public facts', async () => {
    const scene = await faultScene(t);
    const other = await faultScene(t);
    const anna = await residentClient(t, ANNA);
    const { reference } = await reportViaWeb(anna, scene.tenant, {
      description: 'Beskrivning-91ab',
      address: 'Hemligvägen 11',
      latitude: 59.212345,
      longitude: 17.654321,
    });
    const client = anonymousClient(t);
    const path = `/${scene.tenant.slug}/felanmalan/oppna/${reference}`;
    const page = await client.get(path);
    assert.equal(page.statusCode, 200);
    assert.match(page.body, new RegExp(`<h1>Felanmälan ${reference}</h1>`));
    assert.match(page.body, /Gatubelysning/);
    assert.match(page.body, /Mottagen/);
    assert.match(page.body, /59,212° N, 17,654° Ö/);
    for (const secret of ['91ab', 'Anna', 'Hemligvägen', '59,2123'])
      assert.ok(!page.body.includes(secret), `the page does not show "${secret}"`);
    await scene.peter.post(`/${scene.tenant.slug}/handlaggning/arenden/${reference}/ta`);
    await scene.peter.post(`/${scene.tenant.slug}/handlaggning/arenden/${reference}/status`, {
      status: 'fixed',
      message: 'Lagad.',
    });
    const fixed = await client.get(path);
    assert.match(fixed.body, /Åtgärdad/, 'the status follows the case');
    assert.doesNotMatch(fixed.body, /Lagad\./, 'not the officer’s message');
    assert.equal((await client.get(`/${other.tenant.slug}/felanmalan/oppna/${reference}`)).statusCode, 404);
    assert.equal(
      (await client.get(`/${scene.tenant.slug}/felanmalan/oppna/EXS-0000-000000`)).statusCode,
      404,
    );
    assert.equal((await client.get(`/${scene.tenant.slug}/felanmalan/oppna/%3Cx%3E`)).statusCode, 404);
  });

  test('without a tile URL no map is offered and the pages work as before', async () => {
    const plain = await createTestApp({ MAP_TILE_URL: '' });
    try {
      const scene = await faultScene(plain);
      const client = new TestClient(plain.app);
      const base = await startDraft(client, scene.tenant);
      const where = await client.get(`${base}/steg/where`);
      assert.equal(where.statusCode, 200);
      assert.equal(imgSrc(where.headers['content-security-policy']), "'self' data:");
      assert.doesNotMatch(where.body, /leaflet|fault-map|Hoppa över kartan/);
      const list = await client.get(`/${scene.tenant.slug}/felanmalan/oppna`);
      assert.equal(imgSrc(list.headers['content-security-policy']), "'self' data:");
      assert.doesNotMatch(list.body, /leaflet|data-fault-map/);
    } finally {
      await plain.close();
    }
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
