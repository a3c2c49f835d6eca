/** The pure part of retention and disposal: rules, pseudonyms, the admin page's months, the log line. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { disposedEventData } from '../cases/disposal.ts';
import { actionText } from '../organisation/views/audit-format.ts';
import {
  addMonths,
  createPseudonyms,
  isRetentionPeriod,
  periodParts,
  retentionRuleOf,
  summaryForLog,
  upcomingByService,
} from './model.ts';

test('a version’s rule: dispose only when declared; archive without a declaration; unreadable periods left out', () => {
  const version = (definition: object) => ({ id: 'v1', version: 2, definition: definition as never });
  const cases: [object, ReturnType<typeof retentionRuleOf>][] = [
    [
      { retentionPeriod: 'P3Y', privacy: { atRetentionEnd: 'dispose' } },
      { versionId: 'v1', version: 2, retentionPeriod: 'P3Y', action: 'dispose' },
    ],
    [
      { retentionPeriod: 'P10Y', privacy: { atRetentionEnd: 'archive' } },
      { versionId: 'v1', version: 2, retentionPeriod: 'P10Y', action: 'archive' },
    ],
    [{ retentionPeriod: 'P2Y' }, { versionId: 'v1', version: 2, retentionPeriod: 'P2Y', action: 'archive' }],
    [{ retentionPeriod: '10 years', privacy: { atRetentionEnd: 'dispose' } }, undefined],
    [{ retentionPeriod: "P1Y'; drop table case; --", privacy: { atRetentionEnd: 'dispose' } }, undefined],
  ];
  for (const [definition, expected] of cases)
    assert.deepEqual(retentionRuleOf(version(definition)), expected);
  for (const good of ['P10Y', 'P6M', 'P1Y6M', 'P2W', 'P90D', 'PT12H'])
    assert.ok(isRetentionPeriod(good), good);
  for (const bad of ['P', 'PT', '10Y', 'P1.5Y', '', 'P1Y ']) assert.equal(isRetentionPeriod(bad), false, bad);
  assert.deepEqual(periodParts('P1Y6M'), [
    { unit: 'years', n: 1 },
    { unit: 'months', n: 6 },
  ]);
});

test('pseudonyms: one per person, the applicant first; ids go, names beside them are replaced, staff stay', () => {
  const pseudonyms = createPseudonyms();
  assert.equal(pseudonyms.of('anna'), 'Gallrad person 1');
  const scrubbed = pseudonyms.scrub({
    kind: 'resident',
    personId: 'erik',
    name: 'Erik Eriksson för Anna Andersson',
    onBehalfOf: { personId: 'anna', name: 'Anna Andersson', role: 'guardian' },
    representativePersonId: 'erik',
    list: [{ personId: 'omar', name: 'Omar Hassan' }],
  });
  assert.deepEqual(scrubbed, {
    kind: 'resident',
    name: 'Gallrad person 2',
    onBehalfOf: { name: 'Gallrad person 1', role: 'guardian' },
    list: [{ name: 'Gallrad person 3' }],
  });
  const officer = { kind: 'officer', personId: 'karin', staffId: 's1', name: 'Karin Berg' };
  assert.deepEqual(pseudonyms.scrub(officer), officer, 'an official act keeps who did it');
  assert.equal(pseudonyms.count, 3);
});

test('a disposed event keeps codes and ids, never free text or answers', () => {
  assert.deepEqual(disposedEventData({ from: 'received', to: 'closed', message: 'Anna ringde' }), {
    from: 'received',
    to: 'closed',
    disposed: true,
  });
  assert.deepEqual(
    disposedEventData({ stepIds: ['need'], previousAnswers: { childName: 'Elsa' }, text: 'x' }),
    { stepIds: ['need'], disposed: true },
  );
});

test('upcoming per service: due now, the coming 12 months from this one, later, and the next date', () => {
  const now = new Date('2026-03-15T12:00:00Z');
  const at = (iso: string) => new Date(iso);
  const rows = [
    { serviceId: 's', month: 'now', count: 2, firstDueAt: at('2025-01-01T00:00:00Z') },
    { serviceId: 's', month: '2026-03', count: 1, firstDueAt: at('2026-03-20T00:00:00Z') },
    { serviceId: 's', month: '2027-02', count: 4, firstDueAt: at('2027-02-01T00:00:00Z') },
    { serviceId: 's', month: '2027-03', count: 5, firstDueAt: at('2027-03-01T00:00:00Z') },
    { serviceId: 't', month: '2030-01', count: 1, firstDueAt: at('2030-01-09T00:00:00Z') },
  ];
  assert.deepEqual(upcomingByService(rows, now), [
    {
      serviceId: 's',
      dueNow: 2,
      months: [
        { month: '2026-03', count: 1 },
        { month: '2027-02', count: 4 },
      ],
      later: 5,
      nextDueAt: at('2026-03-20T00:00:00Z'),
    },
    { serviceId: 't', dueNow: 0, months: [], later: 1, nextDueAt: at('2030-01-09T00:00:00Z') },
  ]);
  assert.equal(addMonths('2026-11', 3), '2027-02');
  assert.equal(addMonths('2026-01', -1), '2025-12');
});

test('the log line has counts, references and service slugs only, and stops listing after 100 cases', () => {
  const cases = Array.from({ length: 102 }, (_, i) => ({
    reference: `EXS-2026-${String(i).padStart(6, '0')}`,
    service: 'skolskjuts',
    action: 'disposed' as const,
  }));
  const line = summaryForLog({
    cases,
    disposed: 102,
    archived: 0,
    drafts: 1,
    anonymousDrafts: 0,
    sessions: 0,
    files: 3,
    failed: [],
  });
  assert.equal((line.cases as string[]).length, 100);
  assert.equal(line.casesNotListed, 2);
  assert.equal((line.cases as string[])[0], 'EXS-2026-000000 skolskjuts disposed');
});

test('the audit log page says what the job did in words', () => {
  assert.equal(actionText('case.disposed', 'sv'), 'Gallrade ärendet (bevarandetiden var slut)');
  assert.equal(actionText('case.archived', 'en'), 'Archived the case (its retention period had ended)');
});
