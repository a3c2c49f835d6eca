/**
 * One way for all input (issue #9): HTML routes validate params, query and form bodies through
 * their schemas, and a refusal is a friendly page (or problem+json when asked), never raw JSON.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createTestApp, type TestApp } from '../../test-support/app.ts';
import { TestClient } from '../../test-support/client.ts';
import { ERIK, residentClient } from '../../test-support/fixtures.ts';

let t: TestApp;
before(async () => {
  t = await createTestApp();
});
after(async () => {
  await t?.close();
});

// 36 characters, the length of a UUID, but not one.
const NOT_A_UUID = 'zzzzzzzz-zzzz-zzzz-zzzz-zzzzzzzzzzzz';

describe('ids in the URL', () => {
  test('a malformed draft or attachment id is not found (404 page), even logged out', async () => {
    const client = new TestClient(t.app);
    for (const url of [
      `/exempelstad/e-tjanster/skolskjuts/utkast/${NOT_A_UUID}`,
      `/exempelstad/e-tjanster/skolskjuts/utkast/${NOT_A_UUID}/granska`,
      `/exempelstad/e-tjanster/skolskjuts/utkast/00000000-0000-4000-8000-000000000000/bilagor/${NOT_A_UUID}`,
      `/exempelstad/e-tjanster/skolskjuts/utkast/urn:uuid:00000000-0000-4000-8000-000000000000`,
      `/mina-sidor/arenden/EXS-2026-000001/bilagor/${NOT_A_UUID}`,
    ]) {
      const response = await client.get(url);
      assert.equal(response.statusCode, 404, url);
      assert.match(String(response.headers['content-type']), /^text\/html/, url);
      assert.match(response.body, /<h1>/, url);
    }
  });

  test('a malformed id in a form post is not found either', async () => {
    const erik = await residentClient(t, ERIK);
    const response = await erik.post(`/exempelstad/e-tjanster/skolskjuts/utkast/${NOT_A_UUID}/ta-bort`);
    assert.equal(response.statusCode, 404);
    assert.match(String(response.headers['content-type']), /^text\/html/);
  });
});

describe('form bodies', () => {
  test('a body the form never sends is refused with the friendly Swedish page, not JSON', async () => {
    const erik = await residentClient(t, ERIK);
    // Two values for a single-valued field: no page of ours posts that.
    const response = await erik.post('/mina-sidor/profil', { email: ['a@exempel.se', 'b@exempel.se'] });
    assert.equal(response.statusCode, 400);
    assert.match(String(response.headers['content-type']), /^text\/html/);
    assert.match(response.body, /Uppgifterna kunde inte tas emot/);
  });

  test('a client that asks for JSON gets a problem with the schema’s findings', async () => {
    const erik = await residentClient(t, ERIK);
    const body = new URLSearchParams([
      ['_csrf', erik.csrfToken],
      ['email', 'a@exempel.se'],
      ['email', 'b@exempel.se'],
    ]);
    const response = await t.app.inject({
      method: 'POST',
      url: '/mina-sidor/profil',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        accept: 'application/json',
        cookie: [...erik.cookies].map(([name, value]) => `${name}=${value}`).join('; '),
      },
      payload: body.toString(),
    });
    assert.equal(response.statusCode, 400);
    assert.match(String(response.headers['content-type']), /^application\/problem\+json/);
    const problem = response.json() as { code: string; errors: { field: string }[] };
    assert.equal(problem.code, 'VALIDATION_FAILED');
    assert.ok(problem.errors.some((error) => error.field.startsWith('body/email')));
  });

  test('a valid form still reaches the service, whose field errors re-render the page', async () => {
    const erik = await residentClient(t, ERIK);
    const response = await erik.post('/mina-sidor/profil', { email: 'inte-en-adress' });
    assert.equal(response.statusCode, 400);
    assert.match(response.body, /name="email"[^>]*aria-invalid="true"|aria-invalid="true"[^>]*name="email"/);
  });
});
