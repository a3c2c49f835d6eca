/**
 * The customer centre in a real browser (issue #13): Sara Holm looks up Margit Lindqvist by
 * personnummer, registers a phone call as a färdtjänst case for her (first without consent, which
 * is refused next to the field and in the summary), reads her cases (färdtjänst is confidential:
 * only the unit to contact), answers her question from Frågor och svar and closes that contact
 * with a category, and opens the statistics;
 * then Margit logs in with e-ID and finds the case on My Pages. The registration runs once more
 * with JavaScript off. Every page is axe-clean (WCAG 2.1 A/AA).
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Browser } from 'playwright-core';
import { startTestServer, type TestServer } from '../src/test-support/server.ts';
import { CheckedPage, launchBrowser, logInToMyPages, newPage, textOf } from './browser.ts';

const CENTRE = '/exempelstad/handlaggning/kundcenter';
const LEVEL_3 = (name: string) => `Logga in med tillitsnivå 3 (som BankID) som ${name}`;

let server: TestServer;
let browser: Browser;

before(async () => {
  [server, browser] = await Promise.all([startTestServer(), launchBrowser()]);
});

after(async () => {
  await browser?.close();
  await server?.close();
});

/** Sara logs in through the staff realm and searches for Margit. */
async function findMargit(journey: CheckedPage): Promise<void> {
  const { page } = journey;
  await journey.goto(`/handlaggning/logga-in?tillbaka=${encodeURIComponent(CENTRE)}`);
  await journey.navigate(
    () => page.getByRole('button', { name: LEVEL_3('Sara Holm') }).click(),
    /kundcenter$/,
  );
  assert.equal(await textOf(page, 'h1'), 'Kundcenter');
  await page.getByLabel('Personnummer').fill('19380102-9202');
  await journey.navigate(() => page.getByRole('button', { name: 'Sök', exact: true }).click());
}

/** Chooses färdtjänst and registers a call for Margit: refused without consent, then accepted. */
async function registerFardtjanst(journey: CheckedPage, channel: string): Promise<string> {
  const { page } = journey;
  // Nothing is chosen beforehand: continuing without a choice is an error at the choice.
  await journey.navigate(() => page.getByRole('button', { name: 'Fortsätt' }).click());
  assert.equal(await textOf(page, '.error-summary a[href="#tjanst"]'), 'Välj vilken e-tjänst ärendet gäller');
  await page.getByLabel('Ansökan om färdtjänst').check();
  await journey.navigate(() => page.getByRole('button', { name: 'Fortsätt' }).click());
  assert.equal(await textOf(page, 'h1'), 'Registrera ärende: Ansökan om färdtjänst');
  const names = page.locator('#ccGivenName');
  if (await names.count()) {
    await names.fill('Margit');
    await page.locator('#ccFamilyName').fill('Lindqvist');
  }
  await page
    .locator('#disabilityDescription')
    .fill('Kan inte gå till busshållplatsen efter en höftoperation.');
  await page.locator('input[name="disabilityDuration"][value="permanent"]').check();
  await page.locator('input[name="usesMobilityAids"][value="no"]').check();
  await page.locator('input[name="canTravelByBus"][value="no"]').check();
  await page.locator('input[name="needsCompanion"][value="no"]').check();
  await page.locator('input[name="hasMedicalCertificate"][value="no"]').check();
  await page.locator('#phone').fill('070-123 45 67');
  await page.locator('[id="address.street"]').fill('Storgatan 9');
  await page.locator('[id="address.postalCode"]').fill('123 45');
  await page.locator('[id="address.city"]').fill('Exempelstad');
  await page.locator('input[name="hasRepresentative"][value="no"]').check();
  await page.getByRole('group', { name: 'Hur kontaktade personen kundcenter?' }).getByLabel(channel).check();
  await page.getByLabel('Känd av personalen').check();
  const register = () => page.getByRole('button', { name: 'Registrera ärendet' }).click();
  await journey.navigate(register);
  assert.match(await page.title(), /^Fel: /);
  assert.match(await textOf(page, '.error-summary'), /Personen måste samtycka/);
  assert.match(await textOf(page, '#ccConsent-error'), /Personen måste samtycka/);
  await page.getByLabel('Personen samtycker').check();
  await journey.navigate(register, /registrerat\?arende=/);
  assert.equal(await textOf(page, 'h1'), 'Ärendet är registrerat');
  const reference = /([A-Z]+-\d{4}-\d{6})/.exec(await textOf(page, 'main'))?.[1];
  assert.ok(reference, 'the receipt gives the case number');
  return reference;
}

