import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { AnswerValue, Field, FileRef } from './definition.ts';
import { isAccepted, validateField } from './field-rules.ts';
import { makeField, TODAY } from './test-fixtures.ts';

const options = { today: TODAY };

/** Swedish messages of the errors for one value. */
function sv(field: Field, value: AnswerValue | undefined): string[] {
  return validateField(field, value, options).map((e) => e.message.sv);
}

function ok(field: Field, ...values: AnswerValue[]): void {
  for (const value of values)
    assert.deepEqual(sv(field, value), [], `expected ${JSON.stringify(value)} to be valid`);
}

describe('required', () => {
  it('asks for a missing answer, naming the field', () => {
    const field = makeField({
      type: 'personalIdentityNumber',
      label: { sv: 'Barnets personnummer', en: "The child's number" },
      required: true,
    });
    const [error] = validateField(field, undefined, options);
    assert.deepEqual(error?.message, {
      sv: 'Fyll i ”Barnets personnummer”',
      en: "Fill in “The child's number”",
    });
    assert.equal(error?.inputName, 'answer');
  });

  it('uses the definition’s own message when it has one', () => {
    const requiredMessage = {
      sv: 'Ange barnets personnummer',
      en: "Enter the child's personal identity number",
    };
    const field = makeField({ type: 'personalIdentityNumber', required: true, requiredMessage });
    assert.deepEqual(validateField(field, undefined, options)[0]?.message, requiredMessage);
  });

  it('stays grammatical for labels that are instructions', () => {
    assert.deepEqual(
      sv(
        makeField({
          type: 'textarea',
          required: true,
          label: { sv: 'Beskriv felet', en: 'Describe the fault' },
        }),
        undefined,
      ),
      ['Fyll i ”Beskriv felet”'],
    );
  });

  it('uses fitting verbs and handles question labels', () => {
    assert.deepEqual(
      sv(
        makeField({ type: 'radio', options: [], required: true, label: { sv: 'Typ', en: 'Type' } }),
        undefined,
      ),
      ['Välj ett svar för ”Typ”'],
    );
    assert.deepEqual(
      sv(makeField({ type: 'text', required: true, label: { sv: 'Vad heter du?', en: 'Name?' } }), ''),
      ['Svara på frågan ”Vad heter du?”'],
    );
    assert.deepEqual(
      sv(makeField({ type: 'yesNo', required: true, label: { sv: 'Har du bil?', en: 'Car?' } }), undefined),
      ['Välj ja eller nej för ”Har du bil?”'],
    );
  });

  it('does not validate an absent optional answer', () => {
    assert.deepEqual(sv(makeField({ type: 'email' }), undefined), []);
  });
});

describe('text and textarea', () => {
  const field = makeField({ type: 'text', minLength: 2, maxLength: 5, label: { sv: 'Kod', en: 'Code' } });
  it('checks length in characters', () => {
    ok(field, 'ab', 'åäö😀x');
    assert.deepEqual(sv(field, 'a'), ['Kod måste ha minst 2 tecken']);
    assert.deepEqual(sv(field, 'abcdef'), ['Kod får ha högst 5 tecken']);
  });
  it('requires the whole value to match the pattern, with the custom message', () => {
    const patterned = makeField({
      type: 'textarea',
      pattern: '[A-Z]{3}\\d{3}',
      patternMessage: { sv: 'Ange ett registreringsnummer', en: 'Enter a registration number' },
    });
    ok(patterned, 'ABC123');
    assert.deepEqual(sv(patterned, 'xABC123'), ['Ange ett registreringsnummer']);
    assert.deepEqual(sv(makeField({ type: 'text', pattern: '\\d+' }), '12a'), ['Svar har inte rätt format']);
  });
});

describe('number', () => {
  const field = makeField({ type: 'number', min: 1, max: 10, label: { sv: 'Antal', en: 'Number' } });
  it('accepts numbers in range', () => ok(field, 1, 10, 2.5));
  it('rejects text kept from the form', () => {
    assert.deepEqual(sv(field, 'tolv'), ['Antal måste vara ett tal, till exempel 12 eller 12,5']);
  });
  it('checks range and integers', () => {
    assert.deepEqual(sv(field, 11), ['Antal måste vara mellan 1 och 10']);
    assert.deepEqual(sv(makeField({ type: 'number', min: 0.5 }), 0), ['Svar måste vara 0,5 eller mer']);
    assert.deepEqual(sv(makeField({ type: 'number', integer: true }), 2.5), ['Svar måste vara ett heltal']);
  });
});

