/**
 * Resident login through the real OpenID Connect flow and the in-process development IdP; and the
 * session service: hashed tokens, expiry, sweeping and the CSRF token check. Also officers' login
 * through the staff realm (a second OIDC configuration, STAFF_OIDC_*): residents' logins never open
 * the back office.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { FastifyBaseLogger } from 'fastify';
import { loadConfig } from '../../config.ts';
import { createTestApp, type TestApp } from '../../test-support/app.ts';
import {
  type Browser,
  type BrowserResponse,
  createBrowser,
  formActions,
  loginAs,
} from '../../test-support/browser-like.ts';
import { createTestTenant } from '../../test-support/fixtures.ts';
import { createTestUnits, KARIN } from '../../test-support/staff.ts';
import {
  createSessionService,
  csrfTokenMatches,
  SESSION_COOKIE,
  type SessionService,
  type StoredSession,
  sessionIdFor,
} from '../sessions/session-service.ts';
import { createIdentityService } from './identity-service.ts';
import type { OidcClient } from './oidc-client.ts';
import { subjectFor } from './personas.ts';

const ANNA = '198501012382';
const ERIK = '197901012398';
const MARGIT = '193801029202';
const OMAR = '199401012399';
const KARIN_STAFF = '196701292846';

let t: TestApp;
before(async () => {
  t = await createTestApp();
});
after(async () => {
  await t?.close();
});

async function personByPin(pin: string) {
  return (
    t.database.db
      .selectFrom('person')
      .selectAll()
      // Found by the keyed hash only: the personnummer itself is stored sealed (decision 0034).
      .where('personalIdentityNumberHash', '=', t.app.services.protection.lookupHash(pin))
      .executeTakeFirst()
  );
}

async function openPicker(
  browser: Browser,
  query = '',
): Promise<{ picker: BrowserResponse; action: string }> {
  const picker = await browser.get(`/logga-in${query}`);
  assert.equal(picker.statusCode, 200, picker.body);
  const action = formActions(picker.body).find((candidate) => candidate.endsWith('/login'));
  assert.ok(action, 'the persona page has login forms');
  return { picker, action };
}

/** Chooses a persona but stops at the IdP's redirect to our callback, returning that URL. */
async function callbackUrlFor(browser: Browser, pin: string, level: 'loa2' | 'loa3'): Promise<URL> {
  const { picker, action } = await openPicker(browser);
  const resumed = await browser.submit(
    picker,
    action,
    { subject: subjectFor(pin), level },
    { follow: false },
  );
  const toCallback = await browser.get(String(resumed.headers.location), { follow: false });
  const location = new URL(String(toCallback.headers.location));
  assert.equal(location.pathname, '/auth/callback');
  return location;
}

describe('the development IdP login page', () => {
  test('lists residents and staff from demo/personas.json with both levels, and is our own page', async () => {
    const { picker } = await openPicker(createBrowser(t.app));
    assert.match(picker.body, /<html lang="sv">/);
    assert.match(picker.body, /<h1>Testinloggning<\/h1>/);
    assert.match(picker.body, /<h2 id="residents">Invånare<\/h2>/);
    assert.match(picker.body, /<h2 id="staff">Personal<\/h2>/);
    assert.match(picker.body, /Anna Andersson/);
    assert.match(picker.body, /19850101-2382/);
    assert.match(picker.body, /<p class="muted">Förälder till Elsa och Leo; bor i Exempelstad/);
    assert.doesNotMatch(picker.body, /Parent of Elsa and Leo/);
    // A staff member's note has no Swedish of its own: it is marked as English.
    assert.match(picker.body, /<p class="muted" lang="en">Skolskjutsenheten, officer, exempelstad<\/p>/);
    assert.match(picker.body, /Karin Berg/);
    assert.match(picker.body, /Logga in med tillitsnivå 3 \(som BankID\)/);
    assert.match(picker.body, /Logga in med tillitsnivå 2/);
    assert.match(picker.body, /name="_csrf" value="[^"]+"/);
  });

  test('only offers level 3 when the client asked for it with acr_values', async () => {
    const { picker } = await openPicker(createBrowser(t.app), '?niva=loa3');
    assert.match(picker.body, /value="loa3"/);
    assert.doesNotMatch(picker.body, /value="loa2"/);
  });

  test('refuses a persona post without the CSRF token, and a level that was not offered', async () => {
    const browser = createBrowser(t.app);
    const { picker, action } = await openPicker(browser, '?niva=loa3');
    const noToken = await browser.post(action, { subject: subjectFor(ANNA), level: 'loa3' });
    assert.equal(noToken.statusCode, 403);
    const tooLow = await browser.submit(picker, action, { subject: subjectFor(ANNA), level: 'loa2' });
    assert.equal(tooLow.statusCode, 400);
  });

  test('serves standard discovery at the issuer', async () => {
    const response = await t.app.inject({
      url: '/dev-idp/.well-known/openid-configuration',
      headers: { host: 'localhost:3000' },
    });
    const metadata = response.json();
    assert.equal(metadata.issuer, 'http://localhost:3000/dev-idp');
    assert.equal(metadata.authorization_endpoint, 'http://localhost:3000/dev-idp/auth');
    assert.ok(metadata.acr_values_supported.includes('http://id.elegnamnden.se/loa/1.0/loa3'));
  });
});

