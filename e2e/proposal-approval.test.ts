/**
 * The officer's explained proposal in the browser (issue #10): a resident's school transport
 * application (grade 5, 4,2 km) gets a proposal from the demo's decision tables; the officer sees
 * its outcome and Swedish explanation on the case page and approves it in one step; the resident
 * reads the decision and its reasons on My Pages. Runs with and without JavaScript, and every page
 * on the way is axe-clean. The application form itself is covered by case-handling-journey.test.ts,
 * so the application is posted through the HTTP test client to keep this file short.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Browser, Locator, Page } from 'playwright-core';
import { createJobRunner } from '../src/job-handlers.ts';
import { SESSION_COOKIE } from '../src/platform/sessions/session-service.ts';
import type { Tenant } from '../src/platform/tenancy/tenant-service.ts';
import { TestClient } from '../src/test-support/client.ts';
import { ANNA } from '../src/test-support/fixtures.ts';
import { jobConfig, quietLog, submitWith } from '../src/test-support/proposals.ts';
import { startTestServer, type TestServer } from '../src/test-support/server.ts';
import { CheckedPage, launchBrowser, logInToMyPages, newPage, squash, textOf } from './browser.ts';

const TENANT = 'exempelstad';
const OFFICER_CASE = (reference: string) => `/${TENANT}/handlaggning/arenden/${reference}`;
const SERVICE_TITLE = 'Ansökan om skolskjuts';
const ANNA_NAME = 'Anna Andersson';
const KARIN_NAME = 'Karin Berg';
/** The demo model's explanation for grade 5 at 4,2 km (src/modules/proposals/proposals.test.ts). */
const EXPLANATION = 'Avståndet 4,2 km är längre än 3 km, som gäller för årskurs 4–6';
const LEGAL_BASIS = '10 kap. 32 § skollagen (2010:800)';
const LEVEL_3 = (name: string) => `Logga in med tillitsnivå 3 (som BankID) som ${name}`;

let server: TestServer;
let browser: Browser;
let tenant: Tenant;

before(async () => {
  [server, browser] = await Promise.all([startTestServer(), launchBrowser()]);
  tenant = await server.app.services.tenants.bySlug(TENANT);
});

after(async () => {
  await browser?.close();
  await server?.close();
});

function button(scope: Page | Locator, name: string): Locator {
  return scope.getByRole('button', { name, exact: true });
}

/** The decisions section (exact name: "Beslutsförslag" is a region too). */
function decisions(page: Page): Locator {
  return page.getByRole('region', { name: 'Beslut', exact: true });
}

/** The `<dd>` next to the `<dt>` named `term` in the first summary list of `scope` that has it. */
function summaryValue(scope: Page | Locator, term: string): Locator {
  // `has` locators are relative to the filtered element, so they must start from the page.
  const page = 'mainFrame' in scope ? scope : scope.page();
  return scope
    .locator('dl.summary-list > div')
    .filter({ has: page.locator('dt').getByText(term, { exact: true }) })
    .first()
    .locator('dd')
    .first();
}

/** Anna submits a grade 5 application 4,2 km from school through the HTTP client; returns its reference. */
async function annaApplies(): Promise<string> {
  const services = server.app.services;
  const person = await services.profile.upsertFromLogin(ANNA);
  const { token, session } = await services.sessions.start(person.id, { assuranceLevel: 'loa3' });
  const client = new TestClient(server.app);
  client.cookies.set(SESSION_COOKIE, token);
  client.csrfToken = session.data.csrfToken;
  return submitWith(client, tenant, { grade: '5', distanceKm: '4,2' });
}

/** The test server runs no job worker: this one, scoped to the tenant, runs what is due (the proposal). */
async function runJobs(): Promise<void> {
  const runner = await createJobRunner(server.app.services, jobConfig, quietLog, {
    onlyTenants: [tenant.id],
  });
  try {
    while ((await runner.runOnce()) > 0) {
      // Batch after batch until nothing is due.
    }
  } finally {
    await runner.close();
  }
}

async function karinOpensTheCase(karin: CheckedPage, reference: string): Promise<void> {
  const { page } = karin;
  await karin.goto(`/handlaggning/logga-in?tillbaka=${encodeURIComponent(OFFICER_CASE(reference))}`);
  const staff = page.getByRole('region', { name: 'Personal' });
  await karin.navigate(
    () => staff.getByRole('button', { name: LEVEL_3(KARIN_NAME) }).click(),
    new RegExp(`${OFFICER_CASE(reference)}$`),
  );
  assert.equal(await textOf(page, 'h1'), `Ärende ${reference}`);
  if ((await button(page, 'Ta ärendet').count()) > 0) {
    await karin.navigate(() => button(page, 'Ta ärendet').click(), /\?klart=tagit$/);
  }
  assert.equal(squash(await summaryValue(page, 'Handläggare').textContent()), KARIN_NAME);
  // A case is decided from a status in which it is handled; "Mottagen" is not one.
  await page.getByLabel('Ny status').selectOption({ label: 'Utreds' });
  await karin.navigate(() => button(page, 'Ändra status').click(), /\?klart=status$/);
}