describe('date', () => {
  const field = makeField({
    type: 'date',
    min: 'today',
    max: '2025-12-31',
    label: { sv: 'Startdatum', en: 'Start date' },
  });
  it('accepts real dates in range, with today resolved from options', () => ok(field, TODAY, '2025-12-31'));
  it('rejects other formats and impossible dates', () => {
    assert.deepEqual(sv(field, '15/6/2025'), ['Ange startdatum i formen ÅÅÅÅ-MM-DD']);
    assert.deepEqual(sv(field, '2025-02-29'), ['Startdatum måste vara ett datum som finns']);
  });
  it('checks min and max', () => {
    assert.deepEqual(sv(field, '2025-06-14'), ['Startdatum måste vara i dag eller senare']);
    assert.deepEqual(sv(field, '2026-01-01'), ['Startdatum måste vara 2025-12-31 eller tidigare']);
  });
});

describe('email and phone', () => {
  it('checks e-mail addresses', () => {
    const field = makeField({ type: 'email' });
    ok(field, 'anna.andersson@malmo.se');
    for (const bad of ['anna', 'anna@malmo', 'an na@malmo.se', 'a@@b.se'])
      assert.equal(sv(field, bad).length, 1, bad);
  });
  it('accepts Swedish phone numbers with common prefixes and separators', () => {
    const field = makeField({ type: 'phone' });
    ok(field, '070-123 45 67', '+46 70 123 45 67', '0046701234567', '08-123 45');
    for (const bad of ['12345', '070-12', '+45 12 34 56 78', '070 123 45 67 89 01 23', 'ring mig']) {
      assert.deepEqual(
        sv(field, bad),
        ['Ange ett svenskt telefonnummer, till exempel 070-123 45 67 eller +46 70 123 45 67'],
        bad,
      );
    }
  });
});

describe('personal identity number', () => {
  const field = makeField({ type: 'personalIdentityNumber' });
  it('accepts 10 or 12 digits with or without separator', () => {
    ok(field, '201601022385', '20160102-2385', '1601022385', '160102-2385');
  });
  it('rejects a wrong checksum or date', () => {
    assert.deepEqual(sv(field, '201601022386'), ['Personnumret är inte giltigt. Kontrollera siffrorna.']);
    assert.deepEqual(sv(field, '201613022385'), ['Personnumret är inte giltigt. Kontrollera siffrorna.']);
  });
  it('rejects a birth date after today', () => {
    const future = validateField(field, '201601022385', { today: '2015-01-01' });
    assert.equal(future.length, 1);
  });
  it('asks for the right format', () => {
    assert.deepEqual(sv(field, '2016-01-02'), [
      'Ange personnumret med 10 eller 12 siffror, till exempel ÅÅÅÅMMDD-NNNN',
    ]);
  });
});

describe('choices', () => {
  const opts = [
    { value: 'a', label: { sv: 'A', en: 'A' } },
    { value: 'b', label: { sv: 'B', en: 'B' } },
    { value: 'c', label: { sv: 'C', en: 'C' } },
  ];
  it('requires select and radio values to be options', () => {
    for (const type of ['select', 'radio'] as const) {
      const field = makeField({ type, options: opts });
      ok(field, 'a');
      assert.deepEqual(sv(field, 'z'), ['Välj bland alternativen för ”Svar”']);
    }
  });
  it('checks checkbox values and counts', () => {
    const field = makeField({
      type: 'checkboxes',
      options: opts,
      minSelected: 2,
      maxSelected: 2,
      required: true,
    });
    ok(field, ['a', 'b']);
    assert.deepEqual(sv(field, undefined), ['Välj ett svar för ”Svar”']);
    assert.deepEqual(sv(field, []), ['Välj ett svar för ”Svar”'], 'required needs at least one');
    assert.deepEqual(sv(field, ['a']), ['Välj minst 2 alternativ för ”Svar”']);
    assert.deepEqual(sv(field, ['a', 'b', 'c']), ['Välj högst 2 alternativ för ”Svar”']);
    assert.deepEqual(sv(field, ['a', 'x']), ['Välj bland alternativen för ”Svar”']);
  });
  it('requires yes/no answers to be booleans', () => {
    const field = makeField({ type: 'yesNo', label: { sv: 'Har du bil?', en: 'Car?' } });
    ok(field, true, false);
    assert.equal(sv(field, 'maybe').length, 1);
  });
});

