import assert from 'node:assert/strict';
import { test } from 'node:test';
import { type ContactInput, validateContact } from './model.ts';

function problems(input: ContactInput): string[] {
  const result = validateContact(input);
  return result.ok ? [] : result.errors.map((error) => `${error.field}:${error.problem}`);
}

test('valid contact details are normalised', () => {
  const result = validateContact({
    email: ' anna@exempel.se ',
    phone: '070-123  45 67',
    address: { street: 'Storgatan 1', postalCode: '12345', city: 'Exempelstad' },
  });
  assert.deepEqual(result, {
    ok: true,
    contact: {
      email: 'anna@exempel.se',
      phone: '070-123 45 67',
      address: { street: 'Storgatan 1', postalCode: '123 45', city: 'Exempelstad' },
    },
  });
});

test('missing keys are left alone; empty values remove the detail', () => {
  assert.deepEqual(validateContact({ phone: '+46 70 123 45 67' }), {
    ok: true,
    contact: { phone: '+46 70 123 45 67' },
  });
  assert.deepEqual(
    validateContact({ email: '', phone: null, address: { street: ' ', postalCode: '', city: '' } }),
    {
      ok: true,
      contact: { email: null, phone: null, address: null },
    },
  );
  assert.deepEqual(validateContact({ address: null }), { ok: true, contact: { address: null } });
});

test('each invalid field is reported by name', () => {
  const cases: [ContactInput, string[]][] = [
    [{ email: 'anna@' }, ['email:emailInvalid']],
    [{ email: 'anna exempel.se' }, ['email:emailInvalid']],
    [{ email: 'anna@exempel' }, ['email:emailInvalid']],
    [{ phone: '12345' }, ['phone:phoneInvalid']],
    [{ phone: '+1 555 123 4567' }, ['phone:phoneInvalid']],
    [
      { address: { street: 'Storgatan 1', postalCode: '1234', city: 'Exempelstad' } },
      ['postalCode:postalCodeInvalid'],
    ],
    [
      { address: { street: 'Storgatan 1', postalCode: '123 456', city: 'Exempelstad' } },
      ['postalCode:postalCodeInvalid'],
    ],
    [
      { address: { street: '', postalCode: '123 45', city: '' } },
      ['street:streetMissing', 'city:cityMissing'],
    ],
    [{ address: { street: 'x'.repeat(201), postalCode: '123 45', city: 'Ort' } }, ['street:tooLong']],
  ];
  for (const [input, expected] of cases) assert.deepEqual(problems(input), expected, JSON.stringify(input));
});
