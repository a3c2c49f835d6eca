/**
 * Walks every officer route × role × own/other unit and asserts allow/deny over HTTP (issue #3).
 * Each cell gets a fresh, unassigned case so one cell's change cannot decide another's outcome, and
 * an allowed action must succeed (303), not only get past authorization. Denied reads answer 404
 * (existence is not revealed); denied actions on a readable case 403. Every route of the app × every
 * kind of caller (residents, representatives, machines too) is src/authorization-matrix.test.ts.
 * `officer-shared` is an officer of a unit the case is shared with (issue #14, decision 0033): it
 * reads and writes internal notes, nothing else.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { StaffRole } from '../../db/schema.ts';
import type { Tenant } from '../../platform/tenancy/tenant-service.ts';
import { createTestApp, type TestApp } from '../../test-support/app.ts';
import { ANNA, createTestTenant, residentClient } from '../../test-support/fixtures.ts';
import {
  createTestUnits,
  JOHAN,
  KARIN,
  LENA,
  MATS,
  PETER,
  type StaffClient,
  staffClient,
  submitSchoolTransport,
  type TestUnits,
} from '../../test-support/staff.ts';

let t: TestApp;
before(async () => {
  t = await createTestApp();
});
after(() => t.close());

type Cell =
  | 'officer-own'
  | 'officer-other'
  | 'officer-shared'
  | 'unitLead-own'
  | 'unitLead-other'
  | 'admin'
  | 'customerCentre';

interface RouteCase {
  name: string;
  method: 'GET' | 'POST' | 'MULTIPART';
  path: (tenant: Tenant, reference: string) => string;
  body?: (context: { karin: StaffClient; units: TestUnits }) => Record<string, string>;
  /** Brings the fresh case to where the route makes sense (e.g. in progress before a decision). */
  prepare?: (reference: string, lead: StaffClient) => Promise<void>;
  expected: Record<Cell, number>;
}

const inProgress = async (reference: string, lead: StaffClient) => {
  await t.app.services.caseHandling.changeStatus(lead.actor, reference, 'inProgress', '');
};

const base = (tenant: Tenant, reference: string) => `/${tenant.slug}/handlaggning/arenden/${reference}`;
const hidden = { 'officer-other': 404, 'unitLead-other': 404, admin: 404, customerCentre: 404 } as const;
/** What an officer of a unit the case is shared with gets: reads and notes, every change refused. */
const sharedReads = { 'officer-shared': 200 } as const;
const sharedRefused = { 'officer-shared': 403 } as const;

