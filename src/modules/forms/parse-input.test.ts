import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Answers, Step } from './definition.ts';
import { normalizeAnswer, parseSwedishNumber } from './normalize.ts';
import { parseStepInput } from './parse-input.ts';
import { makeField, preschoolDefinition } from './test-fixtures.ts';

const def = preschoolDefinition();
const [child, care, evening, contact] = def.steps as [Step, Step, Step, Step];

describe('parseStepInput', () => {
  it('reads checkboxes posted once (string) or several times (array)', () => {
    assert.deepEqual(parseStepInput(care, { extras: 'breakfast' }, {}).extras, ['breakfast']);
    assert.deepEqual(parseStepInput(care, { extras: ['breakfast', 'evening', 'evening'] }, {}).extras, [
      'breakfast',
      'evening',
    ]);
    assert.equal(
      'extras' in parseStepInput(care, {}, { extras: ['weekend'] }),
      false,
      'unticking all removes it',
    );
  });

  it('turns yes/no into booleans', () => {
    assert.equal(parseStepInput(child, { hasAllergies: 'yes' }, {}).hasAllergies, true);
    assert.equal(parseStepInput(child, { hasAllergies: 'no' }, {}).hasAllergies, false);
    assert.equal(parseStepInput(child, { hasAllergies: 'maybe' }, {}).hasAllergies, 'maybe');
  });

  it('parses numbers with a decimal comma and spaces', () => {
    assert.equal(parseStepInput(care, { hours: '37,5' }, {}).hours, 37.5);
    assert.equal(parseStepInput(care, { hours: ' 1 200 ' }, {}).hours, 1200);
    assert.equal(parseStepInput(care, { hours: '-3' }, {}).hours, -3);
  });

  it('keeps a number that does not parse as typed, for redisplay and validation', () => {
    assert.equal(parseStepInput(care, { hours: 'tolv' }, {}).hours, 'tolv');
    assert.equal(parseStepInput(care, { hours: '1.234,5' }, {}).hours, '1.234,5');
  });

  it('makes empty inputs absent and trims text', () => {
    const answers = parseStepInput(
      child,
      { childName: '   ', childPin: ' 201601022385 ' },
      { childName: 'Old' },
    );
    assert.equal('childName' in answers, false);
    assert.equal(answers.childPin, '201601022385');
  });

  it('reads address parts and normalises the postal code', () => {
    const body = {
      'homeAddress.street': 'Storgatan 1',
      'homeAddress.postalCode': '21134',
      'homeAddress.city': 'Malmö',
    };
    assert.deepEqual(parseStepInput(contact, body, {}).homeAddress, {
      street: 'Storgatan 1',
      postalCode: '211 34',
      city: 'Malmö',
    });
    const partial = parseStepInput(contact, { 'homeAddress.city': 'Malmö' }, {}).homeAddress;
    assert.deepEqual(partial, { street: '', postalCode: '', city: 'Malmö' });
    assert.equal('homeAddress' in parseStepInput(contact, {}, {}), false);
  });

  it('reads location parts with Swedish decimals', () => {
    const body = {
      'meetingPoint.address': 'Stortorget',
      'meetingPoint.latitude': '55,6050',
      'meetingPoint.longitude': '13.0038',
    };
    assert.deepEqual(parseStepInput(contact, body, {}).meetingPoint, {
      address: 'Stortorget',
      latitude: 55.605,
      longitude: 13.0038,
    });
    assert.deepEqual(parseStepInput(contact, { 'meetingPoint.address': 'Torget' }, {}).meetingPoint, {
      address: 'Torget',
    });
  });

  it('normalises personal identity numbers and phone numbers', () => {
    assert.equal(parseStepInput(child, { childPin: '160102-2385' }, {}).childPin, '201601022385');
    assert.equal(
      parseStepInput(child, { childPin: '160102-2386' }, {}).childPin,
      '160102-2386',
      'invalid kept as typed',
    );
    assert.equal(parseStepInput(contact, { phone: '  070-123  45 67 ' }, {}).phone, '070-123 45 67');
  });

  it('keeps uploaded files from existing answers and ignores the body', () => {
    const files = [
      { attachmentId: 'a1', filename: 'intyg.pdf', contentType: 'application/pdf', sizeBytes: 100 },
    ];
    const existing: Answers = { extras: ['evening'], employerCertificate: files };
    assert.deepEqual(
      parseStepInput(evening, { employerCertificate: 'forged' }, existing).employerCertificate,
      files,
    );
  });

  it('removes fields hidden by the answers just posted', () => {
    const existing: Answers = { hasAllergies: true, allergies: 'Nötter' };
    const answers = parseStepInput(child, { hasAllergies: 'no', allergies: 'Nötter' }, existing);
    assert.equal('allergies' in answers, false);
    const shown = parseStepInput(child, { hasAllergies: 'yes', allergies: 'Nötter\r\nGluten' }, {});
    assert.equal(shown.allergies, 'Nötter\nGluten');
  });

  it('leaves answers of other steps alone', () => {
    const answers = parseStepInput(care, { hours: '10' }, { childName: 'Alva' });
    assert.equal(answers.childName, 'Alva');
  });
});

describe('normalisation helpers', () => {
  it('parses only plain numbers', () => {
    assert.equal(parseSwedishNumber('1\u00a0000,25'), 1000.25);
    assert.equal(parseSwedishNumber('1e5'), undefined);
    assert.equal(parseSwedishNumber('0x10'), undefined);
    assert.equal(parseSwedishNumber(''), undefined);
  });

  it('normalises answers per field type', () => {
    const pin = makeField({ type: 'personalIdentityNumber' });
    assert.equal(normalizeAnswer(pin, '20160102-2385'), '201601022385');
    assert.equal(normalizeAnswer(pin, '1601022385'), '201601022385');
    assert.equal(normalizeAnswer(makeField({ type: 'email' }), ' a@b.se '), 'a@b.se');
    const address = makeField({ type: 'address' });
    assert.deepEqual(normalizeAnswer(address, { street: 'A', postalCode: '123 45', city: 'B' }), {
      street: 'A',
      postalCode: '123 45',
      city: 'B',
    });
  });
});
