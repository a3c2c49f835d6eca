/** The axe helpers must really find problems — with and without JavaScript — or every e2e check is hollow. */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import {
  axeAnalyses,
  axeViolations,
  CheckedPage,
  expectNoAxeViolations,
  launchBrowser,
  newPage,
} from './browser.ts';

const ORIGIN = 'http://axe-selftest.invalid';
const PAGES: Record<string, string> = {
  '/good':
    '<!doctype html><html lang="sv"><head><title>Bra</title></head><body><main><h1>Bra sida</h1><a href="/bad">Dålig sida</a></main></body></html>',
  // Broken on purpose: no lang, no title, an image without alt, grey-on-white text, an unlabelled input.
  '/bad':
    '<!doctype html><html><head><style>p{color:#bbb}</style></head><body><main><img src="/x.png">' +
    '<p>Svag text</p><input type="text"><script>document.title = "JavaScript ran"</script></main></body></html>',
  // The same broken page as another case's: only the reference and the id differ.
  '/bad-case/EXS-2026-000001':
    '<!doctype html><html><head></head><body><main id="c-8f0e5f0a-7a0b-4c2e-9d3a-1b2c3d4e5f60"><p>EXS-2026-000001</p>' +
    '<img src="/x.png"></main></body></html>',
  '/bad-case/EXS-2026-000002':
    '<!doctype html><html><head></head><body><main id="c-0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d"><p>EXS-2026-000002</p>' +
    '<img src="/x.png"></main></body></html>',
  // Script-free pages that differ only in a date and a time, and the same with a script.
  '/dated/1':
    '<!doctype html><html><head></head><body><main><p>Inskickad <time datetime="2026-12-05T23:01:02.003Z">2026-12-05 23:01</time></p>' +
    '<img src="/x.png"></main></body></html>',
  '/dated/2':
    '<!doctype html><html><head></head><body><main><p>Inskickad <time datetime="2026-12-06T00:12:09.450Z">2026-12-06 00:12</time></p>' +
    '<img src="/x.png"></main></body></html>',
  '/dated/scripted':
    '<!doctype html><html><head><script src="/none.js"></script></head><body><main><p>Inskickad <time datetime="2026-12-06T00:12:09.450Z">2026-12-06 00:12</time></p>' +
    '<img src="/x.png"></main></body></html>',
  // Another page, fixed: it must be checked for itself, not taken for the broken one.
  '/bad-case/EXS-2026-000003':
    '<!doctype html><html lang="sv"><head><title>Fixad</title></head><body><main id="c-0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d"><p>EXS-2026-000003</p>' +
    '<img src="/x.png" alt="Bild"></main></body></html>',
  // WCAG 1.4.10 Reflow at 320 CSS pixels: an unbreakable line makes the page scroll sideways; the
  // same line inside a container that scrolls on its own (a wide table's `.table-scroll`) does not.
  '/wide':
    '<!doctype html><html lang="sv"><head><title>Bred</title></head><body><main><h1>Bred sida</h1>' +
    '<p class="long" style="white-space:nowrap">Denhärradenbryterinteochblirbredareänentelefonsskärmärmedflerahundrapixlar</p></main></body></html>',
  '/wide-contained':
    '<!doctype html><html lang="sv"><head><title>Bred i ruta</title></head><body><main><h1>Bred sida i ruta</h1>' +
    '<div style="overflow-x:auto" tabindex="0" role="region" aria-label="Tabell"><p style="white-space:nowrap">Denhärradenbryterinteochblirbredareänentelefonsskärmärmedflerahundrapixlar</p></div></main></body></html>',
  // WCAG 1.4.12 Text Spacing: a box of fixed height that clips loses its text when the reader
  // widens line spacing; a visually hidden text and a box that scrolls lose nothing.
  '/clipped':
    '<!doctype html><html lang="sv"><head><title>Klippt</title></head><body><main><h1>Klippt text</h1>' +
    '<p class="tight" style="height:1.3em;line-height:1.2;overflow:hidden">En rad som får plats tills radavståndet ökar</p></main></body></html>',
  '/clipped-on-purpose':
    '<!doctype html><html lang="sv"><head><title>Dold text</title></head><body><main><h1>Dold text</h1>' +
    '<span style="position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0)">Bara för skärmläsare</span>' +
    '<div style="height:1.3em;line-height:1.2;overflow-y:auto" tabindex="0" role="region" aria-label="Ruta">' +
    '<p>En rad som rullar i sin ruta</p></div>' +
    '<label for="long">Adress</label><input id="long" style="width:8rem" value="En adress som redan var längre än fältet">' +
    '</main></body></html>',
  // A field as wide as its expected value, until the letters spread.
  '/narrow-field':
    '<!doctype html><html lang="sv"><head><title>Smalt fält</title></head><body><main><h1>Smalt fält</h1>' +
    '<label for="pnr">Personnummer</label><input id="pnr" style="width:13.2ch;padding:0;border:0" value="20160102-2385">' +
    '</main></body></html>',
};

let browser: Browser;

before(async () => {
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
});

async function fakeSite(javaScriptEnabled: boolean): Promise<Page> {
  const page = await newPage(browser, { javaScriptEnabled, baseURL: ORIGIN });
  await page.context().route(`${ORIGIN}/**`, (route) => {
    const body = PAGES[new URL(route.request().url()).pathname];
    return body
      ? route.fulfill({ contentType: 'text/html; charset=utf-8', body })
      : route.fulfill({ status: 404, body: '' });
  });
  return page;
}