async function withJavaScript(): Promise<void> {
  const page = await newPage(browser, { javaScriptEnabled: true, baseURL: server.baseUrl });
  const journey = new CheckedPage(page);
  await findMargit(journey);
  const reference = await registerFardtjanst(journey, 'Telefon');

  // Her cases: färdtjänst is confidential, so only that a case exists and the unit to contact.
  await journey.navigate(() => page.getByRole('link', { name: 'Tillbaka till kundcenter' }).click());
  await page.getByLabel('Personnummer').fill('193801029202');
  await journey.navigate(() => page.getByRole('button', { name: 'Sök', exact: true }).click(), /personer\//);
  assert.equal(await textOf(page, 'h1'), 'Margit Lindqvist');
  const cases = await textOf(page, 'table');
  assert.match(cases, /Ärende med sekretess/);
  assert.doesNotMatch(cases, new RegExp(reference));

  // Margit also asks how to book a trip: Sara finds the answer in Frågor och svar.
  await page.getByLabel('Fråga').fill('Hur beställer jag en färdtjänstresa?');
  await journey.navigate(() => page.getByRole('button', { name: 'Sök i Frågor och svar' }).click(), /\?q=/);
  assert.match(await textOf(page, 'main'), /Hur beställer jag en färdtjänstresa\?/);

  // That question needed no case: the contact is closed with a category, no notes.
  await journey.navigate(() =>
    page
      .getByRole('navigation', { name: 'Handläggningens meny' })
      .getByRole('link', { name: 'Kundcenter' })
      .click(),
  );
  await journey.navigate(() => page.getByRole('link', { name: 'Avsluta en kontakt utan ärende' }).click());
  await journey.navigate(() => page.getByRole('button', { name: 'Avsluta kontakten' }).click());
  assert.match(await textOf(page, '.error-summary'), /Välj hur personen kontaktade kundcenter/);
  await page.getByRole('group', { name: 'Hur kontaktade personen kundcenter?' }).getByLabel('Besök').check();
  await page.getByLabel('Stöd och omsorg').check();
  await page.getByLabel('Besvarad med Frågor och svar').check();
  await journey.navigate(
    () => page.getByRole('button', { name: 'Avsluta kontakten' }).click(),
    /klart=kontakt/,
  );
  assert.match(await textOf(page, '.notice'), /Kontakten är avslutad/);

  await journey.navigate(() => page.getByRole('link', { name: 'Statistik över kontakter' }).click());
  // The demo's earlier contacts were all closed without a case: the phone case is the one registered.
  const totals = page.getByRole('table', { name: 'Summa per kanal' });
  const phone = totals.getByRole('row', { name: /Telefon/ }).locator('td');
  assert.equal((await phone.nth(1).textContent())?.trim(), '1');
  const visit = totals.getByRole('row', { name: /Besök/ }).locator('td');
  assert.ok(Number(await visit.first().textContent()) >= 1, 'the closed visit is counted');

  // Margit logs in with e-ID for the first time: the case Sara registered is on her My Pages.
  await journey.navigate(() => page.getByRole('button', { name: 'Logga ut' }).click());
  await logInToMyPages(journey, 'Margit Lindqvist');
  assert.match(await textOf(page, 'main'), new RegExp(reference));
  journey.assertEveryPageChecked();
  await page.context().close();
}

async function withoutJavaScript(): Promise<void> {
  const page = await newPage(browser, { javaScriptEnabled: false, baseURL: server.baseUrl });
  const journey = new CheckedPage(page);
  await findMargit(journey);
  await registerFardtjanst(journey, 'Brev');
  journey.assertEveryPageChecked();
  await page.context().close();
}

describe('the customer centre', () => {
  test(
    'with JavaScript: look up, register a phone case, read cases, close a contact, My Pages',
    withJavaScript,
  );
  test('without JavaScript: register a case', withoutJavaScript);
});
