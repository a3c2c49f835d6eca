/**
 * The knowledge base in a real browser (issue #13), every page axe-clean (WCAG 2.1 A/AA): a
 * resident without JavaScript searches Frågor och svar in their own words, opens an answer and finds
 * the answers on an e-service's start page; the customer centre searches while on the phone and
 * reads the whole answer; an administrator writes a new answer (once refused with its errors).
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { startTestServer, type TestServer } from '../src/test-support/server.ts';
import { CheckedPage, launchBrowser, newPage } from './browser.ts';

const STAFF_BASE = '/exempelstad/handlaggning/fragor-och-svar';

let server: TestServer;
let browser: Browser;

before(async () => {
  [server, browser] = await Promise.all([startTestServer(), launchBrowser()]);
});

after(async () => {
  await browser?.close();
  await server?.close();
});

const mainText = async (page: Page) =>
  ((await page.locator('main').textContent()) ?? '').replace(/\s+/g, ' ');

test('a resident without JavaScript searches in their own words, reads an answer and finds answers on an e-service', async () => {
  const page = await newPage(browser, { javaScriptEnabled: false, baseURL: server.baseUrl });
  const journey = new CheckedPage(page);
  try {
    await journey.goto('/exempelstad/fragor-och-svar');
    assert.equal(await page.locator('h1').textContent(), 'Frågor och svar');
    await page.getByLabel('Vad undrar du över?').fill('skolbussen dök aldrig upp idag');
    await journey.navigate(() => page.getByRole('button', { name: 'Sök' }).click(), /\?q=/);
    assert.equal(await page.locator('h1').textContent(), 'Svar på ”skolbussen dök aldrig upp idag”');
    await journey.navigate(
      () => page.getByRole('link', { name: 'Skolbussen kom inte i morse. Vem ska jag ringa?' }).click(),
      /\/fragor-och-svar\/[0-9a-f-]{36}$/,
    );
    assert.match(await mainText(page), /Ring trafikbolagets kundtjänst/);

    await journey.goto('/exempelstad/e-tjanster/skolskjuts');
    assert.match(await mainText(page), /Har mitt barn rätt till skolskjuts\?/);
    await page.getByLabel(/^Sök bland svaren om /).fill('byta skola');
    await journey.navigate(
      () =>
        page
          .getByRole('region', { name: /^Frågor och svar om / })
          .getByRole('button', { name: 'Sök' })
          .click(),
      /tjanst=skolskjuts/,
    );
    assert.match(await mainText(page), /Mitt barn ska byta skola/);
    journey.assertEveryPageChecked();
  } finally {
    await page.context().close();
  }
});

/** Logs in through the development IdP's staff realm as `name`, landing on the staff knowledge base. */
async function staffLogin(journey: CheckedPage, name: string): Promise<void> {
  await journey.goto(`/handlaggning/logga-in?tillbaka=${encodeURIComponent(STAFF_BASE)}`);
  await journey.navigate(
    () =>
      journey.page
        .getByRole('button', { name: `Logga in med tillitsnivå 3 (som BankID) som ${name}` })
        .click(),
    new RegExp(`${STAFF_BASE}$`),
  );
}

test('the customer centre reads an answer out on the phone; an administrator writes a new one', async () => {
  const agentPage = await newPage(browser, { baseURL: server.baseUrl });
  const agent = new CheckedPage(agentPage);
  try {
    await staffLogin(agent, 'Sara Holm');
    assert.equal(await agentPage.locator('h1').textContent(), 'Frågor och svar');
    await agentPage.getByLabel('Sök i kunskapsbanken').fill('soptunnan har inte tömts');
    await agent.navigate(() => agentPage.getByRole('button', { name: 'Sök' }).click(), /\?q=/);
    const best = agentPage.locator('section ol.card-list > li').first();
    assert.match(
      (await best.textContent()) ?? '',
      /När töms sopkärlet[\s\S]*Hushållsavfall hämtas varannan vecka/,
    );
    agent.assertEveryPageChecked();
  } finally {
    await agentPage.context().close();
  }

  const adminPage = await newPage(browser, { baseURL: server.baseUrl });
  const admin = new CheckedPage(adminPage);
  try {
    await staffLogin(admin, 'Lena Strand');
    await admin.navigate(() => adminPage.getByRole('link', { name: 'Nytt svar' }).click(), /\/ny$/);
    await admin.navigate(() => adminPage.getByRole('button', { name: 'Spara svaret' }).click());
    assert.match(await adminPage.title(), /^Fel: /);
    assert.match((await adminPage.locator('.error-summary').textContent()) ?? '', /Skriv frågan/);
    await adminPage.getByLabel('Fråga', { exact: true }).fill('Får jag elda trädgårdsavfall på tomten?');
    await adminPage
      .getByLabel('Svar', { exact: true })
      .fill(
        'Nej, inom detaljplanerat område får du inte elda trädgårdsavfall.\n\nLämna det på återvinningscentralen.',
      );
    await adminPage.getByLabel('Ämne', { exact: true }).fill('Avfall och återvinning');
    await adminPage.getByLabel('Ansvarig enhet').selectOption({ label: 'Kundcenter' });
    await admin.navigate(
      () => adminPage.getByRole('button', { name: 'Spara svaret' }).click(),
      /fragor-och-svar\/[0-9a-f-]{36}\?klart=skapat$/,
    );
    assert.equal(await adminPage.locator('h1').textContent(), 'Får jag elda trädgårdsavfall på tomten?');
    await admin.navigate(() => adminPage.getByRole('link', { name: 'Så ser invånarna svaret' }).click());
    assert.match(await mainText(adminPage), /Lämna det på återvinningscentralen/);
    admin.assertEveryPageChecked();
  } finally {
    await adminPage.context().close();
  }
});
