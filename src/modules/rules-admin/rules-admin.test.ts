/**
 * The decision rules pages over HTTP (issue #10): the overview, download, the tables, "Prova",
 * uploads (good and refused), and who may use them. Also simulating a rule change against past
 * cases, in the admin page and through the JSON API, and publishing it: which cases change, that
 * nothing is written to them, the problems the API answers with, and that publishing never changes
 * a proposal already made.
 */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import type { Tenant } from '../../platform/tenancy/tenant-service.ts';
import { createTestApp, type TestApp } from '../../test-support/app.ts';
import { TestClient } from '../../test-support/client.ts';
import { ANNA, createTestTenant, residentClient } from '../../test-support/fixtures.ts';
import { proposalsOf, runJobs, submitWith } from '../../test-support/proposals.ts';
import {
  brokenSchoolModel,
  demoSchoolModel,
  rulesUrl,
  schoolModelWithKnowledgeModel,
  schoolModelWithLimit46,
  uploadModel,
} from '../../test-support/rules.ts';
import {
  caseHandlingScene,
  createTestUnits,
  JOHAN,
  KARIN,
  LENA,
  staffClient,
} from '../../test-support/staff.ts';

let t: TestApp;
before(async () => {
  t = await createTestApp();
});
after(() => t.close());

async function scene() {
  const tenant = await createTestTenant(t, ['skolskjuts', 'felanmalan']);
  const units = await createTestUnits(t, tenant);
  const admin = await staffClient(t, tenant, LENA, 'admin', []);
  const [version] = await t.app.services.catalogue.versions(tenant.id, 'skolskjuts');
  assert.ok(version);
  return { tenant, units, admin, versionId: version.id };
}

const versionUrl = (tenant: Tenant, versionId: string, path = '') =>
  rulesUrl(tenant, `/skolskjuts/versioner/${versionId}${path}`);

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

/** The page's text without tags, spaces squashed (what a reader hears, roughly). */
const text = (html: string) =>
  html
    .replace(/<[^>]+>/g, ' ')
    .replace(/&quot;/g, '"')
    .replace(/&amp;/g, '&')
    .replace(/\s+/g, ' ');

async function versionsOf(tenant: Tenant) {
  return t.app.services.catalogue.versions(tenant.id, 'skolskjuts');
}

async function auditActions(tenant: Tenant) {
  const rows = await t.database.db
    .selectFrom('auditLog')
    .select(['action', 'details'])
    .where('tenantId', '=', tenant.id)
    .orderBy('id')
    .execute();
  return rows;
}

