/**
 * The digital-support directory and the pages every municipality has (issue #13): the public
 * filter (target group, place, channel; drafts and other municipalities never shown), the
 * coordinator's pages (administrators only, Swedish errors, the supply matrix's gaps, needs
 * interviews that refuse personal data and summarise the gaps), the directory as open data without
 * contact persons, the footer's help links and the contact page from the tenant's settings.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Tenant } from '../../platform/tenancy/tenant-service.ts';
import { createTestApp, type TestApp } from '../../test-support/app.ts';
import { anonymousClient } from '../../test-support/fault-reports.ts';
import { ANNA, createTestTenant, residentClient } from '../../test-support/fixtures.ts';
import { KARIN, LENA, type StaffClient, staffClient } from '../../test-support/staff.ts';
import { onlyMunicipalityPage } from '../site-pages/model.ts';
import { checkInterview, personalDataIn } from './interview-model.ts';
import { filterOffers, type Offer } from './model.ts';

let t: TestApp;
before(async () => {
  t = await createTestApp();
});
after(() => t.close());

type Form = Record<string, string | string[]>;

const offer = (name: string, extra: Form = {}): Form => ({
  name,
  providerName: 'Stadsbiblioteket',
  providerKind: 'bibliotek',
  operatingModel: 'drop-in',
  targetGroups: ['aldre'],
  channels: ['pa-plats'],
  address: 'Biblioteksgatan 2',
  locality: 'Norrby',
  contactPhone: '08-123 456 78',
  contactPerson: 'Maria Lind',
  servicePromise: 'Hjälp med BankID och e-tjänster.',
  howItWorks: 'Kom förbi under drop-in-tiden.',
  status: 'published',
  ...extra,
});

const admin = (tenant: Tenant) => `/${tenant.slug}/handlaggning/admin/digital-stod`;

async function coordinator(tenant: Tenant): Promise<StaffClient> {
  return staffClient(t, tenant, LENA, 'admin', []);
}

async function addOffers(client: StaffClient, tenant: Tenant, offers: Form[]) {
  for (const form of offers) {
    const saved = await client.post(`${admin(tenant)}/ny`, form);
    assert.equal(saved.statusCode, 303, saved.body.slice(0, 600));
  }
}

/** The offer names on the public page, in order. */
const namesOn = (html: string) =>
  [...html.matchAll(/<h2><a href="[^"]+">([^<]+)<\/a><\/h2>/g)].map((m) => m[1]);

/** The footer's links to the pages every municipality has, and their texts. */
const FOOTER_LINKS = [
  ['hjalp', 'Få hjälp'],
  ['kontakt', 'Kontakt'],
  ['tillganglighet', 'Tillgänglighet'],
] as const;

describe('digital-support directory', () => {
  test('residents filter by target group, place and channel; drafts and other municipalities are not shown', async () => {
    const tenant = await createTestTenant(t, []);
    const other = await createTestTenant(t, []);
    const lena = await coordinator(tenant);
    await addOffers(lena, tenant, [
      offer('Surfcafé Norrby'),
      offer('SFI-kurs Sjöstaden', {
        targetGroups: ['nyanlanda'],
        locality: 'Sjöstaden',
        operatingModel: 'kurs',
      }),
      offer('IT-jouren', {
        channels: ['telefon'],
        locality: '',
        address: '',
        operatingModel: 'telefonsupport',
      }),
      offer('Kundcenter', { targetGroups: ['alla'], channels: ['pa-plats', 'telefon'], locality: 'Centrum' }),
      offer('Utkast för äldre', { status: 'draft' }),
    ]);
    await addOffers(await coordinator(other), other, [offer('Grannens surfcafé')]);

    const resident = anonymousClient(t);
    const page = (query: string) => resident.get(`/${tenant.slug}/digital-hjalp${query}`);
    const all = await page('');
    assert.equal(all.statusCode, 200);
    assert.deepEqual(namesOn(all.body), ['IT-jouren', 'Kundcenter', 'SFI-kurs Sjöstaden', 'Surfcafé Norrby']);
    assert.match(all.body, /4 av 4 erbjudanden visas/);
    assert.match(all.body, /<option value="Norrby">Norrby<\/option>/);
    assert.doesNotMatch(all.body, /Maria Lind/, 'the contact person is never shown');

    // Older people in Norrby: the Norrby offer, the one for everyone in… Centrum is another place,
    // the phone support has no fixed place and reaches them wherever they live.
    const older = await page('?malgrupp=aldre&plats=Norrby&kanal=');
    assert.deepEqual(namesOn(older.body), ['IT-jouren', 'Surfcafé Norrby']);
    assert.match(older.body, /<option value="aldre" selected>/);
    const phone = await page('?malgrupp=aldre&kanal=telefon');
    assert.deepEqual(namesOn(phone.body), ['IT-jouren', 'Kundcenter']);
    const none = await page('?malgrupp=nyanlanda&plats=Norrby&kanal=pa-plats');
    assert.deepEqual(namesOn(none.body), []);
    assert.match(none.body, /0 av 4 erbjudanden visas/);
    assert.match(none.body, /Inget stöd passar det du valde/);
    assert.match(none.body, /Ring <a href="tel:0100000000">010-000 00 00<\/a>/);
    assert.match(none.body, /@media|digital-support\.css/);
    // An unknown code filters nothing rather than failing.
    assert.equal(namesOn((await page('?malgrupp=okand')).body).length, 4);

    const link = /href="(\/[^"]+\/digital-hjalp\/[0-9a-f-]{36})">Surfcafé Norrby</.exec(all.body)?.[1];
    assert.ok(link);
    const opened = await resident.get(link);
    assert.equal(opened.statusCode, 200);
    assert.match(opened.body, /<h1>Surfcafé Norrby<\/h1>/);
    assert.match(opened.body, /Kom förbi under drop-in-tiden/);
    assert.doesNotMatch(opened.body, /Maria Lind/);

    const drafts = await lena.get(admin(tenant));
    const draftId = /digital-stod\/([0-9a-f-]{36})"[^>]*>Utkast för äldre/.exec(drafts.body)?.[1];
    assert.ok(draftId, 'the coordinator lists the draft');
    assert.equal((await resident.get(`/${tenant.slug}/digital-hjalp/${draftId}`)).statusCode, 404);
    const otherPage = await resident.get(`/${other.slug}/digital-hjalp`);
    const otherId = /digital-hjalp\/([0-9a-f-]{36})/.exec(otherPage.body)?.[1];
    assert.ok(otherId);
    assert.equal((await resident.get(`/${tenant.slug}/digital-hjalp/${otherId}`)).statusCode, 404);
    assert.doesNotMatch(all.body, /Grannens surfcafé/);
  });

  test('the filter rules as a table', () => {
    const base = { status: 'published' as const, channels: ['pa-plats' as const], locality: 'Norrby' };
    const offers = [
      { ...base, id: 'a', targetGroups: ['aldre' as const] },
      { ...base, id: 'b', targetGroups: ['alla' as const] },
      { ...base, id: 'c', targetGroups: ['aldre' as const], channels: ['telefon' as const], locality: '' },
      { ...base, id: 'd', targetGroups: ['aldre' as const], status: 'draft' as const },
      { ...base, id: 'e', targetGroups: ['unga' as const], locality: 'norrby' },
    ] as unknown as Offer[];
    const ids = (filter: object) => filterOffers(offers, filter).map((o) => o.id);
    assert.deepEqual(ids({}), ['a', 'b', 'c', 'e']);
    assert.deepEqual(ids({ targetGroup: 'aldre' }), ['a', 'b', 'c']);
    assert.deepEqual(ids({ targetGroup: 'unga', locality: 'Norrby' }), ['b', 'e']);
    assert.deepEqual(ids({ channel: 'telefon' }), ['c']);
    assert.deepEqual(ids({ locality: 'Sjöstaden' }), ['c']);
  });

  test('coordinator pages: administrators only, Swedish errors, the supply matrix names the groups no model reaches', async () => {
    const tenant = await createTestTenant(t, []);
    const officer = await staffClient(t, tenant, KARIN, 'officer', []);
    const resident = await residentClient(t, ANNA);
    for (const path of ['', '/ny', '/matris', '/intervjuer']) {
      assert.equal((await officer.get(`${admin(tenant)}${path}`)).statusCode, 403, path);
      assert.notEqual((await resident.get(`${admin(tenant)}${path}`)).statusCode, 200, path);
    }
    assert.equal((await officer.post(`${admin(tenant)}/ny`, offer('Otillåtet'))).statusCode, 403);

    const lena = await coordinator(tenant);
    const refused = await lena.post(`${admin(tenant)}/ny`, {
      ...offer(''),
      targetGroups: [],
      locality: '',
      contactPhone: '',
      contactEmail: 'inte en adress',
    });
    assert.equal(refused.statusCode, 400);
    assert.match(refused.body, /class="error-summary"/);
    assert.match(refused.body, /href="#name">Fyll i namn på erbjudandet/);
    assert.match(refused.body, /href="#targetGroups-aldre">Välj minst en av målgrupper/);
    assert.match(
      refused.body,
      /id="locality-error"[^>]*>[\s\S]*?Fyll i ort eller stadsdel när stödet ges på plats/,
    );
    assert.match(refused.body, /Ange en e-postadress i rätt format/);
    assert.match(refused.body, /value="inte en adress"/);

    await addOffers(lena, tenant, [
      offer('Drop-in', { targetGroups: ['aldre', 'nyanlanda'] }),
      offer('Kurs', { targetGroups: ['nyanlanda'], operatingModel: 'kurs' }),
      offer('Utkast', { targetGroups: ['unga'], status: 'draft' }),
    ]);
    const matrix = await lena.get(`${admin(tenant)}/matris`);
    assert.equal(matrix.statusCode, 200);
    assert.match(
      matrix.body,
      /Målgrupper som inget erbjudande når: Arbetssökande, Personer med funktionsnedsättning, Unga, Företagare och föreningar\./,
    );
    assert.match(matrix.body, /<tr class="gap"><th scope="row">Unga<strong class="gap-mark"> – Nås inte/);
    assert.match(
      matrix.body,
      /<tr><th scope="row">Nyanlända<\/th><td>1<\/td><td>0<\/td><td>0<\/td><td>0<\/td><td>1<\/td><td>2<\/td>/,
    );
    assert.match(
      matrix.body,
      /Verksamhetsmodeller som inget erbjudande använder: Bokad handledning, Telefonsupport, Digitala ambassadörer\./,
    );

    const audit = await t.database.db
      .selectFrom('auditLog')
      .select('action')
      .where('tenantId', '=', tenant.id)
      .where('action', '=', 'digitalSupport.offerCreated')
      .execute();
    assert.equal(audit.length, 3);
  });

  test('needs interviews refuse a personnummer, e-mail or phone number in the note and summarise the gaps', async () => {
    const tenant = await createTestTenant(t, []);
    const lena = await coordinator(tenant);
    const interview = (extra: Form = {}): Form => ({
      interviewedOn: '2026-11-02',
      targetGroup: 'aldre',
      lifeSituation: 'pensionar',
      servicesUsed: ['bank'],
      difficulties: ['logga-in'],
      helpMissing: ['hembesok'],
      note: '',
      ...extra,
    });
    const url = `${admin(tenant)}/intervjuer`;
    for (const [note, message] of [
      ['Heter Anna, 19850101-2382', /Ta bort personnumret från anteckningen/],
      ['Nås på anna@example.se', /Ta bort e-postadressen från anteckningen/],
      ['Ring 070-123 45 67', /Ta bort telefonnumret från anteckningen/],
    ] as const) {
      const refused = await lena.post(url, interview({ note }));
      assert.equal(refused.statusCode, 400, note);
      assert.match(refused.body, message);
      assert.match(refused.body, /href="#note"/);
    }
    const noChoice = await lena.post(url, interview({ difficulties: [], interviewedOn: '2999-01-01' }));
    assert.match(noChoice.body, /Välj minst en av vad är svårt\?/);
    assert.match(noChoice.body, /Datumet kan inte vara senare än i dag/);
    assert.deepEqual(personalDataIn('Bor i kvarter 12, har 2 barn och fyller 80 år 2027'), []);
    assert.deepEqual(personalDataIn('Öppet 10-12 den 2026-11-02'), []);
    const impossible = checkInterview(
      {
        interviewedOn: '2026-02-30',
        targetGroup: 'aldre',
        lifeSituation: 'pensionar',
        difficulties: ['logga-in'],
      },
      '2026-12-06',
    );
    assert.deepEqual('errors' in impossible && impossible.errors, [
      { field: 'interviewedOn', message: 'invalidDate' },
    ]);

    for (const form of [
      interview({ note: 'Vill klara sig själv.' }),
      interview({ difficulties: ['logga-in', 'bedrageri'], helpMissing: ['hembesok', 'telefonstod'] }),
      interview({
        targetGroup: 'nyanlanda',
        lifeSituation: 'nyanland',
        difficulties: ['sprak'],
        helpMissing: ['eget-sprak'],
      }),
    ]) {
      const saved = await lena.post(url, form);
      assert.equal(saved.statusCode, 303, saved.body.slice(0, 500));
    }
    const rows = await t.database.db
      .selectFrom('digitalSupportInterview')
      .select(['note'])
      .where('tenantId', '=', tenant.id)
      .execute();
    assert.equal(rows.length, 3);
    const summary = await lena.get(`${url}?klart=intervju`);
    assert.match(summary.body, /Intervjun är sparad utan personuppgifter/);
    assert.match(summary.body, /Sammanställning av 3 intervjuer/);
    assert.match(summary.body, /<th scope="row">Logga in med e-legitimation<\/th><td>2<\/td>/);
    assert.match(summary.body, /<th scope="row">Hjälp hemma<\/th><td>2<\/td>/);
    assert.match(
      summary.body,
      /<th scope="row">Äldre<\/th><td>2<\/td><td>Logga in med e-legitimation \(2\)<\/td><td>Hjälp hemma \(2\)<\/td>/,
    );
    assert.match(summary.body, /<th scope="row">Nyanlända<\/th><td>1<\/td><td>Förstå språket \(1\)<\/td>/);
  });

  test('the directory as open data: published offers only, the organisation’s contact but no contact person', async () => {
    const tenant = await createTestTenant(t, []);
    const lena = await coordinator(tenant);
    await addOffers(lena, tenant, [offer('Surfcafé'), offer('Utkast', { status: 'draft' })]);
    const saved = await lena.post(`/${tenant.slug}/handlaggning/admin/oppna-data`, {
      datasets: ['digitalt-stod'],
      publisherUri: 'https://testkommun.example/',
      organisationNumber: '212000-9994',
      contactName: 'Öppna data-gruppen',
      contactEmail: 'oppnadata@testkommun.example',
    });
    assert.equal(saved.statusCode, 303);
    const client = anonymousClient(t);
    const json = await client.get(`/${tenant.slug}/oppna-data/digitalt-stod.json`);
    assert.equal(json.statusCode, 200);
    const rows = (json.json() as { rows: Record<string, unknown>[] }).rows;
    assert.equal(rows.length, 1);
    assert.equal(rows[0]?.name, 'Surfcafé');
    assert.equal(rows[0]?.targetGroups, 'Äldre');
    assert.equal(rows[0]?.phone, '08-123 456 78');
    assert.doesNotMatch(json.body, /Maria Lind|contactPerson/);
    const csv = await client.get(`/${tenant.slug}/oppna-data/digitalt-stod.csv`);
    assert.match(csv.body, /^id,name,provider,providerKind,operatingModel,targetGroups,channels,/);
    const catalogue = await client.get(`/${tenant.slug}/oppna-data/catalog.ttl`);
    assert.match(catalogue.body, /Digitalt stöd för invånare/);
    const page = await client.get(`/${tenant.slug}/oppna-data`);
    assert.match(page.body, /<caption>Erbjudanden om digitalt stöd per målgrupp<\/caption>/);
  });

  test('a page of no municipality (My Pages) leads to help, contact and accessibility: the resident chooses the municipality', async () => {
    const [first, second] = [await createTestTenant(t, []), await createTestTenant(t, [])];
    const anna = await residentClient(t, ANNA);
    const myPages = await anna.get('/mina-sidor');
    assert.equal(myPages.statusCode, 200);
    const footer = /<footer[\s\S]*<\/footer>/.exec(myPages.body)?.[0] ?? '';
    for (const [path, text] of FOOTER_LINKS)
      assert.match(footer, new RegExp(`<a href="/${path}">${text}</a>`));
    assert.doesNotMatch(footer, /oppna-data/, 'open data belongs to a municipality');

    for (const [path, heading] of [
      ['hjalp', 'Få hjälp'],
      ['kontakt', 'Kontakta oss'],
      ['tillganglighet', 'Tillgänglighetsredogörelse'],
    ]) {
      const page = await anonymousClient(t).get(`/${path}`);
      assert.equal(page.statusCode, 200);
      assert.match(page.body, new RegExp(`<h1>${heading}</h1>`));
      assert.match(page.body, /Välj din kommun/);
      for (const tenant of [first, second])
        assert.match(page.body, new RegExp(`<a href="/${tenant.slug}/${path}">${tenant.name}</a>`));
    }
    // With one municipality there is nothing to choose.
    assert.equal(onlyMunicipalityPage(['exempelstad'], 'hjalp'), '/exempelstad/hjalp');
    assert.equal(onlyMunicipalityPage(['exempelstad', 'grannby'], 'hjalp'), undefined);
    assert.equal(onlyMunicipalityPage([], 'hjalp'), undefined);
  });

  test('every resident page links to help, contact and accessibility; the contact page shows the municipality’s details', async () => {
    const tenant = await createTestTenant(t, []);
    const client = anonymousClient(t);
    const home = await client.get(`/${tenant.slug}/`);
    assert.equal(home.statusCode, 200);
    const footer = /<footer[\s\S]*<\/footer>/.exec(home.body)?.[0] ?? '';
    for (const [path, text] of FOOTER_LINKS)
      assert.match(footer, new RegExp(`<a href="/${tenant.slug}/${path}">${text}</a>`));

    const help = await client.get(`/${tenant.slug}/hjalp`);
    assert.match(help.body, new RegExp(`href="/${tenant.slug}/fragor-och-svar"`));
    assert.match(help.body, new RegExp(`href="/${tenant.slug}/digital-hjalp"`));
    assert.match(
      help.body,
      /Ring <a href="tel:0100000000">010-000 00 00<\/a> eller skriv till <a href="mailto:kontakt@test\.example">kontakt@test\.example<\/a>\./,
    );
    const statement = await client.get(`/${tenant.slug}/tillganglighet`);
    assert.match(statement.body, /<h1>Tillgänglighetsredogörelse<\/h1>/);
    assert.match(statement.body, /href="https:\/\/www\.digg\.se\/tdosanmalan"/);
    assert.match(statement.body, /delvis förenlig med lagen/);

    const lena = await coordinator(tenant);
    const url = `/${tenant.slug}/handlaggning/admin/kontakt`;
    assert.equal((await (await staffClient(t, tenant, KARIN, 'officer', [])).get(url)).statusCode, 403);
    const refused = await lena.post(url, { phone: 'ring oss', email: '', address: 'Box 1' });
    assert.equal(refused.statusCode, 400);
    assert.match(refused.body, /href="#email">Fyll i e-post/);
    assert.match(refused.body, /Ange ett telefonnummer med siffror/);
    const saved = await lena.post(url, {
      phone: '010-111 22 33',
      email: 'kundcenter@test.example',
      address: 'Testkommun, Box 1, 123 45 Testby',
      visitingAddress: 'Rådhuset, Torget 1',
      openingHours: 'Vardagar 8–16',
    });
    assert.equal(saved.statusCode, 303);
    const contact = await client.get(`/${tenant.slug}/kontakt`);
    assert.equal(contact.statusCode, 200);
    assert.match(contact.body, /<a href="tel:0101112233">010-111 22 33<\/a>/);
    assert.match(contact.body, /Rådhuset, Torget 1/);
    assert.match(contact.body, /Vardagar 8–16/);
    assert.match(contact.body, /mailto:kundcenter@test\.example/);

    // In English the municipality's own words stay Swedish and say so (WCAG 3.1.2); so do an offer's.
    await addOffers(lena, tenant, [offer('Surfcafé Norrby')]);
    await client.get(`/sprak/en?tillbaka=${encodeURIComponent(`/${tenant.slug}/`)}`);
    const english = await client.get(`/${tenant.slug}/kontakt`);
    assert.match(english.body, /<html lang="en"/);
    assert.match(english.body, /<dd><span lang="sv">Vardagar 8–16<\/span><\/dd>/);
    assert.match(english.body, /<dd><a href="tel:0101112233">/, 'a number is no language');
    const directory = await client.get(`/${tenant.slug}/digital-hjalp`);
    assert.match(directory.body, /<a href="[^"]+" lang="sv">Surfcafé Norrby<\/a>/);
    assert.match(directory.body, /Provided by <span lang="sv">/);
    const id = /digital-hjalp\/([0-9a-f-]{36})/.exec(directory.body)?.[1];
    const page = await client.get(`/${tenant.slug}/digital-hjalp/${id}`);
    assert.match(page.body, /<h1 lang="sv">Surfcafé Norrby<\/h1>/);
    assert.match(page.body, /<p class="lead" lang="sv">/);
  });
});
