/**
 * A resident applies for school transport for her child: she finds the e-service through a life
 * event, logs in with e-ID at level of assurance 3 (the development IdP), corrects a mistyped
 * personnummer, submits, and follows the case on My Pages — with and without JavaScript — and
 * every page on the way is axe-clean.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { startTestServer, type TestServer } from '../src/test-support/server.ts';
import { CheckedPage, launchBrowser, newPage, openMyPagesFromMenu, textOf } from './browser.ts';

const TENANT = '/exempelstad';
const SERVICE = `${TENANT}/e-tjanster/skolskjuts`;
const STEP = (id: string) => new RegExp(`${SERVICE}/utkast/[^/]+/steg/${id}$`);

const ANNA = { name: 'Anna Andersson', pin: '198501012382', formattedPin: '19850101-2382' };
/** Elsa's personnummer with the last digit wrong: fails the checksum. */
const BAD_CHILD_PIN = '201601022386';
const CHILD_PIN = '201601022385';
const CHILD_NAME = 'Elsa Andersson';
const SCHOOL = 'Ekbackens skola';
const GRADE = 'Årskurs 3';
const DISTANCE = '4,5';
const REASON = 'Det är långt till skolan';
const EMAIL = 'anna.andersson@example.se';
const PHONE = '070-123 45 67';
const STREET = 'Björkvägen 7';
const POSTAL_CODE = '123 45';
const CITY = 'Exempelstad';

let server: TestServer;
let browser: Browser;

before(async () => {
  [server, browser] = await Promise.all([startTestServer(), launchBrowser()]);
});

after(async () => {
  await browser?.close();
  await server?.close();
});

function continueButton(page: Page) {
  return page.getByRole('button', { name: 'Fortsätt', exact: true });
}

async function findService(journey: CheckedPage): Promise<void> {
  const { page } = journey;
  await journey.goto(`${TENANT}/`);
  await journey.navigate(
    () => page.getByRole('link', { name: 'Barn och skola', exact: true }).click(),
    `${TENANT}/livshandelser/barn-och-skola`,
  );
  assert.equal(await textOf(page, 'h1'), 'Barn och skola');
  await journey.navigate(
    () => page.getByRole('link', { name: 'Ansökan om skolskjuts' }).click(),
    new RegExp(`${SERVICE}$`),
  );
  assert.equal(await textOf(page, 'h1'), 'Ansökan om skolskjuts');
}

async function logInAtLevel3(journey: CheckedPage): Promise<void> {
  const { page } = journey;
  await journey.navigate(() => page.getByRole('button', { name: 'Starta e-tjänsten' }).click());
  assert.equal(await textOf(page, 'h1'), 'Testinloggning', 'starting a level 3 service asks for e-ID');
  const level3 = page.getByRole('button', {
    name: `Logga in med tillitsnivå 3 (som BankID) som ${ANNA.name}`,
  });
  assert.equal(
    await page.getByRole('button', { name: `Logga in med tillitsnivå 2 som ${ANNA.name}` }).count(),
    0,
    'level 2 is not offered for a service that requires level 3',
  );
  await journey.navigate(() => level3.click(), new RegExp(`${SERVICE}$`));
  assert.equal(await textOf(page, 'h1'), 'Ansökan om skolskjuts', 'login returns to the start page');
  assert.match(await textOf(page, '.signed-in'), new RegExp(ANNA.name));
}

async function fillChildStepWithBadPin(journey: CheckedPage): Promise<void> {
  const { page } = journey;
  await journey.navigate(
    () => page.getByRole('button', { name: 'Starta e-tjänsten' }).click(),
    STEP('child'),
  );
  assert.equal(await textOf(page, 'h1'), 'Om barnet');
  await page.getByLabel('Barnets personnummer').fill(BAD_CHILD_PIN);
  await page.getByLabel('Barnets namn').fill(CHILD_NAME);
  await page.getByLabel('Skola').selectOption({ label: SCHOOL });
  await page.getByLabel('Årskurs').selectOption({ label: GRADE });
  const stepUrl = page.url();
  await journey.navigate(() => continueButton(page).click(), stepUrl);

  assert.match(await page.title(), /^Fel: /, 'the title tells screen reader users there are errors');
  const summary = page.locator('.error-summary');
  assert.equal(await textOf(page, '.error-summary h2'), 'Det finns fel i formuläret');
  const hrefs = await summary
    .locator('a')
    .evaluateAll((links) => links.map((link) => link.getAttribute('href') ?? ''));
  assert.deepEqual(hrefs, ['#childPersonalIdentityNumber'], 'only the personnummer is wrong');
  const inline = page.locator('#childPersonalIdentityNumber-error');
  assert.ok(await inline.isVisible(), 'the inline error message is shown at the field');
  assert.match((await inline.textContent()) ?? '', /\S/);
  const pinInput = page.locator('#childPersonalIdentityNumber');
  const describedBy = (await pinInput.getAttribute('aria-describedby')) ?? '';
  assert.ok(
    describedBy.split(' ').includes('childPersonalIdentityNumber-error'),
    'the field is described by its error message',
  );
  assert.equal(await pinInput.inputValue(), BAD_CHILD_PIN, 'the typed value is kept');
  assert.equal(await page.getByLabel('Barnets namn').inputValue(), CHILD_NAME, 'other answers are kept');

  await pinInput.fill(CHILD_PIN);
  await journey.navigate(() => continueButton(page).click(), STEP('need'));
}

