/**
 * Plain-language search (issue #13): a resident types an everyday phrase in the home page's box
 * "Vad behöver du hjälp med?", gets the right e-service first and an answer from Frågor och svar, and
 * opens the service — with and without JavaScript; every page on the way is axe-clean.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Browser } from 'playwright-core';
import { startTestServer, type TestServer } from '../src/test-support/server.ts';
import { CheckedPage, launchBrowser, newPage } from './browser.ts';

let server: TestServer;
let browser: Browser;

before(async () => {
  [server, browser] = await Promise.all([startTestServer(), launchBrowser()]);
});

after(async () => {
  await browser?.close();
  await server?.close();
});

describe('plain-language search', () => {
  for (const javaScriptEnabled of [true, false]) {
    test(`an everyday phrase leads to the right service and an answer (JavaScript ${javaScriptEnabled ? 'on' : 'off'})`, async () => {
      const page = await newPage(browser, { javaScriptEnabled, baseURL: server.baseUrl });
      const journey = new CheckedPage(page);
      await journey.goto('/exempelstad/');
      await page.getByLabel('Vad behöver du hjälp med?').fill('hur tar sig mitt barn till nya skolan');
      await journey.navigate(
        () => page.getByRole('button', { name: 'Sök', exact: true }).click(),
        /\/exempelstad\/sok\?q=hur/,
      );
      const first = page.locator('#services-title + ol h3 a').first();
      assert.equal((await first.textContent())?.trim(), 'Ansökan om skolskjuts');
      const answers = page.locator('section[aria-labelledby="answers-title"] h3');
      assert.ok((await answers.count()) > 0, 'an answer from Frågor och svar is shown');
      assert.match((await answers.allTextContents()).join(' | '), /skol/i);
      await journey.navigate(() => first.click(), /\/exempelstad\/e-tjanster\/skolskjuts$/);
      assert.equal((await page.locator('h1').textContent())?.trim(), 'Ansökan om skolskjuts');
      journey.assertEveryPageChecked();
      await page.context().close();
    });
  }
});
