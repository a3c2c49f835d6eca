/**
 * The whole case-handling loop in the browser (issue #3): a resident applies for school transport,
 * an officer finds the case in the queue, takes it, starts investigating and asks for completion;
 * the resident completes it and writes to the officer; the officer reads both, answers and decides;
 * the resident reads the decision and downloads the letter; the development mailbox shows the
 * notification mail, which names neither the person nor the case. Each party has their own browser
 * context, the journey runs with and without JavaScript, and every page on the way is axe-clean.
 */
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import fs from 'node:fs';
import { after, before, describe, test } from 'node:test';
import type { Browser, Locator, Page } from 'playwright-core';
import { loadConfig } from '../src/config.ts';
import { createJobRunner } from '../src/job-handlers.ts';
import type { WorkerLog } from '../src/platform/jobs/job-worker.ts';
import { startTestServer, type TestServer } from '../src/test-support/server.ts';
import { CheckedPage, launchBrowser, newPage, openMyPagesFromMenu, squash, textOf } from './browser.ts';

const TENANT = '/exempelstad';
const TENANT_NAME = 'Exempelstads kommun';
const SERVICE = `${TENANT}/e-tjanster/skolskjuts`;
const QUEUE = `${TENANT}/handlaggning/`;
const STEP = (id: string) => new RegExp(`${SERVICE}/utkast/[^/]+/steg/${id}$`);
const CASE_PAGE = (reference: string) => new RegExp(`/mina-sidor/arenden/${reference}(\\?kompletterat=1)?$`);
const OFFICER_CASE = (reference: string) => `${TENANT}/handlaggning/arenden/${reference}`;

const ANNA = { name: 'Anna Andersson', pin: '198501012382', formattedPin: '19850101-2382' };
const KARIN = { name: 'Karin Berg', unit: 'Skolskjutsenheten' };
const SERVICE_TITLE = 'Ansökan om skolskjuts';
const CHILD_PIN = '201601022385';
const CHILD_NAME = 'Elsa Andersson';
const SCHOOL = 'Ekbackens skola';
const GRADE = 'Årskurs 3';
const DISTANCE = '4,5';
const NEW_DISTANCE = '12,5';
const REASON = 'Det är långt till skolan';
const PHONE = '070-123 45 67';
const STREET = 'Björkvägen 7';

const STATUS_MESSAGE = 'Vi har börjat utreda din ansökan.';
const COMPLETION_STEP = 'Varför behövs skolskjuts?';
const COMPLETION_MESSAGE = 'Hur långt är det till skolan? Mät den kortaste vägen som barnet kan gå.';
const RESIDENT_MESSAGE = 'Jag mätte vägen igen på kartan, den är 12,5 km. Hör av er om ni undrar något.';
const OFFICER_REPLY = 'Tack, vi har fått den nya uppgiften och återkommer med ett beslut.';
const JUSTIFICATION =
  'Avståndet mellan hemmet och skolan är 12,5 km, vilket är längre än kommunens riktlinje på 4 km för årskurs 1–3.';
const LEGAL_BASIS = '10 kap. 32 § skollagen (2010:800)';

/** The development IdP's button for a persona at level of assurance 3. */
const LEVEL_3 = (name: string) => `Logga in med tillitsnivå 3 (som BankID) som ${name}`;

let server: TestServer;
let browser: Browser;

