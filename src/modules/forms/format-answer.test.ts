import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { allFields } from './conditions.ts';
import type { Field } from './definition.ts';
import { answerSummary, formatAnswer } from './format-answer.ts';
import { preschoolDefinition } from './test-fixtures.ts';

const fields = new Map(allFields(preschoolDefinition()).map((field) => [field.id, field]));
function field(id: string): Field {
  const found = fields.get(id);
  assert.ok(found, id);
  return found;
}

describe('formatAnswer', () => {
  it('shows yes/no in the resident’s language', () => {
    assert.equal(formatAnswer(field('hasAllergies'), true, 'sv'), 'Ja');
    assert.equal(formatAnswer(field('hasAllergies'), false, 'sv'), 'Nej');
    assert.equal(formatAnswer(field('hasAllergies'), true, 'en'), 'Yes');
    assert.equal(formatAnswer(field('hasAllergies'), false, 'en'), 'No');
  });

  it('shows option labels rather than values', () => {
    assert.equal(formatAnswer(field('careType'), 'pedagogicalCare', 'sv'), 'Pedagogisk omsorg');
    assert.equal(formatAnswer(field('careType'), 'pedagogicalCare', 'en'), 'Pedagogical care');
    assert.equal(formatAnswer(field('extras'), ['breakfast', 'evening'], 'sv'), 'Frukost, Kvällsomsorg');
    assert.equal(formatAnswer(field('extras'), ['breakfast', 'evening'], 'en'), 'Breakfast, Evening care');
    assert.equal(formatAnswer(field('unit'), 'removed', 'sv'), 'removed', 'an unknown value is shown as is');
  });

  it('shows numbers with unit and the local decimal sign', () => {
    assert.equal(formatAnswer(field('hours'), 37.5, 'sv'), '37,5 timmar');
    assert.equal(formatAnswer(field('hours'), 37.5, 'en'), '37.5 hours');
    assert.equal(formatAnswer(field('hours'), 'tolv', 'en'), 'tolv');
  });

  it('shows dates as ISO and personal identity numbers with a hyphen', () => {
    assert.equal(formatAnswer(field('startDate'), '2025-08-01', 'en'), '2025-08-01');
    assert.equal(formatAnswer(field('childPin'), '201601022385', 'sv'), '20160102-2385');
  });

  it('shows an address on one line', () => {
    const address = { street: 'Storgatan 1', postalCode: '211 34', city: 'Malmö' };
    assert.equal(formatAnswer(field('homeAddress'), address, 'sv'), 'Storgatan 1, 211 34 Malmö');
  });

  it('shows a location with its coordinates', () => {
    const location = { address: 'Stortorget', latitude: 55.605, longitude: 13.0038 };
    assert.equal(formatAnswer(field('meetingPoint'), location, 'sv'), 'Stortorget (55.605, 13.0038)');
    assert.equal(formatAnswer(field('meetingPoint'), { address: 'Stortorget' }, 'en'), 'Stortorget');
  });

  it('shows file names', () => {
    const files = [
      { attachmentId: '1', filename: 'intyg.pdf', contentType: 'application/pdf', sizeBytes: 1 },
      { attachmentId: '2', filename: 'schema.png', contentType: 'image/png', sizeBytes: 1 },
    ];
    assert.equal(formatAnswer(field('employerCertificate'), files, 'en'), 'intyg.pdf, schema.png');
  });

  it('shows text as written and nothing for an absent answer', () => {
    assert.equal(formatAnswer(field('childName'), 'Alva', 'en'), 'Alva');
    assert.equal(formatAnswer(field('email'), undefined, 'sv'), '');
  });
});

describe('answerSummary', () => {
  it('lists only visible steps and fields, each answer formatted', () => {
    const answers = { childName: 'Elsa', hasAllergies: false, allergies: 'nötter', extras: ['breakfast'] };
    const sections = answerSummary(preschoolDefinition(), answers, 'sv');
    assert.deepEqual(
      sections.map((section) => section.step.id),
      ['child', 'care', 'contact'],
      'the evening step is hidden without evening care',
    );
    const child = sections[0]?.rows.map((row) => [row.field.id, row.text]);
    assert.deepEqual(child, [
      ['childName', 'Elsa'],
      ['childPin', ''],
      ['startDate', ''],
      ['hasAllergies', 'Nej'],
    ]);
  });
});
