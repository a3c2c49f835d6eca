/** Test fixtures: a fresh tenant with demo e-services, and logged-in residents without the IdP round trip. */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { DEMO_PUBLISHED_FROM, readDemoDefinition } from '../cli/seed.ts';
import { SESSION_COOKIE } from '../platform/sessions/session-service.ts';
import type { Tenant } from '../platform/tenancy/tenant-service.ts';
import { type TestApp, uniqueTenantIdentity } from './app.ts';
import { TestClient } from './client.ts';

/** Creates a tenant of its own for one test, with the named demo services published. */
export async function createTestTenant(
  t: Pick<TestApp, 'app'>,
  serviceSlugs: string[] = ['felanmalan', 'skolskjuts'],
): Promise<Tenant> {
  const services = t.app.services;
  const tenant = await withFreshIdentity((slug, prefix) =>
    services.tenants.save(
      {
        slug,
        name: `Testkommun ${slug}`,
        referencePrefix: prefix,
        settings: {
          logoText: 'Testkommun',
          colours: { primary: '#1f4e79', primaryText: '#ffffff', accent: '#a8431b' },
          contact: { phone: '010-000 00 00', email: 'kontakt@test.example', address: 'Testgatan 1' },
        },
      },
      [
        {
          slug: 'trafik-och-gator',
          title: { sv: 'Trafik och gator', en: 'Traffic' },
          description: { sv: 'Gator', en: 'Streets' },
          position: 0,
        },
        {
          slug: 'barn-och-skola',
          title: { sv: 'Barn och skola', en: 'School' },
          description: { sv: 'Skola', en: 'School' },
          position: 1,
        },
      ],
    ),
  );
  for (const service of serviceSlugs) {
    const draft = await services.catalogue.saveDraft(tenant.id, readDemoDefinition(service));
    await services.catalogue.publish(tenant.id, draft.id, DEMO_PUBLISHED_FROM);
  }
  return tenant;
}

/**
 * Runs `save` with a random slug and reference prefix, again with new ones if they were taken. The
 * prefix has five letters (26⁵ ≈ 11.9 million), and a PostgreSQL run makes a couple of thousand test
 * tenants in one database, so two of them drawing the same prefix is a matter of when, not if.
 */
async function withFreshIdentity<T>(save: (slug: string, prefix: string) => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt += 1) {
    const { slug, prefix } = uniqueTenantIdentity();
    try {
      return await save(slug, prefix);
    } catch (error) {
      const taken = (error as { code?: unknown }).code === '23505';
      if (!taken || attempt === 5) throw error;
    }
  }
}

export interface ResidentIdentity {
  personalIdentityNumber: string;
  givenName: string;
  familyName: string;
  level?: 'loa2' | 'loa3';
}

/**
 * A client with a logged-in session for a resident, created directly through the session service.
 * The OIDC round trip itself is tested in src/platform/identity; this keeps other tests fast.
 */
export async function residentClient(
  t: TestApp,
  identity: ResidentIdentity,
): Promise<TestClient & { personId: string }> {
  // Sealed and hashed as every person is (decision 0034).
  const row = await t.app.services.profile.upsertFromLogin(identity);
  const { token, session } = await t.app.services.sessions.start(row.id, {
    assuranceLevel: identity.level ?? 'loa3',
  });
  const client = new TestClient(t.app);
  client.cookies.set(SESSION_COOKIE, token);
  client.csrfToken = session.data.csrfToken;
  return Object.assign(client, { personId: row.id });
}

export const ANNA: ResidentIdentity = {
  personalIdentityNumber: '198501012382',
  givenName: 'Anna',
  familyName: 'Andersson',
};
export const ERIK: ResidentIdentity = {
  personalIdentityNumber: '197901012398',
  givenName: 'Erik',
  familyName: 'Eriksson',
};
export const OMAR: ResidentIdentity = {
  personalIdentityNumber: '199401012399',
  givenName: 'Omar',
  familyName: 'Hassan',
};

let testNumbers: string[] | undefined;

/**
 * A resident with a random adult personnummer from Skatteverket's list of test numbers, for tests
 * that must not share a person with other files: on PostgreSQL, persons are installation-wide and
 * outlive the run (the demo seed, for one, makes Erik Margit's representative).
 */
export function uniqueResident(givenName: string, familyName: string): ResidentIdentity {
  testNumbers ??= fs
    .readFileSync(
      path.resolve(
        import.meta.dirname,
        '../../../shared/data/personnummer/skatteverket-test-personnummer.txt',
      ),
      'utf8',
    )
    .split('\n')
    .filter((line) => /^19[4-8]\d{9}$/.test(line.trim()))
    .map((line) => line.trim());
  const personalIdentityNumber = testNumbers[crypto.randomInt(testNumbers.length)] as string;
  return { personalIdentityNumber, givenName, familyName };
}
