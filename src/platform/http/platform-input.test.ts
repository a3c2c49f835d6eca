/**
 * The platform's own routes declare their input as schemas too (issue #9, one input layer): input
 * no page of ours sends is a 404 (in the URL's params) or the friendly 400 page (elsewhere), never
 * a 500 or raw JSON; the happy paths still work.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createTestApp, type TestApp } from '../../test-support/app.ts';
import { createBrowser, formActions } from '../../test-support/browser-like.ts';
import { TestClient } from '../../test-support/client.ts';
import { createTestTenant } from '../../test-support/fixtures.ts';
import { subjectFor } from '../identity/personas.ts';
import { routesWithUncheckedIds, uncheckedIds } from './input-guard.ts';
import { IdParam } from './input-schemas.ts';
import { LANGUAGE_COOKIE } from './request-context.ts';

let t: TestApp;
before(async () => {
  t = await createTestApp();
});
after(async () => {
  await t?.close();
});

/** The friendly Swedish error page with `status`: HTML in our layout, not JSON, not a 500. */
function assertFriendlyPage(
  response: { statusCode: number; headers: Record<string, unknown>; body: string },
  status: number,
  url: string,
): void {
  assert.equal(response.statusCode, status, `${url}: ${response.body.slice(0, 200)}`);
  assert.match(String(response.headers['content-type']), /^text\/html/, url);
  assert.match(response.body, /^<!doctype html>/, url);
  assert.match(response.body, /<html lang="sv">/, url);
}

const REFUSED_FORM = /Uppgifterna kunde inte tas emot/;

describe('the language switch', () => {
  test('an unknown language is not found; a repeated return path is refused, both friendly', async () => {
    const client = new TestClient(t.app);
    assertFriendlyPage(await client.get('/sprak/xx'), 404, '/sprak/xx');
    const repeated = '/sprak/en?tillbaka=/mina-sidor&tillbaka=/';
    const response = await client.get(repeated);
    assertFriendlyPage(response, 400, repeated);
    assert.match(response.body, REFUSED_FORM);
  });

  test('still sets the language and keeps the resident’s place (unsafe places fall back to /)', async () => {
    const client = new TestClient(t.app);
    const kept = await client.get('/sprak/en?tillbaka=%2Fexempelstad%2Fe-tjanster%3Fq%3Dskola');
    assert.equal(kept.statusCode, 303);
    assert.equal(kept.headers.location, '/exempelstad/e-tjanster?q=skola');
    assert.ok(kept.cookies.some((cookie) => cookie.name === LANGUAGE_COOKIE && cookie.value === 'en'));
    const unsafe = await client.get('/sprak/en?tillbaka=/%09/evil.example');
    assert.equal(unsafe.statusCode, 303);
    assert.equal(unsafe.headers.location, '/');
  });
});