describe('the decision rules overview and a version', () => {
  test('lists the services with rules, each version with its state, decision and SHA-256', async () => {
    const { tenant, admin, versionId } = await scene();
    const page = await admin.get(rulesUrl(tenant));
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /<h1>Beslutsregler<\/h1>/);
    const body = text(page.body);
    assert.match(body, /E-tjänster med beslutsregler Ansökan om skolskjuts/);
    assert.match(body, /Version 1 Publicerad, gäller nu Rätt till skolskjuts/);
    assert.ok(page.body.includes(sha256(demoSchoolModel())), 'the model’s SHA-256 is shown');
    assert.ok(page.body.includes(`href="${versionUrl(tenant, versionId)}"`));
    // Fault reports have no model: listed apart, with no versions table.
    assert.match(body, /E-tjänster utan beslutsregler .* \( felanmalan \)/);
    assert.equal((page.body.match(/<caption>Versioner av /g) ?? []).length, 1);
    assert.match(page.body, /aria-current="page"[^>]*>Beslutsregler</, 'the admin menu marks the page');
  });

  test('the DMN file downloads as application/xml with a file name, byte for byte as stored', async () => {
    const { tenant, admin, versionId } = await scene();
    const file = await admin.get(versionUrl(tenant, versionId, '/modell.dmn'));
    assert.equal(file.statusCode, 200);
    assert.match(String(file.headers['content-type']), /^application\/xml/);
    assert.equal(file.headers['content-disposition'], 'attachment; filename="skolskjuts-version-1.dmn"');
    assert.equal(file.body, demoSchoolModel());
  });

  test('each decision table is an accessible HTML table: caption, typed column headers, one row per rule', async () => {
    const { tenant, admin, versionId } = await scene();
    const page = await admin.get(versionUrl(tenant, versionId));
    assert.equal(page.statusCode, 200);
    const html = page.body;
    assert.match(html, /<h1>Ansökan om skolskjuts, version 1<\/h1>/);
    assert.match(
      html,
      /<caption>Beslutstabell för «Avståndsgräns», träffpolicy UNIQUE: högst en rad får matcha<\/caption>/,
    );
    assert.match(html, /<caption>Beslutstabell för «Skäl», träffpolicy COLLECT: /);
    assert.match(html, /<caption>Beslutstabell för «Rätt till skolskjuts», träffpolicy FIRST: /);
    const headers = [...html.matchAll(/<th scope="col">(.*?)<\/th>/g)].map((match) =>
      text(match[1] ?? '').trim(),
    );
    assert.ok(
      headers.includes(
        'Indata: Årskurs uttryck årskurs · typ string · tillåtna värden "fk","1","2","3","4","5","6","7","8","9"',
      ),
      headers.join(' | '),
    );
    assert.ok(headers.includes('Utdata: gräns typ number'), headers.join(' | '));
    assert.ok(
      headers.includes(
        'Utdata: skäl typ string · tillåtna värden "särskilda behov","långt avstånd","kort avstånd"',
      ),
    );
    assert.ok(headers.includes('Anteckning: Förklaring (sv)'));
    // Row 2 of «Skäl»: its number, entries, output and both annotations.
    assert.match(
      text(html),
      /2 - > Avståndsgräns\.gräns "långt avstånd" Avståndet \{avstånd\} km är längre än \{Avståndsgräns\.gräns\} km/,
    );
    assert.equal((html.match(/<th scope="row">/g) ?? []).length, 3 + 3 + 3, 'one row header per rule');
    assert.match(
      text(html),
      /Beslut «Skäl» Kräver beslut Avståndsgräns Kräver indata särskilda behov, avstånd/,
    );
    assert.match(text(html), /Modellen har inga kunskapsmodeller\./);
    assert.match(html, /href="[^"]+\/modell\.dmn" download/);
  });

  test('a model with a business knowledge model lists it and shows its table', async () => {
    const { tenant, admin } = await scene();
    const uploaded = await uploadModel(admin, tenant, schoolModelWithKnowledgeModel());
    assert.equal(uploaded.statusCode, 303, uploaded.body.slice(0, 500));
    const page = await admin.follow(String(uploaded.headers.location));
    const body = text(page.body);
    assert.match(
      body,
      /Beslut «Avståndsgräns» Kräver beslut Inga Kräver indata årskurs Använder kunskapsmodeller gräns för årskurs/,
    );
    assert.match(body, /Beslutet är ett anrop av en kunskapsmodell och visas inte som tabell\./);
    assert.match(body, /Kunskapsmodell «gräns för årskurs» Parametrar: årskurs \(string\)/);
    assert.match(page.body, /<caption>Beslutstabell för «gräns för årskurs», träffpolicy UNIQUE: /);
  });
});

