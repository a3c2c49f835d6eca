/**
 * The decision rules pages in a real browser (issue #10), with JavaScript on and off: the admin
 * reads a decision table, tries the model (once with a mistake), uploads a refused and then a good
 * model, simulates it against past cases and publishes it. Every page on the way is axe-clean
 * (WCAG 2.1 A/AA). Each run has a municipality of its own, so publishing never changes the demo's
 * rules under another browser test running beside it on a shared PostgreSQL.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Browser, Locator, Page } from 'playwright-core';
import { SESSION_COOKIE } from '../src/platform/sessions/session-service.ts';
import type { Tenant } from '../src/platform/tenancy/tenant-service.ts';
import type { TestApp } from '../src/test-support/app.ts';
import { TestClient } from '../src/test-support/client.ts';
import { ANNA, createTestTenant } from '../src/test-support/fixtures.ts';
import { submitWith } from '../src/test-support/proposals.ts';
import { brokenSchoolModel, schoolModelWithLimit46 } from '../src/test-support/rules.ts';
import { startTestServer, type TestServer } from '../src/test-support/server.ts';
import { LENA } from '../src/test-support/staff.ts';
import { CheckedPage, launchBrowser, newPage, squash } from './browser.ts';

let server: TestServer;
let browser: Browser;

before(async () => {
  [server, browser] = await Promise.all([startTestServer(), launchBrowser()]);
});

after(async () => {
  await browser?.close();
  await server?.close();
});

const mainText = async (page: Page) => squash(await page.locator('main').textContent());

/** The text of the `<dd>` next to the `<dt>` named `term` in `scope`. */
async function summaryValue(page: Page, scope: Locator, term: string): Promise<string> {
  const row = scope
    .locator('dl.summary-list > div')
    .filter({ has: page.locator('dt').getByText(term, { exact: true }) });
  return squash(await row.first().locator('dd').first().textContent());
}

/** A municipality with school transport, Lena as its administrator and three applications. */
async function municipality(): Promise<Tenant> {
  const services = server.app.services;
  const tenant = await createTestTenant({ app: server.app } as TestApp, ['skolskjuts']);
  await services.organisation.seedStaff(tenant.id, { ...LENA, role: 'admin', active: true }, []);
  const person = await services.profile.upsertFromLogin(ANNA);
  const { token, session } = await services.sessions.start(person.id, { assuranceLevel: 'loa3' });
  const anna = new TestClient(server.app);
  anna.cookies.set(SESSION_COOKIE, token);
  anna.csrfToken = session.data.csrfToken;
  // Only the first is longer than 3 km but not than 5 km: the rule change turns it from granted to rejected.
  for (const answers of [
    { grade: '5', distanceKm: '4,2' },
    { grade: '5', distanceKm: '2,9' },
    { grade: '8', distanceKm: '10' },
  ]) {
    await submitWith(anna, tenant, answers);
  }
  return tenant;
}

