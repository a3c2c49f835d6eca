/**
 * The administrator's pages and the development mailbox in a real browser, with JavaScript on and
 * off: the admin logs in through the staff realm, walks the organisation, staff and audit pages,
 * creates a unit (once with a mistake), registers an API client (issue #12: the empty form refused
 * with its errors, the secret shown once, the client revoked), and every page on the way is
 * axe-clean (WCAG 2.1 A/AA). The data protection officer reads the record of processing and the
 * data inventory and keeps their contact details; a resident opens a privacy notice (issue #14).
 */
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import type { Browser } from 'playwright-core';
import { startTestServer, type TestServer } from '../src/test-support/server.ts';
import { CheckedPage, launchBrowser, newPage, textOf } from './browser.ts';

const ADMIN = '/exempelstad/handlaggning/admin';

let server: TestServer;
let browser: Browser;

before(async () => {
  [server, browser] = await Promise.all([startTestServer(), launchBrowser()]);
});

after(async () => {
  await browser?.close();
  await server?.close();
});

async function adminJourney(javaScriptEnabled: boolean): Promise<void> {
  const page = await newPage(browser, { javaScriptEnabled, baseURL: server.baseUrl });
  const journey = new CheckedPage(page);
  await journey.goto(`/handlaggning/logga-in?tillbaka=${encodeURIComponent(`${ADMIN}`)}`);
  assert.equal(await page.locator('h1').first().textContent(), 'Testinloggning');
  await journey.navigate(
    () =>
      page.getByRole('button', { name: 'Logga in med tillitsnivå 3 (som BankID) som Lena Strand' }).click(),
    new RegExp(`${ADMIN}$`),
  );
  assert.equal(await page.locator('h1').textContent(), 'Enheter och ärendetyper');
  assert.match((await page.locator('main').textContent()) ?? '', /Skolskjutsenheten/);

  // A unit without a name is refused next to the field and in the summary, then created.
  const unitName = javaScriptEnabled ? 'Miljöenheten' : 'Kulturenheten';
  await journey.navigate(() => page.getByRole('button', { name: 'Skapa enheten' }).click());
  assert.match(await page.title(), /^Fel: /);
  assert.ok(await page.locator('.error-summary').isVisible());
  await page.getByLabel('Enhetens namn').fill(unitName);
  await journey.navigate(() => page.getByRole('button', { name: 'Skapa enheten' }).click());
  assert.match((await page.locator('main').textContent()) ?? '', new RegExp(unitName));

  await journey.navigate(() => page.getByRole('link', { name: 'Personal', exact: true }).first().click());
  assert.equal(await page.locator('h1').textContent(), 'Personal');
  assert.match((await page.locator('main').textContent()) ?? '', /Karin Berg/);

  await journey.navigate(() => page.getByRole('link', { name: 'Logg', exact: true }).first().click());
  assert.equal(await page.locator('h1').textContent(), 'Logg');
  await page.getByLabel('Personnummer').fill('19670129-2846');
  await journey.navigate(() => page.getByRole('button', { name: 'Visa logg' }).click());
  assert.match((await page.locator('main').textContent()) ?? '', /Logg för personnummer/);

  await apiClientSteps(journey);
  // Webhooks (issue #12): the list and the registration form, beside the API clients.
  await journey.navigate(() =>
    page.getByRole('navigation', { name: 'Administration' }).getByRole('link', { name: 'Webhooks' }).click(),
  );
  assert.equal(await page.locator('h1').textContent(), 'Webhooks');
  // Gallring (issue #14): what falls due when, what was done lately, the rules per e-service.
  await journey.navigate(() =>
    page.getByRole('navigation', { name: 'Administration' }).getByRole('link', { name: 'Gallring' }).click(),
  );
  assert.equal(await page.locator('h1').textContent(), 'Gallring');
  assert.match((await page.locator('main').textContent()) ?? '', /Regler per e-tjänst.*Gallras/s);
  // The API's reference page (issue #12), rendered from the OpenAPI document without scripts.
  await journey.goto('/api/v1/reference');
  assert.equal(await page.locator('h1').textContent(), 'API-referens');

  await journey.goto('/dev-mail');
  assert.equal(await page.locator('h1').textContent(), 'Utvecklingsbrevlåda');
  journey.assertEveryPageChecked();
  await page.context().close();
}

