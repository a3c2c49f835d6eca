/**
 * Browser helpers for the end-to-end tests: Debian's Chromium driven by playwright-core, and an
 * axe-core check (WCAG 2.1 A and AA) on every page a journey visits.
 */
import assert from 'node:assert/strict';
import { AxeBuilder } from '@axe-core/playwright';
import type { Result } from 'axe-core';
import {
  type Browser,
  type BrowserContext,
  chromium,
  type JSHandle,
  type Locator,
  type Page,
} from 'playwright-core';
import { TEST_TILE_HOST } from '../src/test-support/server.ts';
import { solidPng } from './png.ts';

/** A 1×1 PNG for every map tile. */
const TILE = solidPng(1, [220, 230, 220]);

/** The axe rule tags we hold every page to: WCAG 2.0 and 2.1, levels A and AA. */
export const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';

/**
 * Launches headless Debian Chromium (no sandbox: CI containers run as root). Everything a test does
 * not use is off: background services, extensions, site isolation's extra renderer processes and
 * the back/forward cache. Together they cut the CPU of the case-handling journey by about 15 %
 * (123 s → 105 s for the file, both runs measured one after the other on an idle machine).
 */
export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-software-rasterizer',
      '--disable-dev-shm-usage',
      '--disable-quic',
      '--no-first-run',
      '--no-pings',
      '--mute-audio',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--disable-extensions',
      '--disable-default-apps',
      '--disable-breakpad',
      '--disable-client-side-phishing-detection',
      '--disable-domain-reliability',
      '--disable-hang-monitor',
      '--disable-print-preview',
      '--disable-renderer-backgrounding',
      '--disable-site-isolation-trials',
      '--disable-features=Translate,OptimizationHints,MediaRouter,site-per-process,IsolateOrigins,PaintHolding,BackForwardCache',
    ],
  });
}

export interface PageOptions {
  /** false runs the page as a browser with JavaScript turned off would (default true). */
  javaScriptEnabled?: boolean;
  /** Relative URLs in goto() and waitForURL() resolve against this. */
  baseURL?: string;
}

const scriptlessContexts = new WeakSet<BrowserContext>();

/** Opens a page in a fresh context (its own cookies), Swedish locale, optionally without JavaScript. */
export async function newPage(browser: Browser, options: PageOptions = {}): Promise<Page> {
  const javaScriptEnabled = options.javaScriptEnabled ?? true;
  const context = await browser.newContext({ javaScriptEnabled, baseURL: options.baseURL, locale: 'sv-SE' });
  if (!javaScriptEnabled) scriptlessContexts.add(context);
  // The map's tiles (the test server's MAP_TILE_URL): answered here, never fetched from anywhere.
  await context.route(`${TEST_TILE_HOST}/**`, (route) =>
    route.fulfill({ status: 200, contentType: 'image/png', body: TILE }),
  );
  return context.newPage();
}

/**
 * Runs axe on the page as it is now. axe needs timers and promises, which do not run in a context
 * with JavaScript turned off, so such a page is copied (its DOM, at its own URL, with the real
 * stylesheets) into a scripted page whose Content-Security-Policy blocks the page's own scripts.
 */
export async function axeViolations(page: Page): Promise<Result[]> {
  return withTimeout(axeViolationsNow(page), AXE_TIMEOUT_MS, `axe on ${page.url()}`);
}

/** page.evaluate (which axe uses) has no timeout of its own: a stuck analysis must fail, not hang CI. */
const AXE_TIMEOUT_MS = 120_000;

