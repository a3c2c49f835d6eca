/**
 * C0 control characters and bidirectional controls never reach stored answers or file names
 * (issue #9's probe: a file could display as "…exe.png"). Property tests over arbitrary text.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { cleanFilename } from '../applications/model.ts';
import type { Field } from './definition.ts';
import { normalizeAnswer, stripControlCharacters } from './normalize.ts';
import { parseStepInput } from './parse-input.ts';

// biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what we look for
const C0_EXCEPT_LINES = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/;
// biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what we look for
const C0 = /[\u0000-\u001f\u007f]/;
const BIDI = /[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/;

/** Text that often holds the characters we remove, among ordinary and non-Latin ones. */
const nasty = fc
  .array(
    fc.oneof(
      fc.constantFrom('\u202e', '\u2066', '\u200f', '\u061c', '\u0000', '\t', '\n', '\r', '\u001b', '\u007f'),
      fc.constantFrom('a', 'Å', 'ش', '中', '😀', ' ', '.', 'exe', 'png', '\u200d'),
      fc.string({ unit: 'grapheme', maxLength: 3 }),
    ),
    { maxLength: 40 },
  )
  .map((parts) => parts.join(''));

const textField = { id: 'name', type: 'text', label: { sv: 'Namn', en: 'Name' } } as Field;
const areaField = { id: 'story', type: 'textarea', label: { sv: 'Text', en: 'Text' } } as Field;

test('single-line answers and file names hold no C0 or bidirectional controls', () => {
  fc.assert(
    fc.property(nasty, (text) => {
      const answer = normalizeAnswer(textField, text);
      assert.equal(typeof answer, 'string');
      assert.doesNotMatch(answer as string, C0);
      assert.doesNotMatch(answer as string, BIDI);
      const filename = cleanFilename(text);
      assert.doesNotMatch(filename, C0);
      assert.doesNotMatch(filename, BIDI);
      assert.ok(filename.length > 0);
    }),
  );
});

test('multi-line answers keep their line breaks and tabs, and nothing else of the controls', () => {
  fc.assert(
    fc.property(nasty, (text) => {
      const answer = normalizeAnswer(areaField, text) as string;
      assert.doesNotMatch(answer, C0_EXCEPT_LINES);
      assert.doesNotMatch(answer, BIDI);
      const lines = (value: string) => value.split('').filter((char) => '\t\n\r'.includes(char)).length;
      assert.equal(lines(answer), lines(text));
    }),
  );
});

test('ordinary text, other scripts and emoji (with joiners) are kept as they are', () => {
  fc.assert(
    fc.property(fc.string({ unit: 'grapheme' }), (text) => {
      fc.pre(!C0.test(text) && !BIDI.test(text));
      assert.equal(stripControlCharacters(text), text);
    }),
  );
  assert.equal(stripControlCharacters('👩‍👩‍👧 مرحبا 你好'), '👩‍👩‍👧 مرحبا 你好');
});

test('the examples from the probe', () => {
  assert.equal(cleanFilename('faktura\u202egnp.exe'), 'fakturagnp.exe');
  assert.equal(cleanFilename('a\u0000b\u001b[31m.png'), 'ab[31m.png');
  const answers = parseStepInput(
    { id: 's', title: { sv: 'S', en: 'S' }, fields: [textField, areaField] } as never,
    { name: 'Elsa\u202e\u0007', story: 'rad 1\r\nrad\t2\u2066' },
    {},
  );
  assert.deepEqual(answers, { name: 'Elsa', story: 'rad 1\nrad\t2' });
  assert.deepEqual(
    normalizeAnswer({ id: 'a', type: 'address' } as Field, {
      street: 'Storgatan\u202e 1',
      postalCode: '12345',
      city: 'Exempel\u0000stad',
    }),
    { street: 'Storgatan 1', postalCode: '123 45', city: 'Exempelstad' },
  );
});