describe('Prova: trying a model', () => {
  test('one field per input data; a valid try shows the proposal, the rows and the Swedish explanation', async () => {
    const { tenant, admin, versionId } = await scene();
    const page = await admin.get(versionUrl(tenant, versionId));
    assert.match(page.body, /<label for="in1">årskurs<\/label>/);
    assert.match(
      page.body,
      /<select id="in1" name="in1"[^>]*><option value selected>Inget värde<\/option><option value="fk">fk/,
    );
    assert.match(page.body, /<label for="in2">avstånd<\/label>/);
    assert.match(page.body, /<input type="text" id="in2" name="in2"/);
    assert.match(page.body, /<label for="in3">särskilda behov<\/label>/);
    assert.match(page.body, /<option value="true">Ja<\/option><option value="false">Nej<\/option>/);

    const tried = await admin.post(versionUrl(tenant, versionId, '/prova'), {
      in1: '5',
      in2: '4,2',
      in3: 'false',
    });
    assert.equal(tried.statusCode, 200);
    const body = text(tried.body);
    assert.match(body, /Resultat Förslag Bifall Modellens svar beviljas/);
    assert.match(body, /Förklaring Avståndet 4,2 km är längre än 3 km, som gäller för årskurs 4–6/);
    assert.match(body, /Skäl \(COLLECT\): rad 2 → skäl: långt avstånd/);
    assert.match(body, /Rätt till skolskjuts \(FIRST\): rad 2 → beslut: beviljas/);
    assert.match(tried.body, /<input type="text" id="in2" name="in2" value="4,2"/, 'what was typed stays');
    assert.doesNotMatch(tried.body, /error-summary/);

    const manual = await admin.post(versionUrl(tenant, versionId, '/prova'), {
      in1: '2',
      in2: '1',
      in3: 'true',
    });
    assert.match(text(manual.body), /Förslag Manuell handläggning/);

    const english = await admin.get(
      `/sprak/en?tillbaka=${encodeURIComponent(versionUrl(tenant, versionId))}`,
    );
    assert.equal(english.statusCode, 303);
    const inEnglish = await admin.post(versionUrl(tenant, versionId, '/prova'), {
      in1: '5',
      in2: '4.2',
      in3: 'false',
    });
    assert.match(text(inEnglish.body), /Proposal Granted/);
    assert.match(
      text(inEnglish.body),
      /The distance of 4\.2 km is longer than 3 km, the limit for grades 4–6/,
    );
  });

  test('input that cannot be read gets Swedish errors beside the fields and in the summary', async () => {
    const { tenant, admin, versionId } = await scene();
    const tried = await admin.post(versionUrl(tenant, versionId, '/prova'), {
      in1: '12',
      in2: 'fyra',
      in3: '',
    });
    assert.equal(tried.statusCode, 400);
    const html = tried.body;
    assert.match(html, /class="error-summary"/);
    assert.match(html, /<a href="#in1">Välj ett av alternativen<\/a>/);
    assert.match(html, /<a href="#in2">Ange ett tal, till exempel 4,2<\/a>/);
    assert.match(
      html,
      /<p class="error-message" id="in2-error"><span class="visually-hidden">Fel: <\/span>Ange ett tal/,
    );
    assert.match(
      html,
      /id="in2" name="in2" value="fyra" aria-invalid="true" aria-describedby="in2-hint in2-error"/,
    );
    assert.doesNotMatch(html, /id="in3-error"/, 'an empty field is no value, not an error');
    assert.doesNotMatch(html, /Resultat/);
    assert.match(html, /<title>Fel: /);
  });
});