function withTimeout<T>(work: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} did not finish within ${ms / 1000} s`)), ms);
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}

let analyses = 0;

/** How many times axe has run in this process (the self-test proves that a memoised check did not run). */
export function axeAnalyses(): number {
  return analyses;
}

/**
 * axe on the page in hand, with the same rules (the WCAG 2.1 A/AA tags) and the same violations.
 * Legacy mode runs `axe.run` in the page itself. The default mode runs axe per frame and then opens
 * a blank page in the same context to merge the frames' results: that extra page cost about a
 * second per check, most of a check's time (our pages have no iframes to merge). Only violations
 * are needed, so axe keeps no details of passed or inapplicable checks (`resultTypes`).
 * `layoutChecks` adds the checks axe does not make: reflow at 320 CSS pixels and text spacing. They resize
 * and restyle the page, so they are left out where the page's own scripts run and would react (the
 * map fits itself again): such a page is checked for them in its journey's run without JavaScript,
 * where it is the same document.
 */
function analyze(page: Page, layoutChecks: boolean): Promise<Result[]> {
  analyses += 1;
  // options() replaces the whole options object, so it goes before withTags(), which adds runOnly.
  return new AxeBuilder({ page })
    .options({ resultTypes: ['violations'] })
    .withTags(AXE_TAGS)
    .setLegacyMode(true)
    .analyze()
    .then(async (results) => [
      ...results.violations,
      ...(layoutChecks ? await reflowViolations(page) : []),
      ...(layoutChecks ? await textSpacingViolations(page) : []),
    ]);
}

/** WCAG 2.1's 1.4.10 Reflow (AA) asks for no horizontal scrolling at this width in CSS pixels. */
export const REFLOW_WIDTH = 320;

/**
 * Reflow, which axe does not check: at 320 CSS pixels wide the page must not scroll sideways. What
 * needs two dimensions (a data table) may scroll inside its own container (`.table-scroll`), so an
 * element that sticks out counts only when no ancestor of it scrolls or clips. Offenders are boxes
 * wider than the page whose parent is not (a grid track sized to its content), and elements whose
 * own text runs past the edge (an unbreakable word). The page gets its own viewport back afterwards.
 */
async function reflowViolations(page: Page): Promise<Result[]> {
  const viewport = page.viewportSize();
  await page.setViewportSize({ width: REFLOW_WIDTH, height: viewport?.height ?? 720 });
  try {
    const found = await page.evaluateHandle((width) => {
      const limit = document.documentElement.clientWidth + 0.5;
      if (document.documentElement.scrollWidth <= limit) return [];
      const contains = (element: Element) =>
        /auto|scroll|hidden|clip/.test(getComputedStyle(element).overflowX);
      const sticksOut = (element: Element) => element.getBoundingClientRect().right > limit;
      const contained = (element: Element) => {
        for (let at = element.parentElement; at && at !== document.body; at = at.parentElement)
          if (contains(at)) return true;
        return false;
      };
      // A box wider than the page (its parent is not): a grid track sized to its content, an image.
      const boxes = [...document.body.querySelectorAll('*')].filter(
        (element) =>
          sticksOut(element) &&
          (!element.parentElement ||
            element.parentElement === document.body ||
            !sticksOut(element.parentElement)),
      );
      // Text that runs past the edge of a box that fits (an unbreakable word or path): its element.
      const texts: Element[] = [];
      const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
      const range = document.createRange();
      for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        range.selectNodeContents(node);
        const parent = node.parentElement;
        if (parent && !contains(parent) && range.getBoundingClientRect().right > limit && !sticksOut(parent))
          texts.push(parent);
      }
      return [...new Set([...boxes, ...texts])]
        .filter((element) => !contained(element))
        .map((element) => {
          const box = element.getBoundingClientRect();
          const right = Math.round(Math.max(box.right, box.left + element.scrollWidth));
          return { element, detail: `its right edge is at ${right} px, past ${width}` };
        });
    }, REFLOW_WIDTH);
    return layoutViolation(
      {
        id: 'reflow',
        tags: ['wcag21aa', 'wcag1410'],
        description: `Content must reflow at ${REFLOW_WIDTH} CSS pixels without scrolling sideways`,
        help: `Content must fit ${REFLOW_WIDTH} CSS pixels wide (WCAG 2.1, 1.4.10 Reflow)`,
        helpUrl: 'https://www.w3.org/WAI/WCAG21/Understanding/reflow.html',
      },
      await describeOffenders(found),
    );
  } finally {
    if (viewport) await page.setViewportSize(viewport);
  }
}

/** An element a layout check found, and what is wrong with it in words. */
interface LayoutOffender {
  element: Element;
  detail: string;
}

/** Runs in the page: the element's path from the body (ids, else names and classes) and its HTML. */
function elementPlace(element: Element): { target: string; html: string } {
  const parts: string[] = [];
  for (let at: Element | null = element; at && at !== document.body; at = at.parentElement)
    parts.unshift(at.id ? `#${at.id}` : [at.localName, ...at.classList].join('.'));
  return { target: parts.join(' > '), html: element.outerHTML.slice(0, 200) };
}

