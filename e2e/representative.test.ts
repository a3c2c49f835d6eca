/**
 * A guardian files for her child (issue #13): Anna logs in, switches to acting for Elsa on My Pages,
 * applies for school transport for her and sees it among Elsa's cases, with the "acting for"
 * banner on every page and the way back to herself — with and without JavaScript, every page
 * axe-clean.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { startTestServer, type TestServer } from '../src/test-support/server.ts';
import {
  CheckedPage,
  launchBrowser,
  logInToMyPages,
  newPage,
  openMyPagesFromMenu,
  textOf,
} from './browser.ts';

const SERVICE = '/exempelstad/e-tjanster/skolskjuts';
const STEP = (id: string) => new RegExp(`${SERVICE}/utkast/[^/]+/steg/${id}$`);

let server: TestServer;
let browser: Browser;

before(async () => {
  [server, browser] = await Promise.all([startTestServer(), launchBrowser()]);
});

after(async () => {
  await browser?.close();
  await server?.close();
});

const continueButton = (page: Page) => page.getByRole('button', { name: 'Fortsätt', exact: true });

async function logInAsAnnaAndActForElsa(journey: CheckedPage): Promise<void> {
  const { page } = journey;
  await logInToMyPages(journey, 'Anna Andersson');
  const switcher = page.getByRole('group', { name: 'Vem vill du agera för?' });
  await switcher.getByLabel('Elsa Andersson (vårdnadshavare)').check();
  await journey.navigate(
    () => page.getByRole('button', { name: 'Byt', exact: true }).click(),
    /\/mina-sidor$/,
  );
  assert.equal(await textOf(page, '.acting-banner strong'), 'Du agerar för Elsa Andersson');
}

async function fileForElsa(journey: CheckedPage): Promise<string> {
  const { page } = journey;
  await journey.goto(SERVICE);
  await journey.navigate(
    () => page.getByRole('button', { name: 'Starta e-tjänsten' }).click(),
    STEP('child'),
  );
  assert.equal(await textOf(page, '.acting-banner strong'), 'Du agerar för Elsa Andersson');
  await page.getByLabel('Barnets personnummer').fill('201601022385');
  await page.getByLabel('Barnets namn').fill('Elsa Andersson');
  await page.getByLabel('Skola').selectOption({ label: 'Ekbackens skola' });
  await page.getByLabel('Årskurs').selectOption({ label: 'Årskurs 3' });
  await journey.navigate(() => continueButton(page).click(), STEP('need'));
  await page.getByLabel('Avstånd mellan hemmet och skolan').fill('4,5');
  await page.getByLabel('Det är långt till skolan').check();
  await page
    .getByRole('group', { name: 'Har barnet särskilda behov under resan?' })
    .getByLabel('Nej', { exact: true })
    .check();
  await journey.navigate(() => continueButton(page).click(), STEP('contact'));
  await page.getByLabel('E-postadress').fill('anna.andersson@example.se');
  await page.getByLabel('Telefonnummer').fill('070-123 45 67');
  const address = page.getByRole('group', { name: 'Adress där barnet bor' });
  await address.getByLabel('Gatuadress').fill('Björkvägen 7');
  await address.getByLabel('Postnummer').fill('123 45');
  await address.getByLabel('Ort').fill('Exempelstad');
  await journey.navigate(() => continueButton(page).click(), /\/granska$/);
  await journey.navigate(() => page.getByRole('button', { name: 'Skicka in' }).click(), /\/kvitto$/);
  const reference = await textOf(page, '.reference');
  assert.match(reference, /^EXS-\d{4}-\d{6}$/);
  return reference;
}

async function seeItAndGoBack(journey: CheckedPage, reference: string): Promise<void> {
  const { page } = journey;
  await openMyPagesFromMenu(journey);
  const card = page.locator('li.card', { hasText: reference });
  assert.equal(await card.count(), 1, 'Elsa’s new case is listed while Anna acts for her');
  await journey.navigate(
    () => card.getByRole('link', { name: 'Ansökan om skolskjuts' }).click(),
    new RegExp(`/mina-sidor/arenden/${reference}$`),
  );
  assert.match(await textOf(page, 'main'), /registrerat av Anna Andersson/);
  assert.match(await textOf(page, 'ol.timeline'), /Anna Andersson \(vårdnadshavare\)/);
  await journey.navigate(
    () => page.getByRole('button', { name: 'Agera som mig själv' }).click(),
    /\/mina-sidor$/,
  );
  assert.equal(await page.locator('.acting-banner').count(), 0, 'back to acting as herself');
  assert.equal(await page.locator('li.card', { hasText: reference }).count(), 0, 'not Anna’s own case');
}

/** Anna's own Ombud page: her children's guardianship listed, and a refused appointment's errors. */
async function ombudPage(journey: CheckedPage): Promise<void> {
  const { page } = journey;
  await journey.navigate(
    () => page.getByRole('link', { name: 'Ombud – ge någon rätt att agera för dig' }).click(),
    /\/mina-sidor\/ombud$/,
  );
  assert.equal(await textOf(page, 'h1'), 'Ombud');
  await page.getByLabel('Ombudets personnummer').fill('19790101-2399');
  await journey.navigate(
    () => page.getByRole('button', { name: 'Lägg till ombud' }).click(),
    /\/mina-sidor\/ombud$/,
  );
  assert.match(await page.title(), /^Fel: /);
  assert.match(await textOf(page, '.error-summary'), /Ange ett giltigt personnummer/);
  assert.match(await textOf(page, '#personalIdentityNumber-error'), /Ange ett giltigt personnummer/);
}

async function guardianJourney(javaScriptEnabled: boolean): Promise<void> {
  const page = await newPage(browser, { javaScriptEnabled, baseURL: server.baseUrl });
  const journey = new CheckedPage(page);
  try {
    await logInAsAnnaAndActForElsa(journey);
    const reference = await fileForElsa(journey);
    await seeItAndGoBack(journey, reference);
    await ombudPage(journey);
    journey.assertEveryPageChecked();
  } finally {
    await page.context().close();
  }
}

describe('a guardian files for her child', () => {
  test('with JavaScript', () => guardianJourney(true));
  test('without JavaScript', () => guardianJourney(false));
});
