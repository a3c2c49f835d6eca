/** The axe helpers must really find problems — with and without JavaScript — or every e2e check is hollow. */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { axeViolations, CheckedPage, expectNoAxeViolations, launchBrowser, newPage } from './browser.ts';

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
  // Another page, fixed: it must be checked for itself, not taken for the broken one.
  '/bad-case/EXS-2026-000003':
    '<!doctype html><html lang="sv"><head><title>Fixad</title></head><body><main id="c-0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d"><p>EXS-2026-000003</p>' +
    '<img src="/x.png" alt="Bild"></main></body></html>',
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
    assert.deepEqual(await found('/bad-case/EXS-2026-000002'), first);
    assert.deepEqual(await found('/bad-case/EXS-2026-000003'), []);
  } finally {
    await page.context().close();
  }
});