/** The offenders a check found in the page, described as axe describes a violation's nodes. */
async function describeOffenders(
  found: JSHandle<LayoutOffender[]>,
): Promise<{ target: string; html: string; detail: string }[]> {
  const described: { target: string; html: string; detail: string }[] = [];
  for (const item of (await found.getProperties()).values()) {
    const element = (await item.getProperty('element')).asElement();
    const detail = String(await (await item.getProperty('detail')).jsonValue());
    if (element) described.push({ ...(await element.evaluate(elementPlace)), detail });
  }
  await found.dispose();
  return described;
}

/** A layout check's offenders as one axe-shaped violation (none when there are none). */
function layoutViolation(
  rule: { id: string; tags: string[]; description: string; help: string; helpUrl: string },
  offenders: { target: string; html: string; detail: string }[],
): Result[] {
  if (offenders.length === 0) return [];
  const nodes = offenders.map((offender) => ({
    html: offender.html,
    target: [offender.target],
    any: [],
    all: [],
    none: [],
    failureSummary: `Fix the following:\n  ${offender.detail}`,
  }));
  return [{ ...rule, impact: 'serious', nodes } as unknown as Result];
}

/**
 * WCAG 2.1's 1.4.12 Text Spacing (AA): with line height 1.5, paragraph spacing 2 em, letter spacing
 * 0.12 em and word spacing 0.16 em set by the reader, no content may be lost. Content is lost where a
 * box clips what no longer fits (overflow hidden or clip on a box of fixed size, a text field
 * narrower than its value) and did not clip before; a box that scrolls keeps its content reachable,
 * and a visually hidden text (1 px, clipped on purpose) is meant to be clipped. Text that spills
 * out of a fixed-height box without clipping is not detected here.
 */
const TEXT_SPACING_CSS =
  '*, *::before, *::after { line-height: 1.5 !important; letter-spacing: 0.12em !important;' +
  ' word-spacing: 0.16em !important; } p { margin-bottom: 2em !important; }';

/**
 * Runs in the page: the boxes that clip their content (overflow hidden or clip), skipping visually
 * hidden text. `before` remembers them; `after` answers those that did not clip before, so a long
 * value in a text field that scrolls anyway does not count, and a field that no longer shows its
 * whole value does.
 */
function clippedBoxes(phase: 'before' | 'after'): LayoutOffender[] {
  const state = window as unknown as { clippedBeforeSpacing?: WeakSet<Element> };
  const clips = (value: string) => value === 'hidden' || value === 'clip';
  const clipped = [...document.body.querySelectorAll('*')].filter((element) => {
    const style = getComputedStyle(element);
    const clipsX = clips(style.overflowX);
    const clipsY = clips(style.overflowY);
    if (!clipsX && !clipsY) return false;
    if (style.visibility === 'hidden' || element.clientWidth <= 1 || element.clientHeight <= 1) return false;
    return (
      (clipsY && element.scrollHeight > element.clientHeight + 1) ||
      (clipsX && element.scrollWidth > element.clientWidth + 1)
    );
  });
  if (phase === 'before') {
    state.clippedBeforeSpacing = new WeakSet(clipped);
    return [];
  }
  return clipped
    .filter((element) => !state.clippedBeforeSpacing?.has(element))
    .map((element) => ({
      element,
      detail: `it clips ${element.scrollWidth}×${element.scrollHeight} px of content in a box of ${element.clientWidth}×${element.clientHeight}`,
    }));
}

async function textSpacingViolations(page: Page): Promise<Result[]> {
  await page.evaluate(clippedBoxes, 'before' as const);
  const style = await page.addStyleTag({ content: TEXT_SPACING_CSS });
  try {
    return layoutViolation(
      {
        id: 'text-spacing',
        tags: ['wcag21aa', 'wcag1412'],
        description: 'No content may be lost when a reader widens line, paragraph, letter and word spacing',
        help: 'Content must stay whole with wider text spacing (WCAG 2.1, 1.4.12 Text Spacing)',
        helpUrl: 'https://www.w3.org/WAI/WCAG21/Understanding/text-spacing.html',
      },
      await describeOffenders(await page.evaluateHandle(clippedBoxes, 'after' as const)),
    );
  } finally {
    await style.evaluate((element) => (element as Element).remove());
  }
}

