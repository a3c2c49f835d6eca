/**
 * Redirect targets are same-origin paths, checked once (safeReturnPath), and never raw user text in a
 * Location header (issue #9's probe: `///evil.example/`, `/\evil.example/`, a TAB in `tillbaka`,
 * CR/LF and non-Latin-1 characters that made a 500, also right after login).
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createTestApp, type TestApp } from '../../test-support/app.ts';
import { createBrowser, formActions } from '../../test-support/browser-like.ts';
import { subjectFor } from '../identity/personas.ts';
import { safeReturnPath } from './request-context.ts';

const ORIGIN = 'http://localhost:3000';
const ANNA = '198501012382';

let t: TestApp;
before(async () => {
  t = await createTestApp();
});
after(() => t?.close());

/** Logs Anna in through the development IdP, asking to come back to `returnTo`. */
async function login(returnTo: string) {
  const browser = createBrowser(t.app);
  const picker = await browser.get(`/logga-in?${new URLSearchParams({ tillbaka: returnTo, niva: 'loa3' })}`);
  const action = formActions(picker.body).find((candidate) => candidate.endsWith('/login'));
  assert.ok(action, 'the persona page');
  const done = await browser.submit(picker, action, { subject: subjectFor(ANNA), level: 'loa3' });
  return { browser, done };
}

/** The Location a browser would follow stays on our origin and is not a protocol-relative path. */
function assertSameOrigin(location: unknown): void {
  assert.equal(typeof location, 'string');
  const value = String(location);
  assert.ok(value.startsWith('/') && !value.startsWith('//') && !value.includes('\\'), value);
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what we look for
  assert.doesNotMatch(value, /[\u0000-\u001f\u007f]/);
  assert.equal(new URL(value, ORIGIN).origin, ORIGIN, value);
}

describe('safeReturnPath', () => {
  test('keeps same-origin paths and refuses everything else', () => {
    assert.equal(safeReturnPath('/mina-sidor?sparat=1#top'), '/mina-sidor?sparat=1#top');
    assert.equal(safeReturnPath('/ärende'), '/%C3%A4rende');
    for (const unsafe of [
      '//evil.example',
      '/\\evil.example',
      '/\t/evil.example',
      '/\n/evil.example',
      '/x\r\nSet-Cookie: a=b',
      '/./evil.example/..//evil.example',
      '/.//evil.example',
      'https://evil.example/',
      'evil.example',
      '',
      undefined,
      42,
    ]) {
      assert.equal(safeReturnPath(unsafe), '/', JSON.stringify(unsafe));
    }
  });
});

describe('redirects over HTTP', () => {
  test('a tenant address with an encoded slash or backslash redirects within the site', async () => {
    for (const url of ['/%2F%2Fevil.example', '/%5Cevil.example', '/%2F%5Cevil.example']) {
      const response = await t.app.inject({ url });
      assert.ok(response.statusCode < 500, `${url}: ${response.statusCode}`);
      if (response.headers.location !== undefined) assertSameOrigin(response.headers.location);
    }
  });

  test('the language switch returns only to same-origin paths, without a 500', async () => {
    const cases: [string, string][] = [
      ['/%09/evil.example', '/'],
      ['/%0d%0aSet-Cookie:%20x=y', '/'],
      ['%2F%2Fevil.example', '/'],
      ['/%C3%A4rende%E2%82%AC', '/%C3%A4rende%E2%82%AC'],
      ['/mina-sidor%3Fsparat%3D1', '/mina-sidor?sparat=1'],
    ];
    for (const [tillbaka, expected] of cases) {
      const response = await t.app.inject({ url: `/sprak/en?tillbaka=${tillbaka}` });
      assert.equal(response.statusCode, 303, `${tillbaka}: ${response.body.slice(0, 200)}`);
      assert.equal(response.headers.location, expected, tillbaka);
    }
    // Non-Latin-1 characters sent unencoded in the query reach the handler decoded, too.
    const raw = await t.app.inject({ url: '/sprak/en?tillbaka=/%E4%B8%AD%F0%9F%98%80' });
    assert.equal(raw.statusCode, 303);
    assertSameOrigin(raw.headers.location);
  });

  test('after login the return path is checked again and a finished login is kept', async () => {
    for (const [returnTo, expected] of [
      ['/\t/evil.example', '/'],
      ['/mina-sidor?namn=Åsa\r\n', '/'],
      ['/mina-sidor?namn=Åsa€中', '/mina-sidor?namn=%C3%85sa%E2%82%AC%E4%B8%AD'],
    ]) {
      const { browser, done } = await login(returnTo as string);
      const callback = done.redirects.findIndex((location) => location.includes('/auth/callback'));
      assert.ok(callback >= 0, 'went through the callback');
      assert.equal(done.redirects[callback + 1], expected, String(returnTo));
      assert.ok(done.statusCode < 500, `${done.statusCode}`);
      const page = await browser.get('/mina-sidor', { follow: false });
      assert.equal(page.statusCode, 200, 'the finished login was kept');
    }
  });
});
