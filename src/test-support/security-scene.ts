/**
 * One municipality with one of everything (issue #14): a case, a decided case, a draft with a file,
 * a message with a file, a fault report with a photo and follow link, a proposal, a representation,
 * API, Open311 and sensor credentials, webhooks, knowledge-base and digital-support entries and a
 * failed job, a case shared with another unit — and the twelve actors of the authorization matrix,
 * logged in. The matrix and the hostile-input tests substitute these ids into every route's path.
 */
import { DEMO_PUBLISHED_FROM } from '../cli/seed.ts';
import { addDays } from '../modules/case-handling/secrecy-model.ts';
import { swedishToday } from '../modules/forms/validate-step.ts';
import { SESSION_COOKIE } from '../platform/sessions/session-service.ts';
import type { Tenant } from '../platform/tenancy/tenant-service.ts';
import type { TestApp } from './app.ts';
import { TEST_AREA } from './fault-reports.ts';
import { createTestTenant, type ResidentIdentity, residentClient } from './fixtures.ts';
import { automaticSchoolTransport } from './proposals.ts';
import { type Actor, type ActorName, browserActor, machineActor } from './security-actors.ts';
import { adminFixtures, machineCredentials } from './security-admin.ts';
import {
  AUTOMATIC_SERVICE,
  caseFixtures,
  type ResidentClient,
  type SceneStaff,
  type SceneUnits,
  sharedCase,
} from './security-fixtures.ts';
import { staffClient } from './staff.ts';

export type { ResidentClient } from './security-fixtures.ts';

export interface SecurityScene {
  tenant: Tenant;
  units: SceneUnits;
  actors: Record<ActorName, Actor>;
  anna: ResidentClient;
  erik: ResidentClient;
  staff: SceneStaff;
  /** Every id a route pattern may name, by what it is (see `ids` below). */
  ids: Record<string, string>;
  /** A copy of an actor on a session of its own (for requests that end or change the session). */
  fork(name: ActorName): Promise<Actor>;
}

/**
 * The scene's people: Skatteverket test personnummer that no other test names, one cast per test
 * file, so that on a shared PostgreSQL (where persons are installation-wide and files run in
 * parallel) no other file's people get an ombud, a case or a changed profile mid-run.
 */
const NAMES = ['anna', 'omar', 'erik', 'karin', 'peter', 'johan', 'lena', 'sara', 'bo', 'eva'] as const;
const CASTS = {
  matrix:
    '198001042384 198105072394 198209092397 198401122398 198505162381 198609192383 198802032394 198906222388 196910299285 197104122382',
  fuzz: '198001052383 198105082393 198209109282 198401132397 198505172398 198609202398 198802042393 198906232387 196911299284 197104132399',
};

function castOf(name: keyof typeof CASTS): Record<(typeof NAMES)[number], ResidentIdentity> {
  const numbers = CASTS[name].split(' ');
  return Object.fromEntries(
    NAMES.map((given, index) => [
      given,
      {
        personalIdentityNumber: numbers[index] as string,
        givenName: given[0]?.toUpperCase() + given.slice(1),
        familyName: 'Matrisson',
      },
    ]),
  ) as Record<(typeof NAMES)[number], ResidentIdentity>;
}

/** The tenant, with the fault-report area; one unit handles both services, the other none. */
async function tenantAndUnits(t: TestApp) {
  const created = await createTestTenant(t, ['skolskjuts', 'felanmalan']);
  const { id: _id, ...rest } = created;
  const tenant = await t.app.services.tenants.save(
    { ...rest, settings: { ...rest.settings, area: TEST_AREA } },
    [],
  );
  const organisation = t.app.services.organisation;
  const own = await organisation.ensureUnit(tenant.id, 'Egna enheten');
  const other = await organisation.ensureUnit(tenant.id, 'Andra enheten');
  const centre = await organisation.ensureUnit(tenant.id, 'Kundcenter');
  // A variant of school transport that decides automatically, so a resident may ask for a review.
  const automatic = await t.app.services.catalogue.saveDraft(
    tenant.id,
    automaticSchoolTransport((definition) => {
      definition.service = AUTOMATIC_SERVICE;
    }),
  );
  await t.app.services.catalogue.publish(tenant.id, automatic.id, DEMO_PUBLISHED_FROM);
  for (const slug of ['skolskjuts', 'felanmalan', AUTOMATIC_SERVICE]) {
    const live = await t.app.services.catalogue.liveService(tenant.id, slug);
    await organisation.seedServiceUnit(tenant.id, live.serviceId, own);
  }
  return { tenant, units: { own, other, centre } };
}

