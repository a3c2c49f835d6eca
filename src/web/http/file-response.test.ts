/** Download headers: one format for every file, safe for any name. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { attachmentDisposition } from './file-response.ts';

test('a plain ASCII name is sent as it is', () => {
  assert.equal(
    attachmentDisposition('kvitto-EXS-2026-000001.pdf'),
    'attachment; filename="kvitto-EXS-2026-000001.pdf"',
  );
});

test('other names get an ASCII fallback and the exact name in RFC 5987 form', () => {
  assert.equal(
    attachmentDisposition('Ritning – garage.pdf'),
    `attachment; filename="Ritning _ garage.pdf"; filename*=UTF-8''Ritning%20%E2%80%93%20garage.pdf`,
  );
});

test('a name cannot break out of the header value', () => {
  const header = attachmentDisposition('a"; filename="evil.exe\r\nX-Injected: 1.pdf');
  assert.doesNotMatch(header, /[\r\n]/);
  assert.equal(header.split('"').length, 3, 'only the fallback’s own quotes');
});