describe('static assets and the tenant theme', () => {
  test('a name outside the allowed alphabet is not found, with the friendly page', async () => {
    const client = new TestClient(t.app);
    for (const url of ['/static/app%20.css', '/static/%2E%2E%2Fapp.css', '/EXEMPELSTAD/tema.css']) {
      assertFriendlyPage(await client.get(url), 404, url);
    }
  });

  test('the stylesheet and the theme are still served', async () => {
    const client = new TestClient(t.app);
    const css = await client.get('/static/app.css');
    assert.equal(css.statusCode, 200);
    assert.match(String(css.headers['content-type']), /^text\/css/);
    const tenant = await createTestTenant(t);
    const theme = await client.get(`/${tenant.slug}/tema.css`);
    assert.equal(theme.statusCode, 200);
    assert.match(theme.body, /^:root\{--primary:/);
  });
});

describe('login, callback and logout', () => {
  test('a repeated return path or callback value is the friendly 400 page, not a 500', async () => {
    const client = new TestClient(t.app);
    for (const url of [
      '/logga-in?tillbaka=/a&tillbaka=/b',
      '/handlaggning/logga-in?tillbaka=/a&tillbaka=/b',
      '/auth/callback?code=a&code=b&state=s',
      '/auth/callback?state=a&state=b',
    ]) {
      const response = await client.get(url);
      assertFriendlyPage(response, 400, url);
      assert.match(response.body, REFUSED_FORM, url);
    }
  });

  test('a client asking for JSON gets a problem, with the field but not the value', async () => {
    const response = await t.app.inject({
      url: '/auth/callback?code=secret-code-1&code=secret-code-2',
      headers: { accept: 'application/json' },
    });
    assert.equal(response.statusCode, 400);
    assert.match(String(response.headers['content-type']), /^application\/problem\+json/);
    const problem = response.json() as { code: string; errors: { field: string }[] };
    assert.equal(problem.code, 'VALIDATION_FAILED');
    assert.ok(problem.errors.some((error) => error.field.startsWith('querystring/code')));
    assert.doesNotMatch(response.body, /secret-code/);
  });

  test('an unknown level still starts the login at the default level', async () => {
    const response = await new TestClient(t.app).get('/logga-in?niva=loa9&tillbaka=/mina-sidor');
    assert.equal(response.statusCode, 303);
    assert.match(String(response.headers.location), /\/dev-idp\//);
  });

  test('a logout body that is no form is refused with the friendly page', async () => {
    const response = await t.app.inject({
      method: 'POST',
      url: '/logga-ut',
      headers: { 'content-type': 'application/json' },
      payload: '"ut"',
    });
    assertFriendlyPage(response, 400, '/logga-ut');
  });
});

describe('the development IdP’s persona form', () => {
  test('a malformed interaction id is not found; a level it never offers is refused', async () => {
    const client = new TestClient(t.app);
    assertFriendlyPage(await client.get('/dev-idp/interaction/not%20a%20uid'), 404, 'uid');
    const browser = createBrowser(t.app);
    const picker = await browser.get('/logga-in');
    const action = formActions(picker.body).find((candidate) => candidate.endsWith('/login'));
    assert.ok(action);
    const refused = await browser.submit(picker, action, {
      subject: subjectFor('198501012382'),
      level: 'loa9',
    });
    assertFriendlyPage(refused, 400, action);
    // The token is still the form's own check (the IdP's paths are outside the guard's).
    const noToken = await browser.post(action, { subject: subjectFor('198501012382'), level: 'loa2' });
    assert.equal(noToken.statusCode, 403);
    // And the happy path still logs in.
    const done = await browser.submit(picker, action, { subject: subjectFor('198501012382'), level: 'loa2' });
    assert.equal(done.statusCode, 200, done.body.slice(0, 200));
  });
});

describe('UUID params: the route’s schema, else the input guard', () => {
  test('a param the schema declares as a UUID is left to the schema; any other stays guarded', () => {
    const declared = { params: { type: 'object', properties: { draftId: IdParam } } };
    assert.deepEqual(uncheckedIds('/x/:draftId/bilagor/:attachmentId', declared), ['attachmentId']);
    assert.deepEqual(uncheckedIds('/x/:draftId', undefined), ['draftId']);
    assert.deepEqual(uncheckedIds('/sprak/:lang', undefined), []);
  });

  test('a route without a schema stays guarded: a malformed id is not found before any gate', async () => {
    const tenant = await createTestTenant(t);
    const base = `/${tenant.slug}/handlaggning/arenden/EXS-2026-000001/bilagor`;
    const client = new TestClient(t.app);
    assertFriendlyPage(await client.get(`${base}/${'a'.repeat(35)}-`), 404, base);
    // A well-formed id passes the guard and meets the officers' login gate instead.
    const wellFormed = await client.get(`${base}/00000000-0000-4000-8000-000000000000`);
    assert.notEqual(wellFormed.statusCode, 404);
  });

  test('every UUID param of every route is checked by its route’s own schema', () => {
    // The guard's UUID_PARAMS list is only the safety net for a route added without a schema.
    assert.deepEqual(routesWithUncheckedIds(t.app), []);
  });
});
