/** The officer policy as a table: every action × role × own/other unit × assignment. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { StaffActor, StaffRole } from '../organisation/model.ts';
import {
  type CaseShareFacts,
  canOfficer,
  caseView,
  OFFICER_ACTIONS,
  type OfficerAction,
  officerAccess,
} from './policy.ts';

const actor = (role: StaffRole, unitIds: string[]): StaffActor => ({
  staffId: 'me',
  personId: 'p',
  tenantId: 'tenant',
  name: 'Test',
  role,
  unitIds,
  unitNames: [],
});

type Assignment = 'none' | 'me' | 'other';
const subject = (unitId: string, assignment: Assignment, tenantId = 'tenant') => ({
  tenantId,
  unitId,
  assignedStaffId: assignment === 'none' ? null : assignment === 'me' ? 'me' : 'someone-else',
});

/** Expected answers for a member of the case's unit. */
function expectedForMember(role: StaffRole, action: OfficerAction, assignment: Assignment): boolean {
  const lead = role === 'unitLead';
  switch (action) {
    case 'read':
    case 'note':
    case 'message':
    case 'share':
      return true;
    case 'take':
      return assignment === 'none' || (assignment === 'other' && lead);
    case 'assign':
      return lead;
    case 'release':
      return assignment === 'me' || (assignment === 'other' && lead);
    default:
      return assignment === 'me' || lead;
  }
}

test('officer policy table', () => {
  const roles: StaffRole[] = ['officer', 'unitLead', 'admin', 'customerCentre'];
  let checked = 0;
  for (const role of roles) {
    for (const action of OFFICER_ACTIONS) {
      for (const assignment of ['none', 'me', 'other'] as const) {
        // Member of the case's unit.
        assert.equal(
          canOfficer(actor(role, ['u1']), action, subject('u1', assignment)),
          expectedForMember(role, action, assignment),
          `${role} ${action} own unit, assigned ${assignment}`,
        );
        // Not a member: nothing at all, whatever the role (admins manage, they do not handle cases).
        assert.equal(canOfficer(actor(role, ['u2']), action, subject('u1', assignment)), false);
        assert.equal(canOfficer(actor(role, []), action, subject('u1', assignment)), false);
        // Same unit id in another tenant: nothing.
        assert.equal(
          canOfficer(actor(role, ['u1']), action, subject('u1', assignment, 'other-tenant')),
          false,
        );
        checked += 4;
      }
    }
  }
  assert.equal(checked, 4 * OFFICER_ACTIONS.length * 3 * 4);
});

test('a case without a handling unit is nobody’s until an admin assigns its service', () => {
  for (const action of OFFICER_ACTIONS) {
    assert.equal(
      canOfficer(actor('unitLead', ['u1']), action, {
        tenantId: 'tenant',
        unitId: null,
        assignedStaffId: null,
      }),
      false,
    );
  }
});

/** What each role sees of a case in a person's overview (issue #13), as a table. */
test('case view table: the handling unit in full, the customer centre a summary or only the unit', () => {
  const roles: StaffRole[] = ['officer', 'unitLead', 'admin', 'customerCentre'];
  for (const role of roles) {
    for (const confidential of [false, true]) {
      const facts = (tenantId = 'tenant') => ({ ...subject('u1', 'none', tenantId), confidential });
      const centre = role === 'customerCentre';
      // A member of the handling unit reads the case in full, confidential or not.
      assert.equal(caseView(actor(role, ['u1']), facts()), 'full', `${role} in the unit`);
      // Outside the unit: only the customer centre, and only its own municipality.
      const expected = centre ? (confidential ? 'existence' : 'summary') : 'none';
      assert.equal(caseView(actor(role, ['kc']), facts()), expected, `${role} outside, ${confidential}`);
      assert.equal(caseView(actor(role, ['kc']), facts('other-tenant')), 'none');
    }
  }
});

/** Sharing between units (decision 0033): who reaches a case of unit u1 shared with unit u2. */
test('shared case table: the shared unit reads and notes until the end, never after it or a revoke', () => {
  const at = new Date('2026-05-01T10:00:00Z');
  const share = (changes: Partial<CaseShareFacts> = {}): CaseShareFacts => ({
    id: 's1',
    unitId: 'u2',
    endsAt: new Date('2026-06-01T00:00:00Z'),
    revokedAt: null,
    ...changes,
  });
  const shared = (shares: CaseShareFacts[], when = at) => ({
    ...subject('u1', 'other'),
    sharing: { at: when, shares },
  });
  const readAndNote = (action: OfficerAction) => action === 'read' || action === 'note';
  const rows: [string, StaffActor, ReturnType<typeof shared>, (action: OfficerAction) => boolean][] = [
    [
      'owner unit, officer',
      actor('officer', ['u1']),
      shared([share()]),
      (a) => expectedForMember('officer', a, 'other'),
    ],
    [
      'owner unit, lead',
      actor('unitLead', ['u1']),
      shared([share()]),
      (a) => expectedForMember('unitLead', a, 'other'),
    ],
    ['shared unit, officer, before the end', actor('officer', ['u2']), shared([share()]), readAndNote],
    ['shared unit, lead, before the end', actor('unitLead', ['u2']), shared([share()]), readAndNote],
    [
      'shared unit, a second before the end',
      actor('officer', ['u2']),
      shared([share()], new Date('2026-05-31T23:59:59Z')),
      readAndNote,
    ],
    [
      'shared unit, at the end',
      actor('officer', ['u2']),
      shared([share()], new Date('2026-06-01T00:00:00Z')),
      () => false,
    ],
    [
      'shared unit, after the end',
      actor('officer', ['u2']),
      shared([share()], new Date('2026-07-01T00:00:00Z')),
      () => false,
    ],
    [
      'shared unit, after a revoke',
      actor('officer', ['u2']),
      shared([share({ revokedAt: at })]),
      () => false,
    ],
    ['other unit, officer', actor('officer', ['u3']), shared([share()]), () => false],
    ['other unit, lead', actor('unitLead', ['u3']), shared([share()]), () => false],
    ['no unit at all', actor('officer', []), shared([share()]), () => false],
    [
      'shared unit in another tenant',
      { ...actor('officer', ['u2']), tenantId: 'other-tenant' },
      shared([share()]),
      () => false,
    ],
    [
      'a revoked share and a later active one',
      actor('officer', ['u2']),
      shared([share({ revokedAt: at }), share({ id: 's2' })]),
      readAndNote,
    ],
    [
      'shared and member of the owner too',
      actor('officer', ['u1', 'u2']),
      shared([share()]),
      (a) => expectedForMember('officer', a, 'other'),
    ],
  ];
  for (const [name, who, facts, expected] of rows) {
    for (const action of OFFICER_ACTIONS) {
      assert.equal(canOfficer(who, action, facts), expected(action), `${name}: ${action}`);
    }
  }
  assert.equal(officerAccess(actor('officer', ['u2']), shared([share()])), 'share');
  assert.equal(officerAccess(actor('officer', ['u1', 'u2']), shared([share()])), 'unit');
  assert.equal(officerAccess(actor('officer', ['u2']), shared([share({ revokedAt: at })])), 'none');
});