describe('uploading a new model', () => {
  test('a valid model becomes a new draft (a copy of the latest version), audited', async () => {
    const { tenant, admin, versionId } = await scene();
    const form = await admin.get(rulesUrl(tenant, '/skolskjuts/ny-modell'));
    assert.equal(form.statusCode, 200);
    assert.match(form.body, /enctype="multipart\/form-data"/);
    assert.match(form.body, /<input type="file" id="modell" name="modell"/);

    const xml = schoolModelWithKnowledgeModel();
    const uploaded = await uploadModel(admin, tenant, xml);
    assert.equal(uploaded.statusCode, 303);
    const [v1, v2, more] = await versionsOf(tenant);
    assert.ok(v1 && v2 && !more);
    assert.equal(v1.id, versionId);
    assert.equal(v2.status, 'draft');
    assert.equal(v2.definition.decisionSupport?.model, xml);
    assert.deepEqual(
      { ...v2.definition, decisionSupport: { ...v2.definition.decisionSupport, model: '' } },
      { ...v1.definition, decisionSupport: { ...v1.definition.decisionSupport, model: '' } },
      'everything but the model is copied',
    );
    assert.equal(
      v1.definition.decisionSupport?.model,
      demoSchoolModel(),
      'the published version is unchanged',
    );
    assert.equal(uploaded.headers.location, `${versionUrl(tenant, v2.id)}?klart=uppladdad&version=2`);
    const page = await admin.follow(String(uploaded.headers.location));
    assert.match(page.body, /Modellen är kontrollerad och sparad som utkast, version 2\./);
    assert.match(text(page.body), /Läge Utkast/);
    const audit = (await auditActions(tenant)).filter((row) => row.action === 'rules.draftSaved');
    assert.equal(audit.length, 1);
    assert.equal(audit[0]?.details.versionId, v2.id);
    assert.equal(audit[0]?.details.modelSha256, sha256(xml));
    assert.equal(audit[0]?.details.filename, 'skolskjuts.dmn');

    // A second upload replaces the open draft's model rather than adding a version.
    const again = await uploadModel(admin, tenant, demoSchoolModel());
    assert.equal(again.statusCode, 303);
    const versions = await versionsOf(tenant);
    assert.equal(versions.length, 2);
    assert.equal(versions[1]?.definition.decisionSupport?.model, demoSchoolModel());
  });

  test('a model that fails validation is refused with every error naming decision, row and column; nothing is stored', async () => {
    const { tenant, admin } = await scene();
    const refused = await uploadModel(admin, tenant, brokenSchoolModel());
    assert.equal(refused.statusCode, 400);
    const html = refused.body;
    assert.match(html, /<a href="#modell">Modellen har 2 fel\. Se listan under fältet\.<\/a>/);
    assert.match(html, /id="modell-error"/);
    const rows = [
      ...html.matchAll(
        /<tr><td>(.*?)<\/td><td>(.*?)<\/td><td>(.*?)<\/td><td>.*?<\/td><td><code>(.*?)<\/code><\/td><\/tr>/g,
      ),
    ].map((match) => [match[1], match[2], match[3], match[4]]);
    assert.deepEqual(rows.sort(), [
      ['Avståndsgräns', '1', 'gräns', 'TYPE_MISMATCH'],
      ['Skäl', '2', 'Avstånd (km)', 'FEEL_SYNTAX'],
    ]);
    assert.equal((await versionsOf(tenant)).length, 1, 'no version was stored');
    assert.deepEqual(
      (await auditActions(tenant)).filter((row) => row.action.startsWith('rules.')),
      [],
    );
  });

  test('a model without the service’s decision or inputs, no file, or not UTF-8 is refused', async () => {
    const { tenant, admin } = await scene();
    const renamed = demoSchoolModel()
      .replaceAll('name="avstånd"', 'name="sträcka"')
      .replaceAll('>avstånd<', '>sträcka<');
    const missingInput = await uploadModel(admin, tenant, renamed.replaceAll('{avstånd}', '{sträcka}'));
    assert.equal(missingInput.statusCode, 400);
    assert.match(
      text(missingInput.body),
      /Modellen saknar indata «avstånd», som e-tjänsten fyller från ansökans svar\./,
    );

    const noFile = await admin.postMultipart(rulesUrl(tenant, '/skolskjuts/ny-modell'), {}, []);
    assert.equal(noFile.statusCode, 400);
    assert.match(noFile.body, /Välj en DMN-fil att ladda upp\./);

    const latin1 = await admin.postMultipart(rulesUrl(tenant, '/skolskjuts/ny-modell'), {}, [
      {
        field: 'modell',
        filename: 'x.dmn',
        contentType: 'application/xml',
        content: Buffer.from(demoSchoolModel(), 'latin1'),
      },
    ]);
    assert.equal(latin1.statusCode, 400);
    assert.match(latin1.body, /Filen är inte text i UTF-8\./);
    assert.equal((await versionsOf(tenant)).length, 1);
  });

  test('an upload without the CSRF token is refused before anything is read', async () => {
    const { tenant, admin } = await scene();
    const forged = await admin.postMultipart(rulesUrl(tenant, '/skolskjuts/ny-modell'), { _csrf: 'forged' }, [
      {
        field: 'modell',
        filename: 'x.dmn',
        contentType: 'application/xml',
        content: Buffer.from(demoSchoolModel()),
      },
    ]);
    assert.equal(forged.statusCode, 403);
    assert.equal((await versionsOf(tenant)).length, 1);
  });
});

describe('who may use the decision rules pages', () => {
  test('an officer gets 403, a resident or anonymous visitor is sent to the officers’ login', async () => {
    const { tenant, units, versionId } = await scene();
    const officer = await staffClient(t, tenant, KARIN, 'officer', [units.school]);
    for (const url of [
      rulesUrl(tenant),
      versionUrl(tenant, versionId),
      versionUrl(tenant, versionId, '/modell.dmn'),
    ]) {
      assert.equal((await officer.get(url)).statusCode, 403, url);
    }
    const publish = await officer.post(versionUrl(tenant, versionId, '/publicera'));
    assert.equal(publish.statusCode, 403);
    const upload = await uploadModel(officer, tenant, demoSchoolModel());
    assert.equal(upload.statusCode, 403);
    assert.equal((await versionsOf(tenant)).length, 1);

    const anonymous = await new TestClient(t.app).get(rulesUrl(tenant));
    assert.equal(anonymous.statusCode, 303);
    assert.match(String(anonymous.headers.location), /^\/handlaggning\/logga-in\?tillbaka=/);
    const resident = await residentClient(t, ANNA);
    assert.equal((await resident.get(versionUrl(tenant, versionId))).statusCode, 303);
  });

  test('another municipality’s version is not found; its admin may not use this one', async () => {
    const { tenant, admin } = await scene();
    const other = await scene();
    assert.equal((await admin.get(versionUrl(tenant, other.versionId))).statusCode, 404);
    assert.equal((await admin.get(versionUrl(tenant, other.versionId, '/modell.dmn'))).statusCode, 404);
    assert.equal((await admin.post(versionUrl(tenant, other.versionId, '/publicera'))).statusCode, 404);
    assert.equal((await admin.get(rulesUrl(tenant, '/finns-inte/ny-modell'))).statusCode, 404);
    const otherAdmin = await staffClient(t, other.tenant, JOHAN, 'admin', []);
    assert.equal((await otherAdmin.get(rulesUrl(tenant))).statusCode, 403);
  });
});

