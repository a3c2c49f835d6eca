/**
 * A resident uses their rights on My Pages (issue #14): downloads everything held about them as
 * JSON and PDF, sees that an officer read their case, corrects a mistyped e-mail address in the
 * profile, and deletes a draft after the confirmation page — with and without JavaScript, every
 * page axe-clean.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { after, before, describe, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { SESSION_COOKIE } from '../src/platform/sessions/session-service.ts';
import { TestClient } from '../src/test-support/client.ts';
import { startTestServer, type TestServer } from '../src/test-support/server.ts';
import { fillSchoolTransport, submitSchoolTransport } from '../src/test-support/staff.ts';
import {
  CheckedPage,
  launchBrowser,
  logInToMyPages,
  newPage,
  openMyPagesFromMenu,
  textOf,
} from './browser.ts';

const OMAR = { pin: '199401012399', givenName: 'Omar', familyName: 'Hassan' };
const KARIN_PIN = '196701292846';

let server: TestServer;
let browser: Browser;

before(async () => {
  [server, browser] = await Promise.all([startTestServer(), launchBrowser()]);
});

after(async () => {
  await browser?.close();
  await server?.close();
});

/**
 * What the journey needs that is not its subject: a case of Omar's that Karin (an officer of the
 * school-transport unit in the demo) has read, and an open draft — made through the app itself.
 */
async function omarsCaseAndDraft(): Promise<{ reference: string; draftId: string }> {
  const services = server.app.services;
  const tenant = await services.tenants.bySlug('exempelstad');
  const omar = await services.profile.upsertFromLogin({
    personalIdentityNumber: OMAR.pin,
    givenName: OMAR.givenName,
    familyName: OMAR.familyName,
  });
  const { token, session } = await services.sessions.start(omar.id, { assuranceLevel: 'loa3' });
  const client = new TestClient(server.app);
  client.cookies.set(SESSION_COOKIE, token);
  client.csrfToken = session.data.csrfToken;
  const reference = await submitSchoolTransport(client, tenant, 'Amina');
  const { draftId } = await fillSchoolTransport(client, tenant, 'Yusuf');
  const karin = await services.profile.personByNumber(KARIN_PIN);
  const officer = karin && (await services.organisation.staffActor(tenant.id, karin.id));
  assert.ok(officer, 'the demo has Karin as an officer in Exempelstad');
  await services.caseHandling.caseForOfficer(officer, reference);
  return { reference, draftId };
}

async function download(page: Page, linkName: string): Promise<Buffer> {
  const [file] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('link', { name: linkName }).click(),
  ]);
  return fs.promises.readFile(await file.path());
}

async function downloadEverything(journey: CheckedPage, reference: string): Promise<void> {
  const { page } = journey;
  await journey.navigate(
    () => page.getByRole('link', { name: 'Dina uppgifter och rättigheter' }).click(),
    /\/mina-sidor\/mina-uppgifter$/,
  );
  assert.equal(await textOf(page, 'h1'), 'Dina uppgifter och rättigheter');
  const json = JSON.parse(
    (await download(page, 'Ladda ner som JSON (för att flytta till en annan tjänst)')).toString(),
  );
  assert.equal(json.person.personalIdentityNumber, OMAR.pin);
  assert.ok(
    json.cases.some((item: { reference: string }) => item.reference === reference),
    'the JSON holds the case',
  );
  const pdf = await download(page, 'Ladda ner som PDF (att läsa eller skriva ut)');
  assert.equal(pdf.subarray(0, 5).toString('latin1'), '%PDF-');
}

async function seeWhoRead(journey: CheckedPage, reference: string): Promise<void> {
  const { page } = journey;
  await journey.navigate(
    () => page.getByRole('link', { name: 'Se vem som har läst dina ärenden' }).click(),
    /\/mina-sidor\/mina-uppgifter\/vem-har-last$/,
  );
  const section = page.locator('section', { hasText: reference });
  const row = section.locator('tbody tr').first();
  assert.match(
    ((await row.textContent()) ?? '').replace(/\s+/g, ' '),
    /Läste ärendet.*Karin Berg.*Skolskjutsenheten.*Handläggare/,
  );
  await journey.navigate(
    () => section.getByRole('link', { name: 'Ansökan om skolskjuts' }).click(),
    new RegExp(`/mina-sidor/arenden/${reference}$`),
  );
  await journey.navigate(
    () => page.getByRole('link', { name: 'Se vem som har läst ärendet' }).click(),
    new RegExp(`/mina-sidor/arenden/${reference}/vem-har-last$`),
  );
  assert.equal(await textOf(page, 'h1'), `Vem har läst ärende ${reference}`);
  assert.match(await textOf(page, 'table'), /Karin Berg/);
}

