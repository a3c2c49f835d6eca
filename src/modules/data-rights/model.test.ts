import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  type AccessRowFacts,
  accessEntry,
  type DeletionFacts,
  deletionBlockers,
  exportFileName,
  showsOfficerNames,
} from './model.ts';

const AT = new Date('2026-12-06T10:00:00Z');
const officerRead: AccessRowFacts = {
  at: AT,
  caseId: 'case-1',
  action: 'case.read',
  actorName: 'Karin Berg',
  actorUnits: ['Skolskjutsenheten'],
  actorRole: 'officer',
  actorStaffId: 'staff-1',
  actorApiClientId: null,
};

test('which logged acts the access log shows, and how the reader is shown', () => {
  const rows: [string, Partial<AccessRowFacts>, boolean, unknown][] = [
    [
      'an officer reads a case, names shown',
      {},
      true,
      { kind: 'staff', name: 'Karin Berg', role: 'officer', units: ['Skolskjutsenheten'] },
    ],
    [
      'the same with names hidden',
      {},
      false,
      { kind: 'staff', name: null, role: 'officer', units: ['Skolskjutsenheten'] },
    ],
    [
      'an entry from before roles were recorded',
      { actorRole: null },
      true,
      { kind: 'staff', name: 'Karin Berg', role: null, units: ['Skolskjutsenheten'] },
    ],
    [
      'an API client: the system by name, whatever the setting',
      { actorStaffId: null, actorApiClientId: 'client-1', actorName: 'Ekonomisystemet', actorUnits: [] },
      false,
      { kind: 'system', name: 'Ekonomisystemet' },
    ],
    ['the resident’s own read', { actorStaffId: null, actorName: 'Anna' }, true, undefined],
    ['a change, not a read', { action: 'case.changeStatus' }, true, undefined],
    ['a look-up is not a case read', { action: 'customerCentre.personLookedUp' }, true, undefined],
    [
      'a customer-centre look-up about the person',
      { caseId: null, action: 'customerCentre.personLookedUp', actorRole: 'customerCentre', actorUnits: [] },
      true,
      { kind: 'staff', name: 'Karin Berg', role: 'customerCentre', units: [] },
    ],
    ['a case read without a case', { caseId: null }, true, undefined],
  ];
  for (const [name, change, showNames, reader] of rows) {
    const entry = accessEntry({ ...officerRead, ...change }, showNames);
    assert.deepEqual(entry?.reader, reader, name);
    if (entry) assert.equal(entry.at, AT, name);
  }
});

test('names are shown unless the municipality said no', () => {
  assert.equal(showsOfficerNames({}), true);
  assert.equal(showsOfficerNames({ showOfficerNamesInAccessLog: true }), true);
  assert.equal(showsOfficerNames({ showOfficerNamesInAccessLog: false }), false);
});

const NOTHING: DeletionFacts = {
  ownCases: [],
  actedInCases: [],
  draftsForOthers: 0,
  representationsInForce: [],
  staffIn: [],
};

test('what keeps a profile', () => {
  const closedCase = { reference: 'EXS-2026-000001', municipality: 'Exempelstad', closed: true };
  const given = {
    side: 'given' as const,
    kind: 'representative',
    otherName: 'Erik',
    municipality: 'Exempelstad',
  };
  const rows: [string, Partial<DeletionFacts>, string[]][] = [
    ['nothing: the profile may go', {}, []],
    ['a closed case still keeps it until disposal', { ownCases: [closedCase] }, ['ownCases']],
    ['acts in someone else’s case', { actedInCases: ['EXS-2026-000002'] }, ['actedInCases']],
    ['a draft started for someone else', { draftsForOthers: 1 }, ['draftsForOthers']],
    ['a representation in force', { representationsInForce: [given] }, ['representations']],
    ['a staff member', { staffIn: ['Grannby'] }, ['staff']],
    [
      'every reason is given at once',
      { ownCases: [closedCase], staffIn: ['Grannby'], draftsForOthers: 2 },
      ['ownCases', 'draftsForOthers', 'staff'],
    ],
  ];
  for (const [name, facts, kinds] of rows)
    assert.deepEqual(
      deletionBlockers({ ...NOTHING, ...facts }).map((blocker) => blocker.kind),
      kinds,
      name,
    );
});

test('the download is named by the Swedish date', () => {
  assert.equal(exportFileName(new Date('2026-12-06T23:30:00Z'), 'json'), 'mina-uppgifter-2026-12-07.json');
  assert.equal(exportFileName(new Date('2026-06-01T12:00:00Z'), 'pdf'), 'mina-uppgifter-2026-06-01.pdf');
});