/**
 * The scripted page that copies of script-free pages are checked in: one per browser, made on first
 * use and closed with the browser. A fresh page per check cost most of the check (a new renderer
 * compiling axe again). Its route serves the document being checked from the test, with a CSP that
 * blocks the document's own scripts; every other request (the stylesheets) goes to the server.
 * Checks in one browser take turns, since the page shows one copy at a time.
 */
interface CopyPage {
  page: Page;
  /** The document the route serves now, by URL without fragment. */
  serving?: { documentUrl: string; html: string; served: boolean };
  /** The end of the last check queued in this browser. */
  turn: Promise<unknown>;
}

const copyPages = new WeakMap<Browser, Promise<CopyPage>>();

function copyPageOf(browser: Browser): Promise<CopyPage> {
  let copyPage = copyPages.get(browser);
  if (!copyPage) {
    copyPage = (async () => {
      const context = await browser.newContext({ javaScriptEnabled: true });
      const created: CopyPage = { page: await context.newPage(), turn: Promise.resolve() };
      await created.page.route('**/*', (route) => {
        const serving = created.serving;
        if (!serving || withoutFragment(route.request().url()) !== serving.documentUrl)
          return route.continue();
        serving.served = true;
        return route.fulfill({
          status: 200,
          contentType: 'text/html; charset=utf-8',
          headers: { 'content-security-policy': "script-src 'none'" },
          body: serving.html,
        });
      });
      return created;
    })();
    copyPages.set(browser, copyPage);
  }
  return copyPage;
}

/**
 * A script-free document's identity for axe: its HTML with every UUID, case reference, test
 * tenant, e-mail address and random token replaced by its number of first appearance, dates and times by one
 * placeholder, CSRF tokens blanked, and the viewport. Two documents with the same key differ only in
 * which of those values they hold, and in the same places: axe reads the same DOM and finds the same
 * violations (its rules see ids and links by their pattern, never by their value), so the second is
 * not checked again. Numbering keeps the pattern: a value used twice on a page stays the same value,
 * two different ones stay different.
 */
function documentKey(html: string, viewport: { width: number; height: number } | null): string {
  const seen = new Map<string, number>();
  const numbered = (value: string) => {
    if (!seen.has(value)) seen.set(value, seen.size);
    return `\u0000${seen.get(value)}\u0000`;
  };
  const normal = html
    .replace(/name="_csrf" value="[^"]*"/g, 'name="_csrf" value=""')
    .replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi, numbered)
    .replace(/[A-Z]{2,5}-\d{4}-\d{6}\b/g, numbered) // also URL-encoded, after %2F
    .replace(/test-[0-9a-f]{8}\b/g, numbered) // test tenants' slugs (their themes go in the key)
    .replace(/[\w.+-]+@[\w-]+(\.[\w-]+)+/g, numbered)
    .replace(/\b[\w-]{32,}\b/g, numbered) // random tokens (e.g. the IdP's interaction ids)
    // Dates and times are text (and <time datetime>), never ids: which of them are equal is no pattern.
    .replace(/\b\d{4}-\d{2}-\d{2}(T[\d:.]+Z?)?\b|\b\d{1,2}:\d{2}(:\d{2})?\b/g, '\u0000time\u0000');
  return `${viewport?.width}x${viewport?.height}\n${normal}`;
}

/** axe's violations by document key, per browser. */
const checkedDocuments = new WeakMap<Browser, Map<string, Promise<Result[]>>>();

/** Each stylesheet's text by URL, per browser: no journey changes a stylesheet while it runs. */
const stylesheetTexts = new WeakMap<Browser, Map<string, Promise<string>>>();

/**
 * The texts of the document's stylesheets, for its key: documents whose HTML differs only in the
 * tenant (its theme's URL) share a check only if their themes are the same.
 */