export const OFFICER_ROUTES: RouteCase[] = [
  {
    name: 'case page',
    method: 'GET',
    path: base,
    expected: { 'officer-own': 200, 'unitLead-own': 200, ...sharedReads, ...hidden },
  },
  {
    name: 'take',
    method: 'POST',
    path: (tenant, reference) => `${base(tenant, reference)}/ta`,
    expected: { 'officer-own': 303, 'unitLead-own': 303, ...sharedRefused, ...hidden },
  },
  {
    name: 'release (nobody assigned)',
    method: 'POST',
    path: (tenant, reference) => `${base(tenant, reference)}/slapp`,
    expected: { 'officer-own': 403, 'unitLead-own': 403, ...sharedRefused, ...hidden },
  },
  {
    name: 'assign',
    method: 'POST',
    path: (tenant, reference) => `${base(tenant, reference)}/tilldela`,
    body: ({ karin }) => ({ staffId: karin.actor.staffId }),
    expected: { 'officer-own': 403, 'unitLead-own': 303, ...sharedRefused, ...hidden },
  },
  {
    name: 'change status',
    method: 'POST',
    path: (tenant, reference) => `${base(tenant, reference)}/status`,
    body: () => ({ status: 'inProgress' }),
    expected: { 'officer-own': 403, 'unitLead-own': 303, ...sharedRefused, ...hidden },
  },
  {
    name: 'internal note',
    method: 'POST',
    path: (tenant, reference) => `${base(tenant, reference)}/anteckning`,
    body: () => ({ note: 'En anteckning' }),
    expected: { 'officer-own': 303, 'unitLead-own': 303, 'officer-shared': 303, ...hidden },
  },
  {
    name: 'request completion',
    method: 'POST',
    path: (tenant, reference) => `${base(tenant, reference)}/komplettering`,
    body: () => ({ steps: 'need', message: 'Ange avståndet enligt kartan' }),
    expected: { 'officer-own': 403, 'unitLead-own': 303, ...sharedRefused, ...hidden },
  },
  {
    name: 'decision form',
    method: 'GET',
    path: (tenant, reference) => `${base(tenant, reference)}/beslut`,
    prepare: inProgress,
    expected: { 'officer-own': 403, 'unitLead-own': 200, ...sharedRefused, ...hidden },
  },
  {
    name: 'record a decision',
    method: 'POST',
    path: (tenant, reference) => `${base(tenant, reference)}/beslut`,
    prepare: inProgress,
    body: () => ({
      outcome: 'granted',
      justification: 'Skolvägen är längre än sex kilometer.',
      legalBasis: '10 kap. 32 § skollagen (2010:800)',
      validFrom: '',
      validTo: '',
      appealInformation: '',
    }),
    expected: { 'officer-own': 403, 'unitLead-own': 303, ...sharedRefused, ...hidden },
  },
  {
    name: 'conversation with the applicant',
    method: 'GET',
    path: (tenant, reference) => `${base(tenant, reference)}/meddelanden`,
    expected: { 'officer-own': 200, 'unitLead-own': 200, ...sharedReads, ...hidden },
  },
  {
    name: 'message to the applicant',
    method: 'MULTIPART',
    path: (tenant, reference) => `${base(tenant, reference)}/meddelanden`,
    body: () => ({ body: 'Hej! Vi har fått din ansökan.' }),
    expected: { 'officer-own': 303, 'unitLead-own': 303, ...sharedRefused, ...hidden },
  },
  {
    // Issue #13: the assigned officer or a unit lead moves one case, with a reason.
    name: 'move the case to another unit',
    method: 'POST',
    path: (tenant, reference) => `${base(tenant, reference)}/flytta`,
    body: ({ units }) => ({ unitId: units.streets, serviceId: '', reason: 'Gäller gatan, inte skolan' }),
    expected: { 'officer-own': 403, 'unitLead-own': 303, ...sharedRefused, ...hidden },
  },
  {
    // Issue #14: any member of the handling unit shares the case, with a reason and an end date.
    name: 'share the case with another unit',
    method: 'POST',
    path: (tenant, reference) => `${base(tenant, reference)}/dela`,
    body: ({ units }) => ({
      unitId: units.streets,
      reason: 'Gatuenheten planerar hållplatsen',
      endsOn: inAMonth(),
    }),
    expected: { 'officer-own': 303, 'unitLead-own': 303, ...sharedRefused, ...hidden },
  },
  {
    // Issue #14: whoever reads the case may reveal a protected answer, with a reason.
    name: 'reveal a protected answer',
    method: 'POST',
    path: (tenant, reference) => `${base(tenant, reference)}/visa`,
    body: () => ({ fieldId: 'specialNeeds', reason: 'Behöver veta vilket fordon som krävs' }),
    expected: { 'officer-own': 303, 'unitLead-own': 303, 'officer-shared': 303, ...hidden },
  },
];

/** A date a month from now, YYYY-MM-DD: a share's end the form accepts. */
function inAMonth(): string {
  return new Date(Date.now() + 30 * 24 * 3600_000).toISOString().slice(0, 10);
}

const SARA = { personalIdentityNumber: '199001022384', givenName: 'Sara', familyName: 'Holm' };

async function clients(tenant: Tenant, units: TestUnits) {
  const make = (identity: typeof KARIN, role: StaffRole, unitIds: string[]) =>
    staffClient(t, tenant, identity, role, unitIds);
  const karin = await make(KARIN, 'officer', [units.school]);
  const cells: Record<Cell, StaffClient> = {
    'officer-own': karin,
    'officer-other': await make(PETER, 'officer', [units.streets]),
    'officer-shared': await make(
      { personalIdentityNumber: '197801012381', givenName: 'Sofia', familyName: 'Dahl' },
      'officer',
      [await t.app.services.organisation.ensureUnit(tenant.id, 'Elevhälsan')],
    ),
    'unitLead-own': await make(JOHAN, 'unitLead', [units.school]),
    'unitLead-other': await make(
      { personalIdentityNumber: '198112289874', givenName: 'Ulla', familyName: 'Lind' },
      'unitLead',
      [units.streets],
    ),
    admin: await make(LENA, 'admin', []),
    // The customer centre (issue #13) reads summaries on its own pages, never an officer's case page.
    customerCentre: await make(SARA, 'customerCentre', [
      await t.app.services.organisation.ensureUnit(tenant.id, 'Kundcenter'),
    ]),
  };
  return { karin, cells };
}

