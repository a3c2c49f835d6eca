/**
 * Felanmälan's error states, without JavaScript: every error page is axe-clean, and each error is
 * tied to its field so a screen reader announces it.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { startTestServer, type TestServer } from '../src/test-support/server.ts';
import { CheckedPage, launchBrowser, newPage } from './browser.ts';

let server: TestServer;
let browser: Browser;
let tempDir: string;

before(async () => {
  [server, browser] = await Promise.all([startTestServer(), launchBrowser()]);
  tempDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ingang-e2e-'));
});

after(async () => {
  await browser?.close();
  await server?.close();
  if (tempDir) fs.rmSync(tempDir, { recursive: true, force: true });
});

/** Runs `steps` on a fresh scripts-off page, checking every page, then closes it. */
async function withJourney(steps: (journey: CheckedPage, page: Page) => Promise<void>): Promise<void> {
  const page = await newPage(browser, { javaScriptEnabled: false, baseURL: server.baseUrl });
  const journey = new CheckedPage(page);
  try {
    await steps(journey, page);
    journey.assertEveryPageChecked();
  } finally {
    await page.context().close();
  }
}

const continueButton = (page: Page) => page.getByRole('button', { name: 'Fortsätt' });

/** Starts Felanmälan and answers the first step; leaves the page on step "where". */
async function toWhereStep(journey: CheckedPage, page: Page): Promise<void> {
  await journey.goto('/exempelstad/e-tjanster/felanmalan');
  await journey.navigate(
    () => page.getByRole('button', { name: 'Starta e-tjänsten' }).click(),
    /\/steg\/what$/,
  );
  await page.getByLabel('Klotter').check();
  await page.getByLabel('Beskriv felet').fill('Klotter på busskuren.');
  await journey.navigate(() => continueButton(page).click(), /\/steg\/where$/);
}

async function summaryHrefs(page: Page): Promise<string[]> {
  return page
    .locator('.error-summary a')
    .evaluateAll((links) => links.map((link) => link.getAttribute('href') ?? ''));
}

async function describedByIds(page: Page, id: string): Promise<string[]> {
  const value = await page.locator(`[id="${id}"]`).getAttribute('aria-describedby');
  return (value ?? '').split(/\s+/).filter(Boolean);
}

test('a too long description is reported at the field', () =>
  withJourney(async (journey, page) => {
    await journey.goto('/exempelstad/e-tjanster/felanmalan');
    await journey.navigate(
      () => page.getByRole('button', { name: 'Starta e-tjänsten' }).click(),
      /\/steg\/what$/,
    );
    await page.getByLabel('Klotter').check();
    await page.getByLabel('Beskriv felet').fill('x'.repeat(2001));
    await journey.navigate(() => continueButton(page).click(), /\/steg\/what$/);
    assert.deepEqual(await summaryHrefs(page), ['#description']);
    assert.match((await page.locator('#description-error').textContent()) ?? '', /2000/);
    assert.ok((await describedByIds(page, 'description')).includes('description-error'));
  }));

test('a file of the wrong type is refused with an error linked to the file input', () =>
  withJourney(async (journey, page) => {
    await toWhereStep(journey, page);
    const textFile = path.join(tempDir, 'anteckning.txt');
    fs.writeFileSync(textFile, 'inte en bild');
    await page.getByLabel('Adress eller plats').fill('Busskuren på Torget');
    await page.getByLabel('Bild på felet').setInputFiles(textFile);
    await journey.navigate(() => continueButton(page).click(), /\/steg\/where$/);
    assert.deepEqual(await summaryHrefs(page), ['#photos']);
    assert.match((await page.locator('.error-summary').textContent()) ?? '', /anteckning\.txt/);
  }));

test('the contact step requires an answer to "Vill du bli kontaktad?"', () =>
  withJourney(async (journey, page) => {
    await toWhereStep(journey, page);
    await page.getByLabel('Adress eller plats').fill('Busskuren på Torget');
    await journey.navigate(() => continueButton(page).click(), /\/steg\/contact$/);
    await journey.navigate(() => continueButton(page).click(), /\/steg\/contact$/);
    assert.deepEqual(await summaryHrefs(page), ['#wantsContact']);
    assert.ok((await page.locator('#wantsContact-error').textContent())?.includes('Vill du bli kontaktad?'));
  }));

test('a missing location is announced at the address input', () =>
  withJourney(async (journey, page) => {
    await toWhereStep(journey, page);
    await journey.navigate(() => continueButton(page).click(), /\/steg\/where$/);
    assert.deepEqual(await summaryHrefs(page), ['#location.address']);
    const ids = await describedByIds(page, 'location.address');
    assert.ok(ids.includes('location.address-error'), `aria-describedby="${ids.join(' ')}" names the error`);
    assert.ok(ids.includes('location-hint'), `aria-describedby="${ids.join(' ')}" names the field's help`);
  }));

test('coordinates outside the municipality are refused at the coordinates', () =>
  withJourney(async (journey, page) => {
    await toWhereStep(journey, page);
    await page.getByLabel('Adress eller plats').fill('Busskuren på Torget');
    await page.getByText('Ange koordinater').click();
    await page.getByLabel('Latitud').fill('57,7');
    await page.getByLabel('Longitud').fill('11,97');
    await journey.navigate(() => continueButton(page).click(), /\/steg\/where$/);
    assert.deepEqual(await summaryHrefs(page), ['#location.latitude']);
    assert.match(
      (await page.locator('[id="location.latitude-error"]').textContent()) ?? '',
      /Platsen ligger utanför Exempelstads kommun/,
    );
    assert.ok((await describedByIds(page, 'location.latitude')).includes('location.latitude-error'));
    assert.ok(await page.locator('[id="location.latitude"]').isVisible(), 'the coordinates are open');
  }));

test('"Ändra" on "Kontrollera dina svar" leads to the field itself', () =>
  withJourney(async (journey, page) => {
    await toWhereStep(journey, page);
    await page.getByLabel('Adress eller plats').fill('Busskuren på Torget');
    await journey.navigate(() => continueButton(page).click(), /\/steg\/contact$/);
    await page.getByLabel('Nej').check();
    await journey.navigate(() => continueButton(page).click(), /\/granska$/);
    const links = page.locator('main a[href*="?fran=granska#"]');
    const hrefs = await links.evaluateAll((anchors) =>
      anchors.map((anchor) => anchor.getAttribute('href') ?? ''),
    );
    assert.ok(hrefs.length >= 4, 'one change link per answer');
    const missing = [];
    for (const href of hrefs) {
      await journey.navigate(() => page.locator(`main a[href="${href}"]`).click());
      const id = href.slice(href.indexOf('#') + 1);
      if ((await page.locator(`[id="${id}"]`).count()) === 0)
        missing.push(href.slice(href.indexOf('/steg/')));
      await journey.navigate(() => page.goBack());
    }
    assert.deepEqual(missing, [], 'every change link targets an element on the step');
  }));

test('asking to be contacted without an email address or phone number is refused', () =>
  withJourney(async (journey, page) => {
    await toWhereStep(journey, page);
    await page.getByLabel('Adress eller plats').fill('Busskuren på Torget');
    await journey.navigate(() => continueButton(page).click(), /\/steg\/contact$/);
    await page.getByLabel('Ja').check();
    await journey.navigate(() => continueButton(page).click());
    assert.match(page.url(), /\/steg\/contact$/, 'stays on the contact step and asks for email or phone');
  }));