describe('login round trip', () => {
  test('creates the person, starts a new HttpOnly SameSite=Lax session and returns to the page', async () => {
    const browser = createBrowser(t.app);
    const { picker, action } = await openPicker(browser, '?tillbaka=%2Fmina-sidor%2Fprofil');
    const anonymousToken = browser.sessionToken;
    assert.ok(anonymousToken, 'the login start gave an anonymous session');
    const done = await browser.submit(picker, action, { subject: subjectFor(ANNA), level: 'loa3' });
    assert.equal(done.url, '/mina-sidor/profil');
    assert.equal(done.statusCode, 200);
    assert.match(done.body, /Inloggad som Anna Andersson/);

    const person = await personByPin(ANNA);
    assert.equal(person?.givenName, 'Anna');
    assert.match(person?.personalIdentityNumber ?? '', /^aes1:dev:/, 'stored sealed, never in clear');
    assert.notEqual(browser.sessionToken, anonymousToken, 'the session id changes at login');
    assert.equal(
      await t.app.services.sessions.load(anonymousToken),
      undefined,
      'the pre-login session is gone',
    );
    const session = await t.app.services.sessions.load(browser.sessionToken ?? '');
    assert.equal(session?.personId, person?.id);
    assert.equal(session?.data.assuranceLevel, 'loa3');
    assert.equal(session?.data.login, undefined);

    const cookie = done.setCookies.filter((header) => header.startsWith(`${SESSION_COOKIE}=`)).at(-1) ?? '';
    assert.match(cookie, /HttpOnly/i);
    assert.match(cookie, /SameSite=Lax/i);
    assert.doesNotMatch(cookie, /Secure/i, 'not Secure on plain http unless configured');
  });

  test('a level 2 login gives a level 2 session; asking for level 3 then goes back to the IdP (step-up)', async () => {
    const browser = await loginAs(t.app, ERIK, 'loa2');
    const before = await t.app.services.sessions.load(browser.sessionToken ?? '');
    assert.equal(before?.data.assuranceLevel, 'loa2');

    const stepUp = await browser.get('/logga-in?niva=loa3&tillbaka=%2Fmina-sidor');
    assert.match(stepUp.url, /^\/dev-idp\/interaction\//, 'level 2 is not enough, so the IdP is asked again');
    assert.doesNotMatch(stepUp.body, /value="loa2"/);

    await loginAs(t.app, ERIK, 'loa3', { browser, returnTo: '/mina-sidor' });
    const after = await t.app.services.sessions.load(browser.sessionToken ?? '');
    assert.equal(after?.data.assuranceLevel, 'loa3');
    assert.notEqual(after?.id, before?.id);
  });

  test('when the session already has the level, /logga-in returns straight to the page', async () => {
    const browser = await loginAs(t.app, OMAR, 'loa3');
    const again = await browser.get('/logga-in?niva=loa2&tillbaka=%2Fsprak%2Fen', { follow: false });
    assert.equal(again.statusCode, 303);
    assert.equal(again.headers.location, '/sprak/en');
  });

  test('after logging out, another persona can log in from the same browser (the IdP forgets the earlier one)', async () => {
    const browser = await loginAs(t.app, MARGIT, 'loa3');
    await browser.submit('/mina-sidor/profil', '/logga-ut');
    await loginAs(t.app, OMAR, 'loa2', { browser });
    const session = await t.app.services.sessions.load(browser.sessionToken ?? '');
    assert.equal(session?.person?.givenName, 'Omar');
    assert.equal(session?.data.assuranceLevel, 'loa2');
  });

  test('staff personas log in the same way', async () => {
    const browser = await loginAs(t.app, KARIN_STAFF, 'loa3');
    const session = await t.app.services.sessions.load(browser.sessionToken ?? '');
    assert.equal(session?.person?.givenName, 'Karin');
  });

  test('a return address outside the site is ignored (no open redirect)', async () => {
    const browser = createBrowser(t.app);
    const { picker, action } = await openPicker(browser, '?tillbaka=%2F%2Fevil.example%2F');
    const done = await browser.submit(
      picker,
      action,
      { subject: subjectFor(MARGIT), level: 'loa2' },
      { follow: false },
    );
    const resumed = await browser.get(String(done.headers.location), { follow: false });
    const back = await browser.get(String(resumed.headers.location), { follow: false });
    assert.equal(back.headers.location, '/');
  });
});

describe('failed logins', () => {
  test('a tampered state is rejected with a friendly page, and the login attempt is spent', async () => {
    const browser = createBrowser(t.app);
    const callback = await callbackUrlFor(browser, MARGIT, 'loa3');
    const tampered = new URL(callback);
    tampered.searchParams.set('state', 'forged-state');
    const refused = await browser.get(`${tampered.pathname}${tampered.search}`);
    assert.equal(refused.statusCode, 401);
    assert.match(refused.body, /LOGIN_FAILED/);
    assert.doesNotMatch(refused.body, /at .*\.ts:\d+/, 'no stack trace');
    const replay = await browser.get(`${callback.pathname}${callback.search}`);
    assert.equal(replay.statusCode, 401, 'the real state no longer works either');
    const session = await t.app.services.sessions.load(browser.sessionToken ?? '');
    assert.equal(session?.personId ?? null, null);
  });

  test('a callback without a login in progress is refused', async () => {
    const response = await createBrowser(t.app).get('/auth/callback?code=abc&state=xyz');
    assert.equal(response.statusCode, 401);
    assert.match(response.body, /LOGIN_FAILED/);
  });

  test('cancelling at the IdP (access_denied) ends on the friendly error page', async () => {
    const browser = createBrowser(t.app);
    const { picker } = await openPicker(browser);
    const abort = formActions(picker.body).find((candidate) => candidate.endsWith('/abort'));
    assert.ok(abort);
    const cancelled = await browser.submit(picker, abort);
    assert.equal(cancelled.url.split('?')[0], '/auth/callback');
    assert.match(cancelled.url, /error=access_denied/);
    assert.equal(cancelled.statusCode, 401);
    assert.match(cancelled.body, /Felkod: LOGIN_FAILED/);
  });
});

describe('logout', () => {
  test('deletes the session, clears the cookie, and the old cookie no longer works', async () => {
    const browser = await loginAs(t.app, ANNA, 'loa3');
    const token = browser.sessionToken ?? '';
    const page = await browser.get('/mina-sidor/profil');
    assert.equal(page.statusCode, 200);
    const out = await browser.submit(page, '/logga-ut', {}, { follow: false });
    assert.equal(out.statusCode, 303);
    assert.equal(out.headers.location, '/');
    assert.ok(
      out.setCookies.some((header) => header.startsWith(`${SESSION_COOKIE}=;`)),
      'cookie cleared',
    );
    assert.equal(await t.app.services.sessions.load(token), undefined);
    const replay = await t.app.inject({ url: '/mina-sidor/profil', cookies: { [SESSION_COOKIE]: token } });
    assert.equal(replay.statusCode, 401);
  });

  test('is refused without the CSRF token, and the session stays', async () => {
    const browser = await loginAs(t.app, ANNA, 'loa2');
    const refused = await browser.post('/logga-ut', {});
    assert.equal(refused.statusCode, 403);
    assert.ok(await t.app.services.sessions.load(browser.sessionToken ?? ''));
    const wrong = await browser.post('/logga-ut', { _csrf: 'not-the-token' });
    assert.equal(wrong.statusCode, 403);
  });
});

describe('secure cookies', () => {
  test('the session cookie is Secure when COOKIE_SECURE is on', async () => {
    const secure = await createTestApp({ COOKIE_SECURE: 'true' });
    try {
      const browser = await loginAs(secure.app, ANNA, 'loa3');
      const response = await browser.get('/logga-in?niva=loa3', { follow: false });
      assert.equal(response.statusCode, 303, 'already logged in at loa3');
      const login = await createBrowser(secure.app).get('/logga-in', { follow: false });
      const cookie = login.setCookies.find((header) => header.startsWith(`${SESSION_COOKIE}=`)) ?? '';
      assert.match(cookie, /; Secure/i);
      assert.match(cookie, /HttpOnly/i);
    } finally {
      await secure.close();
    }
  });
});

describe('the session service', () => {
  test('the table stores only a hash of the cookie token; expired sessions are not loaded and are swept', async () => {
    let clock = new Date('2026-03-01T10:00:00Z');
    const sessions = createSessionService(t.database.db, { absoluteHours: 1, idleMinutes: 30 }, () => clock);
    const { token, session } = await sessions.start(null);
    assert.equal(session.id, sessionIdFor(token));
    assert.notEqual(session.id, token);
    const stored = await t.database.db
      .selectFrom('session')
      .select('id')
      .where('id', '=', token)
      .executeTakeFirst();
    assert.equal(stored, undefined, 'the raw token is never stored');
    assert.ok(await sessions.load(token));
    clock = new Date('2026-03-01T11:00:01Z');
    assert.equal(await sessions.load(token), undefined, 'expired after the TTL');
    assert.ok((await sessions.sweep()) >= 1);
    const left = await t.database.db
      .selectFrom('session')
      .select('id')
      .where('id', '=', session.id)
      .executeTakeFirst();
    assert.equal(left, undefined);
  });

  test('CSRF tokens are compared exactly', async () => {
    const sessions = createSessionService(
      t.database.db,
      { absoluteHours: 1, idleMinutes: 30 },
      () => new Date(),
    );
    const { session } = await sessions.start(null);
    assert.equal(csrfTokenMatches(session, session.data.csrfToken), true);
    assert.equal(csrfTokenMatches(session, `${session.data.csrfToken}x`), false);
    assert.equal(csrfTokenMatches(session, ''), false);
    assert.equal(csrfTokenMatches(undefined, session.data.csrfToken), false);
    assert.equal(csrfTokenMatches(session, ['a']), false);
  });
});

describe('the staff realm', () => {
  test('an officer logs in through the development IdP in the staff realm and reaches the queue', async () => {
    const tenant = await createTestTenant(t, ['skolskjuts']);
    const units = await createTestUnits(t, tenant);
    await t.app.services.organisation.seedStaff(tenant.id, { ...KARIN, role: 'officer', active: true }, [
      units.school,
    ]);
    const queue = `/${tenant.slug}/handlaggning/`;
    const officer = await loginAs(t.app, KARIN.personalIdentityNumber, 'loa3', {
      staff: true,
      returnTo: queue,
    });
    const page = await officer.get(queue);
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /<h1>Ärenden<\/h1>/);
    assert.match(page.body, /Inloggad som Karin Berg/);
    assert.match(page.body, /Skolskjutsenheten/);

    // The same person logged in as a resident gets the officers' login instead of the queue.
    const resident = await loginAs(t.app, KARIN.personalIdentityNumber, 'loa3', { returnTo: '/mina-sidor' });
    const refused = await resident.get(queue, { follow: false });
    assert.equal(refused.statusCode, 303);
    assert.match(String(refused.headers.location), /^\/handlaggning\/logga-in\?tillbaka=/);
  });

  test('a person who is not staff in the municipality is refused after the staff login', async () => {
    const tenant = await createTestTenant(t, ['skolskjuts']);
    const outsider = await loginAs(t.app, '198501012382', 'loa3', { staff: true });
    const page = await outsider.get(`/${tenant.slug}/handlaggning/`);
    assert.equal(page.statusCode, 403);
    assert.match(page.body, /behörighet/i);
  });

  test('STAFF_OIDC_* configures a second issuer that only the staff realm uses', async () => {
    const config = loadConfig({
      OIDC_ISSUER: 'https://eid.example.se',
      OIDC_CLIENT_ID: 'residents',
      OIDC_CLIENT_SECRET: 'r',
      STAFF_OIDC_ISSUER: 'https://login.kommun.example.se',
      STAFF_OIDC_CLIENT_ID: 'ingang-staff',
      STAFF_OIDC_CLIENT_SECRET: 's',
      STAFF_OIDC_PIN_CLAIM: 'employee_pin',
    });
    assert.equal(config.staffOidc?.issuer, 'https://login.kommun.example.se');
    assert.equal(config.staffOidc?.personalIdentityNumberClaim, 'employee_pin');
    assert.equal(config.oidc?.issuer, 'https://eid.example.se');
    assert.throws(() => loadConfig({ STAFF_OIDC_ISSUER: 'https://x.example' }), /STAFF_OIDC_CLIENT_ID/);

    // The identity service sends each realm to its own provider and reads its own claim.
    const fake = (name: string, claims: Record<string, unknown>): OidcClient => ({
      authorizationRequest: async () => ({
        url: `https://${name}/authorize`,
        state: 's',
        nonce: 'n',
        codeVerifier: 'v',
      }),
      redeem: async () => claims,
    });
    const saved: StoredSession['data'][] = [];
    const started: Record<string, unknown>[] = [];
    const sessions = {
      saveData: async (_session: StoredSession, data: StoredSession['data']) => {
        saved.push(data);
      },
      start: async (_person: string | null, extra: Record<string, unknown>) => {
        started.push(extra);
        return { token: 'token' };
      },
      end: async () => {},
    } as unknown as SessionService;
    const people: string[] = [];
    const identity = createIdentityService({
      sessions,
      profile: {
        upsertFromLogin: async (person) => {
          people.push(person.personalIdentityNumber);
          return { id: 'p' };
        },
      },
      clients: {
        resident: { client: fake('eid', {}), personalIdentityNumberClaim: 'pin' },
        staff: {
          client: fake('staff-idp', {
            sub: 'k',
            employee_pin: '196701292846',
            given_name: 'Karin',
            family_name: 'Berg',
            acr: 'http://id.elegnamnden.se/loa/1.0/loa3',
          }),
          personalIdentityNumberClaim: 'employee_pin',
        },
      },
      log: { warn: () => {} } as unknown as FastifyBaseLogger,
    });
    const session = {
      id: 's1',
      personId: null,
      person: null,
      data: { csrfToken: 'c' },
    } as unknown as StoredSession;
    assert.equal(
      await identity.startLogin(session, { returnTo: '/x', realm: 'staff', level: 'loa3' }),
      'https://staff-idp/authorize',
    );
    const pending = saved.at(-1);
    assert.equal(pending?.login?.realm, 'staff');
    const loginSession = { ...session, data: pending } as unknown as StoredSession;
    const done = await identity.completeLogin(loginSession, new URL('http://localhost/auth/callback?code=x'));
    assert.equal(done.returnTo, '/x');
    assert.deepEqual(people, ['196701292846']);
    assert.equal(started.at(-1)?.realm, 'staff');
  });
});
