/**
 * Residents' rights on My Pages (issue #14) through HTTP, as a browser without JavaScript would use
 * them: the data export (JSON and PDF), who read my cases, deleting a draft and the profile, and
 * the administrators' choice whether names are shown. Every form post carries its CSRF token.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { SESSION_COOKIE } from '../../platform/sessions/session-service.ts';
import { createTestApp, type TestApp } from '../../test-support/app.ts';
import { createTestTenant, residentClient, uniqueResident } from '../../test-support/fixtures.ts';
import { pdfText } from '../../test-support/pdf-text.ts';
import {
  createTestUnits,
  fillSchoolTransport,
  KARIN,
  LENA,
  staffClient,
  submitSchoolTransport,
} from '../../test-support/staff.ts';

const RIGHTS = '/mina-sidor/mina-uppgifter';

let t: TestApp;
before(async () => {
  t = await createTestApp();
});
after(async () => {
  await t?.close();
});

/** A municipality with school transport handled by Karin's unit, and a resident of its own. */
/** A new resident registered as guardian of the child from 2020 (to `validTo`), logged in. */
async function guardianOf(
  tenantId: string,
  childPersonId: string,
  given: string,
  validTo: string | null = null,
) {
  const guardian = await residentClient(t, uniqueResident(given, 'Ek'));
  await t.app.services.representatives.registerGuardian({
    tenantId,
    guardianPersonId: guardian.personId,
    childPersonId,
    serviceIds: null,
    validFrom: '2020-01-01',
    validTo,
  });
  return guardian;
}

async function scene(given = 'Ida') {
  const tenant = await createTestTenant(t, ['skolskjuts']);
  const units = await createTestUnits(t, tenant);
  const karin = await staffClient(t, tenant, KARIN, 'officer', [units.school]);
  const identity = uniqueResident(given, 'Ek');
  const me = await residentClient(t, identity);
  return { tenant, units, karin, me, identity };
}

async function auditRows(action: string, personId: string) {
  return t.database.db
    .selectFrom('auditLog')
    .select(['tenantId', 'actorName', 'details'])
    .where('action', '=', action)
    .where('subjectPersonId', '=', personId)
    .execute();
}

describe('the data export', () => {
  test('JSON holds my profile, cases in every municipality and drafts, not another resident’s; the download is logged', async () => {
    const { tenant, karin, me, identity } = await scene();
    const grannby = await createTestTenant(t, ['skolskjuts']);
    const other = await residentClient(t, uniqueResident('Olle', 'Ström'));
    const mine = await submitSchoolTransport(me, tenant, 'Vera');
    const alsoMine = await submitSchoolTransport(me, grannby, 'Vera');
    const theirs = await submitSchoolTransport(other, tenant, 'Märta');
    await fillSchoolTransport(me, tenant, 'Nils');
    await t.app.services.caseHandling.addNote(karin.actor, mine, 'Intern anteckning om sekretess');

    const response = await me.get(`${RIGHTS}/mina-uppgifter.json`);
    assert.equal(response.statusCode, 200);
    assert.match(String(response.headers['content-type']), /^application\/json/);
    assert.match(
      String(response.headers['content-disposition']),
      /^attachment; filename="mina-uppgifter-\d{4}-\d{2}-\d{2}\.json"$/,
    );
    const data = JSON.parse(response.body);
    assert.equal(data.person.personalIdentityNumber, identity.personalIdentityNumber);
    assert.deepEqual(
      data.cases.map((item: { reference: string }) => item.reference).sort(),
      [mine, alsoMine].sort(),
    );
    assert.ok(!response.body.includes(theirs), 'another resident’s case is not in my export');
    assert.ok(!response.body.includes('Märta'));
    assert.ok(
      !response.body.includes('Intern anteckning'),
      'internal notes are not the resident’s to see here',
    );
    const first = data.cases.find((item: { reference: string }) => item.reference === mine);
    assert.equal(first.municipality, tenant.name);
    assert.deepEqual(
      first.answers.find((answer: { question: string }) => answer.question === 'Skola'),
      { section: 'Om barnet', question: 'Skola', answer: 'Sjöviksskolan' },
      'answers carry their labels and option texts',
    );
    assert.ok(first.history.some((event: { event: string }) => event.event === 'Ärendet skickades in'));
    assert.equal(data.drafts.length, 1);
    assert.ok(data.drafts[0].answers.some((answer: { answer: string }) => answer.answer === 'Nils'));
    const logged = await auditRows('person.dataExported', me.personId);
    assert.deepEqual(new Set(logged.map((row) => row.tenantId)), new Set([tenant.id, grannby.id]));
    assert.ok(
      logged.every((row) => !row.actorName.includes(identity.givenName)),
      'the log entry holds no name',
    );
  });

  test('the PDF is a PDF with my cases’ references in its text', async () => {
    const { tenant, me } = await scene();
    const reference = await submitSchoolTransport(me, tenant, 'Vera');
    const response = await me.get(`${RIGHTS}/mina-uppgifter.pdf`);
    assert.equal(response.statusCode, 200);
    assert.equal(response.headers['content-type'], 'application/pdf');
    assert.equal(response.rawPayload.subarray(0, 5).toString('latin1'), '%PDF-');
    const text = pdfText(response.rawPayload);
    assert.match(text, new RegExp(reference));
    assert.match(text, /Sjöviksskolan/);
    assert.match(text, /Dina uppgifter i Ingång/);
  });

  test('needs a login; the rights page is Swedish first, English on request', async () => {
    const { me } = await scene();
    const anonymous = await t.app.inject({ method: 'GET', url: `${RIGHTS}/mina-uppgifter.json` });
    assert.equal(anonymous.statusCode, 303);
    assert.match(String(anonymous.headers.location), /^\/logga-in\?tillbaka=/);
    const page = await me.get(RIGHTS);
    assert.match(page.body, /<h1>Dina uppgifter och rättigheter<\/h1>/);
    assert.match(page.body, /href="\/mina-sidor\/mina-uppgifter\/mina-uppgifter.pdf"/);
    await me.get(`/sprak/en?tillbaka=${RIGHTS}`);
    assert.match((await me.get(RIGHTS)).body, /<h1>Your data and your rights<\/h1>/);
  });
});

