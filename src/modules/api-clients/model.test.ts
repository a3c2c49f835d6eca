/** The API client policy and registration rules (issue #12), as tables. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  API_SCOPES,
  CLIENT_CASE_ACTIONS,
  type ClientActor,
  canClient,
  checkRegistration,
  grantedScopes,
  scopeOfAction,
  secretHint,
} from './model.ts';

const TENANT = 'tenant-a';
const UNIT = 'unit-school';
const SERVICE = 'service-bygglov';

function client(overrides: Partial<ClientActor> = {}): ClientActor {
  return {
    clientId: 'c1',
    tenantId: TENANT,
    name: 'Ärendesystemet',
    scopes: [...API_SCOPES],
    unitIds: [UNIT],
    serviceIds: [SERVICE],
    ...overrides,
  };
}

test('a client reaches a case of its tenant through one of its units or one of its services, nothing else', () => {
  const rows: [
    string,
    Partial<ClientActor>,
    { tenantId: string; unitId: string | null; serviceId: string },
    boolean,
  ][] = [
    ['its unit', {}, { tenantId: TENANT, unitId: UNIT, serviceId: 'other' }, true],
    ['its service, another unit', {}, { tenantId: TENANT, unitId: 'other', serviceId: SERVICE }, true],
    ['its service, no unit yet', {}, { tenantId: TENANT, unitId: null, serviceId: SERVICE }, true],
    ['neither', {}, { tenantId: TENANT, unitId: 'other', serviceId: 'other' }, false],
    ['no unit, not its service', {}, { tenantId: TENANT, unitId: null, serviceId: 'other' }, false],
    ['its unit in another tenant', {}, { tenantId: 'tenant-b', unitId: UNIT, serviceId: SERVICE }, false],
    ['units only', { serviceIds: [] }, { tenantId: TENANT, unitId: 'other', serviceId: SERVICE }, false],
    ['services only', { unitIds: [] }, { tenantId: TENANT, unitId: UNIT, serviceId: 'other' }, false],
  ];
  for (const [name, overrides, subject, expected] of rows) {
    for (const action of CLIENT_CASE_ACTIONS) {
      assert.equal(canClient(client(overrides), action, subject), expected, `${name}: ${action}`);
    }
  }
});

test('each action needs exactly its own scope', () => {
  const subject = { tenantId: TENANT, unitId: UNIT, serviceId: SERVICE };
  for (const action of CLIENT_CASE_ACTIONS) {
    for (const scope of API_SCOPES) {
      assert.equal(
        canClient(client({ scopes: [scope] }), action, subject),
        scope === scopeOfAction(action),
        `${action} with only ${scope}`,
      );
    }
  }
});

test('a registration needs a name, a scope, and units or services for the case scopes', () => {
  const base = { name: '  Ärende-\tsystemet ', scopes: ['cases:read'], unitIds: [UNIT], serviceIds: [] };
  assert.deepEqual(checkRegistration(base), {
    ok: { name: 'Ärende- systemet', scopes: ['cases:read'], unitIds: [UNIT], serviceIds: [] },
  });
  assert.deepEqual(checkRegistration({ ...base, name: ' ' }), {
    errors: [{ field: 'name', message: 'nameMissing' }],
  });
  assert.deepEqual(checkRegistration({ ...base, name: 'x'.repeat(201) }), {
    errors: [{ field: 'name', message: 'nameTooLong' }],
  });
  assert.deepEqual(checkRegistration({ ...base, scopes: ['cases:delete'] }), {
    errors: [{ field: 'scopes', message: 'scopesMissing' }],
  });
  assert.deepEqual(checkRegistration({ ...base, unitIds: [] }), {
    errors: [{ field: 'reach', message: 'reachMissing' }],
  });
  const openDataOnly = checkRegistration({ ...base, scopes: ['opendata:read'], unitIds: [] });
  assert.ok('ok' in openDataOnly, 'open data needs no units or services');
  const repeated = checkRegistration({
    ...base,
    scopes: ['cases:status', 'cases:read', 'cases:read'],
    unitIds: [UNIT, UNIT],
  });
  assert.deepEqual('ok' in repeated && [repeated.ok.scopes, repeated.ok.unitIds], [
    ['cases:read', 'cases:status'],
    [UNIT],
  ]);
});

test('a token gets the scopes asked for when the client has them all, else every scope it has', () => {
  const has = ['cases:read', 'cases:status'] as const;
  assert.deepEqual(grantedScopes(has, undefined), { scopes: ['cases:read', 'cases:status'] });
  assert.deepEqual(grantedScopes(has, '  '), { scopes: ['cases:read', 'cases:status'] });
  assert.deepEqual(grantedScopes(has, 'cases:status'), { scopes: ['cases:status'] });
  assert.deepEqual(grantedScopes(has, 'cases:read cases:decisions'), { refused: ['cases:decisions'] });
  assert.deepEqual(grantedScopes(has, 'admin'), { refused: ['admin'] });
});

test('the secret hint shows the prefix and four characters only', () => {
  assert.equal(secretHint('ingsk_AbCdEfGh'), 'ingsk_AbCd…');
});