async function correctProfile(journey: CheckedPage): Promise<void> {
  const { page } = journey;
  await journey.goto('/mina-sidor/mina-uppgifter');
  await journey.navigate(
    () => page.getByRole('link', { name: 'Ändra dina kontaktuppgifter' }).click(),
    /\/mina-sidor\/profil$/,
  );
  await page.getByLabel('E-postadress').fill('omar@');
  await journey.navigate(() => page.getByRole('button', { name: 'Spara' }).click(), /\/mina-sidor\/profil$/);
  assert.match(await page.title(), /^Fel: /);
  assert.match(await textOf(page, '.error-summary'), /Skriv e-postadressen i rätt format/);
  assert.match(await textOf(page, '#email-error'), /Skriv e-postadressen i rätt format/);
  assert.equal(await page.getByLabel('E-postadress').inputValue(), 'omar@', 'what was typed is kept');
  await page.getByLabel('E-postadress').fill('omar.hassan@example.se');
  await journey.navigate(
    () => page.getByRole('button', { name: 'Spara' }).click(),
    /\/mina-sidor\/profil\?sparat=1$/,
  );
  assert.match(await textOf(page, '.notice'), /Dina kontaktuppgifter är sparade/);
}

async function deleteDraft(journey: CheckedPage, draftId: string): Promise<void> {
  const { page } = journey;
  await openMyPagesFromMenu(journey);
  const link = page.locator(`a[href="/mina-sidor/utkast/${draftId}/ta-bort"]`);
  await journey.navigate(() => link.click(), new RegExp(`/mina-sidor/utkast/${draftId}/ta-bort$`));
  assert.equal(await textOf(page, 'h1'), 'Vill du ta bort utkastet?');
  await journey.navigate(
    () => page.getByRole('button', { name: 'Ja, ta bort utkastet' }).click(),
    /\/mina-sidor\?borttaget=1$/,
  );
  assert.match(await textOf(page, '.notice'), /Utkastet är borttaget/);
  assert.equal(await link.count(), 0, 'the draft is gone from My Pages');
}

async function useMyRights(javaScriptEnabled: boolean): Promise<void> {
  const { reference, draftId } = await omarsCaseAndDraft();
  const page = await newPage(browser, { javaScriptEnabled, baseURL: server.baseUrl });
  const journey = new CheckedPage(page);
  try {
    await logInToMyPages(journey, 'Omar Hassan');
    await downloadEverything(journey, reference);
    await seeWhoRead(journey, reference);
    await correctProfile(journey);
    await deleteDraft(journey, draftId);
    journey.assertEveryPageChecked();
  } finally {
    await page.context().close();
  }
}

/** An administrator hides officers' names from residents' access logs, and shows them again. */
async function chooseWhetherNamesShow(): Promise<void> {
  const settings = '/exempelstad/handlaggning/admin/invanarlogg';
  const page = await newPage(browser, { javaScriptEnabled: false, baseURL: server.baseUrl });
  const journey = new CheckedPage(page);
  try {
    await journey.goto(`/handlaggning/logga-in?tillbaka=${encodeURIComponent(settings)}`);
    await journey.navigate(
      () =>
        page.getByRole('button', { name: 'Logga in med tillitsnivå 3 (som BankID) som Lena Strand' }).click(),
      new RegExp(`${settings}$`),
    );
    assert.equal(await textOf(page, 'h1'), 'Invånarnas åtkomstlogg');
    const group = page.getByRole('group', { name: 'Ska invånarna se handläggarens namn?' });
    assert.ok(
      await group.getByLabel('Ja, visa namn, enhet och roll').isChecked(),
      'names are shown by default',
    );
    for (const choice of ['Nej, visa bara enhet och roll', 'Ja, visa namn, enhet och roll']) {
      await group.getByLabel(choice).check();
      await journey.navigate(
        () => page.getByRole('button', { name: 'Spara' }).click(),
        new RegExp(`${settings}\\?klart=sparat$`),
      );
      assert.match(await textOf(page, '.notice'), /Inställningen är sparad/);
      assert.ok(await group.getByLabel(choice).isChecked());
    }
    journey.assertEveryPageChecked();
  } finally {
    await page.context().close();
  }
}

describe('a resident uses their rights on My Pages', () => {
  test('with JavaScript', () => useMyRights(true));
  test('without JavaScript', () => useMyRights(false));
  test('an administrator chooses whether residents see officers’ names', () => chooseWhetherNamesShow());
});
