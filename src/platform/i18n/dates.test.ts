/** Dates and times as residents and officers read them: Swedish time, summer and winter alike. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { swedishDayStart } from '../../modules/case-handling/queue-model.ts';
import { swedishTime } from '../../modules/organisation/views/audit-format.ts';
import { formatDate, formatDateTime } from './i18n.ts';

test('dates are Swedish calendar dates, also just before midnight UTC', () => {
  assert.equal(formatDate(new Date('2026-12-31T23:30:00Z'), 'sv'), '2027-01-01');
  assert.equal(formatDate('2026-06-30T22:30:00Z', 'sv'), '2026-07-01');
  assert.equal(formatDate(new Date('2026-11-24T10:00:00Z'), 'en'), '24 November 2026');
});

test('times are Swedish local time in winter (+1) and summer (+2)', () => {
  assert.equal(formatDateTime(new Date('2026-03-02T09:00:00Z'), 'sv'), '2026-03-02 10:00');
  assert.equal(formatDateTime(new Date('2026-07-02T09:00:00Z'), 'sv'), '2026-07-02 11:00');
  assert.match(formatDateTime(new Date('2026-07-02T09:00:00Z'), 'en'), /^2 Jul 2026,? 11:00$/);
  assert.equal(swedishTime('2026-11-24T13:03:12Z'), '2026-11-24 14:03:12');
  assert.equal(swedishTime(new Date('2026-07-24T13:03:12Z')), '2026-07-24 15:03:12');
});

test('a Swedish day starts at local midnight', () => {
  assert.equal(swedishDayStart('2026-01-15').toISOString(), '2026-01-14T23:00:00.000Z');
  assert.equal(swedishDayStart('2026-07-15').toISOString(), '2026-07-14T22:00:00.000Z');
});
