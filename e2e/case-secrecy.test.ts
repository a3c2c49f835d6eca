/**
 * Secrecy between units in the browser (issue #14, decision 0033): Karin opens a school-transport
 * case whose special needs are a protected answer, asks to see it without a reason (refused beside
 * the field and in the summary), then with one; shares the case with Gatuenheten (refused without a
 * reason first); Peter of Gatuenheten finds it in his queue marked "Delad med er" and reads it with
 * the protected answer masked; Karin revokes the share. With and without JavaScript, every page
 * axe-clean. The application itself is posted through the HTTP test client to keep this short.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Browser } from 'playwright-core';
import { SESSION_COOKIE } from '../src/platform/sessions/session-service.ts';
import { TestClient } from '../src/test-support/client.ts';
import { ANNA } from '../src/test-support/fixtures.ts';
import { startTestServer, type TestServer } from '../src/test-support/server.ts';
import { submitSchoolTransport } from '../src/test-support/staff.ts';
import { CheckedPage, launchBrowser, newPage, squash, textOf } from './browser.ts';

const TENANT = '/exempelstad';
const QUEUE = `${TENANT}/handlaggning/`;
const SPECIAL_NEEDS = 'Elsa har diabetes och behöver äta under resan';
const SHARE_REASON = 'Gatuenheten planerar om hållplatsen vid skolan';
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

/** Anna applies for school transport for Elsa, with special needs; the case's reference. */
async function annaApplies(): Promise<string> {
  const services = server.app.services;
  const person = await services.profile.upsertFromLogin(ANNA);
  const { token, session } = await services.sessions.start(person.id, { assuranceLevel: 'loa3' });
  const client = new TestClient(server.app);
  client.cookies.set(SESSION_COOKIE, token);
  client.csrfToken = session.data.csrfToken;
  const tenant = await services.tenants.bySlug('exempelstad');
  return submitSchoolTransport(client, tenant, 'Elsa', {
    need: { hasSpecialNeeds: 'yes', specialNeeds: SPECIAL_NEEDS },
  });
}

/** A staff member logs in through the development IdP and lands on `path`. */
async function logsIn(staff: CheckedPage, name: string, path: string): Promise<void> {
  const { page } = staff;
  await staff.goto(`/handlaggning/logga-in?tillbaka=${encodeURIComponent(path)}`);
  await staff.navigate(
    () =>
      page
        .getByRole('region', { name: 'Personal' })
        .getByRole('button', { name: LEVEL_3(name) })
        .click(),
    new RegExp(`${path.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`),
  );
}

async function karinReveals(karin: CheckedPage): Promise<void> {
  const { page } = karin;
  const answer = page.locator('#svar-specialNeeds');
  assert.ok(!(await textOf(page, 'main')).includes(SPECIAL_NEEDS), 'masked at first');
  await answer.getByText('Skyddad uppgift – visa').click();
  await karin.navigate(() => answer.getByRole('button', { name: 'Visa uppgiften' }).click());
  assert.match(await textOf(page, '.error-summary'), /Skriv varför du behöver se uppgiften/);
  const reason = page.locator('#svar-specialNeeds').getByLabel('Varför behöver du se uppgiften?');
  assert.equal(await reason.getAttribute('aria-invalid'), 'true');
  await reason.fill('Beställa rätt fordon');
  await karin.navigate(
    () => page.locator('#svar-specialNeeds').getByRole('button', { name: 'Visa uppgiften' }).click(),
    /\?klart=visad#svar-specialNeeds$/,
  );
  assert.match(await textOf(page, '[role="status"]'), /Uppgiften visas för dig i 15 minuter/);
  assert.match(await textOf(page, '#svar-specialNeeds'), new RegExp(SPECIAL_NEEDS));
}

async function karinShares(karin: CheckedPage): Promise<void> {
  const { page } = karin;
  const panel = page.getByRole('region', { name: 'Delning med andra enheter' });
  await panel.getByLabel('Enhet att dela med').selectOption({ label: 'Gatuenheten' });
  const lastDay = new Date(Date.now() + 14 * 24 * 3600_000).toISOString().slice(0, 10);
  await panel.getByLabel('Delat till och med').fill(lastDay);
  await karin.navigate(() => panel.getByRole('button', { name: 'Dela ärendet' }).click());
  assert.match(await textOf(page, '.error-summary'), /Skriv varför ärendet delas/);
  const refused = page.getByRole('region', { name: 'Delning med andra enheter' });
  await refused.getByLabel('Varför behöver enheten ärendet?').fill(SHARE_REASON);
  await karin.navigate(() => refused.getByRole('button', { name: 'Dela ärendet' }).click(), /\?klart=delat$/);
  assert.match(await textOf(page, '[role="status"]'), /Ärendet är delat\./);
  const shared = await textOf(page, 'section[aria-labelledby="sharing-title"]');
  assert.match(shared, /Delat med Gatuenheten till och med/);
  assert.ok(shared.includes(SHARE_REASON));
}

async function peterReads(peter: CheckedPage, reference: string): Promise<void> {
  const { page } = peter;
  await logsIn(peter, 'Peter Ek', QUEUE);
  const row = page
    .locator('table.data tbody tr')
    .filter({ has: page.getByRole('link', { name: reference }) });
  assert.match(squash(await row.textContent()), /Delad med er/);
  await peter.navigate(() => row.getByRole('link', { name: reference }).click());
  assert.match(await textOf(page, 'section[aria-labelledby="shared-title"]'), new RegExp(SHARE_REASON));
  assert.match(await textOf(page, '#svar-specialNeeds'), /Skyddad uppgift – visa/);
  assert.ok(!(await textOf(page, 'main')).includes(SPECIAL_NEEDS), 'masked for the shared unit too');
}

async function karinRevokes(karin: CheckedPage, reference: string): Promise<void> {
  const { page } = karin;
  await karin.goto(`${TENANT}/handlaggning/arenden/${reference}`);
  await karin.navigate(
    () => page.getByRole('button', { name: 'Återkalla delningen med Gatuenheten' }).click(),
    /\?klart=aterkallat$/,
  );
  assert.match(await textOf(page, '[role="status"]'), /Delningen är återkallad\./);
}

async function journey(javaScriptEnabled: boolean): Promise<void> {
  const reference = await annaApplies();
  const karin = new CheckedPage(await newPage(browser, { javaScriptEnabled, baseURL: server.baseUrl }));
  const peter = new CheckedPage(await newPage(browser, { javaScriptEnabled, baseURL: server.baseUrl }));
  try {
    await logsIn(karin, 'Karin Berg', `${TENANT}/handlaggning/arenden/${reference}`);
    await karinReveals(karin);
    await karinShares(karin);
    await peterReads(peter, reference);
    await karinRevokes(karin, reference);
    const gone = await peter.page.goto(`${server.baseUrl}${TENANT}/handlaggning/arenden/${reference}`);
    assert.equal(gone?.status(), 404, 'revoked: the case is gone for Peter');
    await peter.check();
    karin.assertEveryPageChecked();
    peter.assertEveryPageChecked();
  } finally {
    await karin.page.context().close();
    await peter.page.context().close();
  }
}

describe('secrecy between units in the browser', () => {
  test('with JavaScript', () => journey(true));
  test('without JavaScript', () => journey(false));
});