describe('who read my cases', () => {
  test('shows an officer’s read with unit and role, the name only while the municipality allows it', async () => {
    const { tenant, karin, me } = await scene();
    const reference = await submitSchoolTransport(me, tenant, 'Vera');
    await t.app.services.caseHandling.caseForOfficer(karin.actor, reference);
    const url = `/mina-sidor/arenden/${reference}/vem-har-last`;
    const shown = await me.get(url);
    assert.equal(shown.statusCode, 200);
    assert.match(shown.body, /Läste ärendet/);
    assert.match(shown.body, /<td>Karin Berg<\/td>/);
    assert.match(shown.body, /<td>Skolskjutsenheten<\/td>/);
    assert.match(shown.body, /<td>Handläggare<\/td>/);

    const lena = await staffClient(t, tenant, LENA, 'admin', []);
    const settings = `/${tenant.slug}/handlaggning/admin/invanarlogg`;
    await lena.get(settings);
    const saved = await lena.post(settings, { showNames: 'no' });
    assert.equal(saved.statusCode, 303);
    const hidden = await me.get(url);
    assert.doesNotMatch(hidden.body, /Karin Berg/);
    assert.match(hidden.body, /kommunen visar inte namnet/);
    assert.match(hidden.body, /<td>Skolskjutsenheten<\/td>/);
    const overview = await me.get(`${RIGHTS}/vem-har-last`);
    assert.match(overview.body, new RegExp(reference));
    assert.doesNotMatch(overview.body, /Karin Berg/);
  });

  test('another resident’s case answers 404, and a customer-centre look-up is listed about me', async () => {
    const { tenant, karin, me, identity } = await scene();
    const reference = await submitSchoolTransport(me, tenant, 'Vera');
    await t.app.services.caseHandling.caseForOfficer(karin.actor, reference);
    const other = await residentClient(t, uniqueResident('Olle', 'Ström'));
    assert.equal((await other.get(`/mina-sidor/arenden/${reference}/vem-har-last`)).statusCode, 404);
    assert.doesNotMatch((await other.get(`${RIGHTS}/vem-har-last`)).body, new RegExp(reference));

    const sara = await staffClient(t, tenant, uniqueResident('Sara', 'Holm'), 'customerCentre', []);
    await t.app.services.customerCentre.lookUp(sara.actor, identity.personalIdentityNumber);
    const overview = await me.get(`${RIGHTS}/vem-har-last`);
    assert.match(overview.body, /Sökte fram dig i kundcenter/);
    assert.match(overview.body, /<td>Kundcenter<\/td>/);
  });

  test('the setting is the administrators’: a missing choice is refused beside the field, an officer is refused', async () => {
    const { tenant, karin } = await scene();
    const lena = await staffClient(t, tenant, LENA, 'admin', []);
    const settings = `/${tenant.slug}/handlaggning/admin/invanarlogg`;
    const page = await lena.get(settings);
    assert.match(page.body, /id="showNames-yes"[^>]*checked/, 'names are shown by default');
    const refused = await lena.post(settings, {});
    assert.equal(refused.statusCode, 400);
    assert.match(refused.body, /<a href="#showNames-yes">Välj om invånarna ska se handläggarens namn/);
    assert.match(refused.body, /id="showNames-error"/);
    assert.equal((await karin.post(settings, { showNames: 'no' })).statusCode, 403);
    const wrongToken = await lena.post(settings, { showNames: 'no', _csrf: 'not-the-token' });
    assert.equal(wrongToken.statusCode, 403, 'CSRF is enforced');
    assert.equal(
      (await t.app.services.tenants.byId(tenant.id)).settings.showOfficerNamesInAccessLog,
      undefined,
    );
  });
});