/** API-klienter from the admin menu: the empty form is refused, a client is registered, then revoked. */
async function apiClientSteps(journey: CheckedPage): Promise<void> {
  const { page } = journey;
  const nav = page.getByRole('navigation', { name: 'Administration' });
  await journey.navigate(() => nav.getByRole('link', { name: 'API-klienter' }).click());
  assert.equal(await textOf(journey.page, 'h1'), 'API-klienter');
  assert.equal(await nav.getByRole('link', { name: 'API-klienter' }).getAttribute('aria-current'), 'page');

  const register = () => page.getByRole('button', { name: 'Registrera och skapa hemlighet' }).click();
  await journey.navigate(register);
  assert.match(await page.title(), /^Fel: /);
  const summary = await textOf(journey.page, '.error-summary');
  assert.match(summary, /Ange systemets namn/);
  assert.match(summary, /Välj minst en behörighet/);
  assert.match(await textOf(journey.page, '#scopes-error'), /Välj minst en behörighet/);

  const name = `Ekonomisystemet ${crypto.randomBytes(3).toString('hex')}`;
  await page.getByLabel('Systemets namn').fill(name);
  await page.getByLabel('Läsa ärenden, historik och filer').check();
  await page.getByRole('group', { name: 'Enheter' }).getByLabel('Skolskjutsenheten').check();
  await journey.navigate(register);
  assert.equal(await textOf(journey.page, 'h1'), `API-klienten ${name} är registrerad`);
  assert.match(await textOf(journey.page, 'code.secret'), /^ingsk_[A-Za-z0-9_-]{20,}$/);

  await journey.navigate(() => page.getByRole('link', { name: 'Tillbaka till API-klienterna' }).click());
  const row = page.getByRole('row', { name: new RegExp(name) });
  assert.match((await row.textContent()) ?? '', /Aktiv/);
  await journey.navigate(
    () => page.getByRole('button', { name: `Återkalla ${name}` }).click(),
    /\?klart=aterkallad$/,
  );
  assert.match(await textOf(journey.page, '.notice'), /API-klienten är återkallad/);
  assert.match((await row.textContent()) ?? '', /Återkallad/);
}

const LEVEL_3 = (name: string) => `Logga in med tillitsnivå 3 (som BankID) som ${name}`;

