/** Officers log in through the staff realm (a second OIDC configuration), residents' logins never open the back office. */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { FastifyBaseLogger } from 'fastify';
import { loadConfig } from '../../config.ts';
import { createTestApp, type TestApp } from '../../test-support/app.ts';
import { loginAs } from '../../test-support/browser-like.ts';
import { createTestTenant } from '../../test-support/fixtures.ts';
import { createTestUnits, KARIN } from '../../test-support/staff.ts';
import type { SessionService, StoredSession } from '../sessions/session-service.ts';
import { createIdentityService } from './identity-service.ts';
import type { OidcClient } from './oidc-client.ts';

let t: TestApp;
before(async () => {
  t = await createTestApp();
});
after(() => t.close());

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
