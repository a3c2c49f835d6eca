/** My Pages and access control: a resident sees only their own drafts, cases and files. */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import type { Tenant } from '../../platform/tenancy/tenant-service.ts';
import { createTestApp, type TestApp } from '../../test-support/app.ts';
import { TestClient, TINY_PNG } from '../../test-support/client.ts';
import { reportViaWeb } from '../../test-support/fault-reports.ts';
import { ANNA, createTestTenant, ERIK, OMAR, residentClient } from '../../test-support/fixtures.ts';
import { submitSchoolTransport } from '../../test-support/staff.ts';

let t: TestApp;
before(async () => {
  t = await createTestApp();
});
after(() => t.close());

async function startFaultReport(client: TestClient, tenant: Tenant): Promise<string> {
  await client.get(`/${tenant.slug}/e-tjanster/felanmalan`);
  const response = await client.post(`/${tenant.slug}/e-tjanster/felanmalan/starta`);
  return String(response.headers.location).replace(/\/steg\/[^/]+$/, '');
}

/** A logged-in resident submits a fault report with a photo; returns the draft URL and reference. */
async function submitFaultReport(client: TestClient, tenant: Tenant, description: string) {
  const { base, reference } = await reportViaWeb(client, tenant, {
    category: 'park-playground',
    description,
    address: 'Stadsparken',
    email: 'anna@example.se',
    photo: 'gunga.png',
  });
  return { base, reference };
}

describe('My Pages', () => {
  test('requires login and sends the visitor to log in and back', async () => {
    const response = await new TestClient(t.app).get('/mina-sidor');
    assert.equal(response.statusCode, 303);
    assert.equal(response.headers.location, '/logga-in?tillbaka=%2Fmina-sidor');
  });

  test('lists the resident’s cases across municipalities, newest first, with status and a case page', async () => {
    const first = await createTestTenant(t, ['felanmalan']);
    const second = await createTestTenant(t, ['felanmalan']);
    const omar = await residentClient(t, OMAR);
    const older = await submitFaultReport(omar, first, 'Trasig gunga');
    const newer = await submitFaultReport(omar, second, 'Trasig rutschkana');
    const page = await omar.get('/mina-sidor');
    assert.equal(page.statusCode, 200);
    const olderAt = page.body.indexOf(older.reference);
    const newerAt = page.body.indexOf(newer.reference);
    assert.ok(olderAt > 0 && newerAt > 0, 'both cases listed');
    assert.ok(newerAt < olderAt, 'newest first');
    assert.match(page.body, new RegExp(first.name));
    assert.match(page.body, new RegExp(second.name));
    assert.match(
      page.body,
      /Vi har tagit emot din felanmälan/,
      'the fault report workflow’s own status text',
    );

    const casePage = await omar.get(`/mina-sidor/arenden/${newer.reference}`);
    assert.equal(casePage.statusCode, 200);
    assert.match(casePage.body, /Trasig rutschkana/);
    assert.match(casePage.body, /Ärendet skickades in/);
    assert.match(casePage.body, /gunga\.png/);
    const fileLink = /href="(\/mina-sidor\/arenden\/[^"]+\/bilagor\/[^"]+)"/.exec(casePage.body)?.[1];
    assert.ok(fileLink);
    const file = await omar.get(fileLink);
    assert.equal(file.statusCode, 200);
    assert.deepEqual(file.rawPayload, TINY_PNG);
    const pdf = await omar.get(`/mina-sidor/arenden/${newer.reference}/kvitto.pdf`);
    assert.equal(pdf.rawPayload.subarray(0, 4).toString(), '%PDF');
  });

  test('a resident can never see another resident’s case, file, receipt or draft', async () => {
    const tenant = await createTestTenant(t, ['felanmalan']);
    const anna = await residentClient(t, ANNA);
    const erik = await residentClient(t, ERIK);
    const { base, reference } = await submitFaultReport(anna, tenant, 'Annas ärende');
    const annasCase = await anna.get(`/mina-sidor/arenden/${reference}`);
    const fileLink = /href="(\/mina-sidor\/arenden\/[^"]+\/bilagor\/[^"]+)"/.exec(annasCase.body)?.[1] ?? '';
    const draftFile = fileLink.replace(`/mina-sidor/arenden/${reference}`, base);
    const openDraft = await startFaultReport(anna, tenant);
    for (const url of [
      `/mina-sidor/arenden/${reference}`,
      `/mina-sidor/arenden/${reference}/kvitto.pdf`,
      fileLink,
      `${base}/kvitto`,
      `${base}/kvitto.pdf`,
      draftFile,
      `${openDraft}/steg/what`,
      `${openDraft}/granska`,
    ]) {
      const response = await erik.get(url);
      assert.equal(response.statusCode, 404, `${url} must be hidden from Erik`);
      assert.doesNotMatch(response.body, /Annas ärende/);
    }
    const post = await erik.post(`${openDraft}/steg/what`, {
      category: 'graffiti',
      description: 'Eriks text',
    });
    assert.equal(post.statusCode, 404);
    const deletion = await erik.post(`${openDraft}/ta-bort`);
    assert.equal(deletion.statusCode, 404);
    const erikPage = await erik.get('/mina-sidor');
    assert.doesNotMatch(erikPage.body, new RegExp(reference));
  });

  test('an anonymous submitter sees their own receipt, but other sessions do not', async () => {
    const tenant = await createTestTenant(t, ['felanmalan']);
    const anonymous = new TestClient(t.app);
    const base = await startFaultReport(anonymous, tenant);
    await anonymous.post(`${base}/steg/what`, { category: 'graffiti', description: 'Klotter' });
    await anonymous.post(`${base}/steg/where`, { 'location.address': 'Torget' });
    await anonymous.post(`${base}/steg/contact`, { wantsContact: 'no' });
    await anonymous.post(`${base}/skicka`);
    assert.equal((await anonymous.get(`${base}/kvitto`)).statusCode, 200);
    const stranger = new TestClient(t.app);
    assert.equal((await stranger.get(`${base}/kvitto`)).statusCode, 404);
    const anna = await residentClient(t, ANNA);
    assert.equal((await anna.get(`${base}/kvitto`)).statusCode, 404);
  });

  test('drafts are saved on every step, listed on My Pages, resumed where left, and can be deleted', async () => {
    const tenant = await createTestTenant(t, ['skolskjuts']);
    const anna = await residentClient(t, ANNA);
    await anna.get(`/${tenant.slug}/e-tjanster/skolskjuts`);
    const started = await anna.post(`/${tenant.slug}/e-tjanster/skolskjuts/starta`);
    const base = String(started.headers.location).replace(/\/steg\/[^/]+$/, '');
    const continued = await anna.post(`${base}/steg/child`, {
      childPersonalIdentityNumber: '201601022385',
      childName: 'Elsa Andersson',
      school: 'bjorkangsskolan',
      grade: '4',
    });
    assert.equal(continued.headers.location, `${base}/steg/need`);
    const saved = await anna.post(`${base}/steg/need`, { action: 'save', distanceKm: '4,5' });
    assert.equal(saved.headers.location, '/mina-sidor?sparat=1');
    const page = await anna.get('/mina-sidor?sparat=1');
    assert.match(page.body, /Ditt utkast är sparat/);
    assert.match(page.body, /Ansökan om skolskjuts/);
    assert.match(page.body, new RegExp(`href="${base}"`));
    const resumed = await anna.follow(base);
    assert.equal(resumed.url, `${base}/steg/need`);
    assert.match(resumed.body, /value="4,5"/);
    const back = await anna.get(`${base}/steg/child`);
    assert.match(back.body, /value="201601022385"/);
    const deleted = await anna.post(`${base}/ta-bort`);
    assert.equal(deleted.headers.location, '/mina-sidor?borttaget=1');
    assert.doesNotMatch((await anna.get('/mina-sidor')).body, new RegExp(base));
    assert.equal((await anna.get(`${base}/steg/child`)).statusCode, 404);
  });
});

