/** English is complete for resident pages: definitions, engine messages and page texts switch together. */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { createTestApp, type TestApp } from '../../test-support/app.ts';
import { TestClient } from '../../test-support/client.ts';
import { createTestTenant } from '../../test-support/fixtures.ts';

let t: TestApp;
before(async () => {
  t = await createTestApp();
});
after(() => t.close());

test('the language switch keeps the resident’s place and turns the whole step into English', async () => {
  const tenant = await createTestTenant(t, ['felanmalan']);
  const client = new TestClient(t.app);
  await client.get(`/${tenant.slug}/e-tjanster/felanmalan`);
  const step = String((await client.post(`/${tenant.slug}/e-tjanster/felanmalan/starta`)).headers.location);
  const swedish = await client.get(step);
  assert.match(swedish.body, /<html lang="sv">/);
  const switchLink = /href="(\/sprak\/en\?tillbaka=[^"]+)"/.exec(swedish.body)?.[1]?.replaceAll('&amp;', '&');
  assert.ok(switchLink);
  const switched = await client.get(switchLink);
  assert.equal(switched.statusCode, 303);
  assert.equal(switched.headers.location, step, 'back to the same page');
  const english = await client.get(step);
  assert.match(english.body, /<html lang="en">/);
  assert.match(english.body, /Step 1 of/);
  assert.match(english.body, /Continue/);
  assert.doesNotMatch(english.body, />Fortsätt</);
  const invalid = await client.post(step, {});
  assert.match(invalid.body, /There is a problem/);
  assert.match(invalid.body, /<title>Error: /);
  assert.doesNotMatch(invalid.body, /Välj vad felet gäller/);
});

test('the switch refuses to send anyone off-site', async () => {
  const client = new TestClient(t.app);
  for (const target of ['https://evil.example/', '//evil.example/', '/\\evil.example']) {
    const response = await client.get(`/sprak/en?tillbaka=${encodeURIComponent(target)}`);
    assert.equal(response.headers.location, '/');
  }
  assert.equal((await client.get('/sprak/de?tillbaka=/')).statusCode, 404);
});
