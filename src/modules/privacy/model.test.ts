/**
 * The privacy model as tables (issue #14): retention in words, the GDPR art. 6.1 letters, which
 * categories of personal data and data subjects a definition shows, who the recipients are, which
 * rights a notice lists, CSV cells — and that the record, the inventory and the notices built from
 * the demo definitions agree with each other.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { readDemoDefinition } from '../../cli/seed.ts';
import type { FieldType, LegalBasis, ServiceDefinition } from '../forms/definition.ts';
import { validateDefinition } from '../forms/validate-definition.ts';
import { STAFF_ROLES } from '../organisation/model.ts';
import { checkDpoContact } from './contact-model.ts';
import { csvCell, inventoryCsv, recordCsv } from './csv-model.ts';
import { privacyNotice, rightsOf } from './notice-model.ts';
import { canKeepRecord } from './policy.ts';
import {
  buildProcessingRecord,
  categoriesOf,
  type DecisionMaking,
  dataSubjectsOf,
  type InventoryEntry,
  type ProcessingSources,
  recipientsOf,
} from './record-model.ts';
import { legalBasisArticle, retentionWords as words } from './wording-model.ts';

test('retention periods in words', () => {
  const table: [string, 'sv' | 'en', string][] = [
    ['P10Y', 'sv', '10 år efter att ärendet avslutats'],
    ['P1Y', 'sv', '1 år efter att ärendet avslutats'],
    ['P2Y6M', 'sv', '2 år och 6 månader efter att ärendet avslutats'],
    ['P1M', 'sv', '1 månad efter att ärendet avslutats'],
    ['P1W', 'sv', '1 vecka efter att ärendet avslutats'],
    ['P30D', 'sv', '30 dagar efter att ärendet avslutats'],
    ['P1Y2M3D', 'sv', '1 år, 2 månader och 3 dagar efter att ärendet avslutats'],
    ['PT12H', 'sv', '12 timmar efter att ärendet avslutats'],
    ['P0D', 'sv', 'till dess att ärendet avslutats'],
    ['P6M', 'en', '6 months after the case was closed'],
    ['P1Y1D', 'en', '1 year and 1 day after the case was closed'],
    ['P18M', 'en', '18 months after the case was closed'],
    ['tio år', 'sv', 'tio år'],
    ['P', 'sv', 'P'],
  ];
  for (const [period, lang, expected] of table) assert.equal(words(period, lang), expected, period);
});

test('each legal basis is its point of GDPR article 6.1', () => {
  const table: [LegalBasis, string][] = [
    ['consent', '6.1 a'],
    ['contract', '6.1 b'],
    ['legalObligation', '6.1 c'],
    ['vitalInterests', '6.1 d'],
    ['publicInterest', '6.1 e'],
  ];
  for (const [basis, article] of table) assert.equal(legalBasisArticle(basis), article);
});

function entry(fieldId: string, type: FieldType, personalData: InventoryEntry['personalData'], sv = fieldId) {
  return {
    serviceId: 's',
    serviceSlug: 's',
    serviceTitle: { sv: 'S', en: 'S' },
    stepId: 'step',
    stepTitle: { sv: 'Steg', en: 'Step' },
    fieldId,
    label: { sv, en: fieldId },
    type,
    required: false,
    confidentiality: 1,
    personalData,
  } satisfies InventoryEntry;
}

describe('categories and data subjects from the fields', () => {
  test('categories follow the fields’ kinds of personal data; fields without personal data are in none', () => {
    const fields = [
      entry('name', 'text', 'personal'),
      entry('health', 'textarea', 'sensitive'),
      entry('category', 'radio', 'none'),
      entry('convictions', 'textarea', 'offences'),
      entry('phone', 'phone', 'personal'),
    ];
    const categories = categoriesOf(fields).map((c) => [c.kind, c.fields.map((f) => f.fieldId)]);
    assert.deepEqual(categories, [
      ['personal', ['name', 'phone']],
      ['sensitive', ['health']],
      ['offences', ['convictions']],
    ]);
    assert.deepEqual(categoriesOf([entry('category', 'radio', 'none')]), []);
  });

  test('data subjects: the applicant always, children and others only where a field shows them', () => {
    const subjects = (fields: InventoryEntry[]) =>
      dataSubjectsOf(fields).map((s) =>
        s.kind === 'applicant' ? 'applicant' : `${s.kind}:${s.fields.map((f) => f.fieldId)}`,
      );
    const table: [InventoryEntry[], string[]][] = [
      [[entry('email', 'email', 'personal')], ['applicant']],
      [
        [entry('childPersonalIdentityNumber', 'personalIdentityNumber', 'personal')],
        ['applicant', 'child:childPersonalIdentityNumber'],
      ],
      [
        [entry('pin', 'personalIdentityNumber', 'personal', 'Barnets personnummer')],
        ['applicant', 'child:pin'],
      ],
      [
        [entry('spousePin', 'personalIdentityNumber', 'personal', 'Makens personnummer')],
        ['applicant', 'otherPersons:spousePin'],
      ],
      [
        [entry('representativeName', 'text', 'personal'), entry('ownerConsent', 'file', 'personal')],
        ['applicant', 'otherPersons:representativeName,ownerConsent'],
      ],
      // A yes/no about the applicant and a description of their needs name no one else.
      [
        [entry('isPropertyOwner', 'yesNo', 'personal'), entry('companionReason', 'textarea', 'sensitive')],
        ['applicant'],
      ],
      // In school transport the guardian is the applicant.
      [[entry('guardianEmail', 'email', 'personal')], ['applicant']],
      // Not personal data: nobody's.
      [[entry('childPersonalIdentityNumber', 'personalIdentityNumber', 'none')], ['applicant']],
    ];
    for (const [fields, expected] of table) assert.deepEqual(subjects(fields), expected, expected.join(' '));
  });
});

const service = (serviceId: string, definition: Partial<ServiceDefinition> = {}) => ({
  serviceId,
  slug: serviceId,
  definition: {
    privacy: { recipients: [{ sv: 'Bolaget', en: 'The company' }] },
    ...definition,
  } as ServiceDefinition,
});

test('recipients: handling and category units, API clients with a case scope and webhooks that reach the cases, the declared ones', () => {
  const sources: Pick<ProcessingSources, 'units' | 'handling' | 'apiClients' | 'webhooks'> = {
    units: [
      { id: 'u1', name: 'Skolskjutsenheten' },
      { id: 'u2', name: 'Parkenheten' },
      { id: 'u3', name: 'Bygglovsenheten' },
    ],
    handling: [{ serviceId: 'school', unitId: 'u1' }],
    apiClients: [
      { name: 'Via enheten', scopes: ['cases:read', 'opendata:read'], unitIds: ['u1'], serviceIds: [] },
      { name: 'Via tjänsten', scopes: ['cases:create'], unitIds: [], serviceIds: ['school'] },
      { name: 'Bara öppna data', scopes: ['opendata:read'], unitIds: ['u1'], serviceIds: ['school'] },
      { name: 'Annan enhet', scopes: ['cases:read'], unitIds: ['u3'], serviceIds: [] },
    ],
    webhooks: [
      { name: 'Ekonomi', eventTypes: ['case.decided'], unitIds: [], serviceIds: ['school'], paused: true },
      { name: 'Annan', eventTypes: ['case.decided'], unitIds: ['u3'], serviceIds: [], paused: false },
    ],
  };
  const recipients = recipientsOf(service('school'), sources);
  assert.deepEqual(recipients, [
    { kind: 'unit', name: 'Skolskjutsenheten' },
    { kind: 'apiClient', name: 'Via enheten', scopes: ['cases:read'] },
    { kind: 'apiClient', name: 'Via tjänsten', scopes: ['cases:create'] },
    { kind: 'webhook', name: 'Ekonomi', eventTypes: ['case.decided'], paused: true },
    { kind: 'external', text: { sv: 'Bolaget', en: 'The company' } },
  ]);
  // A fault report reaches its categories' units by name; an unknown unit name adds none.
  const faults = service('faults', {
    faultReport: {
      categories: [
        { code: 'park', unit: 'Parkenheten' },
        { code: 'x', unit: 'Finns inte' },
      ],
    },
  } as Partial<ServiceDefinition>);
  assert.deepEqual(
    recipientsOf(faults, sources).map((r) => (r.kind === 'external' ? 'external' : r.name)),
    ['Parkenheten', 'external'],
  );
});

test('the rights a notice lists follow the legal basis and automated decisions', () => {
  const table: [LegalBasis, DecisionMaking, string][] = [
    ['publicInterest', 'officer', 'access rectification erasure restriction objection complaint'],
    ['legalObligation', 'proposal', 'access rectification erasure restriction complaint'],
    ['consent', 'officer', 'access rectification erasure restriction portability withdrawConsent complaint'],
    ['contract', 'officer', 'access rectification erasure restriction portability complaint'],
    [
      'publicInterest',
      'automatic',
      'access rectification erasure restriction objection humanReview complaint',
    ],
  ];
  for (const [basis, decisions, expected] of table)
    assert.equal(rightsOf(basis, decisions).join(' '), expected, `${basis} ${decisions}`);
});

test('who keeps the record: administrators and the data protection officer, no other role', () => {
  const keepers = STAFF_ROLES.filter((role) => canKeepRecord({ role }));
  assert.deepEqual(keepers, ['admin', 'dataProtectionOfficer']);
});

test('the data protection officer’s contact: an e-mail address, optionally a phone and an address', () => {
  const errors = (input: Record<string, string>) => {
    const checked = checkDpoContact(input);
    return 'errors' in checked ? checked.errors.map((e) => `${e.field}:${e.message}`) : [];
  };
  assert.deepEqual(errors({ email: 'dso@kommun.se' }), []);
  assert.deepEqual(checkDpoContact({ email: ' dso@kommun.se ', phone: '', address: '' }), {
    ok: { email: 'dso@kommun.se' },
  });
  assert.deepEqual(errors({ email: '' }), ['email:required']);
  assert.deepEqual(errors({ email: 'dso' }), ['email:invalidEmail']);
  assert.deepEqual(errors({ email: 'dso@kommun.se', phone: 'ring mig' }), ['phone:invalidPhone']);
  assert.deepEqual(errors({ email: 'dso@kommun.se', address: 'x'.repeat(301) }), ['address:tooLong']);
});

test('CSV cells: separators and quotes are quoted, formulas defused', () => {
  const table: [string, string][] = [
    ['Skola', 'Skola'],
    ['Namn, efternamn', '"Namn, efternamn"'],
    ['a;b', '"a;b"'],
    ['Säg "hej"', '"Säg ""hej"""'],
    ['rad\nrad', '"rad\nrad"'],
    ['=HYPERLINK("x")', `"'=HYPERLINK(""x"")"`],
    ['+46', "'+46"],
    ['-1', "'-1"],
    ['@SUM(A1)', "'@SUM(A1)"],
    ['\tflik', "'\tflik"],
    ['', ''],
  ];
  for (const [value, expected] of table) assert.equal(csvCell(value), expected, value);
});

describe('one model: the record, the inventory and the notices agree', () => {
  const demo = ['skolskjuts', 'fardtjanst', 'felanmalan', 'bygglov-garage'].map((slug) => {
    const checked = validateDefinition(readDemoDefinition(slug));
    if (!checked.ok) throw new Error(`${slug}: ${checked.errors.join('; ')}`);
    return { serviceId: `id-${slug}`, slug, definition: checked.definition };
  });
  const automatic = structuredClone(demo[0] as (typeof demo)[number]);
  automatic.serviceId = 'id-auto';
  automatic.slug = 'skolskjuts-auto';
  const support = automatic.definition.decisionSupport;
  if (support) support.automaticDecision = { legalBasis: { sv: 'Kommunens beslut', en: 'A decision' } };
  const record = buildProcessingRecord({
    tenant: {
      name: 'Exempelstads kommun',
      settings: { contact: { phone: '1', email: 'a@b.se', address: 'X' } },
    },
    services: [...demo, automatic],
    units: [],
    handling: [],
    apiClients: [],
    webhooks: [],
  });

  test('every personal field of the inventory is in exactly one category of its service, and nothing else is', () => {
    for (const service of record.services) {
      const inventory = record.inventory.filter((e) => e.serviceId === service.serviceId);
      const personal = inventory.filter((e) => e.personalData !== 'none').map((e) => e.fieldId);
      const categorised = service.categories.flatMap((c) => c.fields.map((f) => f.fieldId));
      assert.deepEqual([...categorised].sort(), [...personal].sort(), service.slug);
      for (const category of service.categories)
        for (const field of category.fields) assert.equal(field.personalData, category.kind);
    }
    const fields = [...demo, automatic].flatMap((s) => s.definition.steps.flatMap((step) => step.fields));
    assert.equal(record.inventory.length, fields.length);
  });

  test('each notice says what the record says', () => {
    for (const service of record.services) {
      const notice = privacyNotice(record, service.slug);
      assert.ok(notice && service.privacy, service.slug);
      assert.deepEqual(notice.purpose, service.privacy.purpose);
      assert.equal(notice.legalBasis, service.privacy.legalBasis);
      assert.deepEqual(notice.legalBasisText, service.privacy.legalBasisText);
      assert.equal(notice.retentionPeriod, service.retentionPeriod);
      assert.equal(notice.atRetentionEnd, service.privacy.atRetentionEnd);
      assert.deepEqual(notice.recipients, service.recipients);
      assert.deepEqual(notice.categories, service.categories);
    }
    assert.equal(privacyNotice(record, 'finns-inte'), undefined);
    assert.equal(privacyNotice(record, 'skolskjuts')?.decisionMaking, 'proposal');
    assert.equal(privacyNotice(record, 'fardtjanst')?.decisionMaking, 'officer');
    const auto = privacyNotice(record, 'skolskjuts-auto');
    assert.equal(auto?.decisionMaking, 'automatic');
    assert.ok(auto?.rights.includes('humanReview'));
  });

  test('the CSV files have a row per service and per field, in the record’s order', () => {
    const lines = (csv: string) =>
      csv
        .replace(/^\uFEFF/, '')
        .split('\r\n')
        .filter(Boolean);
    const recordLines = lines(recordCsv(record, 'sv'));
    assert.equal(recordLines.length, record.services.length + 1);
    assert.deepEqual(
      recordLines.slice(1).map((line) => line.split(';')[0]),
      record.services.map((service) => service.title.sv),
    );
    assert.equal(lines(inventoryCsv(record, 'en')).length, record.inventory.length + 1);
    // The sensitive fields the inventory marks are the ones the record names under article 9.
    const fardtjanst = record.services.find((s) => s.slug === 'fardtjanst');
    const sensitive = record.inventory.filter(
      (e) => e.serviceSlug === 'fardtjanst' && e.personalData === 'sensitive',
    );
    assert.ok(sensitive.length > 5);
    assert.deepEqual(fardtjanst?.categories.find((c) => c.kind === 'sensitive')?.fields, sensitive);
  });
});
