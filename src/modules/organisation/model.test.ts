/** Pure organisation rules: unit names, roles, the staff and audit search forms, the CSV export. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { cleanUnitName, isAdmin, isMemberOf, parseRole, type StaffActor } from './model.ts';
import { parseAuditQuery, validateStaffForm } from './service.ts';
import { actionText, csvCell, detailsSummary, toCsv } from './views/audit-format.ts';

const actor = (role: StaffActor['role'], unitIds: string[] = []): StaffActor => ({
  staffId: 's',
  personId: 'p',
  tenantId: 't',
  name: 'Lena Strand',
  role,
  unitIds,
  unitNames: [],
});

test('unit names are trimmed, spaces collapsed, and must be 1–120 characters', () => {
  assert.deepEqual(cleanUnitName('  Gatu   enheten '), { name: 'Gatu enheten' });
  assert.deepEqual(cleanUnitName('   '), { error: 'unitNameMissing' });
  assert.deepEqual(cleanUnitName(undefined), { error: 'unitNameMissing' });
  assert.deepEqual(cleanUnitName('x'.repeat(121)), { error: 'unitNameTooLong' });
  assert.deepEqual(cleanUnitName('x'.repeat(120)), { name: 'x'.repeat(120) });
});

test('roles parse only from the known codes; only admins administer; membership is by unit id', () => {
  assert.equal(parseRole('unitLead'), 'unitLead');
  assert.equal(parseRole('superuser'), undefined);
  assert.equal(parseRole(['admin']), undefined);
  assert.deepEqual(
    (['officer', 'unitLead', 'admin', 'customerCentre'] as const).map((role) => isAdmin(actor(role))),
    [false, false, true, false],
  );
  assert.equal(isMemberOf(actor('officer', ['u1']), 'u1'), true);
  assert.equal(isMemberOf(actor('officer', ['u1']), 'u2'), false);
  assert.equal(isMemberOf(actor('officer', ['u1']), null), false);
});

test('the staff form normalises the personnummer to 12 digits and reads the active checkbox', () => {
  assert.deepEqual(
    validateStaffForm({
      personalIdentityNumber: ' 520116-1857 ',
      givenName: ' Johan ',
      familyName: 'Nilsson',
      role: 'officer',
      active: 'ja',
    }),
    {
      input: {
        personalIdentityNumber: '195201161857',
        givenName: 'Johan',
        familyName: 'Nilsson',
        role: 'officer',
        active: true,
      },
    },
  );
  const inactive = validateStaffForm({
    personalIdentityNumber: '195201161857',
    givenName: 'J',
    familyName: 'N',
    role: 'admin',
  });
  assert.ok('input' in inactive && inactive.input.active === false);
});

test('the staff form reports every problem by field, with codes the pages turn into Swedish', () => {
  const errors = (form: Record<string, unknown>) => {
    const result = validateStaffForm(form);
    return 'errors' in result ? result.errors.map((error) => `${error.field}:${error.message}`) : [];
  };
  assert.deepEqual(errors({}), [
    'personalIdentityNumber:pinMissing',
    'givenName:givenNameMissing',
    'familyName:familyNameMissing',
    'role:roleInvalid',
  ]);
  assert.deepEqual(
    errors({
      personalIdentityNumber: '195201161858',
      givenName: 'x'.repeat(101),
      familyName: 'N',
      role: 'root',
    }),
    ['personalIdentityNumber:pinInvalid', 'givenName:nameTooLong', 'role:roleInvalid'],
  );
});

test('the audit search takes exactly one of a case reference and a personnummer', () => {
  assert.deepEqual(parseAuditQuery({ caseReference: ' exs-2026-000123 ' }), {
    query: { caseReference: 'EXS-2026-000123' },
  });
  assert.deepEqual(parseAuditQuery({ caseReference: '', personalIdentityNumber: '19850101-2382' }), {
    query: { personalIdentityNumber: '198501012382' },
  });
  const problem = (search: Record<string, unknown>) => {
    const result = parseAuditQuery(search);
    return 'errors' in result ? result.errors.map((error) => `${error.field}:${error.message}`) : [];
  };
  assert.deepEqual(problem({}), ['caseReference:auditQueryMissing']);
  assert.deepEqual(problem({ caseReference: ['EXS-2026-000123'] }), ['caseReference:auditQueryMissing']);
  assert.deepEqual(problem({ caseReference: 'EXS-2026' }), ['caseReference:referenceInvalid']);
  assert.deepEqual(problem({ personalIdentityNumber: '198501012383' }), [
    'personalIdentityNumber:pinInvalid',
  ]);
  assert.deepEqual(problem({ caseReference: 'EXS-2026-000123', personalIdentityNumber: '198501012382' }), [
    'caseReference:auditQueryBoth',
  ]);
});

test('CSV cells are quoted only when needed, quotes doubled, and formulas defused', () => {
  assert.equal(csvCell('Karin Berg'), 'Karin Berg');
  assert.equal(csvCell('Namn: A; Roll: B'), '"Namn: A; Roll: B"');
  assert.equal(csvCell('Sa "hej"'), '"Sa ""hej"""');
  assert.equal(csvCell('rad 1\nrad 2'), '"rad 1\nrad 2"');
  assert.equal(csvCell('=HYPERLINK("x")'), `"'=HYPERLINK(""x"")"`);
  assert.equal(csvCell('@SUM(A1)'), "'@SUM(A1)");
  assert.equal(
    toCsv([
      ['a', 'b;c'],
      ['å', ''],
    ]),
    '\uFEFFa;"b;c"\r\nå;\r\n',
  );
});

test('audit actions and details read as plain Swedish, with ids replaced by names', () => {
  assert.equal(actionText('case.read', 'sv'), 'Öppnade ärendet');
  assert.equal(actionText('service.unitChanged', 'en'), 'Moved a case type to another unit');
  assert.equal(actionText('something.new', 'sv'), 'something.new');
  const names = new Map([
    ['u1', 'Gatuenheten'],
    ['s1', 'Felanmälan'],
  ]);
  assert.equal(
    detailsSummary({ serviceId: 's1', unitId: 'u1', openCasesMoved: 3 }, names, 'sv'),
    'Ärendetyp: Felanmälan; Enhet: Gatuenheten; Öppna ärenden som följde med: 3',
  );
  assert.equal(
    detailsSummary({ role: 'unitLead', active: false, staffId: 'x9' }, names, 'sv'),
    'Roll: Enhetschef; Aktiv: Nej; Person: x9',
  );
  assert.equal(detailsSummary({}, names, 'sv'), '');
});