async function rulesJourney(javaScriptEnabled: boolean): Promise<void> {
  const tenant = await municipality();
  const rules = `/${tenant.slug}/handlaggning/admin/regler`;
  const page = await newPage(browser, { javaScriptEnabled, baseURL: server.baseUrl });
  const journey = new CheckedPage(page);
  try {
    await journey.goto(`/handlaggning/logga-in?tillbaka=${encodeURIComponent(rules)}`);
    await journey.navigate(
      () =>
        page.getByRole('button', { name: 'Logga in med tillitsnivå 3 (som BankID) som Lena Strand' }).click(),
      new RegExp(`${rules}$`),
    );
    assert.equal(squash(await page.locator('h1').textContent()), 'Beslutsregler');

    // The table of the published version.
    await journey.navigate(() => page.getByRole('link', { name: /^Visa version 1 av / }).click());
    const limits = page.getByRole('table', {
      name: /^Beslutstabell för «Avståndsgräns», träffpolicy UNIQUE/,
    });
    assert.equal(await limits.getByRole('row').count(), 4, 'a header row and three rules');
    assert.equal(
      squash(await limits.getByRole('columnheader').nth(2).textContent()),
      'Utdata: gräns typ number',
    );

    // Prova: a distance that is not a number, then a proper one.
    await page.getByLabel('årskurs', { exact: true }).selectOption('5');
    await page.getByLabel('avstånd', { exact: true }).fill('fyra');
    await page.getByLabel('särskilda behov', { exact: true }).selectOption({ label: 'Nej' });
    await journey.navigate(() => page.getByRole('button', { name: 'Prova', exact: true }).click());
    assert.match(await page.title(), /^Fel: /);
    assert.match(
      squash(await page.locator('.error-summary').textContent()),
      /Ange ett tal, till exempel 4,2/,
    );
    await page.getByLabel('avstånd', { exact: true }).fill('4,2');
    await journey.navigate(() => page.getByRole('button', { name: 'Prova', exact: true }).click());
    const result = page.getByRole('region', { name: 'Resultat' });
    assert.equal(await summaryValue(page, result, 'Förslag'), 'Bifall');
    assert.equal(
      await summaryValue(page, result, 'Förklaring'),
      'Avståndet 4,2 km är längre än 3 km, som gäller för årskurs 4–6',
    );

    // A broken model is refused with its errors; the 5 km model is saved as version 2.
    await journey.navigate(() => page.getByRole('link', { name: 'Beslutsregler', exact: true }).click());
    await journey.navigate(() => page.getByRole('link', { name: /^Ladda upp en ny modell för / }).click());
    const file = (xml: string) => ({
      name: 'skolskjuts.dmn',
      mimeType: 'application/xml',
      buffer: Buffer.from(xml),
    });
    await page.getByLabel('DMN-fil').setInputFiles(file(brokenSchoolModel()));
    await journey.navigate(() => page.getByRole('button', { name: 'Ladda upp och kontrollera' }).click());
    const problems = page.getByRole('table', { name: 'Fel i modellen' });
    assert.equal(await problems.getByRole('row').count(), 3, 'a header row and two errors');
    const syntaxError = problems.getByRole('row').filter({ hasText: 'FEEL_SYNTAX' }).getByRole('cell');
    assert.deepEqual((await syntaxError.allTextContents()).slice(0, 3), ['Skäl', '2', 'Avstånd (km)']);
    await page.getByLabel('DMN-fil').setInputFiles(file(schoolModelWithLimit46(5)));
    await journey.navigate(
      () => page.getByRole('button', { name: 'Ladda upp och kontrollera' }).click(),
      /\?klart=uppladdad&version=2$/,
    );
    assert.match(await mainText(page), /sparad som utkast, version 2/);

    // Simulation against the three applications, then publishing.
    await journey.navigate(() => page.getByRole('link', { name: 'Simulera version 2' }).click());
    assert.match(await mainText(page), /1 av 3 ärenden skulle få ett annat utfall\./);
    const changes = page.getByRole('table', { name: /^Ärenden som skulle få ett annat utfall/ });
    const changed = await changes.getByRole('row').nth(1).getByRole('cell').allTextContents();
    assert.deepEqual(changed.slice(1), ['Bifall', 'Avslag'], 'received date, outcome now, with version 2');
    await journey.navigate(() => page.getByRole('link', { name: 'Tillbaka till version 2' }).click());
    await journey.navigate(
      () => page.getByRole('button', { name: 'Publicera version 2' }).click(),
      /\?klart=publicerad$/,
    );
    assert.match(await mainText(page), /Version 2 är publicerad och gäller från nu\./);
    journey.assertEveryPageChecked();
  } finally {
    await page.context().close();
  }
}

describe('the decision rules pages in the browser', () => {
  test('with JavaScript', () => rulesJourney(true));
  test('without JavaScript', () => rulesJourney(false));
});