async function karinApproves(karin: CheckedPage, reference: string): Promise<void> {
  const { page } = karin;
  const proposal = page.getByRole('region', { name: 'Beslutsförslag' });
  assert.equal(squash(await summaryValue(proposal, 'Förslag').textContent()), 'Bifall');
  assert.equal(squash(await summaryValue(proposal, 'Förklaring').textContent()), EXPLANATION);
  const reasons = proposal.locator('tbody tr').filter({ has: page.locator('th', { hasText: /^Skäl$/ }) });
  const reasonCells = (await reasons.locator('td').allTextContents()).map(squash);
  // Row 2 of the demo's COLLECT table "Skäl" is the long-distance rule.
  assert.deepEqual(reasonCells, ['COLLECT', 'rad 2', 'långt avstånd'], 'the matched rule row is listed');
  assert.match(squash(await decisions(page).textContent()), /Inget beslut är fattat ännu\./);

  await karin.navigate(
    () => button(proposal, 'Godkänn förslaget').click(),
    new RegExp(`${OFFICER_CASE(reference)}\\?klart=beslut$`),
  );
  assert.match(squash(await page.locator('[role="status"]').first().textContent()), /^Beslutet är fattat/);
  assert.match(squash(await summaryValue(page, 'Status').textContent()), /^Beslut fattat/);
  const rows = decisions(page).locator('table.data tbody tr');
  assert.equal(await rows.count(), 1, 'one decision');
  const cells = (await rows.first().locator('td').allTextContents()).map(squash);
  assert.equal(cells[0], 'Bifall');
  assert.equal(cells[2], KARIN_NAME, 'the officer who approved is the decider');
  assert.match(cells[3] ?? '', /^Beslutsbrev \(PDF\)/);
  assert.equal(
    await button(page.getByRole('region', { name: 'Beslutsförslag' }), 'Godkänn förslaget').count(),
    0,
    'a decided case offers no approval',
  );
}

async function annaReadsTheDecision(anna: CheckedPage, reference: string): Promise<void> {
  const { page } = anna;
  await logInToMyPages(anna, ANNA_NAME);
  assert.equal(await textOf(page, 'h1'), 'Mina sidor');
  const card = page.locator('li.card', { hasText: reference });
  assert.equal(await card.count(), 1, `My Pages lists ${reference}`);
  await anna.navigate(
    () => card.getByRole('link', { name: SERVICE_TITLE }).click(),
    new RegExp(`/mina-sidor/arenden/${reference}$`),
  );
  assert.equal(await textOf(page, 'h1'), SERVICE_TITLE);
  const decision = decisions(page).getByRole('article');
  assert.equal(await decision.count(), 1);
  assert.equal(squash(await decision.getByRole('heading').textContent()), 'Din ansökan har beviljats.');
  assert.equal(
    squash(await summaryValue(decision, 'Varför vi beslutade så').textContent()),
    `${EXPLANATION}.`,
  );
  assert.equal(squash(await summaryValue(decision, 'Lagrum').textContent()), LEGAL_BASIS);
  assert.equal(
    await page.getByText('Beslutsförslag').count(),
    0,
    'the proposal itself is internal to the officers',
  );
  const letter = decision.getByRole('link', { name: /^Ladda ner beslutsbrevet \(PDF\)/ });
  assert.match((await letter.getAttribute('href')) ?? '', /\/beslut\/[^/]+\/beslut\.pdf$/);
}

/** Prefixes a failure with the step of the journey it happened in. */
async function step<T>(name: string, action: () => Promise<T>): Promise<T> {
  try {
    return await action();
  } catch (error) {
    if (error instanceof Error) error.message = `[${name}] ${error.message}`;
    throw error;
  }
}

async function partyPage(javaScriptEnabled: boolean): Promise<CheckedPage> {
  const page = await newPage(browser, { javaScriptEnabled, baseURL: server.baseUrl });
  return new CheckedPage(page);
}

async function proposalJourney(javaScriptEnabled: boolean): Promise<void> {
  const reference = await step('Anna applies', annaApplies);
  await step('the proposal job runs', runJobs);
  const karin = await partyPage(javaScriptEnabled);
  const anna = await partyPage(javaScriptEnabled);
  try {
    await step('Karin opens the case', () => karinOpensTheCase(karin, reference));
    await step('Karin approves the proposal', () => karinApproves(karin, reference));
    await step('Anna reads the decision', () => annaReadsTheDecision(anna, reference));
    karin.assertEveryPageChecked();
    anna.assertEveryPageChecked();
  } finally {
    await karin.page.context().close();
    await anna.page.context().close();
  }
}

describe('the officer approves an explained proposal and the resident reads the decision', () => {
  test('with JavaScript', () => proposalJourney(true));
  test('without JavaScript', () => proposalJourney(false));
});
