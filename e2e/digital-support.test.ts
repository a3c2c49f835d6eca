/**
 * Issue #13's "done when" for the directory: a resident finds digital support near them by target
 * group. From a page's footer ("Få hjälp", choosing the municipality on a page of none) to the directory, filtered to older people in Norrby,
 * to one offer's page; then the contact page and the accessibility statement — with and without
 * JavaScript, every page axe-clean (WCAG 2.1 A/AA). And the coordinator's pages, once.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Browser } from 'playwright-core';
import { startTestServer, type TestServer } from '../src/test-support/server.ts';
import { CheckedPage, launchBrowser, newPage } from './browser.ts';

const TENANT = '/exempelstad';

let server: TestServer;
let browser: Browser;

before(async () => {
  [server, browser] = await Promise.all([startTestServer(), launchBrowser()]);
});

after(async () => {
  await browser?.close();
  await server?.close();
});

async function findSupport(javaScriptEnabled: boolean): Promise<void> {
  const page = await newPage(browser, { javaScriptEnabled, baseURL: server.baseUrl });
  const journey = new CheckedPage(page);
  const text = async (selector: string) =>
    ((await page.locator(selector).first().textContent()) ?? '').replace(/\s+/g, ' ').trim();
  const footer = page.getByRole('contentinfo');

  // From a page of no municipality (the installation's first page, like My Pages): choose one.
  await journey.goto('/');
  await journey.navigate(
    () => footer.getByRole('link', { name: 'Få hjälp' }).click(),
    `${server.baseUrl}/hjalp`,
  );
  assert.equal(await text('h1'), 'Få hjälp');
  await journey.navigate(
    () => page.getByRole('link', { name: 'Exempelstads kommun' }).click(),
    `${server.baseUrl}${TENANT}/hjalp`,
  );
  assert.equal(await text('h1'), 'Få hjälp');
  assert.ok(await page.getByRole('link', { name: 'Sök bland frågor och svar' }).isVisible());
  await journey.navigate(() => page.getByRole('link', { name: 'Hitta digitalt stöd nära dig' }).click());
  assert.equal(await text('h1'), 'Hjälp att komma igång digitalt');
  assert.match(await text('#result-count'), /^9 av 9 erbjudanden visas/);

  await page.getByLabel('Vem är stödet för?').selectOption({ label: 'Äldre' });
  await page.getByLabel('Var?').selectOption('Norrby');
  await journey.navigate(
    () => page.getByRole('button', { name: 'Visa stöd' }).click(),
    /\/exempelstad\/digital-hjalp\?malgrupp=aldre&plats=Norrby&kanal=$/,
  );
  assert.match(await text('#result-count'), /^3 av 9 erbjudanden visas/);
  const names = (await page.locator('.offer h2').allTextContents()).map((name) => name.trim());
  assert.deepEqual(names, [
    'Boka en bibliotekarie i Norrby',
    'IT-jouren på telefon',
    'Surfcafé för seniorer i Norrby',
  ]);
  assert.equal(await page.getByLabel('Vem är stödet för?').inputValue(), 'aldre');

  await journey.navigate(() => page.getByRole('link', { name: 'Surfcafé för seniorer i Norrby' }).click());
  assert.equal(await text('h1'), 'Surfcafé för seniorer i Norrby');
  assert.match(await text('main'), /Måndagar 10–12/);
  assert.doesNotMatch(await text('main'), /Bo Ek/, 'the contact person is not shown');

  await journey.navigate(() => footer.getByRole('link', { name: 'Kontakt' }).click());
  assert.equal(await text('h1'), 'Kontakta oss');
  assert.match(await text('main'), /08-465 004 10/);
  await journey.navigate(() => footer.getByRole('link', { name: 'Tillgänglighet' }).click());
  assert.equal(await text('h1'), 'Tillgänglighetsredogörelse');
  journey.assertEveryPageChecked();
  await page.context().close();
}

/**
 * The coordinator's pages (script-free): offers, a refused offer, the supply matrix, a refused
 * interview; then, as the administrator she also is, the search synonyms and the contact details.
 */