/** Issue #14: the data protection officer reads the record and inventory and keeps their contact. */
async function dataProtectionSteps(journey: CheckedPage): Promise<void> {
  const { page } = journey;
  const record = '/exempelstad/handlaggning/dataskydd';
  await journey.goto(`/handlaggning/logga-in?tillbaka=${encodeURIComponent(record)}`);
  await journey.navigate(
    () => page.getByRole('button', { name: LEVEL_3('Eva Lund') }).click(),
    /\/dataskydd$/,
  );
  assert.equal(await textOf(journey.page, 'h1'), 'Registerförteckning');
  const main = await textOf(journey.page, 'main');
  assert.match(main, /Skolskjutsenheten \(handläggande enhet\)/);
  assert.match(main, /Barn \(härlett från Barnets personnummer\)/);
  assert.match(main, /10 år efter att ärendet avslutats/);

  const nav = page.getByRole('navigation', { name: 'Dataskydd' });
  await journey.navigate(
    () => nav.getByRole('link', { name: 'Datainventering' }).click(),
    /datainventering$/,
  );
  assert.equal(await textOf(journey.page, 'h1'), 'Datainventering');
  assert.match(await textOf(journey.page, 'main'), /childPersonalIdentityNumber/);

  await journey.navigate(
    () => nav.getByRole('link', { name: 'Dataskyddsombud' }).click(),
    /dataskyddsombud$/,
  );
  const email = page.getByLabel('E-postadress');
  const saved = await email.inputValue();
  await email.fill('');
  await journey.navigate(() => page.getByRole('button', { name: 'Spara' }).click());
  assert.match(await page.title(), /^Fel: /);
  assert.match(await textOf(journey.page, '.error-summary'), /Ange dataskyddsombudets e-postadress/);
  await email.fill(saved);
  await journey.navigate(() => page.getByRole('button', { name: 'Spara' }).click(), /\?klart=sparat$/);
  assert.match(await textOf(journey.page, '.notice'), /kontaktuppgifter är sparade/);

  // What is due for disposal, and who read a person's cases: the administration's menu offers the
  // officer those two pages and the data protection pages, and nothing else.
  const admin = page.getByRole('navigation', { name: 'Administration' });
  assert.deepEqual(await admin.getByRole('link').allTextContents(), ['Logg', 'Dataskydd', 'Gallring']);
  await journey.navigate(() => admin.getByRole('link', { name: 'Gallring' }).click(), /\/admin\/gallring$/);
  assert.equal(await textOf(journey.page, 'h1'), 'Gallring');
  assert.match(await textOf(journey.page, 'main'), /Ansökan om skolskjuts\d+3 årGallras/);
  await journey.navigate(() => admin.getByRole('link', { name: 'Logg' }).click(), /\/admin\/logg$/);
  await page.getByLabel('Personnummer').fill('19850101-2382');
  await journey.navigate(() => page.getByRole('button', { name: 'Visa logg' }).click(), /personnummer=/);
  assert.match(await textOf(journey.page, 'main'), /Logg för personnummer 19850101-?2382/);
}

/** A resident opens the privacy notice from the first step of school transport (issue #14). */
async function privacyNoticeSteps(journey: CheckedPage): Promise<void> {
  const { page } = journey;
  await journey.goto('/exempelstad/e-tjanster/skolskjuts');
  await journey.navigate(() => page.getByRole('button', { name: 'Starta e-tjänsten' }).click());
  await journey.navigate(() => page.getByRole('button', { name: LEVEL_3('Anna Andersson') }).click());
  await journey.navigate(
    () => page.getByRole('button', { name: 'Starta e-tjänsten' }).click(),
    /\/steg\/child$/,
  );
  await journey.navigate(
    () => page.getByRole('link', { name: 'Så behandlar vi dina personuppgifter' }).click(),
    /\/skolskjuts\/personuppgifter$/,
  );
  assert.equal(await textOf(journey.page, 'h1'), 'Så behandlar vi dina personuppgifter');
  const main = await textOf(journey.page, 'main');
  assert.match(main, /Exempelstads kommun är personuppgiftsansvarig/);
  assert.match(main, /dataskyddsombud@exempelstad\.example/);
  assert.match(main, /Vi sparar uppgifterna 3 år efter att ärendet avslutats/);
  assert.match(main, /Integritetsskyddsmyndigheten \(IMY\)/);
}

async function privacyJourney(): Promise<void> {
  for (const steps of [dataProtectionSteps, privacyNoticeSteps]) {
    const page = await newPage(browser, { javaScriptEnabled: false, baseURL: server.baseUrl });
    const journey = new CheckedPage(page);
    await steps(journey);
    journey.assertEveryPageChecked();
    await page.context().close();
  }
}

describe('data protection: the record of processing and a privacy notice', () => {
  test('without JavaScript', () => privacyJourney());
});

describe('administration and the development mailbox', () => {
  test('with JavaScript', () => adminJourney(true));
  test('without JavaScript', () => adminJourney(false));
});