/** The page weight budget of a first visit (docs/performance.md, `pageWeightKB`): 50 KB. */
const PAGE_BUDGET = 50 * 1024;

/**
 * What a first visit to `path` transfers, compressed as a browser asks for it: the HTML and every
 * stylesheet, script and image of our origin it links to, each once; and its script tags.
 */
async function firstVisit(client: TestClient, path: string) {
  const compressed = { 'accept-encoding': 'br, gzip' };
  const page = await client.get(path, compressed);
  assert.equal(page.statusCode, 200, path);
  const encoding = String(page.headers['content-encoding']);
  assert.match(encoding, /^(br|gzip)$/, `${path} is sent compressed`);
  const html = (encoding === 'br' ? brotliDecompressSync : gunzipSync)(page.rawPayload).toString('utf8');
  const linked = [
    ...html.matchAll(/<link [^>]*rel="stylesheet"[^>]*href="(\/[^"]+)"/g),
    ...html.matchAll(/<(?:script|img) [^>]*src="(\/[^"]+)"/g),
  ].map((match) => match[1] ?? '');
  let bytes = page.rawPayload.length;
  for (const asset of new Set(linked)) {
    const response = await client.get(asset, compressed);
    assert.equal(response.statusCode, 200, asset);
    bytes += response.rawPayload.length;
  }
  return { bytes, assets: linked.length, scripts: (html.match(/<script\b/g) ?? []).length };
}

describe('page weight', () => {
  test('a first visit to the home page, a form step, My Pages and a case page stays within 50 KB and needs no script', async () => {
    const tenant = await createTestTenant(t, ['skolskjuts']);
    const anna = await residentClient(t, ANNA);
    const reference = await submitSchoolTransport(anna, tenant);
    const started = await anna.post(`/${tenant.slug}/e-tjanster/skolskjuts/starta`);
    assert.equal(started.statusCode, 303);
    const paths = [
      `/${tenant.slug}/`,
      String(started.headers.location),
      '/mina-sidor',
      `/mina-sidor/arenden/${reference}`,
    ];
    for (const path of paths) {
      const visit = await firstVisit(anna, path);
      assert.ok(visit.assets >= 1, `${path}: its stylesheet is counted`);
      assert.ok(visit.bytes <= PAGE_BUDGET, `${path}: ${visit.bytes} bytes`);
      assert.equal(visit.scripts, 0, `${path} works without JavaScript`);
    }
  });
});