/** Prefixes a failure with the step of the journey it happened in. */
async function step<T>(name: string, action: () => Promise<T>): Promise<T> {
  try {
    return await action();
  } catch (error) {
    if (error instanceof Error) error.message = `[${name}] ${error.message}`;
    throw error;
  }
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

async function textOfLocator(locator: Locator): Promise<string> {
  return squash(await locator.textContent());
}

function button(page: Page, name: string) {
  return page.getByRole('button', { name, exact: true });
}

/** The status notice (`.notice[role=status]`) of the page, or '' when there is none. */
async function noticeOf(page: Page): Promise<string> {
  const notice = page.locator('[role="status"]');
  return (await notice.count()) > 0 ? textOfLocator(notice.first()) : '';
}

/** The `<dd>` next to a `<dt>` in the first summary list that has it. */
function summaryValue(scope: Page | Locator, term: string): Locator {
  const page = 'mainFrame' in scope ? scope : scope.page();
  return scope
    .locator('dl.summary-list > div')
    .filter({ has: page.locator('dt', { hasText: new RegExp(`^${escapeRegExp(term)}$`) }) })
    .first()
    .locator('dd')
    .first();
}

// ---------------------------------------------------------------------------------------------
// 1. Anna applies

async function annaApplies(anna: CheckedPage, email: string): Promise<string> {
  const { page } = anna;
  await anna.goto(SERVICE);
  assert.equal(await textOf(page, 'h1'), SERVICE_TITLE);
  await anna.navigate(() => button(page, 'Starta e-tjänsten').click());
  assert.equal(await textOf(page, 'h1'), 'Testinloggning', 'a level 3 service asks for e-ID');
  await anna.navigate(
    () => page.getByRole('button', { name: LEVEL_3(ANNA.name) }).click(),
    new RegExp(`${SERVICE}$`),
  );
  assert.match(await textOf(page, '.signed-in'), new RegExp(ANNA.name));
  await anna.navigate(() => button(page, 'Starta e-tjänsten').click(), STEP('child'));

  assert.equal(await textOf(page, 'h1'), 'Om barnet');
  await page.getByLabel('Barnets personnummer').fill(CHILD_PIN);
  await page.getByLabel('Barnets namn').fill(CHILD_NAME);
  await page.getByLabel('Skola').selectOption({ label: SCHOOL });
  await page.getByLabel('Årskurs').selectOption({ label: GRADE });
  await anna.navigate(() => button(page, 'Fortsätt').click(), STEP('need'));

  assert.equal(await textOf(page, 'h1'), COMPLETION_STEP);
  await page.getByLabel('Avstånd mellan hemmet och skolan').fill(DISTANCE);
  await page.getByLabel(REASON).check();
  await page
    .getByRole('group', { name: 'Har barnet särskilda behov under resan?' })
    .getByLabel('Nej', { exact: true })
    .check();
  await anna.navigate(() => button(page, 'Fortsätt').click(), STEP('contact'));

  assert.equal(await textOf(page, 'h1'), 'Dina kontaktuppgifter');
  await page.getByLabel('E-postadress').fill(email);
  await page.getByLabel('Telefonnummer').fill(PHONE);
  const address = page.getByRole('group', { name: 'Adress där barnet bor' });
  await address.getByLabel('Gatuadress').fill(STREET);
  await address.getByLabel('Postnummer').fill('123 45');
  await address.getByLabel('Ort').fill('Exempelstad');
  // Notification mail goes to the address in the profile, so Anna saves hers there.
  await page.getByLabel('Spara mina kontaktuppgifter i min profil så att de fylls i nästa gång').check();
  await anna.navigate(() => button(page, 'Fortsätt').click(), /\/granska$/);

  assert.equal(await textOf(page, 'h1'), 'Kontrollera dina svar');
  const answers = await textOf(page, 'main');
  for (const expected of [ANNA.formattedPin, CHILD_NAME, SCHOOL, DISTANCE, REASON, email, STREET]) {
    assert.ok(answers.includes(expected), `"Kontrollera dina svar" shows ${expected}`);
  }
  await anna.navigate(() => button(page, 'Skicka in').click(), /\/kvitto$/);
  assert.equal(await textOf(page, 'h1'), 'Ditt ärende har skickats in');
  const reference = await textOf(page, '.reference');
  assert.match(reference, /^EXS-\d{4}-\d{6}$/);
  return reference;
}

// ---------------------------------------------------------------------------------------------
// 2. Karin finds the case, takes it, starts investigating and asks for completion

async function karinLogsIn(karin: CheckedPage): Promise<void> {
  const { page } = karin;
  await karin.goto(`/handlaggning/logga-in?tillbaka=${encodeURIComponent(QUEUE)}`);
  assert.equal(await textOf(page, 'h1'), 'Testinloggning');
  const staff = page.getByRole('region', { name: 'Personal' });
  await karin.navigate(
    () => staff.getByRole('button', { name: LEVEL_3(KARIN.name) }).click(),
    new RegExp(`${QUEUE}$`),
  );
  assert.equal(await textOf(page, 'h1'), 'Ärenden');
  assert.match(await textOf(page, '.signed-in'), new RegExp(`Inloggad som ${KARIN.name}`));
  assert.match(await textOf(page, 'main'), new RegExp(`Ärenden för ${KARIN.unit}\\.`));
}

/** The queue's row for the case (the table has one link per case: its reference). */
function queueRow(page: Page, reference: string): Locator {
  return page.locator('table.data tbody tr').filter({ has: page.getByRole('link', { name: reference }) });
}

async function karinFindsTheCase(karin: CheckedPage, reference: string): Promise<void> {
  const { page } = karin;
  // Newest first: the case just submitted is on the first page.
  assert.equal(await queueRow(page, reference).count(), 1, `the queue lists ${reference}`);

  await page.getByLabel('Sök', { exact: true }).fill(reference);
  await page.getByLabel('Tilldelning').selectOption({ label: 'Ej tilldelade' });
  await karin.navigate(() => button(page, 'Visa ärenden').click(), /\/handlaggning\/\?.*sok=/);
  assert.equal(await page.getByLabel('Sök', { exact: true }).inputValue(), reference, 'the filter is kept');
  const rows = page.locator('table.data tbody tr');
  assert.equal(await rows.count(), 1, 'searching for the reference finds that one case');
  const cells = await rows.first().locator('td').allTextContents();
  assert.deepEqual(
    [cells[0], cells[1], cells[2], cells[3], cells[6], cells[8]].map(squash),
    [reference, SERVICE_TITLE, ANNA.name, 'Mottagen', 'Ingen', 'Webb'],
    'reference, e-service, applicant, status, (no) officer and the channel',
  );

  await karin.navigate(
    () => rows.first().getByRole('link', { name: reference }).click(),
    new RegExp(`${OFFICER_CASE(reference)}$`),
  );
  assert.equal(await textOf(page, 'h1'), `Ärende ${reference}`);
  assert.equal(await textOfLocator(summaryValue(page, 'Sökande')), ANNA.name);
  assert.match(await textOfLocator(summaryValue(page, 'Status')), /^Mottagen/);
  assert.match(await textOf(page, 'main'), /Ta ärendet för att ändra status/);
}

async function karinTakesTheCase(karin: CheckedPage, reference: string): Promise<void> {
  const { page } = karin;
  await karin.navigate(
    () => button(page, 'Ta ärendet').click(),
    new RegExp(`${OFFICER_CASE(reference)}\\?klart=tagit$`),
  );
  assert.equal(await noticeOf(page), 'Du har tagit ärendet.');
  assert.equal(await textOfLocator(summaryValue(page, 'Handläggare')), KARIN.name);
  assert.match(await textOf(page, 'section[aria-labelledby="history-title"]'), /Tilldelat Karin Berg/);
}

async function karinStartsInvestigating(karin: CheckedPage, reference: string): Promise<void> {
  const { page } = karin;
  // The skolskjuts workflow calls its "being processed" status "Utreds" (demo/services/skolskjuts.json).
  await page.getByLabel('Ny status').selectOption({ label: 'Utreds' });
  await page.getByLabel('Meddelande till den sökande (valfritt)').fill(STATUS_MESSAGE);
  await karin.navigate(
    () => button(page, 'Ändra status').click(),
    new RegExp(`${OFFICER_CASE(reference)}\\?klart=status$`),
  );
  assert.equal(await noticeOf(page), 'Statusen är ändrad.');
  const status = await textOfLocator(summaryValue(page, 'Status'));
  assert.match(status, /^Utreds/);
  assert.match(status, /Den sökande ser: ”Vi utreder din ansökan”/);
  assert.match(await textOf(page, 'section[aria-labelledby="history-title"]'), /Status: Mottagen → Utreds/);
}

async function karinAsksForCompletion(karin: CheckedPage, reference: string): Promise<void> {
  const { page } = karin;
  const panel = page.getByRole('region', { name: 'Begär komplettering' });
  await panel
    .getByRole('group', { name: 'Vilka delar ska den sökande komplettera?' })
    .getByLabel(COMPLETION_STEP, { exact: true })
    .check();
  await panel.getByLabel('Vad behöver ni veta?').fill(COMPLETION_MESSAGE);
  await karin.navigate(
    () => button(page, 'Skicka begäran om komplettering').click(),
    new RegExp(`${OFFICER_CASE(reference)}\\?klart=komplettering$`),
  );
  assert.equal(await noticeOf(page), 'Begäran om komplettering är skickad.');
  assert.match(await textOfLocator(summaryValue(page, 'Status')), /^Komplettering begärd/);
  assert.match(
    await textOf(page, 'main'),
    new RegExp(`Komplettering begärd .*: ”${escapeRegExp(COMPLETION_MESSAGE)}”`),
  );
  assert.equal(await page.getByRole('region', { name: 'Begär komplettering' }).count(), 0);
}

// ---------------------------------------------------------------------------------------------
// 3. Anna completes the case and writes to the officer

/** My Pages through the main menu; returns the case's card. */
async function openMyPages(anna: CheckedPage, reference: string): Promise<Locator> {
  const { page } = anna;
  await openMyPagesFromMenu(anna);
  const card = page.locator('li.card', { hasText: reference });
  assert.equal(await card.count(), 1, `My Pages lists ${reference}`);
  return card;
}

async function openCaseFromMyPages(anna: CheckedPage, card: Locator, reference: string): Promise<void> {
  await anna.navigate(() => card.getByRole('link', { name: SERVICE_TITLE }).click(), CASE_PAGE(reference));
  assert.equal(await textOf(anna.page, 'h1'), SERVICE_TITLE);
  assert.ok((await textOf(anna.page, 'main')).includes(reference));
}

async function annaCompletes(anna: CheckedPage, reference: string): Promise<void> {
  const { page } = anna;
  const card = await openMyPages(anna, reference);
  assert.match(await textOfLocator(card), /Vi behöver fler uppgifter från dig/);
  await openCaseFromMyPages(anna, card, reference);

  const request = page.getByRole('region', { name: 'Vi behöver fler uppgifter från dig' });
  const requestText = await textOfLocator(request);
  assert.match(requestText, /Handläggaren skriver:/);
  assert.ok(requestText.includes(COMPLETION_MESSAGE), 'the officer’s message is shown');
  assert.match(await textOfLocator(summaryValue(page, 'Status')), /^Vi behöver fler uppgifter från dig$/);
  assert.ok(
    (await textOf(page, 'ol.timeline')).includes(STATUS_MESSAGE),
    'the message that came with the status change is in the history',
  );

  await anna.navigate(() => button(page, 'Komplettera ärendet').click(), STEP('need'));
  assert.equal(await textOf(page, 'h1'), COMPLETION_STEP);
  assert.match(
    await textOf(page, '.step-indicator'),
    new RegExp(`Komplettering av ärende ${reference} · Steg 1 av 1`),
  );
  assert.ok((await textOf(page, 'main')).includes(COMPLETION_MESSAGE), 'the step repeats the request');
  const distance = page.getByLabel('Avstånd mellan hemmet och skolan');
  assert.match(await distance.inputValue(), /^4[,.]5$/, 'the earlier answer is filled in');
  await distance.fill(NEW_DISTANCE);
  await anna.navigate(() => button(page, 'Fortsätt').click(), /\/granska$/);

  assert.equal(await textOf(page, 'h1'), 'Kontrollera din komplettering');
  const check = await textOf(page, 'main');
  assert.ok(check.includes(`${NEW_DISTANCE} km`), 'the new distance is listed');
  assert.ok(!check.includes(CHILD_NAME), 'steps not reopened are not listed');
  await anna.navigate(() => button(page, 'Skicka kompletteringen').click(), CASE_PAGE(reference));
  assert.match(page.url(), /\?kompletterat=1$/);
  assert.equal(await noticeOf(page), 'Tack! Din komplettering har skickats.');
  assert.equal(await button(page, 'Komplettera ärendet').count(), 0, 'nothing left to complete');
  assert.equal(
    await textOfLocator(summaryValue(page, 'Avstånd mellan hemmet och skolan')),
    `${NEW_DISTANCE} km`,
    'the case has the new answer',
  );
  assert.match(await textOf(page, 'ol.timeline'), /Du kompletterade ärendet/);
}

async function annaWritesToTheOfficer(anna: CheckedPage, reference: string): Promise<void> {
  const { page } = anna;
  const panel = page.getByRole('region', { name: 'Meddelanden' });
  assert.match(await textOfLocator(panel), /Inga meddelanden ännu\./);
  await anna.navigate(
    () => panel.getByRole('link', { name: 'Läs och skriv meddelanden' }).click(),
    new RegExp(`/mina-sidor/arenden/${reference}/meddelanden$`),
  );
  assert.equal(await textOf(page, 'h1'), 'Meddelanden');
  await page.getByLabel('Meddelande', { exact: true }).fill(RESIDENT_MESSAGE);
  await anna.navigate(
    () => button(page, 'Skicka meddelande').click(),
    new RegExp(`/mina-sidor/arenden/${reference}/meddelanden`),
  );
  assert.equal(await noticeOf(page), 'Ditt meddelande är skickat till handläggaren.');
  const thread = await textOf(page, 'section[aria-labelledby="thread-title"]');
  assert.ok(thread.includes(RESIDENT_MESSAGE), 'the message is in the conversation');
  assert.match(thread, /Du ·/);

  await anna.navigate(
    () => page.getByRole('link', { name: 'Alla meddelanden' }).click(),
    /\/mina-sidor\/meddelanden$/,
  );
  assert.equal(await textOf(page, 'h1'), 'Meddelanden');
  const entry = page.locator('li.card', { hasText: reference });
  assert.equal(await entry.count(), 1, 'My Messages lists the case');
  assert.match(await textOfLocator(entry), /Inga olästa/, 'her own message is not unread to her');
}

// ---------------------------------------------------------------------------------------------
// 4. Karin sees the completion and the message, answers, and decides

async function karinSeesTheCompletion(karin: CheckedPage, reference: string): Promise<void> {
  const { page } = karin;
  await karin.goto(OFFICER_CASE(reference));
  assert.match(await textOfLocator(summaryValue(page, 'Status')), /^Utreds/, 'back to being investigated');
  const answers = page.locator('section[aria-labelledby="answers-title"]');
  assert.equal(
    await textOfLocator(summaryValue(answers, 'Avstånd mellan hemmet och skolan')),
    `${NEW_DISTANCE} km`,
  );
  assert.match(
    await textOf(page, 'section[aria-labelledby="history-title"]'),
    new RegExp(`Den sökande kompletterade ärendet av ${ANNA.name}`),
  );
  const messages = page.getByRole('region', { name: 'Meddelanden' });
  assert.match(await textOfLocator(messages), /1 meddelande · 1 oläst från sökanden/);

  await karin.navigate(
    () => messages.getByRole('link', { name: 'Läs och skriv meddelanden' }).click(),
    new RegExp(`${OFFICER_CASE(reference)}/meddelanden$`),
  );
  assert.equal(await textOf(page, 'h1'), `Meddelanden i ärende ${reference}`);
  const thread = await textOf(page, 'section[aria-labelledby="thread-title"]');
  assert.ok(thread.includes(RESIDENT_MESSAGE), 'Anna’s message is in the conversation');
  assert.match(thread, new RegExp(`${ANNA.name}, Sökande`));
  await page.getByLabel('Meddelande', { exact: true }).fill(OFFICER_REPLY);
  await karin.navigate(
    () => button(page, 'Skicka meddelande').click(),
    new RegExp(`${OFFICER_CASE(reference)}/meddelanden`),
  );
  assert.match(await noticeOf(page), /^Meddelandet är skickat\./);
  assert.ok((await textOf(page, 'section[aria-labelledby="thread-title"]')).includes(OFFICER_REPLY));
  await karin.navigate(
    () => page.getByRole('link', { name: 'Tillbaka till ärendet' }).click(),
    new RegExp(`${OFFICER_CASE(reference)}$`),
  );
  assert.match(
    await textOf(page, '[aria-labelledby="messages-summary-title"]'),
    /2 meddelanden/,
    'reading the conversation marked Anna’s message read',
  );
}

async function karinDecides(karin: CheckedPage, reference: string): Promise<void> {
  const { page } = karin;
  const decisions = page.getByRole('region', { name: 'Beslut' });
  assert.match(await textOfLocator(decisions), /Inget beslut är fattat ännu\./);
  await karin.navigate(
    () => decisions.getByRole('link', { name: 'Fatta beslut' }).click(),
    new RegExp(`${OFFICER_CASE(reference)}/beslut$`),
  );
  assert.equal(await textOf(page, 'h1'), `Fatta beslut i ärende ${reference}`);
  await page.getByRole('group', { name: 'Beslut' }).getByLabel('Bifall', { exact: true }).check();
  await page.getByLabel('Motivering').fill(JUSTIFICATION);
  await page.getByLabel('Lagrum').fill(LEGAL_BASIS);
  await karin.navigate(
    () => button(page, 'Fatta beslut och skapa beslutsbrev').click(),
    new RegExp(`${OFFICER_CASE(reference)}\\?klart=beslut$`),
  );
  assert.match(await noticeOf(page), /^Beslutet är fattat/);
  assert.match(await textOfLocator(summaryValue(page, 'Status')), /^Beslut fattat/);
  const row = page.getByRole('region', { name: 'Beslut' }).locator('table.data tbody tr');
  assert.equal(await row.count(), 1, 'one decision');
  const cells = (await row.locator('td').allTextContents()).map(squash);
  assert.equal(cells[0], 'Bifall');
  assert.equal(cells[2], KARIN.name);
  assert.match(cells[3] ?? '', /^Beslutsbrev \(PDF\)/);
  assert.equal(
    await page.getByRole('region', { name: 'Beslut' }).getByRole('link', { name: 'Fatta beslut' }).count(),
    0,
    'a decided case cannot be decided again',
  );
  assert.match(await textOf(page, 'section[aria-labelledby="history-title"]'), /Beslut fattat av Karin Berg/);
}

// ---------------------------------------------------------------------------------------------
// 5. Anna reads the answer and the decision, and downloads the letter

async function annaReadsTheReply(anna: CheckedPage, reference: string): Promise<void> {
  const { page } = anna;
  const card = await openMyPages(anna, reference);
  assert.match(await textOfLocator(card), /Beslut är fattat om din ansökan/);
  const inbox = page.getByRole('link', { name: /^Mina meddelanden/ });
  assert.match(squash(await inbox.textContent()), /\(\d+ olästa\)$/, 'My Pages says there is unread mail');
  await anna.navigate(() => inbox.click(), /\/mina-sidor\/meddelanden$/);
  const entry = page.locator('li.card', { hasText: reference });
  assert.match(await textOfLocator(entry), /1 oläst/);
  await anna.navigate(
    () => entry.getByRole('link', { name: SERVICE_TITLE }).click(),
    new RegExp(`/mina-sidor/arenden/${reference}/meddelanden$`),
  );
  const thread = page.locator('section[aria-labelledby="thread-title"] li.card', { hasText: OFFICER_REPLY });
  assert.equal(await thread.count(), 1, 'Karin’s reply is in the conversation');
  assert.match(await textOfLocator(thread), new RegExp(`${KARIN.name}, Handläggare .* Nytt`));
  await anna.navigate(
    () => page.getByRole('link', { name: 'Tillbaka till ärendet' }).click(),
    CASE_PAGE(reference),
  );
}

async function annaReadsTheDecision(anna: CheckedPage, reference: string): Promise<void> {
  const { page } = anna;
  assert.match(await textOfLocator(summaryValue(page, 'Status')), /^Beslut är fattat om din ansökan$/);
  const section = page.getByRole('region', { name: 'Beslut' });
  const decision = section.getByRole('article');
  assert.equal(await decision.count(), 1);
  assert.equal(await textOfLocator(decision.getByRole('heading')), 'Din ansökan har beviljats.');
  assert.equal(await textOfLocator(summaryValue(decision, 'Varför vi beslutade så')), JUSTIFICATION);
  assert.equal(await textOfLocator(summaryValue(decision, 'Lagrum')), LEGAL_BASIS);
  assert.match(await textOf(page, 'ol.timeline'), /Beslut fattades|Beslut är fattat om din ansökan/);

  const letter = decision.getByRole('link', { name: /^Ladda ner beslutsbrevet \(PDF\)/ });
  const href = await letter.getAttribute('href');
  assert.match(href ?? '', new RegExp(`^/mina-sidor/arenden/${reference}/beslut/[^/]+/beslut\\.pdf$`));

  const [download] = await Promise.all([page.waitForEvent('download'), letter.click()]);
  assert.match(download.suggestedFilename(), /\.pdf$/);
  const file = await download.path();
  assert.ok(file, 'the letter was downloaded');
  const bytes = fs.readFileSync(file);
  assert.equal(bytes.subarray(0, 5).toString('latin1'), '%PDF-', 'the download is a PDF');

  // The same link with Anna's cookies, to see the headers the browser got.
  const response = await page.request.get(href ?? '');
  assert.equal(response.status(), 200);
  assert.match(response.headers()['content-type'] ?? '', /^application\/pdf/);
  assert.match(response.headers()['content-disposition'] ?? '', /^attachment;/);
  assert.equal((await response.body()).subarray(0, 5).toString('latin1'), '%PDF-');
}

// ---------------------------------------------------------------------------------------------
// 6. The development mailbox

const silentLog: WorkerLog = { debug() {}, info() {}, warn() {}, error() {} };

/**
 * The test server runs no job worker (main.ts starts it), so this starts one (mail over the
 * development mailbox) and lets it run everything that is due.
 */
async function sendQueuedMail(): Promise<void> {
  const config = loadConfig({ PUBLIC_URL: server.baseUrl, DATA_DIR: ':memory:' });
  const worker = await createJobRunner(server.app.services, config, silentLog);
  assert.ok(worker.handlers.mailDestination, 'the development mailbox is on in the test server');
  try {
    while ((await worker.runOnce()) > 0) {
      // Batch after batch until nothing is due.
    }
  } finally {
    await worker.close();
  }
}

async function mailboxShowsNotifications(
  javaScriptEnabled: boolean,
  email: string,
  reference: string,
): Promise<void> {
  await sendQueuedMail();
  const mailbox = await partyPage(javaScriptEnabled);
  try {
    await mailbox.goto('/dev-mail');
    const { page } = mailbox;
    assert.equal(await textOf(page, 'h1'), 'Utvecklingsbrevlåda');
    const mails = page.locator('li.card').filter({ has: page.locator('dd', { hasText: email }) });
    const count = await mails.count();
    assert.ok(count >= 2, `mail to ${email} is listed (found ${count})`);
    const subjects = (await mails.locator('h2').allTextContents()).map(squash);
    assert.ok(
      subjects.includes(`Nytt i ditt ärende hos ${TENANT_NAME} · News in your case`),
      `an update mail is listed, got: ${subjects.join(' | ')}`,
    );
    assert.ok(
      subjects.some((subject) => subject.startsWith(`Vi har tagit emot ditt ärende hos ${TENANT_NAME}`)),
      'the receipt mail is listed',
    );
    for (const text of (await mails.allTextContents()).map(squash)) {
      for (const secret of [
        reference,
        'Anna',
        'Andersson',
        ANNA.pin,
        ANNA.formattedPin,
        'Elsa',
        CHILD_PIN,
        COMPLETION_MESSAGE,
        OFFICER_REPLY,
        JUSTIFICATION,
        'Bifall',
        'beviljats',
      ]) {
        assert.ok(!text.includes(secret), `a notification mail must not contain "${secret}": ${text}`);
      }
      assert.ok(text.includes(`${server.baseUrl}/mina-sidor`), 'the mail links to My Pages');
    }
    mailbox.assertEveryPageChecked();
  } finally {
    await mailbox.page.context().close();
  }
}

// ---------------------------------------------------------------------------------------------

/** A page of its own for one party. */
async function partyPage(javaScriptEnabled: boolean): Promise<CheckedPage> {
  const page = await newPage(browser, { javaScriptEnabled, baseURL: server.baseUrl });
  return new CheckedPage(page);
}

async function caseHandlingJourney(javaScriptEnabled: boolean): Promise<void> {
  // An address of this run only (no name in it), so the mailbox check sees this run's mail.
  const email = `vardnadshavare.${crypto.randomBytes(4).toString('hex')}@example.se`;
  const anna = await partyPage(javaScriptEnabled);
  const karin = await partyPage(javaScriptEnabled);
  try {
    const reference = await step('1 Anna applies', () => annaApplies(anna, email));
    await step('2 Karin logs in', () => karinLogsIn(karin));
    await step('2 Karin finds the case', () => karinFindsTheCase(karin, reference));
    await step('2 Karin takes the case', () => karinTakesTheCase(karin, reference));
    await step('2 Karin changes the status', () => karinStartsInvestigating(karin, reference));
    await step('2 Karin asks for completion', () => karinAsksForCompletion(karin, reference));
    await step('3 Anna completes', () => annaCompletes(anna, reference));
    await step('3 Anna writes to the officer', () => annaWritesToTheOfficer(anna, reference));
    await step('4 Karin sees the completion', () => karinSeesTheCompletion(karin, reference));
    await step('4 Karin decides', () => karinDecides(karin, reference));
    await step('5 Anna reads the reply', () => annaReadsTheReply(anna, reference));
    await step('5 Anna reads the decision', () => annaReadsTheDecision(anna, reference));
    await step('6 the mailbox', () => mailboxShowsNotifications(javaScriptEnabled, email, reference));
    anna.assertEveryPageChecked();
    karin.assertEveryPageChecked();
  } finally {
    await anna.page.context().close();
    await karin.page.context().close();
  }
}

/**
 * Without and then with JavaScript, each run on a server of its own (the same demo data, so the
 * pages they visit are the same documents) in one browser: the pages without scripts, all of this
 * journey's, are checked by axe once for both runs (e2e/browser.ts).
 */
describe('a school transport case from application to decision', () => {
  before(async () => {
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
  });
  for (const javaScriptEnabled of [false, true]) {
    test(javaScriptEnabled ? 'with JavaScript' : 'without JavaScript', async () => {
      server = await startTestServer();
      try {
        await caseHandlingJourney(javaScriptEnabled);
      } finally {
        await server.close();
      }
    });
  }
});
