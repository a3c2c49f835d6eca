/**
 * The platform's own routes declare their input as schemas too (issue #9, one input layer): input
 * no page of ours sends is a 404 (in the URL's params) or the friendly 400 page (elsewhere), never
 * a 500 or raw JSON; the happy paths still work. Also the rest of issue #9's probe of the input:
 * redirect targets are same-origin paths, checked once (safeReturnPath), and never raw user text in
 * a Location header; CSRF is checked for every state-changing request, whatever its content type
 * (multipart posts without a token change nothing, a cross-site Origin is refused even with a token);
 * the modules' HTML routes validate params, query and form bodies through their schemas, refusing
 * with a friendly page (or problem+json when asked); and crafted input (NUL characters, ids that are
 * not UUIDs, malformed multipart bodies, undecodable URLs, too-long parameters, oversized headers) is
 * a 4xx, never a 500, with the security headers on every error (last: its oversized-headers test
 * starts the server listening).
 */
import assert from 'node:assert/strict';
import net from 'node:net';
import { after, before, describe, test } from 'node:test';
import type { LightMyRequestResponse } from 'fastify';
import { createTestApp, type TestApp } from '../../test-support/app.ts';
import { createBrowser, formActions } from '../../test-support/browser-like.ts';
import { TestClient } from '../../test-support/client.ts';
import { ANNA, createTestTenant, ERIK, residentClient } from '../../test-support/fixtures.ts';
import {
  caseHandlingScene,
  createTestUnits,
  fillSchoolTransport,
  KARIN,
  staffClient,
  submitSchoolTransport,
} from '../../test-support/staff.ts';
import { subjectFor } from '../identity/personas.ts';
import { SESSION_COOKIE } from '../sessions/session-service.ts';
import { routesWithUncheckedIds, uncheckedIds } from './input-guard.ts';
import { IdParam } from './input-schemas.ts';
import { LANGUAGE_COOKIE, safeReturnPath } from './request-context.ts';

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

const ORIGIN = 'http://localhost:3000';
const ANNA_PERSONAL_IDENTITY_NUMBER = '198501012382';

