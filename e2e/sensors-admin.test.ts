/**
 * Sensors in a real browser (issue #11), with JavaScript on and off: the administrator registers a
 * bin sensor (once with a mistake), creates its token, and opens the demo bin's asset page with
 * its server-drawn chart and table. Every page on the way is axe-clean (WCAG 2.1 A/AA).
 */
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import type { Browser } from 'playwright-core';
import { startTestServer, type TestServer } from '../src/test-support/server.ts';
import { CheckedPage, launchBrowser, newPage } from './browser.ts';

const SENSORS = '/exempelstad/handlaggning/admin/sensorer';

let server: TestServer;
let browser: Browser;

before(async () => {
  [server, browser] = await Promise.all([startTestServer(), launchBrowser()]);
});

after(async () => {
  await browser?.close();
  await server?.close();
});

async function sensorJourney(javaScriptEnabled: boolean): Promise<void> {
  const page = await newPage(browser, { javaScriptEnabled, baseURL: server.baseUrl });
  const journey = new CheckedPage(page);
  try {
    await journey.goto(`/handlaggning/logga-in?tillbaka=${encodeURIComponent(SENSORS)}`);
    await journey.navigate(
      () =>
        page.getByRole('button', { name: 'Logga in med tillitsnivå 3 (som BankID) som Lena Strand' }).click(),
      new RegExp(`${SENSORS}$`),
    );
    assert.equal(await page.locator('h1').textContent(), 'Sensorer');

    await journey.navigate(() =>
      page.getByRole('link', { name: 'Registrera sensor: Sopkärl (fyllnadsgrad)' }).click(),
    );
    const name = `Nivågivare ${crypto.randomBytes(3).toString('hex')}`;
    await page.getByLabel('Sensorns namn').fill(name);
    await page.getByLabel('Objekt som övervakas').fill(`Sopkärl ${name}`);
    await page.getByLabel('Latitud (WGS 84)').fill('59,33');
    await page.getByLabel('Longitud (WGS 84)').fill('181');
    await page.getByLabel('Larmgräns för fyllnadsgrad (%)').fill('90');
    await journey.navigate(() => page.getByRole('button', { name: 'Registrera sensorn' }).click());
    assert.match(await page.title(), /^Fel: /);
    assert.match((await page.locator('.error-summary').textContent()) ?? '', /Longituden ska vara ett tal/);
    await page.getByLabel('Longitud (WGS 84)').fill('18,07');
    await journey.navigate(
      () => page.getByRole('button', { name: 'Registrera sensorn' }).click(),
      /\?klart=registrerad$/,
    );
    assert.equal(await page.locator('h1').textContent(), `Sensor: ${name}`);
    await journey.navigate(() => page.getByRole('button', { name: 'Skapa token' }).click());
    assert.match((await page.locator('code.secret').textContent()) ?? '', /^isd_[A-Za-z0-9_-]{43}$/);

    await journey.navigate(() => page.getByRole('link', { name: 'Sensorer', exact: true }).click());
    await journey.navigate(() => page.getByRole('link', { name: 'Sopkärl Stortorget 3' }).click());
    assert.equal(await page.locator('h1').textContent(), 'Sopkärl Stortorget 3');
    const chart = page.getByRole('img', { name: /^Fyllnadsgrad för Nivågivare Stortorget 3/ });
    assert.equal(await chart.count(), 1, 'the chart is one named picture');
    assert.ok((await page.locator('figure.chart svg path').count()) > 3, 'the chart has its lines');
    const rows = page.getByRole('table', { name: /^De senaste 20 mätvärdena/ }).locator('tbody tr');
    assert.equal(await rows.count(), 20);
    journey.assertEveryPageChecked();
  } finally {
    await page.context().close();
  }
}

describe('the administrator registers a sensor and staff read an asset chart', () => {
  test('with JavaScript', () => sensorJourney(true));
  test('without JavaScript', () => sensorJourney(false));
});