/**
 * Six applications and a draft whose limit for grades 4–6 is 5 km instead of 3: the two cases of
 * grades 4–6 between 3 and 5 km change from granted to rejected; the others keep their outcome.
 */
async function simulationScene() {
  const { tenant, units, karin, anna } = await caseHandlingScene(t);
  const admin = await staffClient(t, tenant, LENA, 'admin', []);
  const answers = [
    { grade: '5', distanceKm: '4,2' }, // granted → rejected
    { grade: '6', distanceKm: '4,5' }, // granted → rejected
    { grade: '5', distanceKm: '2,9' }, // rejected → rejected
    { grade: '8', distanceKm: '10' }, // granted → granted
    { grade: '4', distanceKm: '6' }, // granted → granted
    { grade: '5', distanceKm: '4', hasSpecialNeeds: 'yes' as const }, // manual → manual
  ];
  const references: string[] = [];
  for (const answer of answers) references.push(await submitWith(anna, tenant, answer));
  const uploaded = await uploadModel(admin, tenant, schoolModelWithLimit46(5));
  assert.equal(uploaded.statusCode, 303, uploaded.body.slice(0, 300));
  const [v1, v2] = await t.app.services.catalogue.versions(tenant.id, 'skolskjuts');
  assert.ok(v1 && v2);
  return { tenant, units, karin, anna, admin, references, v1, v2 };
}

const simulationPage = (tenant: Tenant, versionId: string, query = '') =>
  rulesUrl(tenant, `/skolskjuts/versioner/${versionId}/simulering${query}`);
const apiUrl = (tenant: Tenant, versionId: string, query = '') =>
  `/api/v1/tenants/${tenant.slug}/services/skolskjuts/versions/${versionId}/simulation${query}`;

/** The page's text without tags, spaces squashed (entities left as they are). */
const simulationText = (html: string) => html.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ');

/** Everything a simulation could touch on the tenant's cases: rows and history events. */
async function caseState(tenant: Tenant) {
  const db = t.database.db;
  const cases = await db
    .selectFrom('case')
    .select(['id', 'status', 'updatedAt', 'answers'])
    .where('tenantId', '=', tenant.id)
    .orderBy('id')
    .execute();
  const events = await db
    .selectFrom('caseEvent')
    .select(['id'])
    .where('tenantId', '=', tenant.id)
    .orderBy('id')
    .execute();
  return { cases, events };
}

/** POSTs to the API as a client of the session (its CSRF token in the header). */
function apiPost(client: TestClient, url: string) {
  return t.app.inject({
    method: 'POST',
    url,
    headers: {
      cookie: [...client.cookies].map(([name, value]) => `${name}=${value}`).join('; '),
      'x-csrf-token': client.csrfToken,
    },
  });
}

