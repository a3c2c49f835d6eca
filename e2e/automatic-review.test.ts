/**
 * An automatic decision and the resident's request for human review in the browser (issue #10):
 * a school transport service marked `automaticDecision` (a test tenant of its own; the demo is
 * proposal-only) decides Anna's application; on My Pages she reads how it was decided and on which
 * basis, sends a reason that is too long (the Swedish error beside the field and in the summary),
 * then a proper one, and sees the request waiting. With and without JavaScript, every page
 * axe-clean. The application itself is posted through the HTTP test client to keep this short.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Browser, Locator, Page } from 'playwright-core';
import { DEMO_PUBLISHED_FROM } from '../src/cli/seed.ts';
import { createJobRunner } from '../src/job-handlers.ts';
import { SESSION_COOKIE } from '../src/platform/sessions/session-service.ts';
import type { Tenant } from '../src/platform/tenancy/tenant-service.ts';
import { TestClient } from '../src/test-support/client.ts';
import { ANNA, createTestTenant } from '../src/test-support/fixtures.ts';
import {
  AUTOMATIC_BASIS,
  automaticSchoolTransport,
  jobConfig,
  quietLog,
  submitWith,
} from '../src/test-support/proposals.ts';
import { startTestServer, type TestServer } from '../src/test-support/server.ts';
import { CheckedPage, launchBrowser, newPage, squash } from './browser.ts';

const LEVEL_3 = 'Logga in med tillitsnivå 3 (som BankID) som Anna Andersson';
const REVIEW = 'Begär att en handläggare prövar beslutet';
const REASON = 'Skolvägen saknar trottoar på en lång sträcka.';

let server: TestServer;
let browser: Browser;
let tenant: Tenant;

before(async () => {
  [server, browser] = await Promise.all([startTestServer(), launchBrowser()]);
  tenant = await createTestTenant(server, ['felanmalan']);
  const catalogue = server.app.services.catalogue;
  const draft = await catalogue.saveDraft(tenant.id, automaticSchoolTransport());
  await catalogue.publish(tenant.id, draft.id, DEMO_PUBLISHED_FROM);
});

after(async () => {
  await browser?.close();
  await server?.close();
});

/** The `<dd>` next to the `<dt>` named `term` within `scope`. */
function summaryValue(scope: Locator, term: string): Locator {
  const page = scope.page();
  return scope
    .locator('dl.summary-list > div')
    .filter({ has: page.locator('dt').getByText(term, { exact: true }) })
    .first()
    .locator('dd');
}

/** Anna applies (grade 5, 4,2 km) and the job worker runs: the rule decides. Returns the reference. */
async function annaIsDecidedAutomatically(): Promise<string> {
  const services = server.app.services;
  const person = await services.profile.upsertFromLogin(ANNA);
  const { token, session } = await services.sessions.start(person.id, { assuranceLevel: 'loa3' });
  const client = new TestClient(server.app);
  client.cookies.set(SESSION_COOKIE, token);
  client.csrfToken = session.data.csrfToken;
  const reference = await submitWith(client, tenant, { grade: '5', distanceKm: '4,2' });
  const runner = await createJobRunner(services, jobConfig, quietLog, { onlyTenants: [tenant.id] });
  try {
    while ((await runner.runOnce()) > 0) {
      // Until nothing is due: the proposal, and with it the automatic decision.
    }
  } finally {
    await runner.close();
  }
  return reference;
}

async function readsTheAutomaticDecision(anna: CheckedPage, reference: string): Promise<void> {
  const { page } = anna;
  const casePath = `/mina-sidor/arenden/${reference}`;
  await anna.goto(`/logga-in?tillbaka=${encodeURIComponent(casePath)}`);
  await anna.navigate(() => page.getByRole('button', { name: LEVEL_3 }).click(), new RegExp(`${casePath}$`));
  const decision = page.getByRole('region', { name: 'Beslut', exact: true }).getByRole('article');
  assert.equal(squash(await decision.getByRole('heading').textContent()), 'Din ansökan har beviljats.');
  assert.match(squash(await summaryValue(decision, 'Hur beslutet fattades').textContent()), /^Automatiskt/);
  assert.equal(
    squash(await summaryValue(decision, 'Stöd för att besluta automatiskt').textContent()),
    AUTOMATIC_BASIS.sv,
  );
}

async function asksForReview(anna: CheckedPage, reference: string): Promise<void> {
  const { page } = anna;
  const section = page.getByRole('region', { name: REVIEW });
  await section.getByLabel(/Varför vill du att en handläggare prövar beslutet/).fill('a'.repeat(2001));
  await anna.navigate(() => section.getByRole('button', { name: REVIEW }).click(), /\/provning$/);
  const summary = page.getByRole('alert');
  assert.match(squash(await summary.textContent()), /Skriv högst 2 000 tecken om varför beslutet ska prövas/);
  const field = page.getByLabel(/Varför vill du att en handläggare prövar beslutet/);
  assert.equal(await field.getAttribute('aria-invalid'), 'true');
  await field.fill(REASON);
  await anna.navigate(
    () => page.getByRole('region', { name: REVIEW }).getByRole('button', { name: REVIEW }).click(),
    new RegExp(`/mina-sidor/arenden/${reference}\\?provning=1$`),
  );
  assert.match(squash(await page.getByRole('status').first().textContent()), /^Din begäran är skickad\./);
  const waiting = page.getByRole('region', { name: 'Du har begärt att en handläggare prövar beslutet' });
  assert.match(squash(await waiting.textContent()), new RegExp(REASON));
  assert.equal(await page.getByRole('button', { name: REVIEW }).count(), 0, 'no second request');
}

async function journey(javaScriptEnabled: boolean): Promise<void> {
  const reference = await annaIsDecidedAutomatically();
  const page: Page = await newPage(browser, { javaScriptEnabled, baseURL: server.baseUrl });
  const anna = new CheckedPage(page);
  try {
    await readsTheAutomaticDecision(anna, reference);
    await asksForReview(anna, reference);
    anna.assertEveryPageChecked();
  } finally {
    await page.context().close();
  }
}

describe('the resident asks for a human review of an automatic decision', () => {
  test('with JavaScript', () => journey(true));
  test('without JavaScript', () => journey(false));
});