for (const javaScriptEnabled of [true, false]) {
  test(`axe finds violations ${javaScriptEnabled ? 'with' : 'without'} JavaScript`, async () => {
    const page = await fakeSite(javaScriptEnabled);
    try {
      await page.goto('/good');
      await expectNoAxeViolations(page);
      await page.goto('/bad#main'); // a fragment must not defeat the scripts-off copy
      assert.equal(
        await page.title(),
        javaScriptEnabled ? 'JavaScript ran' : '',
        'the context runs scripts as configured',
      );
      const ids = (await axeViolations(page)).map((violation) => violation.id).sort();
      const expected = ['color-contrast', 'html-has-lang', 'image-alt', 'label'];
      assert.deepEqual(
        ids.filter((id) => expected.includes(id)),
        expected,
      );
      await assert.rejects(expectNoAxeViolations(page), /image-alt \(critical\).*\n.*\n\s+- img/);
    } finally {
      await page.context().close();
    }
  });
}

test('CheckedPage notices a page that was loaded but never checked', async () => {
  const page = await fakeSite(false);
  try {
    const journey = new CheckedPage(page);
    await journey.goto('/good');
    await page.getByRole('link', { name: 'Dålig sida' }).click();
    await page.waitForURL('/bad');
    assert.throws(
      () => journey.assertEveryPageChecked(),
      /never checked with axe: http:\/\/axe-selftest\.invalid\/bad/,
    );
  } finally {
    await page.context().close();
  }
});

test('copies of script-free pages that differ only in ids and references report the same violations; others are checked anew', async () => {
  const page = await fakeSite(false);
  try {
    const found = async (path: string) => {
      await page.goto(path);
      return (await axeViolations(page)).map((violation) => violation.id).sort();
    };
    const first = await found('/bad-case/EXS-2026-000001');
    assert.ok(first.includes('image-alt') && first.includes('html-has-lang'), first.join(', '));
    const runs = axeAnalyses();
    assert.deepEqual(await found('/bad-case/EXS-2026-000002'), first);
    assert.equal(axeAnalyses(), runs, 'the copy of the same page was not checked again');
    assert.deepEqual(await found('/bad-case/EXS-2026-000003'), []);
    assert.equal(axeAnalyses(), runs + 1, 'another page is checked for itself');
  } finally {
    await page.context().close();
  }
});

test('a script-free page is checked once for both contexts; a page with scripts, where they run, every time', async () => {
  const withScripts = await fakeSite(true);
  const withoutScripts = await fakeSite(false);
  try {
    const found = async (page: Page, path: string) => {
      await page.goto(path);
      return (await axeViolations(page)).map((violation) => violation.id).sort();
    };
    const runs = axeAnalyses();
    const first = await found(withScripts, '/dated/1');
    assert.ok(first.includes('image-alt'), first.join(', '));
    assert.equal(axeAnalyses(), runs + 1);
    assert.deepEqual(await found(withoutScripts, '/dated/2'), first, 'only its date and time differ');
    assert.deepEqual(await found(withScripts, '/dated/2'), first);
    assert.equal(axeAnalyses(), runs + 1, 'neither context checked it again');
    assert.deepEqual(await found(withScripts, '/dated/scripted'), first);
    assert.deepEqual(await found(withScripts, '/dated/scripted'), first);
    assert.equal(axeAnalyses(), runs + 3, 'the page with a script was checked as it ran, each time');
  } finally {
    await withScripts.context().close();
    await withoutScripts.context().close();
  }
});

/** The page's violations: each rule's id with the targets of its nodes. */
async function targetsByRule(page: Page): Promise<Record<string, unknown[]>> {
  const violations = await axeViolations(page);
  return Object.fromEntries(
    violations.map((violation) => [violation.id, violation.nodes.map((node) => node.target)]),
  );
}

for (const javaScriptEnabled of [true, false]) {
  test(`a page that scrolls sideways at 320 CSS pixels fails, ${javaScriptEnabled ? 'with' : 'without'} JavaScript`, async () => {
    const page = await fakeSite(javaScriptEnabled);
    try {
      await page.setViewportSize({ width: 1024, height: 700 });
      await page.goto('/wide');
      assert.deepEqual(await targetsByRule(page), { reflow: [['main > p.long']] });
      assert.deepEqual(page.viewportSize(), { width: 1024, height: 700 }, 'the page gets its viewport back');
      await page.goto('/wide-contained');
      await expectNoAxeViolations(page);
    } finally {
      await page.context().close();
    }
  });
}

test('a page that clips text when the reader widens text spacing fails (WCAG 1.4.12)', async () => {
  const page = await fakeSite(false);
  try {
    await page.goto('/clipped');
    assert.deepEqual(await targetsByRule(page), { 'text-spacing': [['main > p.tight']] });
    assert.equal(
      await page.evaluate(() => getComputedStyle(document.querySelector('p.tight') as Element).letterSpacing),
      'normal',
      'the page the test holds is not restyled',
    );
    await page.goto('/narrow-field');
    assert.deepEqual(await targetsByRule(page), { 'text-spacing': [['main > #pnr']] });
    await page.goto('/clipped-on-purpose');
    await expectNoAxeViolations(page);
  } finally {
    await page.context().close();
  }
});