test('every officer route × role × own/other unit', async () => {
  const tenant = await createTestTenant(t, ['skolskjuts', 'felanmalan']);
  const units = await createTestUnits(t, tenant);
  const { karin, cells } = await clients(tenant, units);
  const anna = await residentClient(t, ANNA);
  let checked = 0;
  for (const route of OFFICER_ROUTES) {
    for (const [cell, client] of Object.entries(cells) as [Cell, StaffClient][]) {
      const reference = await submitSchoolTransport(anna, tenant);
      await route.prepare?.(reference, cells['unitLead-own']);
      if (cell === 'officer-shared') await shareWith(karin, reference, client);
      const url = route.path(tenant, reference);
      const body = route.body?.({ karin, units }) ?? {};
      const response =
        route.method === 'GET'
          ? await client.get(url)
          : route.method === 'MULTIPART'
            ? await client.postMultipart(url, body, [])
            : await client.post(url, body);
      assert.equal(
        response.statusCode,
        route.expected[cell],
        `${route.name} as ${cell}: ${response.body.slice(0, 200)}`,
      );
      checked += 1;
    }
  }
  assert.equal(checked, OFFICER_ROUTES.length * 7);
});

/** Karin shares the case with the units of `client` for a month (decision 0033). */
async function shareWith(karin: StaffClient, reference: string, client: StaffClient): Promise<void> {
  for (const unitId of client.actor.unitIds) {
    await t.app.services.caseHandling.shareCase(karin.actor, reference, {
      unitId,
      reason: 'Elevhälsan behöver ärendet',
      endsOn: inAMonth(),
    });
  }
}

test('the queue lists a case for its unit only, whatever the role', async () => {
  const tenant = await createTestTenant(t, ['skolskjuts', 'felanmalan']);
  const units = await createTestUnits(t, tenant);
  const { cells } = await clients(tenant, units);
  const reference = await submitSchoolTransport(await residentClient(t, ANNA), tenant);
  for (const [cell, client] of Object.entries(cells) as [Cell, StaffClient][]) {
    const queue = await client.get(`/${tenant.slug}/handlaggning/`);
    assert.equal(queue.statusCode, 200, cell);
    assert.equal(
      queue.body.includes(reference),
      cell.endsWith('-own'),
      `${cell} sees the case: ${cell.endsWith('-own')}`,
    );
  }
  // Shared with one unit (decision 0033): that unit's queue lists it, marked; nobody else's changes.
  await shareWith(cells['officer-own'], reference, cells['officer-shared']);
  for (const [cell, client] of Object.entries(cells) as [Cell, StaffClient][]) {
    const queue = await client.get(`/${tenant.slug}/handlaggning/`);
    const expected = cell.endsWith('-own') || cell === 'officer-shared';
    assert.equal(queue.body.includes(reference), expected, `${cell} sees the shared case: ${expected}`);
    assert.equal(queue.body.includes('Delad med er'), cell === 'officer-shared', `${cell}: the mark`);
  }
});

test('staff of another municipality are refused in this one', async () => {
  const tenant = await createTestTenant(t, ['skolskjuts']);
  const other = await createTestTenant(t, ['skolskjuts']);
  const otherUnits = await createTestUnits(t, other);
  const mats = await staffClient(
    t,
    other,
    { personalIdentityNumber: '195201282232', givenName: 'Mats', familyName: 'Öberg' },
    'unitLead',
    [otherUnits.school],
  );
  await createTestUnits(t, tenant);
  const reference = await submitSchoolTransport(await residentClient(t, ANNA), tenant);
  assert.equal((await mats.get(`/${tenant.slug}/handlaggning/`)).statusCode, 403);
  assert.equal((await mats.get(base(tenant, reference))).statusCode, 403);
});

type ClientCell = 'ownUnit' | 'ownService' | 'otherUnit' | 'otherTenant' | 'withoutRead';