/** Builds the scene; a few seconds on PGlite. */
export async function createSecurityScene(t: TestApp, cast: keyof typeof CASTS): Promise<SecurityScene> {
  const { tenant, units } = await tenantAndUnits(t);
  const { anna: annaId, omar: omarId, erik: erikId, karin, peter, johan, lena, sara, bo, eva } = castOf(cast);
  const anna = await residentClient(t, annaId);
  const omar = await residentClient(t, omarId);
  const erik = await residentClient(t, erikId);
  const staff = {
    officer: await staffClient(t, tenant, karin, 'officer', [units.own]),
    otherOfficer: await staffClient(t, tenant, peter, 'officer', [units.other]),
    unitLead: await staffClient(t, tenant, johan, 'unitLead', [units.own]),
    admin: await staffClient(t, tenant, lena, 'admin', []),
    customerCentre: await staffClient(t, tenant, sara, 'customerCentre', [units.centre]),
    dataProtectionOfficer: await staffClient(t, tenant, eva, 'dataProtectionOfficer', []),
  };
  const ids: Record<string, string> = { tenant: tenant.slug };
  await representation(t, tenant, anna, erik, ids);
  await caseFixtures(t, tenant, anna, staff, ids);
  await adminFixtures(t, tenant, staff.admin, units, ids, bo);
  const shared = await sharedCase(t, tenant, anna, staff.unitLead, units.other);
  ids.sharedReference = shared.reference;
  ids.shareId = shared.shareId;
  const credentials = await machineCredentials(t, tenant, staff.admin, units, ids);
  const session = (client: { cookies: Map<string, string>; csrfToken: string }) => ({
    token: client.cookies.get(SESSION_COOKIE) as string,
    csrfToken: client.csrfToken,
  });
  const anonymous = await t.app.services.sessions.start(null);
  ids.officerStaffId = staff.officer.actor.staffId;
  ids.ownUnitId = units.own;
  const actors: Record<ActorName, Actor> = {
    anonymous: browserActor(t.app, 'anonymous', {
      token: anonymous.token,
      csrfToken: anonymous.session.data.csrfToken,
    }),
    resident: browserActor(t.app, 'resident', session(anna)),
    otherResident: browserActor(t.app, 'otherResident', session(omar)),
    representative: browserActor(t.app, 'representative', session(erik)),
    customerCentre: browserActor(t.app, 'customerCentre', session(staff.customerCentre)),
    officer: browserActor(t.app, 'officer', session(staff.officer)),
    otherOfficer: browserActor(t.app, 'otherOfficer', session(staff.otherOfficer)),
    unitLead: browserActor(t.app, 'unitLead', session(staff.unitLead)),
    admin: browserActor(t.app, 'admin', session(staff.admin)),
    dataProtectionOfficer: browserActor(t.app, 'dataProtectionOfficer', session(staff.dataProtectionOfficer)),
    client: machineActor(t.app, 'client', credentials, true),
    clientWithoutScope: machineActor(t.app, 'clientWithoutScope', credentials, false),
  };
  const sessionOf = new Map(
    (Object.entries(actors) as [ActorName, Actor][]).flatMap(([name, actor]) =>
      actor.session ? [[name, actor.session] as const] : [],
    ),
  );
  async function fork(name: ActorName): Promise<Actor> {
    const original = sessionOf.get(name);
    const stored = original && (await t.app.services.sessions.load(original.token));
    if (!stored) return actors[name];
    const { csrfToken: _token, ...data } = stored.data;
    const copy = await t.app.services.sessions.start(stored.personId, data);
    return browserActor(t.app, name, { token: copy.token, csrfToken: copy.session.data.csrfToken });
  }
  return { tenant, units, actors, anna, erik, staff, ids, fork };
}

/** Erik acts for Anna (an ombud for every service of the tenant), and a second, spare one. */
async function representation(
  t: TestApp,
  tenant: Tenant,
  anna: ResidentClient,
  erik: ResidentClient,
  ids: Record<string, string>,
) {
  const representatives = t.app.services.representatives;
  // Read as the application reads: the personnummer opened (decision 0034).
  const person = await t.app.services.db
    .selectFrom('person')
    .selectAll()
    .where('id', 'in', [anna.personId, erik.personId])
    .execute();
  const annaRow = person.find((row) => row.id === anna.personId);
  const erikRow = person.find((row) => row.id === erik.personId);
  if (!annaRow || !erikRow) throw new Error('the residents were not created');
  const principal = {
    personId: anna.personId,
    name: `${annaRow.givenName} ${annaRow.familyName}`,
    personalIdentityNumber: annaRow.personalIdentityNumber,
  };
  ids.representationId = await representatives.appoint(principal, tenant.id, {
    personalIdentityNumber: erikRow.personalIdentityNumber,
    givenName: erikRow.givenName,
    familyName: erikRow.familyName,
    scope: 'alla',
    validFrom: swedishToday(new Date()),
  });
  const switched = await erik.post('/mina-sidor/agera-for', { personId: anna.personId });
  if (switched.headers.location !== '/mina-sidor') throw new Error('Erik could not act for Anna');
  ids.annaPersonId = anna.personId;
  ids.annaPersonalIdentityNumber = annaRow.personalIdentityNumber;
  ids.today = swedishToday(new Date());
  // A share's last day a week ahead, so a run that crosses midnight still offers a valid one.
  ids.shareEndsOn = addDays(ids.today, 7);
}