describe('deleting', () => {
  test('a draft: confirmation page, then only my own draft goes (another resident gets 404)', async () => {
    const { tenant, me } = await scene();
    const { draftId } = await fillSchoolTransport(me, tenant, 'Nils');
    const url = `/mina-sidor/utkast/${draftId}/ta-bort`;
    const myPages = await me.get('/mina-sidor');
    assert.match(myPages.body, new RegExp(`href="${url}"`), 'My Pages links to the confirmation page');
    const confirm = await me.get(url);
    assert.equal(confirm.statusCode, 200);
    assert.match(confirm.body, /<h1>Vill du ta bort utkastet\?<\/h1>/);
    assert.match(confirm.body, new RegExp(`<form method="post" action="${url}"`));

    const other = await residentClient(t, uniqueResident('Olle', 'Ström'));
    assert.equal((await other.get(url)).statusCode, 404);
    await other.get('/mina-sidor');
    assert.equal((await other.post(url)).statusCode, 404);
    assert.equal((await me.post(url, { _csrf: 'not-the-token' })).statusCode, 403);
    assert.equal((await me.get(url)).statusCode, 200, 'still there after refused posts');

    const deleted = await me.post(url);
    assert.equal(deleted.statusCode, 303);
    assert.equal(deleted.headers.location, '/mina-sidor?borttaget=1');
    assert.equal((await me.get(url)).statusCode, 404);
  });

  test('a guardian acting for me sees my case, but neither who read it nor a link there', async () => {
    const { tenant, me } = await scene();
    const reference = await submitSchoolTransport(me, tenant, 'Vera');
    const guardian = await guardianOf(tenant.id, me.personId, 'Gun');
    const link = new RegExp(`/mina-sidor/arenden/${reference}/vem-har-last`);
    assert.match((await me.get(`/mina-sidor/arenden/${reference}`)).body, link);
    assert.equal((await guardian.post('/mina-sidor/agera-for', { personId: me.personId })).statusCode, 303);
    const page = await guardian.get(`/mina-sidor/arenden/${reference}`);
    assert.equal(page.statusCode, 200);
    assert.doesNotMatch(page.body, link);
    assert.equal((await guardian.get(`/mina-sidor/arenden/${reference}/vem-har-last`)).statusCode, 404);
  });

  test('the profile is refused while a case or a representation in force needs it', async () => {
    const { tenant, me } = await scene();
    const reference = await submitSchoolTransport(me, tenant, 'Vera');
    await guardianOf(tenant.id, me.personId, 'Gun');
    const page = await me.get(`${RIGHTS}/ta-bort-profil`);
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /Vi kan inte ta bort din profil just nu/);
    assert.match(page.body, new RegExp(`${reference}, ${tenant.name} \\(pågår\\)`));
    assert.match(page.body, /Gun Ek är din vårdnadshavare/);
    assert.doesNotMatch(page.body, /Ja, ta bort min profil/);
    const refused = await me.post(`${RIGHTS}/ta-bort-profil`);
    assert.equal(refused.statusCode, 409);
    assert.equal((await t.app.services.profile.getProfile(me.personId)).id, me.personId);
  });

  test('the profile goes with drafts, ended representations and sessions when nothing needs it', async () => {
    const { tenant, me, identity } = await scene('Tove');
    await fillSchoolTransport(me, tenant, 'Nils');
    const former = await guardianOf(tenant.id, me.personId, 'Bo', '2021-01-01');
    await me.get(`${RIGHTS}/mina-uppgifter.json`); // logged with me as subject: the log must not keep the profile
    const token = me.cookies.get(SESSION_COOKIE) ?? '';
    const page = await me.get(`${RIGHTS}/ta-bort-profil`);
    assert.match(page.body, /Ja, ta bort min profil/);

    const deleted = await me.post(`${RIGHTS}/ta-bort-profil`);
    assert.equal(deleted.statusCode, 303);
    assert.equal(deleted.headers.location, '/mina-sidor/profil-borttagen');
    assert.match(String(deleted.headers['set-cookie']), new RegExp(`${SESSION_COOKIE}=;`));
    assert.equal(await t.app.services.sessions.load(token), undefined, 'logged out everywhere');
    await assert.rejects(t.app.services.profile.getProfile(me.personId), /NOT_FOUND/);
    assert.deepEqual(await t.app.services.applications.openDraftsWithAnswers(me.personId), []);
    assert.deepEqual(await t.app.services.representatives.representationsOfParty(former.personId), []);
    const logged = await auditRows('person.deleted', me.personId);
    assert.ok(logged.some((row) => row.tenantId === tenant.id));
    assert.ok(!JSON.stringify(logged).includes(identity.givenName), 'the entry holds no personal data');
    const after = await me.get('/mina-sidor/profil-borttagen');
    assert.match(after.body, /<h1>Din profil är borttagen<\/h1>/);
  });
});