/**
 * The API client routes (issue #12) over a case: a case out of reach answers 404, a credential without
 * the route's scope 403 (checked first, so it reveals nothing either). Only `withoutRead` holds the
 * write scopes (for its own unit), so each write happens once.
 */
const CLIENT_ROUTES: {
  name: string;
  path: (reference: string) => string;
  body?: Record<string, unknown>;
  expected: Record<ClientCell, number>;
}[] = [
  {
    name: 'case',
    path: (reference) => `/api/v1/cases/${reference}`,
    expected: { ownUnit: 200, ownService: 200, otherUnit: 404, otherTenant: 404, withoutRead: 403 },
  },
  {
    name: 'history',
    path: (reference) => `/api/v1/cases/${reference}/history`,
    expected: { ownUnit: 200, ownService: 200, otherUnit: 404, otherTenant: 404, withoutRead: 403 },
  },
  {
    name: 'status change',
    path: (reference) => `/api/v1/cases/${reference}/status`,
    body: { status: 'inProgress' },
    expected: { ownUnit: 403, ownService: 403, otherUnit: 403, otherTenant: 403, withoutRead: 200 },
  },
  {
    name: 'message to the applicant',
    path: (reference) => `/api/v1/cases/${reference}/messages`,
    body: { body: 'Hej! Vi har fått din ansökan.' },
    expected: { ownUnit: 403, ownService: 403, otherUnit: 403, otherTenant: 403, withoutRead: 201 },
  },
  {
    name: 'decision',
    path: (reference) => `/api/v1/cases/${reference}/decisions`,
    body: {
      outcome: 'granted',
      justification: 'Avståndet är längre än 3 km.',
      legalBasis: 'Skollagen 10 kap. 32 §',
    },
    expected: { ownUnit: 403, ownService: 403, otherUnit: 403, otherTenant: 403, withoutRead: 201 },
  },
];

test('every API client route × reach × scope, and the list holds exactly the cases in reach', async () => {
  const tenant = await createTestTenant(t, ['skolskjuts', 'felanmalan']);
  const units = await createTestUnits(t, tenant);
  const other = await createTestTenant(t, ['skolskjuts']);
  const otherUnits = await createTestUnits(t, other);
  const { cells } = await clients(tenant, units);
  const otherAdmin = await staffClient(t, other, MATS, 'admin', []);
  const schoolTransport = await t.app.services.catalogue.liveService(tenant.id, 'skolskjuts');
  const register = async (
    actor: StaffClient,
    scopes: string[],
    unitIds: string[],
    serviceIds: string[] = [],
  ) =>
    (await t.app.services.apiClients.register(actor.actor, { name: 'System', scopes, unitIds, serviceIds }))
      .secret;
  const secrets: Record<ClientCell, string> = {
    ownUnit: await register(cells.admin, ['cases:read'], [units.school]),
    ownService: await register(cells.admin, ['cases:read'], [], [schoolTransport.serviceId]),
    otherUnit: await register(cells.admin, ['cases:read'], [units.streets]),
    otherTenant: await register(otherAdmin, ['cases:read'], [otherUnits.school]),
    withoutRead: await register(
      cells.admin,
      ['cases:status', 'cases:messages', 'cases:decisions'],
      [units.school],
    ),
  };
  const reference = await submitSchoolTransport(await residentClient(t, ANNA), tenant);
  for (const [cell, secret] of Object.entries(secrets) as [ClientCell, string][]) {
    for (const route of CLIENT_ROUTES) {
      const response = route.body
        ? await t.app.inject({
            method: 'POST',
            url: route.path(reference),
            headers: { 'x-api-key': secret, 'content-type': 'application/json' },
            payload: JSON.stringify(route.body),
          })
        : await t.app.inject({ url: route.path(reference), headers: { 'x-api-key': secret } });
      assert.equal(
        response.statusCode,
        route.expected[cell],
        `${route.name} as ${cell}: ${response.body.slice(0, 200)}`,
      );
    }
    const list = await t.app.inject({ url: '/api/v1/cases', headers: { 'x-api-key': secret } });
    if (cell === 'withoutRead') assert.equal(list.statusCode, 403);
    else {
      const listed = list.json().items.map((item: { reference: string }) => item.reference);
      assert.deepEqual(listed, cell.startsWith('own') ? [reference] : [], `the list of ${cell}`);
    }
  }
});