async function coordinatorPages(): Promise<void> {
  const admin = `${TENANT}/handlaggning/admin/digital-stod`;
  const page = await newPage(browser, { javaScriptEnabled: false, baseURL: server.baseUrl });
  const journey = new CheckedPage(page);
  const text = async (selector: string) =>
    ((await page.locator(selector).first().textContent()) ?? '').replace(/\s+/g, ' ').trim();
  await journey.goto(`/handlaggning/logga-in?tillbaka=${encodeURIComponent(admin)}`);
  await journey.navigate(
    () =>
      page.getByRole('button', { name: 'Logga in med tillitsnivå 3 (som BankID) som Lena Strand' }).click(),
    new RegExp(`${admin}$`),
  );
  assert.equal(await text('h1'), 'Digitalt stöd');
  await journey.navigate(() => page.getByRole('link', { name: 'Lägg till ett erbjudande' }).click());
  await journey.navigate(() => page.getByRole('button', { name: 'Spara' }).click());
  assert.match(await page.title(), /^Fel: /);
  assert.match(await text('.error-summary'), /Fyll i namn på erbjudandet/);
  await journey.navigate(() => page.getByRole('link', { name: 'Utbudsmatris' }).first().click());
  assert.match(await text('.matrix-summary'), /Personer med funktionsnedsättning/);
  await journey.navigate(() => page.getByRole('link', { name: 'Behovsintervjuer' }).first().click());
  assert.match(await text('main'), /Sammanställning av 6 intervjuer/);
  await page.getByLabel('Kort anteckning (valfritt)').fill('Ring mig på 070-123 45 67');
  await journey.navigate(() => page.getByRole('button', { name: 'Spara intervjun' }).click());
  assert.match(await text('#note-error'), /Ta bort telefonnumret/);
  await searchSynonyms(journey);
  await contactDetails(journey);
  journey.assertEveryPageChecked();
  await page.context().close();
}

/** The search synonyms (admins): an empty form is refused in Swedish, then a synonym to an e-service is listed. */
async function searchSynonyms(journey: CheckedPage): Promise<void> {
  const { page } = journey;
  const text = async (selector: string) =>
    ((await page.locator(selector).first().textContent()) ?? '').replace(/\s+/g, ' ').trim();
  const synonyms = `${TENANT}/handlaggning/admin/synonymer`;
  await journey.goto(synonyms);
  assert.equal(await text('h1'), 'Synonymer för sökningen');
  await journey.navigate(() => page.getByRole('button', { name: 'Lägg till synonymen' }).click());
  assert.match(await page.title(), /^Fel: /);
  assert.match(await text('.error-summary'), /Skriv ett ord eller uttryck med minst två tecken/);
  assert.match(await text('.error-summary'), /Välj en e-tjänst eller skriv ord som betyder samma sak/);
  assert.match(await text('#phrase-error'), /Skriv ett ord eller uttryck med minst två tecken/);
  assert.match(await text('#serviceId-error'), /Välj en e-tjänst eller skriv ord som betyder samma sak/);

  await page.getByLabel('Ord eller uttryck som invånare använder').fill('Bygga skärmtak');
  await page.getByLabel('E-tjänst').selectOption({ label: 'Ansökan om bygglov för garage eller carport' });
  await journey.navigate(
    () => page.getByRole('button', { name: 'Lägg till synonymen' }).click(),
    new RegExp(`${synonyms}\\?klart=tillagd$`),
  );
  assert.match(await text('main'), /Synonymen har lagts till/);
  const row = page
    .getByRole('row')
    .filter({ has: page.getByRole('rowheader', { name: 'bygga skärmtak', exact: true }) });
  assert.equal(await row.count(), 1);
  assert.match((await row.textContent()) ?? '', /Ansökan om bygglov för garage eller carport/);
}

/** The contact details (admins): a malformed e-mail is refused next to the field; valid ones reach the contact page. */
async function contactDetails(journey: CheckedPage): Promise<void> {
  const { page } = journey;
  const text = async (selector: string) =>
    ((await page.locator(selector).first().textContent()) ?? '').replace(/\s+/g, ' ').trim();
  const contact = `${TENANT}/handlaggning/admin/kontakt`;
  await journey.goto(contact);
  assert.equal(await text('h1'), 'Kontaktuppgifter');
  await page.getByLabel('E-post').fill('kundcenter.exempelstad.example');
  await journey.navigate(() => page.getByRole('button', { name: 'Spara' }).click());
  assert.match(await page.title(), /^Fel: /);
  assert.match(await text('#email-error'), /Ange en e-postadress i rätt format/);
  assert.match(await text('.error-summary'), /Ange en e-postadress i rätt format/);
  assert.equal(await page.getByLabel('E-post').inputValue(), 'kundcenter.exempelstad.example');

  await page.getByLabel('E-post').fill('kundcenter@exempelstad.example');
  await page.getByLabel('Telefon').fill('08-465 004 99');
  await journey.navigate(
    () => page.getByRole('button', { name: 'Spara' }).click(),
    new RegExp(`${contact}\\?klart=sparat$`),
  );
  assert.match(await text('main'), /Kontaktuppgifterna är sparade/);
  await journey.navigate(
    () => page.getByRole('link', { name: 'Se kontaktsidan' }).click(),
    new RegExp(`${TENANT}/kontakt$`),
  );
  assert.equal(await text('h1'), 'Kontakta oss');
  assert.match(await text('main'), /08-465 004 99/);
  assert.match(await text('main'), /kundcenter@exempelstad\.example/);
}

describe('a resident finds digital support near them by target group', () => {
  test('with JavaScript', () => findSupport(true));
  test('without JavaScript', () => findSupport(false));
  test('the coordinator’s pages', () => coordinatorPages());
});
