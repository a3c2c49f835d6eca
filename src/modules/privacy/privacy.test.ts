/**
 * The record of processing, the data inventory and the privacy notices through HTTP (issue #14):
 * who may read the record (administrators and the data protection officer; officers 403, others to
 * the staff login), what it says of a demo service and its API clients and webhooks, the CSV files
 * (quoting, formulas defused), the officer's contact form with Swedish errors, the public notice,
 * and its links from the start page and the first step.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { readDemoDefinition } from '../../cli/seed.ts';
import type { Tenant } from '../../platform/tenancy/tenant-service.ts';
import { createTestApp, type TestApp } from '../../test-support/app.ts';
import { TestClient } from '../../test-support/client.ts';
import { ANNA, createTestTenant, residentClient } from '../../test-support/fixtures.ts';
import { schoolTransportSteps } from '../../test-support/school-transport.ts';
import { createTestUnits, EVA, KARIN, LENA, staffClient } from '../../test-support/staff.ts';

let t: TestApp;
before(async () => {
  t = await createTestApp();
});
after(() => t.close());

const base = (tenant: Tenant) => `/${tenant.slug}/handlaggning/dataskydd`;
const noticeUrl = (tenant: Tenant, service: string) =>
  `/${tenant.slug}/e-tjanster/${service}/personuppgifter`;
/** The page's text without tags, spaces collapsed. */
const text = (html: string) =>
  html
    .replace(/<[^>]+>/g, ' ')
    .replace(/&quot;/g, '"')
    .replace(/&amp;/g, '&')
    .replace(/\s+/g, ' ');

async function scene() {
  const tenant = await createTestTenant(t, ['skolskjuts', 'felanmalan', 'fardtjanst']);
  const units = await createTestUnits(t, tenant);
  const admin = await staffClient(t, tenant, LENA, 'admin', []);
  const dpo = await staffClient(t, tenant, EVA, 'dataProtectionOfficer', []);
  return { tenant, units, admin, dpo };
}

