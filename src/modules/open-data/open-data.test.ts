/**
 * Open data through HTTP (issue #12): the administrators' settings page, the public page, CSV and
 * JSON downloads with small counts suppressed (also through the totals), unpublished datasets not
 * served, and the DCAT-AP-SE catalogue validated once against the EU DCAT-AP 3.0.1 shapes with their
 * ranges and the Swedish additions, and against the 2.1.1 shapes — zero violations, no overrides.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import jsonld from 'jsonld';
import { Parser, type Quad, Store } from 'n3';
import SHACLValidator from 'rdf-validate-shacl';
import { DEMO_PUBLISHED_FROM, readDemoDefinition } from '../../cli/seed.ts';
import type { Tenant } from '../../platform/tenancy/tenant-service.ts';
import { createTestApp, type TestApp } from '../../test-support/app.ts';
import { anonymousClient, faultScene, INSIDE, openFaultReport } from '../../test-support/fault-reports.ts';
import { createTestTenant } from '../../test-support/fixtures.ts';
import { KARIN, LENA, staffClient } from '../../test-support/staff.ts';

let t: TestApp;
before(async () => {
  t = await createTestApp();
});
after(() => t.close());

const SHARED = path.resolve(import.meta.dirname, '../../../../shared/data');
const PUBLISHER = {
  publisherUri: 'https://testkommun.example/',
  organisationNumber: '212000-9994',
  contactName: 'Öppna data-gruppen',
  contactEmail: 'oppnadata@testkommun.example',
};

async function publish(tenant: Tenant, datasets: string[]) {
  const admin = await staffClient(t, tenant, LENA, 'admin', []);
  const saved = await admin.post(`/${tenant.slug}/handlaggning/admin/oppna-data`, { ...PUBLISHER, datasets });
  assert.equal(saved.statusCode, 303, saved.body.slice(0, 400));
  return admin;
}

/** Closes a case `days` after its submission, both in the past so it counts as decided this month. */
async function decide(caseId: string, days: number) {
  const decidedAt = new Date();
  await t.database.db
    .updateTable('case')
    .set({
      statusCategory: 'closed',
      status: 'closed',
      closedAt: decidedAt,
      statusChangedAt: decidedAt,
      submittedAt: new Date(decidedAt.getTime() - days * 86_400_000),
    })
    .where('id', '=', caseId)
    .execute();
}

const shapes = (files: string[]) =>
  files.flatMap((file) => new Parser().parse(fs.readFileSync(path.join(SHARED, file), 'utf8')));

async function violations(files: string[], data: Quad[]) {
  const validator = new SHACLValidator(new Store(shapes(files)));
  const report = await validator.validate(new Store(data));
  return report.results.map(
    (result) =>
      `${result.focusNode?.value} ${result.path?.value}: ${result.message.map((m) => m.value).join(' ')}`,
  );
}