describe('address', () => {
  const field = makeField({ type: 'address', id: 'home', required: true });
  const inputs = (value: AnswerValue | undefined) =>
    validateField(field, value, options).map((e) => e.inputName);
  it('accepts a complete address', () =>
    ok(field, { street: 'Storgatan 1', postalCode: '211 34', city: 'Malmö' }));
  it('needs all three parts and links each to its input', () => {
    assert.deepEqual(inputs(undefined), ['home.street', 'home.postalCode', 'home.city']);
    assert.deepEqual(inputs({ street: 'Storgatan 1', postalCode: '', city: 'Malmö' }), ['home.postalCode']);
  });
  it('checks the postal code', () => {
    const errors = sv(field, { street: 'Storgatan 1', postalCode: '2113', city: 'Malmö' });
    assert.deepEqual(errors, ['Ange postnumret med fem siffror, till exempel 123 45']);
  });
});

describe('location', () => {
  const field = makeField({ type: 'location', id: 'place' });
  it('accepts an address with or without a coordinate pair', () => {
    ok(
      field,
      { address: 'Stortorget' },
      { address: 'Stortorget', latitude: 55.6, longitude: 13 },
      { address: '', latitude: -90, longitude: 180 },
    );
  });
  it('needs both coordinates or neither', () => {
    const [error] = validateField(field, { address: 'Torget', latitude: 55.6 }, options);
    assert.equal(error?.inputName, 'place.longitude');
    assert.equal(error?.message.sv, 'Ange både latitud och longitud, eller ingen av dem');
  });
  it('checks coordinate ranges', () => {
    const errors = validateField(field, { address: '', latitude: 91, longitude: -181 }, options);
    assert.deepEqual(
      errors.map((e) => e.inputName),
      ['place.latitude', 'place.longitude'],
    );
  });
  it('requires something when required', () => {
    assert.deepEqual(
      validateField({ ...field, required: true }, undefined, options).map((e) => e.inputName),
      ['place'],
    );
  });
});

describe('file', () => {
  const field = makeField({
    type: 'file',
    accept: ['application/pdf', 'image/*'],
    maxSizeBytes: 1048576,
    maxFiles: 2,
    required: true,
  });
  const file = (filename: string, contentType: string, sizeBytes = 1000): FileRef => ({
    attachmentId: filename,
    filename,
    contentType,
    sizeBytes,
  });
  it('accepts allowed files', () =>
    ok(field, [file('a.pdf', 'application/pdf'), file('b.jpg', 'image/jpeg')]));
  it('requires at least one file when required', () => {
    assert.deepEqual(sv(field, []), ['Ladda upp en fil för ”Svar”']);
  });
  it('checks count, size and type', () => {
    const tooMany = [
      file('a.pdf', 'application/pdf'),
      file('b.pdf', 'application/pdf'),
      file('c.pdf', 'application/pdf'),
    ];
    assert.deepEqual(sv(field, tooMany), ['Du kan ladda upp högst 2 filer till ”Svar”']);
    assert.deepEqual(sv(field, [file('big.pdf', 'application/pdf', 2_000_000)]), [
      'Filen ”big.pdf” är för stor. Den får vara högst 1 MB.',
    ]);
    assert.deepEqual(sv(field, [file('a.exe', 'application/x-msdownload')]), [
      'Filen ”a.exe” har ett filformat som inte går att använda. Välj en fil i formatet PDF eller bild.',
    ]);
  });
  it('allows one file when maxFiles is not set', () => {
    const single = { ...field, maxFiles: undefined };
    assert.equal(sv(single, [file('a.pdf', 'application/pdf'), file('b.pdf', 'application/pdf')]).length, 1);
  });
  it('matches MIME types exactly or by wildcard', () => {
    assert.equal(isAccepted('image/png', ['image/*']), true);
    assert.equal(isAccepted('Application/PDF; charset=binary', ['application/pdf']), true);
    assert.equal(isAccepted('application/pdfx', ['application/pdf']), false);
  });
});

describe('messages in English', () => {
  it('has an English version of every message', () => {
    const field = makeField({
      type: 'number',
      min: 1,
      max: 10,
      unit: { sv: 'm²', en: 'm²' },
      label: { sv: 'Yta', en: 'Area' },
    });
    assert.deepEqual(validateField(field, 20, options)[0]?.message, {
      sv: 'Yta måste vara mellan 1 m² och 10 m²',
      en: 'Area must be between 1 m² and 10 m²',
    });
  });
});