describe('record of processing and data inventory', () => {
  test('the data protection officer and admins read them; an officer gets 403, others the staff login', async () => {
    const { tenant, units, admin, dpo } = await scene();
    const officer = await staffClient(t, tenant, KARIN, 'officer', [units.school]);
    const resident = await residentClient(t, ANNA);
    const anonymous = new TestClient(t.app);
    const paths = [
      '',
      '/datainventering',
      '/registerforteckning.csv',
      '/datainventering.csv',
      '/dataskyddsombud',
    ];
    for (const path of paths) {
      const url = `${base(tenant)}${path}`;
      assert.equal((await dpo.get(url)).statusCode, 200, `dpo ${path}`);
      assert.equal((await admin.get(url)).statusCode, 200, `admin ${path}`);
      assert.equal((await officer.get(url)).statusCode, 403, `officer ${path}`);
      for (const client of [resident, anonymous]) {
        const refused = await client.get(url);
        assert.equal(refused.statusCode, 303, path);
        assert.match(String(refused.headers.location), /^\/handlaggning\/logga-in\?tillbaka=/);
      }
    }
    assert.equal(
      (await officer.post(`${base(tenant)}/dataskyddsombud`, { email: 'x@y.se' })).statusCode,
      403,
    );

    const page = await dpo.get(base(tenant));
    assert.match(
      page.body,
      new RegExp(`<a href="${base(tenant)}">Dataskydd</a>`),
      'the header links the DPO there',
    );
    assert.doesNotMatch(page.body, /handlaggning\/admin"/, 'no administration for the DPO');
    const adminPage = await admin.get(base(tenant));
    assert.match(adminPage.body, /aria-current="page">Dataskydd<\/a>/, 'the admin menu marks it');
    // The staff form offers the role.
    assert.match((await admin.get(`/${tenant.slug}/handlaggning/admin/personal`)).body, /Dataskyddsombud/);
  });

  test('what the record says of school transport, with its API clients and webhooks', async () => {
    const { tenant, units, admin, dpo } = await scene();
    const services = t.app.services;
    await services.apiClients.register(admin.actor, {
      name: 'Elevregistret',
      scopes: ['cases:read'],
      unitIds: [units.school],
      serviceIds: [],
    });
    await services.apiClients.register(admin.actor, {
      name: 'Statistikportalen',
      scopes: ['opendata:read'],
      unitIds: [],
      serviceIds: [],
    });
    await services.webhooks.create(admin.actor, {
      name: 'Ekonomisystemet',
      url: 'https://ekonomi.example/webhook',
      eventTypes: ['case.decided'],
      unitIds: [units.school],
      serviceIds: [],
    });
    const body = text((await dpo.get(base(tenant))).body);
    const school = body.slice(
      body.indexOf('Ansökan om skolskjuts'),
      body.indexOf('Integritetsmeddelandet för Ansökan om skolskjuts'),
    );
    for (const expected of [
      'Vi behandlar uppgifterna för att pröva om ditt barn har rätt till skolskjuts',
      'Artikel 6.1 e (uppgift av allmänt intresse eller myndighetsutövning): Myndighetsutövning enligt skollagen (2010:800) 10 kap. 32 §.',
      'Namn och personnummer från e-legitimationen',
      'Känsliga personuppgifter (artikel 9): Har barnet särskilda behov under resan?, Beskriv barnets behov',
      'Barn (härlett från Barnets personnummer)',
      'Skolskjutsenheten (handläggande enhet)',
      'Elevregistret, verksamhetssystem via API som läser ärenden',
      'Ekonomisystemet, webhook som får ärendehändelser',
      'Bolaget som kör skolskjutsen',
      '3 år efter att ärendet avslutats',
      'Gallras (raderas)',
      'Nej, en regel föreslår beslut men en handläggare beslutar',
      'fält på nivå 3 lagras krypterade och visas maskerade tills en handläggare väljer att visa dem (Beskriv barnets behov)',
    ])
      assert.ok(school.includes(expected), expected);
    assert.ok(!body.includes('Statistikportalen'), 'a client without a case scope receives no personal data');
    assert.ok(!body.includes('ekonomi.example'), 'never a webhook’s endpoint');
    const faults = body.slice(body.indexOf('Felanmälan'));
    assert.ok(faults.includes('Gatuenheten (handläggande enhet)'), 'the fault report’s unit');
    assert.ok(
      !faults.slice(0, faults.indexOf('Integritetsmeddelandet')).includes('Elevregistret'),
      'other unit',
    );

    const inventory = await dpo.get(`${base(tenant)}/datainventering`);
    assert.match(
      text(inventory.body),
      /Barnets personnummer Personnummer 2 – konfidentiell Personuppgift Ja/,
    );
    assert.match(
      text(inventory.body),
      /Beskriv barnets behov Längre text 3 – strikt konfidentiell Känslig \(artikel 9\)/,
    );
    // The notice names the same recipients as the record.
    const notice = text((await new TestClient(t.app).get(noticeUrl(tenant, 'skolskjuts'))).body);
    assert.ok(notice.includes('Elevregistret, verksamhetssystem via API som läser ärenden'), 'client');
    assert.ok(notice.includes('Skolskjutsenheten (handläggande enhet)'), 'unit');
  });

  test('CSV: a header, a row per service and per field, quoted cells, no formulas', async () => {
    const { tenant, dpo } = await scene();
    const tricky = readDemoDefinition('felanmalan') as Record<string, unknown> & {
      steps: { fields: { label: { sv: string } }[] }[];
    };
    tricky.service = 'csv-prov';
    tricky.title = { sv: '=Prov, "test"', en: '=Test, "test"' };
    const firstField = tricky.steps[0]?.fields[0];
    if (firstField) firstField.label.sv = '@SUM(A1);-1';
    const draft = await t.app.services.catalogue.saveDraft(tenant.id, tricky);
    await t.app.services.catalogue.publish(tenant.id, draft.id, new Date('2026-01-01T00:00:00Z'));

    const record = await dpo.get(`${base(tenant)}/registerforteckning.csv`);
    assert.equal(record.headers['content-type'], 'text/csv; charset=utf-8');
    assert.match(
      String(record.headers['content-disposition']),
      /^attachment; filename=".+-registerforteckning\.csv"$/,
    );
    const lines = record.body.replace(/^\uFEFF/, '').split('\r\n');
    assert.ok(record.body.startsWith('\uFEFF'), 'a byte-order mark for Excel');
    assert.equal(
      lines[0],
      'E-tjänst;Ändamål;Rättslig grund;Kategorier av personuppgifter;Kategorier av registrerade;Mottagare;Lagringstid;När lagringstiden har gått ut;Automatiserade beslut;Säkerhetsåtgärder',
    );
    assert.equal(lines.filter(Boolean).length, 1 + 4, 'a row per live service');
    assert.ok(
      lines.some((line) => line.startsWith(`"'=Prov, ""test""";`)),
      'quoted and defused',
    );
    assert.ok(
      lines.some((line) => line.startsWith('Ansökan om skolskjuts;')),
      'school',
    );

    const inventory = await dpo.get(`${base(tenant)}/datainventering.csv`);
    const rows = inventory.body
      .replace(/^\uFEFF/, '')
      .split('\r\n')
      .filter(Boolean);
    assert.equal(rows[0], 'E-tjänst;Steg;Fält-id;Fråga;Typ;Skyddsnivå;Personuppgifter;Obligatorisk');
    const fields = ['skolskjuts', 'felanmalan', 'fardtjanst', 'felanmalan'].flatMap((slug) =>
      (readDemoDefinition(slug) as { steps: { fields: unknown[] }[] }).steps.flatMap((step) => step.fields),
    );
    assert.equal(rows.length, 1 + fields.length);
    assert.ok(
      rows.includes(
        `"'=Prov, ""test""";Vad vill du anmäla?;category;"'@SUM(A1);-1";Alternativ;0 – öppen;Nej;Ja`,
      ),
      rows.filter((row) => row.includes('Prov')).join('\n'),
    );
    assert.ok(
      rows.some((row) =>
        row.endsWith(
          ';childPersonalIdentityNumber;Barnets personnummer;Personnummer;2 – konfidentiell;Personuppgift;Ja',
        ),
      ),
      'the child’s personnummer',
    );
  });
});

describe('privacy notices', () => {
  test('a demo service’s notice: controller, purpose, basis, recipients, retention, rights; the officer’s contact', async () => {
    const { tenant, dpo } = await scene();
    const anonymous = new TestClient(t.app);
    const before = text((await anonymous.get(noticeUrl(tenant, 'skolskjuts'))).body);
    assert.ok(
      before.includes(
        'Kontakta kommunen på kontakt@test.example, så får du hjälp att nå kommunens dataskyddsombud',
      ),
      'without an officer’s contact, the municipality’s',
    );

    // The contact form: a bad address is refused next to the field and in the summary, in Swedish.
    const refused = await dpo.post(`${base(tenant)}/dataskyddsombud`, {
      email: 'inte en adress',
      phone: 'abc',
    });
    assert.equal(refused.statusCode, 400);
    assert.match(refused.body, /<title>Fel: /);
    assert.match(refused.body, /<a href="#email">Ange en e-postadress i rätt format/);
    assert.match(refused.body, /id="email-error"[^>]*>.*Ange en e-postadress i rätt format/s);
    assert.match(refused.body, /<a href="#phone">Ange ett telefonnummer med siffror/);
    assert.match(refused.body, /value="inte en adress"/);
    const saved = await dpo.post(`${base(tenant)}/dataskyddsombud`, {
      email: 'dataskydd@test.example',
      phone: '010-000 00 99',
      address: '',
    });
    assert.equal(saved.statusCode, 303);
    assert.match(
      (await dpo.follow(String(saved.headers.location))).body,
      /Dataskyddsombudets kontaktuppgifter är sparade/,
    );

    const page = await anonymous.get(noticeUrl(tenant, 'skolskjuts'));
    assert.equal(page.statusCode, 200);
    const notice = text(page.body);
    for (const expected of [
      'Så behandlar vi dina personuppgifter',
      `Testkommun ${tenant.slug} är personuppgiftsansvarig`,
      'E-post: dataskydd@test.example',
      'Telefon: 010-000 00 99',
      'Vi behandlar uppgifterna för att pröva om ditt barn har rätt till skolskjuts och för att planera resorna.',
      'dataskyddsförordningen artikel 6.1 e: uppgift av allmänt intresse eller myndighetsutövning. Myndighetsutövning enligt skollagen (2010:800) 10 kap. 32 §.',
      'Några av uppgifterna är känsliga personuppgifter (artikel 9)',
      'Barn (härlett från Barnets personnummer)',
      'Bolaget som kör skolskjutsen',
      'Vi sparar uppgifterna 3 år efter att ärendet avslutats. Sedan gallras de, det vill säga raderas.',
      'En regel föreslår ett beslut utifrån dina svar, men det är alltid en handläggare som beslutar.',
      'invända mot behandlingen',
      'inte när lagen eller arkivreglerna säger att vi ska spara dem',
      'Kontakta oss på dataskydd@test.example om du vill använda dina rättigheter.',
      'Integritetsskyddsmyndigheten (IMY)',
    ])
      assert.ok(notice.includes(expected), expected);
    assert.match(page.body, /<a href="https:\/\/www\.imy\.se\/">/);
    assert.doesNotMatch(page.body, /data-right="portability"/, 'no portability for a public task');
    assert.match(page.body, /data-right="objection"/);

    const english = await anonymous.get(`${noticeUrl(tenant, 'skolskjuts')}?lang=en`);
    assert.equal(english.statusCode, 200);
    assert.equal((await anonymous.get(noticeUrl(tenant, 'finns-inte'))).statusCode, 404);
    assert.equal((await anonymous.get(noticeUrl(tenant, 'bygglov-garage'))).statusCode, 404, 'not live here');
  });

  test('the start page and the first step link to the notice; later steps do not', async () => {
    const tenant = await createTestTenant(t, ['skolskjuts']);
    const resident = await residentClient(t, ANNA);
    const link = `href="${noticeUrl(tenant, 'skolskjuts')}"`;
    const start = await resident.get(`/${tenant.slug}/e-tjanster/skolskjuts`);
    assert.ok(start.body.includes(link), 'start page');
    const started = await resident.post(`/${tenant.slug}/e-tjanster/skolskjuts/starta`);
    assert.equal(started.statusCode, 303);
    const first = await resident.follow(String(started.headers.location));
    assert.match(first.url, /\/steg\/child$/);
    assert.ok(first.body.includes(link), 'first step');
    const [, answers = {}] = schoolTransportSteps()[0] ?? [];
    const answered = await resident.post(first.url, answers);
    assert.equal(answered.statusCode, 303, answered.body.slice(0, 300));
    const second = await resident.follow(String(answered.headers.location));
    assert.match(second.url, /\/steg\/need$/);
    assert.ok(!second.body.includes(link), 'not on every step');
  });
});