describe('open data', () => {
  test('the settings page: admins only, Swedish errors beside the fields and in the summary, audited', async () => {
    const tenant = await createTestTenant(t, ['skolskjuts']);
    const page = `/${tenant.slug}/handlaggning/admin/oppna-data`;
    const officer = await staffClient(t, tenant, KARIN, 'officer', []);
    assert.equal((await officer.get(page)).statusCode, 403);
    assert.equal((await officer.post(page, { ...PUBLISHER, datasets: ['e-tjanster'] })).statusCode, 403);

    const admin = await staffClient(t, tenant, LENA, 'admin', []);
    assert.equal((await admin.get(page)).statusCode, 200);
    const refused = await admin.post(page, {
      publisherUri: 'exempel',
      organisationNumber: '212000-0000',
      contactName: '',
      contactEmail: 'inte en adress',
    });
    assert.equal(refused.statusCode, 400);
    assert.match(refused.body, /class="error-summary"/);
    assert.match(refused.body, /href="#organisationNumber"/);
    assert.match(
      refused.body,
      /id="organisationNumber-error"[^>]*>[\s\S]*?Ange ett giltigt organisationsnummer/,
    );
    assert.match(refused.body, /Ange en adress som börjar med https:\/\//);
    assert.match(refused.body, /Fyll i kontaktpunkt/);
    assert.match(refused.body, /value="inte en adress"/);
    assert.equal((await anonymousClient(t).get(`/${tenant.slug}/oppna-data/catalog.jsonld`)).statusCode, 404);

    await publish(tenant, ['e-tjanster']);
    const saved = await admin.get(`${page}?klart=sparat`);
    assert.match(saved.body, /Inställningarna för öppna data är sparade/);
    assert.match(saved.body, /id="dataset-e-tjanster"[^>]*checked/);
    const audit = await t.database.db
      .selectFrom('auditLog')
      .select('action')
      .where('tenantId', '=', tenant.id)
      .where('action', '=', 'openData.settingsSaved')
      .execute();
    assert.equal(audit.length, 1);
  });

  test('case statistics suppress counts under 5 and the totals that would give them back', async () => {
    const { tenant, streets } = await faultScene(t);
    const draft = await t.app.services.catalogue.saveDraft(tenant.id, readDemoDefinition('skolskjuts'));
    await t.app.services.catalogue.publish(tenant.id, draft.id, DEMO_PUBLISHED_FROM);
    const location = { address: 'Storgatan 1', ...INSIDE };
    // 12 fault reports decided this month: 6 within the 14-day target (2 days), 6 late (30 days).
    for (let index = 0; index < 12; index++) {
      const opened = await openFaultReport(t.app.services, tenant, { location });
      await decide(opened.id, index < 6 ? 2 : 30);
    }
    await publish(tenant, ['arendestatistik', 'felanmalningar']);
    const client = anonymousClient(t);
    const json = await client.get(`/${tenant.slug}/oppna-data/arendestatistik.json`);
    assert.equal(json.statusCode, 200);
    const rows = (json.json() as { rows: Record<string, unknown>[] }).rows;
    const month = rows.at(-1)?.month;
    const thisMonth = rows.filter((row) => row.month === month);
    const faults = thisMonth.find((row) => row.service === 'felanmalan');
    const school = thisMonth.find((row) => row.service === 'skolskjuts');
    const total = thisMonth.find((row) => row.service === '*');
    assert.deepEqual(
      { decided: faults?.decided, median: faults?.medianDays, share: faults?.withinTargetPercent },
      { decided: 12, median: 16, share: 50 },
    );
    assert.equal(school?.decided, null);
    assert.deepEqual(school?.suppressed, {
      received: '<5',
      decided: '<5',
      medianDays: '..',
      withinTargetPercent: '..',
    });
    // 12 + "<5" = total would give the hidden count back: the total is hidden too.
    assert.equal(total?.decided, null);
    assert.deepEqual(total?.suppressed, { decided: '..', received: '..' });

    const csv = await client.get(`/${tenant.slug}/oppna-data/arendestatistik.csv`);
    assert.equal(csv.statusCode, 200);
    assert.match(String(csv.headers['content-type']), /^text\/csv; charset=utf-8/);
    assert.ok(csv.body.startsWith('month,service,title,received,decided,medianDays,withinTargetPercent\r\n'));
    assert.ok(csv.body.includes(`${month},skolskjuts,`));
    assert.match(csv.body, new RegExp(`${month},\\*,Alla e-tjänster,[^\\r]*,\\.\\.,,\\r\\n`));

    const reports = await client.get(`/${tenant.slug}/oppna-data/felanmalningar.csv`);
    assert.equal(reports.statusCode, 200);
    assert.equal(reports.body.includes('Något är trasigt'), false, 'no free text');
    assert.equal(reports.body.includes(tenant.referencePrefix), false, 'no case reference');
    assert.match(reports.body, /street-lighting,[^,]+,59\.205,17\.61,Mottagen,/);

    const unpublished = await client.get(`/${tenant.slug}/oppna-data/sensorvarden.csv`);
    assert.equal(unpublished.statusCode, 404);
    assert.equal((await client.get(`/${tenant.slug}/oppna-data/e-tjanster.json`)).statusCode, 404);
    assert.equal((await client.get(`/${tenant.slug}/oppna-data/okand.json`)).statusCode, 404);

    // Through the API, with the scope opendata:read: the same JSON; unpublished 404; no scope 403.
    const lena = await staffClient(t, tenant, LENA, 'admin', []);
    const register = (scopes: string[]) =>
      t.app.services.apiClients.register(lena.actor, {
        name: 'Analys',
        scopes,
        unitIds: scopes.includes('opendata:read') ? [] : [streets],
        serviceIds: [],
      });
    const reader = await register(['opendata:read']);
    const api = (dataset: string, secret: string) =>
      t.app.inject({ url: `/api/v1/open-data/${dataset}`, headers: { 'x-api-key': secret } });
    const viaApi = await api('arendestatistik', reader.secret);
    assert.equal(viaApi.statusCode, 200, viaApi.body);
    assert.deepEqual(viaApi.json(), json.json());
    assert.equal((await api('sensorvarden', reader.secret)).statusCode, 404);
    const scopeless = await api('arendestatistik', (await register(['cases:create'])).secret);
    assert.equal(scopeless.statusCode, 403);
    assert.equal(scopeless.json().code, 'API_SCOPE_MISSING');

    const page = await client.get(`/${tenant.slug}/oppna-data`);
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /<svg role="img" aria-label="Felanmälningar per kategori"/);
    assert.match(page.body, /<caption>Inkomna ärenden per månad, alla e-tjänster<\/caption>/);
    assert.match(page.body, /href="\/[a-z0-9-]+\/oppna-data\/arendestatistik\.csv"/);
    assert.equal(page.body.includes('<script'), false);
  });

  test('the DCAT-AP-SE catalogue conforms to DCAT-AP 3.0.1 (ranges, Swedish additions) and 2.1.1', async () => {
    const tenant = await createTestTenant(t, ['skolskjuts']);
    // The digital-support directory (issue #13) is in the catalogue too, and must stay valid.
    await publish(tenant, [
      'e-tjanster',
      'arendestatistik',
      'felanmalningar',
      'sensorvarden',
      'digitalt-stod',
    ]);
    const client = anonymousClient(t);
    const response = await client.get(`/${tenant.slug}/oppna-data/catalog.jsonld`);
    assert.equal(response.statusCode, 200);
    assert.match(String(response.headers['content-type']), /^application\/ld\+json/);
    const nquads = (await jsonld.toRDF(response.json(), {
      format: 'application/n-quads',
    })) as unknown as string;
    const data = new Parser({ format: 'N-Quads' }).parse(nquads);
    const turtle = await client.get(`/${tenant.slug}/oppna-data/catalog.ttl`);
    assert.equal(turtle.statusCode, 200);
    assert.equal(new Parser().parse(turtle.body).length, data.length, 'Turtle and JSON-LD say the same');
    assert.ok(turtle.body.includes('"212000-9994"'), 'the organisation number');
    assert.ok(turtle.body.includes('<http://creativecommons.org/publicdomain/zero/1.0/>'), 'CC0');

    const eu3 = [
      'dcat-ap-eu/3.0.1-dcat-ap-SHACL.ttl',
      'dcat-ap-eu/3.0.1-ranges.ttl',
      'dcat-ap-se/dcat-ap-se-additions.ttl',
    ];
    const eu2 = [
      'dcat-ap-eu/2.1.1-dcat-ap_2.1.1_shacl_shapes.ttl',
      'dcat-ap-eu/2.1.1-dcat-ap_2.1.1_shacl_range.ttl',
    ];
    assert.deepEqual(await violations(eu3, data), []);
    assert.deepEqual(await violations(eu2, data), []);
  });
});
