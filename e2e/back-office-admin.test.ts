/**
 * The administrator's pages and the development mailbox in a real browser, with JavaScript on and
 * off: the admin logs in through the staff realm, walks the organisation, staff and audit pages,
 * creates a unit (once with a mistake), registers an API client (issue #12: the empty form refused
 * with its errors, the secret shown once, the client revoked), and every page on the way is
 * axe-clean (WCAG 2.1 A/AA).
 */
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import type { Browser } from 'playwright-core';
import { startTestServer, type TestServer } from '../src/test-support/server.ts';
import { CheckedPage, launchBrowser, newPage } from './browser.ts';

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

const textOf = async (journey: CheckedPage, selector: string) =>
  ((await journey.page.locator(selector).first().textContent()) ?? '').replace(/\s+/g, ' ').trim();

/** API-klienter from the admin menu: the empty form is refused, a client is registered, then revoked. */
async function apiClientSteps(journey: CheckedPage): Promise<void> {
  const { page } = journey;
  const nav = page.getByRole('navigation', { name: 'Administration' });
  await journey.navigate(() => nav.getByRole('link', { name: 'API-klienter' }).click());
  assert.equal(await textOf(journey, 'h1'), 'API-klienter');
  assert.equal(await nav.getByRole('link', { name: 'API-klienter' }).getAttribute('aria-current'), 'page');

  const register = () => page.getByRole('button', { name: 'Registrera och skapa hemlighet' }).click();
  await journey.navigate(register);
  assert.match(await page.title(), /^Fel: /);
  const summary = await textOf(journey, '.error-summary');
  assert.match(summary, /Ange systemets namn/);
  assert.match(summary, /Välj minst en behörighet/);
  assert.match(await textOf(journey, '#scopes-error'), /Välj minst en behörighet/);

  const name = `Ekonomisystemet ${crypto.randomBytes(3).toString('hex')}`;
  await page.getByLabel('Systemets namn').fill(name);
  await page.getByLabel('Läsa ärenden, historik och filer').check();
  await page.getByRole('group', { name: 'Enheter' }).getByLabel('Skolskjutsenheten').check();
  await journey.navigate(register);
  assert.equal(await textOf(journey, 'h1'), `API-klienten ${name} är registrerad`);
  assert.match(await textOf(journey, 'code.secret'), /^ingsk_[A-Za-z0-9_-]{20,}$/);

  await journey.navigate(() => page.getByRole('link', { name: 'Tillbaka till API-klienterna' }).click());
  const row = page.getByRole('row', { name: new RegExp(name) });
  assert.match((await row.textContent()) ?? '', /Aktiv/);
  await journey.navigate(
    () => page.getByRole('button', { name: `Återkalla ${name}` }).click(),
    /\?klart=aterkallad$/,
  );
  assert.match(await textOf(journey, '.notice'), /API-klienten är återkallad/);
  assert.match((await row.textContent()) ?? '', /Återkallad/);
}

describe('administration and the development mailbox', () => {
  test('with JavaScript', () => adminJourney(true));
  test('without JavaScript', () => adminJourney(false));
});
