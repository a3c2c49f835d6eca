/**
 * API clients in a real browser (issue #12), with JavaScript on and off: the administrator opens
 * API-klienter, sends the empty form (refused, with the errors in the summary and beside the
 * fields), registers a system, sees its secret once, goes back to the list and revokes it. Every
 * page on the way is axe-clean (WCAG 2.1 A/AA).
 */
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import type { Browser } from 'playwright-core';
import { startTestServer, type TestServer } from '../src/test-support/server.ts';
import { CheckedPage, launchBrowser, newPage } from './browser.ts';

const API_CLIENTS = '/exempelstad/handlaggning/admin/api-klienter';

let server: TestServer;
let browser: Browser;

before(async () => {
  [server, browser] = await Promise.all([startTestServer(), launchBrowser()]);
});

after(async () => {
  await browser?.close();
  await server?.close();
});

const textOf = async (journey: CheckedPage, selector: string) =>
  ((await journey.page.locator(selector).first().textContent()) ?? '').replace(/\s+/g, ' ').trim();

async function apiClientJourney(javaScriptEnabled: boolean): Promise<void> {
  const page = await newPage(browser, { javaScriptEnabled, baseURL: server.baseUrl });
  const journey = new CheckedPage(page);
  try {
    await journey.goto(`/handlaggning/logga-in?tillbaka=${encodeURIComponent(API_CLIENTS)}`);
    await journey.navigate(
      () =>
        page.getByRole('button', { name: 'Logga in med tillitsnivå 3 (som BankID) som Lena Strand' }).click(),
      new RegExp(`${API_CLIENTS}$`),
    );
    assert.equal(await textOf(journey, 'h1'), 'API-klienter');
    const navLink = page
      .getByRole('navigation', { name: 'Administration' })
      .getByRole('link', { name: 'API-klienter' });
    assert.equal(await navLink.getAttribute('aria-current'), 'page');

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
    journey.assertEveryPageChecked();
  } finally {
    await page.context().close();
  }
}

describe('the administrator registers and revokes an API client', () => {
  test('with JavaScript', () => apiClientJourney(true));
  test('without JavaScript', () => apiClientJourney(false));
});