async function fillRemainingSteps(journey: CheckedPage): Promise<void> {
  const { page } = journey;
  assert.equal(await textOf(page, 'h1'), 'Varför behövs skolskjuts?');
  await page.getByLabel('Avstånd mellan hemmet och skolan').fill(DISTANCE);
  await page.getByLabel(REASON).check();
  await page
    .getByRole('group', { name: 'Har barnet särskilda behov under resan?' })
    .getByLabel('Nej', { exact: true })
    .check();
  await journey.navigate(() => continueButton(page).click(), STEP('contact'));

  assert.equal(await textOf(page, 'h1'), 'Dina kontaktuppgifter');
  await page.getByLabel('E-postadress').fill(EMAIL);
  await page.getByLabel('Telefonnummer').fill(PHONE);
  const address = page.getByRole('group', { name: 'Adress där barnet bor' });
  await address.getByLabel('Gatuadress').fill(STREET);
  await address.getByLabel('Postnummer').fill(POSTAL_CODE);
  await address.getByLabel('Ort').fill(CITY);
  await journey.navigate(() => continueButton(page).click(), /\/granska$/);
}

async function checkAnswersAndSubmit(journey: CheckedPage): Promise<string> {
  const { page } = journey;
  assert.equal(await textOf(page, 'h1'), 'Kontrollera dina svar');
  assert.equal(await page.locator('.error-summary').count(), 0, 'no errors left');
  const answers = await textOf(page, 'main');
  for (const expected of [
    ANNA.name,
    ANNA.formattedPin,
    CHILD_NAME,
    SCHOOL,
    GRADE,
    DISTANCE,
    REASON,
    EMAIL,
    STREET,
  ]) {
    assert.ok(answers.includes(expected), `"Kontrollera dina svar" shows ${expected}`);
  }
  await journey.navigate(() => page.getByRole('button', { name: 'Skicka in' }).click(), /\/kvitto$/);
  assert.equal(await textOf(page, 'h1'), 'Ditt ärende har skickats in');
  const reference = await textOf(page, '.reference');
  assert.match(reference, /^EXS-\d{4}-\d{6}$/);
  return reference;
}

async function followCaseOnMyPages(journey: CheckedPage, reference: string): Promise<void> {
  const { page } = journey;
  await openMyPagesFromMenu(journey);
  // The card lists sit after their headings: the first list after "Pågående ärenden" is the ongoing one.
  const ongoing = page.locator('h2:has-text("Pågående ärenden") + ul');
  const card = ongoing.locator('li.card', { hasText: reference });
  assert.equal(await card.count(), 1, `the case ${reference} is listed under "Pågående ärenden"`);
  const cardText = ((await card.textContent()) ?? '').replace(/\s+/g, ' ');
  assert.match(cardText, /Vi har tagit emot din ansökan/);
  assert.match(cardText, /Ansökan om skolskjuts/);

  await journey.navigate(
    () => card.getByRole('link', { name: 'Ansökan om skolskjuts' }).click(),
    new RegExp(`/mina-sidor/arenden/${reference}$`),
  );
  assert.equal(await textOf(page, 'h1'), 'Ansökan om skolskjuts');
  const main = await textOf(page, 'main');
  assert.ok(main.includes(reference), 'the case page shows the reference');
  assert.match(await textOf(page, 'ol.timeline'), /Ärendet skickades in/);
  for (const expected of [CHILD_NAME, SCHOOL, GRADE, DISTANCE, REASON, EMAIL, STREET]) {
    assert.ok(main.includes(expected), `the case page shows the answer ${expected}`);
  }
}

async function applyForSchoolTransport(javaScriptEnabled: boolean): Promise<void> {
  const page = await newPage(browser, { javaScriptEnabled, baseURL: server.baseUrl });
  const journey = new CheckedPage(page);
  try {
    await findService(journey);
    await logInAtLevel3(journey);
    await fillChildStepWithBadPin(journey);
    await fillRemainingSteps(journey);
    const reference = await checkAnswersAndSubmit(journey);
    await followCaseOnMyPages(journey, reference);
    journey.assertEveryPageChecked();
  } finally {
    await page.context().close();
  }
}

describe('resident applies for school transport', () => {
  test('with JavaScript', () => applyForSchoolTransport(true));
  test('without JavaScript', () => applyForSchoolTransport(false));
});