describe('simulating and publishing a rule change', () => {
  describe('simulating a rule change', () => {
    test('the page counts the cases, names those whose outcome changes, and writes nothing to them', async () => {
      const { tenant, admin, references, v2 } = await simulationScene();
      const before = await caseState(tenant);
      const page = await admin.get(simulationPage(tenant, v2.id));
      assert.equal(page.statusCode, 200);
      const body = simulationText(page.body);
      assert.match(page.body, /<h1>Simulering av Ansökan om skolskjuts, version 2<\/h1>/);
      assert.match(body, /6 ärenden prövades på \d+ ms\./);
      assert.match(body, /Jämfört med version 1, vars regler gäller nu/);
      assert.match(body, /2 av 6 ärenden skulle få ett annat utfall\./);
      assert.match(body, /Ändrade utfall Nu Med version 2 Antal ärenden Bifall Avslag 2/);
      const changed = [
        ...page.body.matchAll(
          /<tr><th scope="row">([A-Z]+-\d{4}-\d{6})<\/th><td>[^<]*<\/td><td>([^<]*)<\/td><td>([^<]*)<\/td><\/tr>/g,
        ),
      ].map((match) => [match[1], match[2], match[3]]);
      assert.deepEqual(
        changed.sort(),
        [
          [references[0], 'Bifall', 'Avslag'],
          [references[1], 'Bifall', 'Avslag'],
        ].sort(),
      );
      assert.doesNotMatch(body, /E-tjänsten har \d+ ärenden\. Bara de/, 'not capped');
      assert.deepEqual(await caseState(tenant), before, 'no case row or event was written');
      const audit = await t.database.db
        .selectFrom('auditLog')
        .select(['action', 'details'])
        .where('tenantId', '=', tenant.id)
        .where('action', '=', 'rules.simulated')
        .execute();
      assert.equal(audit.length, 1);
      assert.equal(audit[0]?.details.changed, 2);
      assert.equal(audit[0]?.details.evaluated, 6);
    });

    test('the live version simulated against itself changes nothing', async () => {
      const { tenant, admin, v1 } = await simulationScene();
      const body = simulationText((await admin.get(simulationPage(tenant, v1.id))).body);
      assert.match(body, /6 ärenden prövades/);
      assert.match(body, /Det här är versionen som gäller nu, så inget utfall kan ändras\./);
      assert.match(body, /Inget ärende skulle få ett annat utfall\./);
    });

    test('the JSON API gives the same counts and cases', async () => {
      const { tenant, admin, references, v1, v2 } = await simulationScene();
      const response = await apiPost(admin, apiUrl(tenant, v2.id, '?pageSize=1&page=2'));
      assert.equal(response.statusCode, 200, response.body);
      const report = response.json();
      assert.equal(report.service, 'skolskjuts');
      assert.deepEqual(report.version, { id: v2.id, version: 2 });
      assert.deepEqual(report.baseline, { id: v1.id, version: 1 });
      assert.equal(report.total, 6);
      assert.equal(report.evaluated, 6);
      assert.equal(report.capped, false);
      assert.equal(report.limit, 10000);
      assert.equal(report.changed, 2);
      assert.deepEqual(report.transitions, [
        {
          current: { outcome: 'granted', value: 'beviljas', error: null },
          simulated: { outcome: 'rejected', value: 'avslås', error: null },
          count: 2,
        },
      ]);
      assert.deepEqual(
        { page: report.changes.page, pages: report.changes.pages, pageSize: report.changes.pageSize },
        { page: 2, pages: 2, pageSize: 1 },
      );
      assert.equal(report.changes.items.length, 1);
      // Newest first: page 2 of one holds the older of the two, the first application.
      assert.equal(report.changes.items[0].reference, references[0]);
      assert.match(report.changes.items[0].submittedAt, /^\d{4}-\d{2}-\d{2}T/);

      const document = (await t.app.inject({ url: '/api/v1/openapi.json' })).json();
      const operation =
        document.paths['/api/v1/tenants/{tenant}/services/{slug}/versions/{versionId}/simulation']?.post;
      assert.ok(operation, 'the API is described in the OpenAPI document');
      assert.deepEqual(operation.security, [{ session: [] }]);
    });

    test('the API answers RFC 9457 problems: 403 for an officer or another tenant’s admin, 401 without a staff login, 404 for an unknown version', async () => {
      const { tenant, karin, anna, admin, v2 } = await simulationScene();
      const expectProblem = async (
        response: Awaited<ReturnType<typeof apiPost>>,
        status: number,
        code: string,
      ) => {
        assert.equal(response.statusCode, status, response.body);
        assert.match(String(response.headers['content-type']), /^application\/problem\+json/);
        assert.equal(response.json().code, code);
        assert.equal(response.json().status, status);
      };
      await expectProblem(await apiPost(karin, apiUrl(tenant, v2.id)), 403, 'FORBIDDEN');
      await expectProblem(await apiPost(anna, apiUrl(tenant, v2.id)), 401, 'LOGIN_REQUIRED');
      // Without a session there is no CSRF token to send: the platform's check refuses first.
      await expectProblem(await apiPost(new TestClient(t.app), apiUrl(tenant, v2.id)), 403, 'CSRF_FAILED');
      await expectProblem(
        await apiPost(admin, apiUrl(tenant, '00000000-0000-4000-8000-000000000000')),
        404,
        'SERVICE_NOT_FOUND',
      );
      await expectProblem(
        await apiPost(admin, `/api/v1/tenants/finns-inte/services/skolskjuts/versions/${v2.id}/simulation`),
        404,
        'TENANT_NOT_FOUND',
      );
      await expectProblem(
        await apiPost(admin, apiUrl(tenant, v2.id, '?pageSize=5000')),
        400,
        'VALIDATION_FAILED',
      );
      await expectProblem(await apiPost(admin, apiUrl(tenant, 'not-a-uuid')), 400, 'VALIDATION_FAILED');
      const other = await caseHandlingScene(t);
      const otherAdmin = await staffClient(t, other.tenant, JOHAN, 'admin', []);
      await expectProblem(await apiPost(otherAdmin, apiUrl(tenant, v2.id)), 403, 'FORBIDDEN');
      const [otherVersion] = await t.app.services.catalogue.versions(other.tenant.id, 'skolskjuts');
      assert.ok(otherVersion);
      await expectProblem(await apiPost(admin, apiUrl(tenant, otherVersion.id)), 404, 'SERVICE_NOT_FOUND');
    });
  });

  describe('publishing from the page', () => {
    test('publishes the draft (audited); proposals already made keep their rule version, new ones use the new rules', async () => {
      const { tenant, anna, admin, references, v1, v2 } = await simulationScene();
      await runJobs(t, tenant);
      const [before] = await proposalsOf(t, references[0] as string);
      assert.ok(before);
      assert.equal(before.proposal.outcome, 'granted');
      assert.equal(before.proposal.ruleVersion.serviceVersionId, v1.id);

      const versionPage = await admin.get(rulesUrl(tenant, `/skolskjuts/versioner/${v2.id}`));
      assert.match(versionPage.body, /<button type="submit" class="button">Publicera version 2<\/button>/);
      const published = await admin.post(rulesUrl(tenant, `/skolskjuts/versioner/${v2.id}/publicera`));
      assert.equal(published.statusCode, 303);
      const page = await admin.follow(String(published.headers.location));
      assert.match(page.body, /Version 2 är publicerad och gäller från nu\./);
      assert.match(simulationText(page.body), /Läge Publicerad, gäller nu/);
      assert.doesNotMatch(page.body, /Publicera version 2/);
      const live = await t.app.services.catalogue.liveService(tenant.id, 'skolskjuts');
      assert.equal(live.version.id, v2.id);
      const audit = await t.database.db
        .selectFrom('auditLog')
        .select(['details'])
        .where('tenantId', '=', tenant.id)
        .where('action', '=', 'rules.published')
        .execute();
      assert.equal(audit.length, 1);
      assert.equal(audit[0]?.details.versionId, v2.id);
      assert.match(String(audit[0]?.details.modelSha256), /^[0-9a-f]{64}$/);

      const again = await admin.post(rulesUrl(tenant, `/skolskjuts/versioner/${v2.id}/publicera`));
      assert.equal(again.statusCode, 409, 'a published version cannot be published again');

      // A later job run (a retry, a completion of another case) does not touch the earlier proposal.
      const newer = await submitWith(anna, tenant, { grade: '5', distanceKm: '4,2' });
      await runJobs(t, tenant);
      assert.deepEqual(
        await proposalsOf(t, references[0] as string),
        [before],
        'the old proposal is unchanged',
      );
      const [fresh] = await proposalsOf(t, newer);
      assert.ok(fresh);
      assert.equal(fresh.proposal.ruleVersion.serviceVersionId, v2.id);
      assert.equal(fresh.proposal.outcome, 'rejected', 'the same answers now meet the 5 km limit');
    });

    test('an officer cannot publish', async () => {
      const { tenant, karin, v2 } = await simulationScene();
      const refused = await karin.post(rulesUrl(tenant, `/skolskjuts/versioner/${v2.id}/publicera`));
      assert.equal(refused.statusCode, 403);
      const [, still] = await t.app.services.catalogue.versions(tenant.id, 'skolskjuts');
      assert.equal(still?.status, 'draft');
      const anonymous = await new TestClient(t.app).get(simulationPage(tenant, v2.id));
      assert.equal(anonymous.statusCode, 303);
      assert.equal((await karin.get(simulationPage(tenant, v2.id))).statusCode, 403);
    });
  });
});