async function stylesheetsOf(page: Page, browser: Browser, html: string): Promise<string> {
  let texts = stylesheetTexts.get(browser);
  if (!texts) {
    texts = new Map();
    stylesheetTexts.set(browser, texts);
  }
  const known = texts;
  const hrefs = [...html.matchAll(/<link rel="stylesheet" href="([^"]+)"/g)].map(
    (match) => new URL((match[1] as string).replaceAll('&amp;', '&'), page.url()).href,
  );
  const fetched = hrefs.map((href) => {
    let text = known.get(href);
    if (!text) {
      text = page
        .context()
        .request.get(href)
        .then((response) => response.text());
      known.set(href, text);
      text.catch(() => known.delete(href));
    }
    return text;
  });
  return (await Promise.all(fetched)).join('\n');
}

/**
 * A document with scripts, in a context that runs them, is checked as it is. Any other is checked
 * as a copy, once per key: a script-free page is the same document whether or not the context runs
 * scripts (our pages have scripts only where they show a map), so the journeys' runs with and
 * without JavaScript share their checks of it.
 */
async function axeViolationsNow(page: Page): Promise<Result[]> {
  const html = await page.content();
  if (!scriptlessContexts.has(page.context()) && /<script\b/i.test(html)) return analyze(page, false);
  const url = page.url();
  const browser = page.context().browser();
  assert.ok(browser, 'the page must belong to a launched browser');
  let known = checkedDocuments.get(browser);
  if (!known) {
    known = new Map();
    checkedDocuments.set(browser, known);
  }
  const key = `${documentKey(html, page.viewportSize())}\n${await stylesheetsOf(page, browser, html)}`;
  const earlier = known.get(key);
  if (earlier) return earlier;
  const result = analyzeCopy(browser, url, html, page.viewportSize());
  known.set(key, result);
  // A check that failed to run is not remembered: the next such document is checked afresh.
  result.catch(() => known.delete(key));
  return result;
}

/** Checks a copy of a script-free document in the browser's scripted copy page. */
async function analyzeCopy(
  browser: Browser,
  url: string,
  html: string,
  viewport: { width: number; height: number } | null,
): Promise<Result[]> {
  const copy = await copyPageOf(browser);
  const check = copy.turn.then(async () => {
    const serving = { documentUrl: withoutFragment(url), html, served: false };
    copy.serving = serving;
    try {
      if (viewport) await copy.page.setViewportSize(viewport);
      // Going to the same document with another fragment would only scroll: leave it first.
      if (withoutFragment(copy.page.url()) === serving.documentUrl) await copy.page.goto('about:blank');
      await copy.page.goto(url);
      assert.ok(serving.served, `axe must check the copy of ${url}, not a fresh request for it`);
      return await analyze(copy.page, true);
    } finally {
      copy.serving = undefined;
    }
  });
  copy.turn = check.catch(() => undefined);
  return check;
}

function withoutFragment(url: string): string {
  const parsed = new URL(url);
  parsed.hash = '';
  return parsed.href;
}

/** A readable list: one block per rule with its impact, help text and the failing elements. */
export function formatViolations(url: string, violations: Result[]): string {
  const blocks = violations.map((violation) => {
    const targets = violation.nodes.map((node) => {
      const selector = node.target
        .map((part) => (Array.isArray(part) ? part.join(' >>> ') : part))
        .join(' | ');
      const summary = node.failureSummary
        ?.split('\n')
        .slice(1)
        .map((line) => line.trim())
        .filter(Boolean)
        .join('; ');
      return `    - ${selector}${summary ? `\n      ${summary}` : ''}`;
    });
    return `  ${violation.id} (${violation.impact ?? 'unknown impact'}): ${violation.help}\n    ${violation.helpUrl}\n${targets.join('\n')}`;
  });
  return `${violations.length} axe violation(s) on ${url}:\n${blocks.join('\n')}`;
}

/** Fails with the list of WCAG 2.1 A/AA violations axe finds on the page, if any. */
export async function expectNoAxeViolations(page: Page): Promise<void> {
  const violations = await axeViolations(page);
  if (violations.length > 0) assert.fail(formatViolations(page.url(), violations));
}

/** A page whose axe results are recorded per visited URL. */
export interface AxeRecord {
  url: string;
  violations: Result[];
}

/**
 * Wraps a page so a journey checks every page it visits: goto() and navigate() wait for the new
 * document and run axe on it; every loaded document is recorded, so assertEveryPageChecked() can
 * prove none slipped past (a test that clicked without navigate(), a surprise redirect, …).
 */
