/** The profile module through HTTP (logged in with the real dev-IdP flow) and through its service. */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { AppError } from '../../platform/errors.ts';
import { createTestApp, type TestApp } from '../../test-support/app.ts';
import { createBrowser, loginAs } from '../../test-support/browser-like.ts';

const ERIK = '197901012398';
const MARGIT = '193801029202';
const OMAR = '199401012399';

let t: TestApp;
before(async () => {
  t = await createTestApp();
});
after(async () => {
  await t?.close();
});

describe('profile page', () => {
  test('requires login: anonymous GET gets the login page, anonymous POST is refused', async () => {
    const browser = createBrowser(t.app);
    const page = await browser.get('/mina-sidor/profil');
    assert.equal(page.statusCode, 401);
    assert.match(page.body, /href="\/logga-in\?tillbaka=%2Fmina-sidor%2Fprofil"/);
    const post = await browser.post('/mina-sidor/profil', { email: 'x@exempel.se' });
    assert.equal(post.statusCode, 403);
  });

  test('shows name and personnummer from the e-ID, read-only', async () => {
    const browser = await loginAs(t.app, MARGIT, 'loa2');
    const page = await browser.get('/mina-sidor/profil');
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /<h1>Min profil<\/h1>/);
    assert.match(page.body, /<dd>Margit Lindqvist<\/dd>/);
    assert.match(page.body, /<dd>19380102-9202<\/dd>/);
    assert.doesNotMatch(page.body, /name="givenName"|name="personalIdentityNumber"/);
  });

  test('invalid input is shown again with Swedish errors beside the fields and in a summary', async () => {
    const browser = await loginAs(t.app, ERIK, 'loa3');
    const page = await browser.get('/mina-sidor/profil');
    const response = await browser.submit(page, '/mina-sidor/profil', {
      email: 'erik@',
      phone: '123',
      street: 'Verkstadsvägen 3',
      postalCode: '1234',
      city: 'Exempelstad',
    });
    assert.equal(response.statusCode, 400);
    assert.match(response.body, /<title>Fel: Min profil/);
    assert.match(response.body, /class="error-summary"/);
    assert.match(response.body, /<a href="#email">Skriv e-postadressen i rätt format/);
    assert.match(response.body, /<a href="#postalCode">Skriv postnumret med fem siffror/);
    assert.match(response.body, /id="phone-error"/);
    assert.match(response.body, /aria-describedby="phone-hint phone-error"/);
    assert.match(response.body, /value="Verkstadsvägen 3"/, 'what was typed is kept');
    const stored = await t.app.services.profile.getProfile(
      (await t.app.services.sessions.load(browser.sessionToken ?? ''))?.personId ?? '',
    );
    assert.equal(stored.email, null, 'nothing was saved');
  });

  test('valid input is saved and the browser is redirected (Post/Redirect/Get)', async () => {
    const browser = await loginAs(t.app, ERIK, 'loa3');
    const page = await browser.get('/mina-sidor/profil');
    const form = {
      email: 'erik@exempel.se',
      phone: '070-123 45 67',
      street: 'Verkstadsvägen 3',
      postalCode: '12345',
      city: 'Exempelstad',
    };
    const saved = await browser.submit(page, '/mina-sidor/profil', form, { follow: false });
    assert.equal(saved.statusCode, 303);
    assert.equal(saved.headers.location, '/mina-sidor/profil?sparat=1');
    const shown = await browser.get(String(saved.headers.location));
    assert.match(shown.body, /Dina kontaktuppgifter är sparade/);
    assert.match(shown.body, /value="123 45"/);
    assert.match(shown.body, /value="erik@exempel.se"/);
  });

  test('is in English when the resident chose English', async () => {
    const browser = await loginAs(t.app, OMAR, 'loa3');
    await browser.get('/sprak/en?tillbaka=/mina-sidor/profil');
    const page = await browser.get('/mina-sidor/profil');
    assert.match(page.body, /<html lang="en">/);
    assert.match(page.body, /<h1>My profile<\/h1>/);
    const error = await browser.submit(page, '/mina-sidor/profil', {
      email: 'omar@',
      phone: '',
      street: '',
      postalCode: '',
      city: '',
    });
    assert.match(error.body, /Enter an email address in the correct format/);
  });
});

describe('profile service', () => {
  test('upsertFromLogin creates once and refreshes the name on every login', async () => {
    const first = await t.app.services.profile.upsertFromLogin({
      personalIdentityNumber: '201301012397',
      givenName: 'Leo',
      familyName: 'Andersson',
    });
    const again = await t.app.services.profile.upsertFromLogin({
      personalIdentityNumber: '201301012397',
      givenName: 'Leo',
      familyName: 'Berg',
    });
    assert.equal(again.id, first.id);
    assert.equal((await t.app.services.profile.getProfile(first.id)).familyName, 'Berg');
  });

  test('updateContact only changes the keys it is given and refuses invalid values', async () => {
    const person = await t.app.services.profile.upsertFromLogin({
      personalIdentityNumber: '201601022385',
      givenName: 'Elsa',
      familyName: 'Andersson',
    });
    await t.app.services.profile.updateContact(person.id, {
      email: 'elsa@exempel.se',
      address: { street: 'Skolvägen 2', postalCode: '543 21', city: 'Grannby' },
    });
    const updated = await t.app.services.profile.updateContact(person.id, { phone: '08-465 004 00' });
    assert.equal(updated.email, 'elsa@exempel.se');
    assert.deepEqual(updated.address, { street: 'Skolvägen 2', postalCode: '543 21', city: 'Grannby' });
    assert.equal(updated.phone, '08-465 004 00');
    await assert.rejects(
      t.app.services.profile.updateContact(person.id, { email: 'nope' }),
      (error: unknown) =>
        error instanceof AppError &&
        error.code === 'VALIDATION_FAILED' &&
        error.errors?.[0]?.field === 'email',
    );
    assert.deepEqual(await t.app.services.profile.getContact(person.id), {
      email: 'elsa@exempel.se',
      phone: '08-465 004 00',
      address: { street: 'Skolvägen 2', postalCode: '543 21', city: 'Grannby' },
    });
  });
});