/** Logs Anna in through the development IdP, asking to come back to `returnTo`. */
async function login(returnTo: string) {
  const browser = createBrowser(t.app);
  const picker = await browser.get(`/logga-in?${new URLSearchParams({ tillbaka: returnTo, niva: 'loa3' })}`);
  const action = formActions(picker.body).find((candidate) => candidate.endsWith('/login'));
  assert.ok(action, 'the persona page');
  const done = await browser.submit(picker, action, {
    subject: subjectFor(ANNA_PERSONAL_IDENTITY_NUMBER),
    level: 'loa3',
  });
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

describe('redirects', () => {
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
});

/** A multipart post of `fields` with no `_csrf` part at all, as a forged cross-site form would send. */
function multipartWithoutToken(
  client: TestClient,
  url: string,
  fields: Record<string, string> = {},
  accept = 'text/html',
): Promise<LightMyRequestResponse> {
  const boundary = '----forged';
  const parts = Object.entries(fields).map(
    ([name, value]) => `--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`,
  );
  return t.app.inject({
    method: 'POST',
    url,
    headers: {
      cookie: `${SESSION_COOKIE}=${client.cookies.get(SESSION_COOKIE)}`,
      'content-type': `multipart/form-data; boundary=${boundary}`,
      accept,
    },
    payload: `${parts.join('')}--${boundary}--\r\n`,
  });
}

function assertRefused(response: LightMyRequestResponse): void {
  assert.equal(response.statusCode, 403, response.body.slice(0, 300));
  assert.equal(response.headers.location, undefined);
}

async function draftRow(draftId: string) {
  return t.database.db.selectFrom('draft').selectAll().where('id', '=', draftId).executeTakeFirst();
}

describe('CSRF for every state-changing request', () => {
  describe('multipart posts without a CSRF token', () => {
    test('cannot start, delete or submit a draft', async () => {
      const tenant = await createTestTenant(t, ['skolskjuts']);
      const anna = await residentClient(t, ANNA);
      // Only this tenant's drafts: other files write drafts to a shared PostgreSQL at the same time.
      const draftsOfTenant = () =>
        t.database.db.selectFrom('draft').select('id').where('tenantId', '=', tenant.id).execute();
      const before = await draftsOfTenant();
      assertRefused(await multipartWithoutToken(anna, `/${tenant.slug}/e-tjanster/skolskjuts/starta`));
      const after = await draftsOfTenant();
      assert.equal(after.length, before.length, 'no draft was started');

      const { base, draftId } = await fillSchoolTransport(anna, tenant);
      assertRefused(await multipartWithoutToken(anna, `${base}/ta-bort`));
      assert.equal((await draftRow(draftId))?.status, 'open', 'the draft is still there');
      const submit = await multipartWithoutToken(anna, `${base}/skicka`, {}, 'application/json');
      assertRefused(submit);
      assert.equal(submit.headers['content-type'], 'application/problem+json; charset=utf-8');
      assert.equal(JSON.parse(submit.body).code, 'CSRF_FAILED');
      assert.equal((await draftRow(draftId))?.status, 'open', 'the draft was not submitted');
    });

    test('cannot empty the profile, start a completion or log out', async () => {
      const anna = await residentClient(t, ANNA);
      await anna.post('/mina-sidor/profil', { email: 'anna@example.se', phone: '070-123 45 67' });
      const refused = await multipartWithoutToken(anna, '/mina-sidor/profil', { email: '', phone: '' });
      assertRefused(refused);
      assert.match(refused.body, /<html/, 'a browser gets the friendly page');
      const person = await t.database.db
        .selectFrom('person')
        .selectAll()
        .where('id', '=', anna.personId)
        .executeTakeFirstOrThrow();
      assert.equal(person.email, 'anna@example.se');

      const tenant = await createTestTenant(t, ['skolskjuts']);
      const reference = await submitSchoolTransport(anna, tenant);
      const draftsOfTenant = () =>
        t.database.db.selectFrom('draft').select('id').where('tenantId', '=', tenant.id).execute();
      const drafts = await draftsOfTenant();
      assertRefused(await multipartWithoutToken(anna, `/mina-sidor/arenden/${reference}/komplettera`));
      assert.equal((await draftsOfTenant()).length, drafts.length);

      assertRefused(await multipartWithoutToken(anna, '/logga-ut'));
      assert.equal((await anna.get('/mina-sidor/profil')).statusCode, 200, 'still logged in');
    });

    test("cannot take or release an officer's case", async () => {
      const tenant = await createTestTenant(t, ['skolskjuts']);
      const units = await createTestUnits(t, tenant);
      const karin = await staffClient(t, tenant, KARIN, 'officer', [units.school]);
      const reference = await submitSchoolTransport(await residentClient(t, ANNA), tenant);
      const casePath = `/${tenant.slug}/handlaggning/arenden/${reference}`;
      const assignee = async () =>
        (
          await t.database.db
            .selectFrom('case')
            .select('assignedStaffId')
            .where('reference', '=', reference)
            .executeTakeFirstOrThrow()
        ).assignedStaffId;
      assertRefused(await multipartWithoutToken(karin, `${casePath}/ta`));
      assert.equal(await assignee(), null);
      assert.equal((await karin.post(`${casePath}/ta`)).statusCode, 303, 'the real form still works');
      assert.notEqual(await assignee(), null);
      assertRefused(await multipartWithoutToken(karin, `${casePath}/slapp`));
      assert.notEqual(await assignee(), null, 'still taken');
    });
  });

  describe('cross-site requests', () => {
    test('a cross-site Origin or Sec-Fetch-Site is refused even with the right token', async () => {
      const tenant = await createTestTenant(t, ['skolskjuts']);
      const anna = await residentClient(t, ANNA);
      const url = `/${tenant.slug}/e-tjanster/skolskjuts/starta`;
      const post = (headers: Record<string, string>) =>
        t.app.inject({
          method: 'POST',
          url,
          headers: {
            cookie: `${SESSION_COOKIE}=${anna.cookies.get(SESSION_COOKIE)}`,
            'content-type': 'application/x-www-form-urlencoded',
            ...headers,
          },
          payload: `_csrf=${encodeURIComponent(anna.csrfToken)}`,
        });
      assertRefused(await post({ origin: 'https://evil.example' }));
      assertRefused(await post({ origin: 'null' }));
      assertRefused(await post({ 'sec-fetch-site': 'cross-site' }));
      assertRefused(await post({ 'sec-fetch-site': 'same-site' }));
      assert.equal(
        (await post({ origin: 'http://localhost:3000', 'sec-fetch-site': 'same-origin' })).statusCode,
        303,
      );
      assert.equal((await post({})).statusCode, 303, 'no Origin: the token decides');
    });

    test('a urlencoded post without the token is refused as before; with it, it passes', async () => {
      const tenant = await createTestTenant(t, ['skolskjuts']);
      const anna = await residentClient(t, ANNA);
      const url = `/${tenant.slug}/e-tjanster/skolskjuts/starta`;
      assertRefused(await anna.post(url, { _csrf: 'wrong' }));
      assert.equal((await anna.post(url)).statusCode, 303);
    });
  });
});

// 36 characters, the length of a UUID, but not one.
const UUID_LENGTH_NOT_A_UUID = 'zzzzzzzz-zzzz-zzzz-zzzz-zzzzzzzzzzzz';

describe('the HTML routes’ input', () => {
  describe('ids in the URL', () => {
    test('a malformed draft or attachment id is not found (404 page), even logged out', async () => {
      const client = new TestClient(t.app);
      for (const url of [
        `/exempelstad/e-tjanster/skolskjuts/utkast/${UUID_LENGTH_NOT_A_UUID}`,
        `/exempelstad/e-tjanster/skolskjuts/utkast/${UUID_LENGTH_NOT_A_UUID}/granska`,
        `/exempelstad/e-tjanster/skolskjuts/utkast/00000000-0000-4000-8000-000000000000/bilagor/${UUID_LENGTH_NOT_A_UUID}`,
        `/exempelstad/e-tjanster/skolskjuts/utkast/urn:uuid:00000000-0000-4000-8000-000000000000`,
        `/mina-sidor/arenden/EXS-2026-000001/bilagor/${UUID_LENGTH_NOT_A_UUID}`,
      ]) {
        const response = await client.get(url);
        assert.equal(response.statusCode, 404, url);
        assert.match(String(response.headers['content-type']), /^text\/html/, url);
        assert.match(response.body, /<h1>/, url);
      }
    });

    test('a malformed id in a form post is not found either', async () => {
      const erik = await residentClient(t, ERIK);
      const response = await erik.post(
        `/exempelstad/e-tjanster/skolskjuts/utkast/${UUID_LENGTH_NOT_A_UUID}/ta-bort`,
      );
      assert.equal(response.statusCode, 404);
      assert.match(String(response.headers['content-type']), /^text\/html/);
    });
  });

  describe('form bodies', () => {
    test('a body the form never sends is refused with the friendly Swedish page, not JSON', async () => {
      const erik = await residentClient(t, ERIK);
      // Two values for a single-valued field: no page of ours posts that.
      const response = await erik.post('/mina-sidor/profil', { email: ['a@exempel.se', 'b@exempel.se'] });
      assert.equal(response.statusCode, 400);
      assert.match(String(response.headers['content-type']), /^text\/html/);
      assert.match(response.body, /Uppgifterna kunde inte tas emot/);
    });

    test('a client that asks for JSON gets a problem with the schema’s findings', async () => {
      const erik = await residentClient(t, ERIK);
      const body = new URLSearchParams([
        ['_csrf', erik.csrfToken],
        ['email', 'a@exempel.se'],
        ['email', 'b@exempel.se'],
      ]);
      const response = await t.app.inject({
        method: 'POST',
        url: '/mina-sidor/profil',
        headers: {
          'content-type': 'application/x-www-form-urlencoded',
          accept: 'application/json',
          cookie: [...erik.cookies].map(([name, value]) => `${name}=${value}`).join('; '),
        },
        payload: body.toString(),
      });
      assert.equal(response.statusCode, 400);
      assert.match(String(response.headers['content-type']), /^application\/problem\+json/);
      const problem = response.json() as { code: string; errors: { field: string }[] };
      assert.equal(problem.code, 'VALIDATION_FAILED');
      assert.ok(problem.errors.some((error) => error.field.startsWith('body/email')));
    });

    test('a valid form still reaches the service, whose field errors re-render the page', async () => {
      const erik = await residentClient(t, ERIK);
      const response = await erik.post('/mina-sidor/profil', { email: 'inte-en-adress' });
      assert.equal(response.statusCode, 400);
      assert.match(
        response.body,
        /name="email"[^>]*aria-invalid="true"|aria-invalid="true"[^>]*name="email"/,
      );
    });
  });
});

// The UUID alphabet and length in no UUID's shape (it got past the old length-and-alphabet check).
const NOT_A_UUID = `${'a'.repeat(35)}-`;
const NUL = '\u0000';

function assertSecurityHeaders(headers: Record<string, unknown>): void {
  assert.match(String(headers['content-security-policy']), /default-src 'self'/);
  assert.equal(headers['x-content-type-options'], 'nosniff');
  assert.equal(headers['referrer-policy'], 'same-origin');
}

/** A client error: the status, a problem+json or an HTML page, and the security headers. */
function assertClientError(response: LightMyRequestResponse, status: number, json = false): void {
  assert.equal(response.statusCode, status, response.body.slice(0, 300));
  assertSecurityHeaders(response.headers);
  if (json) {
    assert.equal(response.headers['content-type'], 'application/problem+json; charset=utf-8');
    assert.equal(JSON.parse(response.body).status, status);
  } else {
    assert.match(String(response.headers['content-type']), /^text\/html/);
    assert.match(response.body, /^<!doctype html>/);
  }
}

describe('crafted input', () => {
  describe('NUL characters in stored text', () => {
    test('in answers, the profile, a message, a note and a search box: a 400, nothing stored', async () => {
      const { tenant, karin, anna } = await caseHandlingScene(t);
      const started = await anna.post(`/${tenant.slug}/e-tjanster/skolskjuts/starta`);
      const stepUrl = String(started.headers.location);
      const answers = { childName: `El${NUL}sa`, childPersonalIdentityNumber: '201601022385' };
      assertClientError(await anna.post(stepUrl, answers), 400);
      assertClientError(await anna.post('/mina-sidor/profil', { email: `a${NUL}@example.se` }), 400);

      const reference = await submitSchoolTransport(anna, tenant);
      const thread = `/mina-sidor/arenden/${reference}/meddelanden`;
      assertClientError(await anna.postMultipart(thread, { body: `Hej${NUL}` }, []), 400);
      const casePath = `/${tenant.slug}/handlaggning/arenden/${reference}`;
      assertClientError(await karin.post(`${casePath}/anteckning`, { note: `Not${NUL}` }), 400);
      assertClientError(await karin.get(`/${tenant.slug}/handlaggning/?sok=%00`), 400);
      const messages = await t.database.db
        .selectFrom('caseMessage')
        .select('id')
        .where('tenantId', '=', tenant.id)
        .execute();
      assert.equal(messages.length, 0);
    });
  });

  describe('ids that are not UUIDs', () => {
    test('draft and attachment routes answer 404, logged in or not', async () => {
      const tenant = await createTestTenant(t, ['skolskjuts']);
      const base = `/${tenant.slug}/e-tjanster/skolskjuts/utkast`;
      const anna = await residentClient(t, ANNA);
      const started = await anna.post(`/${tenant.slug}/e-tjanster/skolskjuts/starta`);
      const draftId = String(started.headers.location).split('/utkast/')[1]?.split('/')[0];
      const urls = [
        `${base}/${NOT_A_UUID}/steg/child`,
        `${base}/${NOT_A_UUID}/granska`,
        `${base}/${NOT_A_UUID}/kvitto`,
        `${base}/${draftId}/bilagor/${NOT_A_UUID}`,
        `${base}/${NOT_A_UUID}/bilagor/${NOT_A_UUID}`,
      ];
      for (const url of urls) {
        assertClientError(await t.app.inject({ url }), 404);
        assertClientError(await anna.get(url), 404);
      }
      const json = await t.app.inject({ url: urls[0] as string, headers: { accept: 'application/json' } });
      assertClientError(json, 404, true);
      assertClientError(await anna.post(`${base}/${NOT_A_UUID}/ta-bort`), 404);
    });
  });

  describe('malformed multipart bodies', () => {
    test('are a 400 page or problem, not a 500, on the step and the message routes', async () => {
      const tenant = await createTestTenant(t, ['skolskjuts']);
      const anna = await residentClient(t, ANNA);
      const reference = await submitSchoolTransport(anna, tenant);
      const started = await anna.post(`/${tenant.slug}/e-tjanster/skolskjuts/starta`);
      const stepUrl = String(started.headers.location);
      const threadUrl = `/mina-sidor/arenden/${reference}/meddelanden`;
      const cookie = `${SESSION_COOKIE}=${anna.cookies.get(SESSION_COOKIE)}`;
      const token = `--b\r\nContent-Disposition: form-data; name="_csrf"\r\n\r\n${anna.csrfToken}\r\n`;
      const file = `--b\r\nContent-Disposition: form-data; name="files"; filename="a.png"\r\nContent-Type: image/png\r\n\r\n\x89PNG\r\n`;
      const typed = 'multipart/form-data; boundary=b';
      const posts: [string, string, string][] = [
        [stepUrl, typed, `${token}--b\r\nContent-Disposition: form-data; name="x"\r\n\r\nunfinished`],
        [stepUrl, 'multipart/form-data', `${token}--b--\r\n`],
        [stepUrl, typed, 'not multipart at all'],
        [threadUrl, typed, `${token}${file}xx`],
        [threadUrl, typed, `${token}${file}${'x'.repeat(70_000)}`],
      ];
      for (const [url, type, payload] of posts) {
        for (const accept of ['text/html', 'application/json']) {
          const response = await t.app.inject({
            method: 'POST',
            url,
            headers: { cookie, 'content-type': type, accept },
            payload,
          });
          assertClientError(response, 400, accept === 'application/json');
        }
      }
      const messages = await t.database.db
        .selectFrom('caseMessage')
        .select('id')
        .where('tenantId', '=', tenant.id)
        .execute();
      assert.equal(messages.length, 0);
    });
  });

  describe('errors raised before any route runs', () => {
    test('an undecodable URL is a 400 page or problem with the security headers', async () => {
      assertClientError(await t.app.inject({ url: '/%' }), 400);
      assertClientError(
        await t.app.inject({ url: '/%', headers: { accept: 'application/json' } }),
        400,
        true,
      );
      assertClientError(await t.app.inject({ url: '/api/v1/%E0%A4%A' }), 400, true);
    });

    test('a too-long path parameter is a 404 page or problem with the security headers', async () => {
      const long = 'a'.repeat(500);
      assertClientError(await t.app.inject({ url: `/${long}/` }), 404);
      assertClientError(await t.app.inject({ url: `/${long}/e-tjanster/${long}` }), 404);
      const json = await t.app.inject({ url: `/${long}/`, headers: { accept: 'application/json' } });
      assertClientError(json, 404, true);
    });

    test('oversized headers get a small page with the security headers', async () => {
      await t.app.listen({ port: 0, host: '127.0.0.1' });
      const { port } = t.app.server.address() as net.AddressInfo;
      const raw = await new Promise<string>((resolve, reject) => {
        const socket = net.connect(port, '127.0.0.1');
        const chunks: Buffer[] = [];
        socket.on('data', (chunk: Buffer) => chunks.push(chunk));
        socket.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
        socket.on('error', reject);
        socket.write(`GET / HTTP/1.1\r\nHost: localhost\r\nX-Big: ${'a'.repeat(64 * 1024)}\r\n\r\n`);
      });
      const [head = '', body = ''] = raw.split('\r\n\r\n');
      assert.match(head, /^HTTP\/1\.1 431 /);
      const headers = Object.fromEntries(
        head
          .split('\r\n')
          .slice(1)
          .map((line) => [
            line.slice(0, line.indexOf(':')).toLowerCase(),
            line.slice(line.indexOf(':') + 1).trim(),
          ]),
      );
      assertSecurityHeaders(headers);
      assert.match(body, /<!doctype html>/);
    });
  });
});