export class CheckedPage {
  readonly page: Page;
  /** Every document checked so far, in order. */
  readonly checked: AxeRecord[] = [];
  private readonly unchecked: string[] = [];
  /** Collect violations instead of failing at once (for reporting every problem in one run). */
  private readonly collect: boolean;

  constructor(page: Page, options: { collect?: boolean } = {}) {
    this.page = page;
    this.collect = options.collect ?? false;
    page.on('load', () => this.unchecked.push(page.url()));
  }

  /** Opens a URL and checks the page. */
  async goto(url: string): Promise<void> {
    const loaded = this.page.waitForEvent('load');
    await this.page.goto(url);
    await loaded;
    await this.check();
  }

  /**
   * Performs an action that loads a new document (clicking a link, submitting a form), waits for
   * it to load — at `expectedUrl` if given — and checks it.
   */
  async navigate(action: () => Promise<unknown>, expectedUrl?: string | RegExp): Promise<void> {
    const loaded = this.page.waitForEvent('load');
    await action();
    await loaded;
    if (expectedUrl !== undefined) {
      await this.page.waitForURL(expectedUrl).catch(async (error: unknown) => {
        throw new Error(`expected a page at ${expectedUrl}, ${await this.whereNow()}`, { cause: error });
      });
    }
    await this.check();
  }

  /** Where the page is and what it says (its heading and any error summary), for a failure message. */
  private async whereNow(): Promise<string> {
    const text = (selector: string) =>
      this.page
        .locator(selector)
        .first()
        .textContent({ timeout: 1_000 })
        .then((value) => value?.replace(/\s+/g, ' ').trim() ?? '')
        .catch(() => '');
    const [heading, errors] = await Promise.all([text('h1'), text('.error-summary')]);
    return `but it is at ${this.page.url()} (h1 "${heading}"${errors ? `, errors "${errors}"` : ''})`;
  }

  /** Runs axe on the current document and marks it checked. */
  async check(): Promise<void> {
    const url = this.page.url();
    const index = this.unchecked.lastIndexOf(url);
    if (index >= 0) this.unchecked.splice(index, 1);
    const violations = await axeViolations(this.page);
    this.checked.push({ url, violations });
    if (violations.length > 0 && !this.collect) assert.fail(formatViolations(url, violations));
  }

  /** Every violation found so far (useful with `collect`). */
  violations(): AxeRecord[] {
    return this.checked.filter((record) => record.violations.length > 0);
  }

  /** Fails if a document was loaded but never checked, or (with `collect`) if any check failed. */
  assertEveryPageChecked(): void {
    assert.deepEqual(
      this.unchecked,
      [],
      `pages loaded but never checked with axe: ${this.unchecked.join(', ')}`,
    );
    const failed = this.violations();
    if (failed.length > 0)
      assert.fail(failed.map((record) => formatViolations(record.url, record.violations)).join('\n\n'));
  }
}

/** Opens My Pages through the main menu, as a resident would, and checks its heading. */
export async function openMyPagesFromMenu(journey: CheckedPage): Promise<void> {
  const { page } = journey;
  await journey.navigate(
    () =>
      page
        .getByRole('navigation', { name: 'Huvudmeny' })
        .getByRole('link', { name: 'Mina sidor', exact: true })
        .click(),
    /\/mina-sidor$/,
  );
  assert.equal(await textOf(page, 'h1'), 'Mina sidor');
}

/** Logs a demo resident in at assurance level 3 (the demo's stand-in for BankID), landing on My Pages. */
export async function logInToMyPages(journey: CheckedPage, name: string): Promise<void> {
  await journey.goto('/logga-in?tillbaka=%2Fmina-sidor');
  await journey.navigate(
    () =>
      journey.page
        .getByRole('button', { name: `Logga in med tillitsnivå 3 (som BankID) som ${name}` })
        .click(),
    /\/mina-sidor$/,
  );
}

/** Text with every run of whitespace made one space, trimmed ('' for none). */
export function squash(text: string | null | undefined): string {
  return (text ?? '').replace(/\s+/g, ' ').trim();
}

/** The squashed text of the first element matching `selector` in a page or a part of one. */
export async function textOf(scope: Page | Locator, selector: string): Promise<string> {
  return squash(await scope.locator(selector).first().textContent());
}
