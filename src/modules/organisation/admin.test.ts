/**
 * The administration pages over HTTP: units, staff, membership, service handling, the audit log. Also
 * the failed-jobs page: what admins see, the retry, and who may do neither.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createJobWorker, type JobHandler, type WorkerLog } from '../../platform/jobs/job-worker.ts';
import { SESSION_COOKIE } from '../../platform/sessions/session-service.ts';
import type { Tenant } from '../../platform/tenancy/tenant-service.ts';
import { createTestApp, type TestApp } from '../../test-support/app.ts';
import { TestClient } from '../../test-support/client.ts';
import { ANNA, createTestTenant, ERIK, residentClient } from '../../test-support/fixtures.ts';
import {
  createTestUnits,
  EVA,
  KARIN,
  LENA,
  MATS,
  PETER,
  staffClient,
  submitSchoolTransport,
} from '../../test-support/staff.ts';
import { parseQueueFilters } from '../case-handling/queue-model.ts';

let t: TestApp;
before(async () => {
  t = await createTestApp();
});
after(() => t.close());

async function setUp() {
  const tenant = await createTestTenant(t, ['skolskjuts', 'felanmalan']);
  const units = await createTestUnits(t, tenant);
  const admin = await staffClient(t, tenant, LENA, 'admin', []);
  const school = await t.app.services.catalogue.liveService(tenant.id, 'skolskjuts');
  return { tenant, units, admin, schoolServiceId: school.serviceId };
}

const adminUrl = (tenant: Tenant, path = '') => `/${tenant.slug}/handlaggning/admin${path}`;

async function caseRow(reference: string) {
  return t.database.db
    .selectFrom('case')
    .selectAll()
    .where('reference', '=', reference)
    .executeTakeFirstOrThrow();
}

async function auditActions(tenant: Tenant) {
  const rows = await t.database.db
    .selectFrom('auditLog')
    .select(['action', 'actorName', 'details', 'caseId'])
    .where('tenantId', '=', tenant.id)
    .orderBy('id')
    .execute();
  return rows;
}

/** A browser session through the staff realm for a person who is already staff (no seeding). */
async function loggedInStaff(personId: string): Promise<TestClient> {
  const { token, session } = await t.app.services.sessions.start(personId, {
    assuranceLevel: 'loa3',
    realm: 'staff',
  });
  const client = new TestClient(t.app);
  client.cookies.set(SESSION_COOKIE, token);
  client.csrfToken = session.data.csrfToken;
  return client;
}

async function queueReferences(tenant: Tenant, personId: string): Promise<string[]> {
  const actor = await t.app.services.organisation.staffActor(tenant.id, personId);
  assert.ok(actor, 'the person is active staff');
  const page = await t.app.services.caseHandling.queue(actor, parseQueueFilters({}), undefined, 50);
  return page.rows.map((row) => row.reference);
}

describe('administration', () => {
  test('an admin creates a unit, adds an officer, makes them a member and moves a service: the open case follows', async () => {
    const { tenant, units, admin, schoolServiceId } = await setUp();
    const anna = await residentClient(t, ANNA);
    const reference = await submitSchoolTransport(anna, tenant);
    assert.equal((await caseRow(reference)).unitId, units.school);

    const overview = await admin.get(adminUrl(tenant));
    assert.equal(overview.statusCode, 200);
    assert.match(overview.body, /<h1>Enheter och ärendetyper<\/h1>/);
    assert.match(overview.body, /Handläggs av/);

    const created = await admin.post(adminUrl(tenant, '/enheter'), { name: '  Resursenheten ' });
    assert.equal(created.statusCode, 303);
    assert.equal(created.headers.location, adminUrl(tenant, '?klart=enhet-skapad'));
    const afterCreate = await admin.follow(String(created.headers.location));
    assert.match(afterCreate.body, /Enheten skapades\./);
    const organisation = t.app.services.organisation;
    const newUnit = (await organisation.overview(admin.actor)).units.find(
      (unit) => unit.name === 'Resursenheten',
    );
    assert.ok(newUnit, 'the unit exists with its trimmed name');

    const saved = await admin.post(adminUrl(tenant, '/personal'), {
      personalIdentityNumber: '19520116-1857',
      givenName: 'Johan',
      familyName: 'Nilsson',
      role: 'officer',
      active: 'ja',
    });
    assert.equal(saved.statusCode, 303, saved.body.slice(0, 400));
    const staffPage = await admin.follow(String(saved.headers.location));
    assert.match(staffPage.body, /Personalen sparades\./);
    assert.match(
      staffPage.body,
      /<td>Johan Nilsson<\/td><td>19520116-1857<\/td><td>Handläggare<\/td><td>Ja<\/td>/,
    );
    const johan = (await organisation.overview(admin.actor)).staff.find(
      (member) => member.givenName === 'Johan',
    );
    assert.ok(johan);
    assert.equal(johan.personalIdentityNumber, '195201161857', 'stored as 12 digits');
    assert.equal(johan.role, 'officer');

    const joined = await admin.post(adminUrl(tenant, `/personal/${johan.id}/enheter`), {
      unitIds: [newUnit.id],
    });
    assert.equal(joined.statusCode, 303);
    assert.match((await admin.follow(String(joined.headers.location))).body, /Enheterna sparades\./);
    assert.deepEqual(await queueReferences(tenant, johan.personId), [], 'the new unit handles nothing yet');

    const moved = await admin.post(adminUrl(tenant, `/tjanster/${schoolServiceId}`), { unitId: newUnit.id });
    assert.equal(moved.statusCode, 303);
    assert.equal(moved.headers.location, adminUrl(tenant, '?klart=flyttad&antal=1'));
    const afterMove = await admin.follow(String(moved.headers.location));
    assert.match(afterMove.body, /Ärendetypen flyttades\. 1 öppet ärende följde med\./);
    assert.match(
      afterMove.body,
      /<h3>Resursenheten<\/h3><p><strong>Medlemmar:<\/strong> Johan Nilsson \(Handläggare\)<\/p><p><strong>Handlägger:<\/strong> Ansökan om skolskjuts<\/p>/,
    );

    assert.equal((await caseRow(reference)).unitId, newUnit.id, 'the open case moved with its service');
    assert.deepEqual(await queueReferences(tenant, johan.personId), [reference]);
    const karin = await staffClient(t, tenant, KARIN, 'officer', [units.school]);
    assert.deepEqual(await queueReferences(tenant, karin.personId), [], 'the old unit no longer sees it');
    const johanQueue = await (await loggedInStaff(johan.personId)).get(`/${tenant.slug}/handlaggning/`);
    assert.equal(johanQueue.statusCode, 200);
    assert.match(johanQueue.body, new RegExp(reference));

    const actions = (await auditActions(tenant)).map((entry) => entry.action);
    for (const expected of ['unit.created', 'staff.saved', 'unit.memberAdded', 'service.unitChanged']) {
      assert.ok(actions.includes(expected), `audit has ${expected}: ${actions.join(', ')}`);
    }
  });

  test('refused forms show Swedish errors next to the fields and in a summary, keep the input and change nothing', async () => {
    const { tenant, units, admin, schoolServiceId } = await setUp();
    const empty = await admin.post(adminUrl(tenant, '/enheter'), { name: '   ' });
    assert.equal(empty.statusCode, 400);
    assert.match(empty.body, /class="error-summary"/);
    assert.match(empty.body, /<a href="#name">Skriv enhetens namn<\/a>/);
    assert.match(empty.body, /<p class="error-message" id="name-error">.*Skriv enhetens namn<\/p>/);
    assert.match(
      empty.body,
      /id="name" name="name" value=" {3}" aria-invalid="true" aria-describedby="name-hint name-error"/,
    );

    const taken = await admin.post(adminUrl(tenant, '/enheter'), { name: 'Skolskjutsenheten' });
    assert.equal(taken.statusCode, 400);
    assert.match(taken.body, /<a href="#name">Det finns redan en enhet med det namnet<\/a>/);
    assert.match(taken.body, /id="name" name="name" value="Skolskjutsenheten"/);

    const renamed = await admin.post(adminUrl(tenant, `/enheter/${units.streets}`), {
      name: 'Skolskjutsenheten',
    });
    assert.equal(renamed.statusCode, 400);
    assert.match(
      renamed.body,
      new RegExp(`<a href="#name-${units.streets}">Det finns redan en enhet med det namnet</a>`),
    );
    assert.match(renamed.body, new RegExp(`id="name-${units.streets}-error"`));

    const noUnit = await admin.post(adminUrl(tenant, `/tjanster/${schoolServiceId}`), { unitId: '' });
    assert.equal(noUnit.statusCode, 400);
    assert.match(noUnit.body, new RegExp(`<a href="#unit-${schoolServiceId}">Välj en enhet</a>`));

    const staff = await admin.post(adminUrl(tenant, '/personal'), {
      personalIdentityNumber: '19520116-1858',
      givenName: 'Johan',
      familyName: '',
      role: 'superuser',
      active: 'ja',
    });
    assert.equal(staff.statusCode, 400);
    assert.match(staff.body, /<a href="#personalIdentityNumber">Personnumret är inte giltigt/);
    assert.match(staff.body, /<a href="#familyName">Skriv efternamnet<\/a>/);
    assert.match(staff.body, /<a href="#role">Välj en roll<\/a>/);
    assert.match(staff.body, /id="role-error"/);
    assert.match(staff.body, /value="19520116-1858"/);
    assert.match(staff.body, /id="givenName" name="givenName" value="Johan"/);
    assert.match(staff.body, /<title>Fel: /, 'the title tells screen reader users the page has errors');

    const unknownRole = await admin.post(adminUrl(tenant, '/personal'), {
      personalIdentityNumber: '195201161857',
      givenName: 'Johan',
      familyName: 'Nilsson',
      role: 'superuser',
    });
    assert.equal(unknownRole.statusCode, 400);
    assert.match(unknownRole.body, /<a href="#role">Välj en roll<\/a>/);

    const demoteSelf = await admin.post(adminUrl(tenant, '/personal'), {
      ...LENA,
      role: 'officer',
      active: 'ja',
    });
    assert.equal(demoteSelf.statusCode, 400);
    assert.match(demoteSelf.body, /Du kan inte ta bort din egen roll som administratör/);

    const organisation = await t.app.services.organisation.overview(admin.actor);
    assert.deepEqual(organisation.units.map((unit) => unit.name).sort(), [
      'Gatuenheten',
      'Skolskjutsenheten',
    ]);
    assert.deepEqual(
      organisation.staff.map((member) => [member.givenName, member.role]),
      [['Lena', 'admin']],
    );
  });

  test('only the tenant’s admins reach the administration; others are refused or sent to the staff login', async () => {
    const { tenant, units, admin, schoolServiceId } = await setUp();
    const officer = await staffClient(t, tenant, KARIN, 'officer', [units.school]);
    const lead = await staffClient(t, tenant, PETER, 'unitLead', [units.school]);
    const other = await createTestTenant(t, ['felanmalan']);
    const foreignAdmin = await staffClient(t, other, MATS, 'admin', []);
    const resident = await residentClient(t, ERIK);
    const anna = await residentClient(t, ANNA);
    const reference = await submitSchoolTransport(anna, tenant);
    const gets = [
      '',
      '/personal',
      '/logg',
      `/logg?arende=${reference}`,
      `/logg.csv?arende=${reference}`,
      `/logg.json?arende=${reference}`,
    ];
    const posts: [string, Record<string, string | string[]>][] = [
      ['/enheter', { name: 'Hemliga enheten' }],
      [`/enheter/${units.school}`, { name: 'Omdöpt' }],
      [`/tjanster/${schoolServiceId}`, { unitId: units.streets }],
      [
        '/personal',
        {
          personalIdentityNumber: '195201161857',
          givenName: 'Johan',
          familyName: 'Nilsson',
          role: 'admin',
          active: 'ja',
        },
      ],
      [`/personal/${officer.actor.staffId}/enheter`, { unitIds: [units.streets] }],
    ];
    for (const client of [officer, lead, foreignAdmin]) {
      for (const path of gets) {
        const response = await client.get(adminUrl(tenant, path));
        assert.equal(response.statusCode, 403, `${client.actor.name} GET ${path}`);
      }
      for (const [path, form] of posts) {
        const response = await client.post(adminUrl(tenant, path), form);
        assert.equal(response.statusCode, 403, `${client.actor.name} POST ${path}`);
        assert.match(response.body, /Du har inte behörighet/);
      }
    }
    const staffLogin = /^\/handlaggning\/logga-in\?tillbaka=/;
    const anonymous = new TestClient(t.app);
    for (const path of gets) {
      for (const client of [resident, anonymous]) {
        const response = await client.get(adminUrl(tenant, path));
        assert.equal(response.statusCode, 303, path);
        assert.match(String(response.headers.location), staffLogin);
      }
    }
    for (const [path, form] of posts) {
      const response = await resident.post(adminUrl(tenant, path), form);
      assert.equal(response.statusCode, 303, `resident POST ${path}`);
      assert.match(String(response.headers.location), staffLogin);
      // Without any session there is no CSRF token, so the post is refused before it reaches the route.
      assert.equal((await anonymous.post(adminUrl(tenant, path), form)).statusCode, 403);
    }
    const organisation = await t.app.services.organisation.overview(admin.actor);
    assert.deepEqual(
      organisation.units.map((unit) => unit.name).sort(),
      ['Gatuenheten', 'Skolskjutsenheten'],
      'nothing changed',
    );
    assert.equal((await caseRow(reference)).unitId, units.school);
    const readers = (await auditActions(tenant)).filter((entry) => entry.action.startsWith('audit.'));
    assert.deepEqual(readers, [], 'no one but an admin read the log');
  });

  test('the audit log of a case shows an officer’s read, in words and as CSV and JSON; reading it is logged', async () => {
    const { tenant, units, admin } = await setUp();
    const karin = await staffClient(t, tenant, KARIN, 'officer', [units.school]);
    const anna = await residentClient(t, ANNA);
    const reference = await submitSchoolTransport(anna, tenant);
    await t.app.services.caseHandling.caseForOfficer(karin.actor, reference);

    const page = await admin.get(adminUrl(tenant, `/logg?arende=${reference.toLowerCase()}`));
    assert.equal(page.statusCode, 200);
    assert.match(page.body, new RegExp(`<h2>Logg för ärende ${reference}</h2>`));
    assert.match(
      page.body,
      new RegExp(
        `<td>Karin Berg</td><td>Skolskjutsenheten</td><td>Öppnade ärendet</td><td>${reference}</td>`,
      ),
    );
    assert.match(
      page.body,
      new RegExp(`href="/${tenant.slug}/handlaggning/admin/logg.csv\\?arende=${reference}"`),
    );

    const csv = await admin.get(adminUrl(tenant, `/logg.csv?arende=${reference}`));
    assert.equal(csv.statusCode, 200);
    assert.equal(csv.headers['content-type'], 'text/csv; charset=utf-8');
    assert.equal(csv.headers['content-disposition'], `attachment; filename="logg-${reference}.csv"`);
    assert.deepEqual([...csv.rawPayload.subarray(0, 3)], [0xef, 0xbb, 0xbf], 'UTF-8 with BOM for Excel');
    const lines = csv.body.slice(1).split('\r\n');
    assert.equal(lines[0], 'Tid;Tid (UTC);Vem;Enheter;Händelse;Händelsekod;Ärende;Detaljer');
    const read = lines.find((line) => line.includes(';case.read;'));
    assert.ok(read, csv.body);
    assert.match(
      read,
      new RegExp(
        `^\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}:\\d{2};[^;]+Z;Karin Berg;Skolskjutsenheten;Öppnade ärendet;case.read;${reference};$`,
      ),
    );

    const json = await admin.get(adminUrl(tenant, `/logg.json?arende=${reference}`));
    assert.equal(json.statusCode, 200);
    assert.match(String(json.headers['content-type']), /^application\/json/);
    assert.match(
      String(json.headers['content-disposition']),
      /^attachment; filename="logg-[A-Z]+-\d{4}-\d{6}\.json"$/,
    );
    const entries = JSON.parse(json.body) as {
      action: string;
      actor: { name: string };
      caseReference: string;
    }[];
    const entry = entries.find((item) => item.action === 'case.read');
    assert.deepEqual([entry?.actor.name, entry?.caseReference], ['Karin Berg', reference]);

    const caseId = (await caseRow(reference)).id;
    const own = (await auditActions(tenant)).filter((row) => row.actorName === 'Lena Strand');
    assert.deepEqual(
      own.map((row) => [row.action, row.details, row.caseId]),
      [
        ['audit.viewed', {}, caseId],
        ['audit.exported', { format: 'csv' }, caseId],
        ['audit.exported', { format: 'json' }, caseId],
      ],
    );
    const again = await admin.get(adminUrl(tenant, `/logg?arende=${reference}`));
    assert.match(
      again.body,
      /<td>Lena Strand<\/td><td>–<\/td><td>Laddade ner loggen<\/td><td>[A-Z-\d]+<\/td><td>Format: csv<\/td>/,
    );
  });

  test('the data protection officer reads a case’s audit log (the read is logged) and nothing else of the administration', async () => {
    const { tenant, units, schoolServiceId } = await setUp();
    const dpo = await staffClient(t, tenant, EVA, 'dataProtectionOfficer', []);
    const karin = await staffClient(t, tenant, KARIN, 'officer', [units.school]);
    const reference = await submitSchoolTransport(await residentClient(t, ANNA), tenant);
    await t.app.services.caseHandling.caseForOfficer(karin.actor, reference);

    const page = await dpo.get(adminUrl(tenant, `/logg?arende=${reference}`));
    assert.equal(page.statusCode, 200);
    assert.match(
      page.body,
      new RegExp(
        `<td>Karin Berg</td><td>Skolskjutsenheten</td><td>Öppnade ärendet</td><td>${reference}</td>`,
      ),
    );
    const menu = page.body.match(/<nav aria-label="Administration">([\s\S]*?)<\/nav>/)?.[1] ?? '';
    assert.deepEqual(
      [...menu.matchAll(/<a href="([^"]+)"/g)].map((match) => match[1]),
      [adminUrl(tenant, '/logg'), `/${tenant.slug}/handlaggning/dataskydd`, adminUrl(tenant, '/gallring')],
      'the menu offers the DPO only what they may open',
    );
    const csv = await dpo.get(adminUrl(tenant, `/logg.csv?arende=${reference}`));
    assert.equal(csv.statusCode, 200);
    assert.match(
      csv.body,
      new RegExp(`;Karin Berg;Skolskjutsenheten;Öppnade ärendet;case.read;${reference};`),
    );
    const caseId = (await caseRow(reference)).id;
    const own = (await auditActions(tenant)).filter((row) => row.actorName === 'Eva Lund');
    assert.deepEqual(
      own.map((row) => [row.action, row.caseId]),
      [
        ['audit.viewed', caseId],
        ['audit.exported', caseId],
      ],
    );

    for (const path of ['', '/personal', '/jobb', '/regler', '/invanarlogg']) {
      assert.equal((await dpo.get(adminUrl(tenant, path))).statusCode, 403, `GET ${path}`);
    }
    const moved = await dpo.post(adminUrl(tenant, `/tjanster/${schoolServiceId}`), { unitId: units.streets });
    assert.equal(moved.statusCode, 403);
    assert.equal((await caseRow(reference)).unitId, units.school, 'nothing moved');
  });

  test('the audit search refuses what it cannot look up, in Swedish, and never another tenant’s case', async () => {
    const { tenant, admin } = await setUp();
    const other = await createTestTenant(t, ['skolskjuts']);
    await createTestUnits(t, other);
    const foreignReference = await submitSchoolTransport(await residentClient(t, ERIK), other);
    const cases: [string, string, string][] = [
      ['?arende=&personnummer=', 'caseReference', 'Skriv ett ärendenummer eller ett personnummer'],
      ['?arende=inte-ett-nummer', 'caseReference', 'Skriv ärendenumret som på kvittot'],
      [
        `?arende=${foreignReference}`,
        'caseReference',
        'Det finns inget ärende med det ärendenumret i kommunen',
      ],
      ['?personnummer=12345', 'personalIdentityNumber', 'Personnumret är inte giltigt'],
      [
        `?arende=${foreignReference}&personnummer=198501012382`,
        'caseReference',
        'Sök på antingen ärendenummer eller personnummer',
      ],
    ];
    for (const [query, field, message] of cases) {
      const response = await admin.get(adminUrl(tenant, `/logg${query}`));
      assert.equal(response.statusCode, 400, query);
      assert.match(response.body, new RegExp(`<a href="#${field}">${message}`), query);
      assert.match(response.body, new RegExp(`id="${field}-error"`), query);
    }
    const kept = await admin.get(adminUrl(tenant, '/logg?personnummer=12345'));
    assert.match(kept.body, /name="personnummer" value="12345"/);
    assert.equal((await admin.get(adminUrl(tenant, `/logg.csv?arende=${foreignReference}`))).statusCode, 400);
  });

  test('the audit log of a person lists the entries about their cases and nobody else’s', async () => {
    const { tenant, units, admin } = await setUp();
    const karin = await staffClient(t, tenant, KARIN, 'officer', [units.school]);
    const anna = await residentClient(t, ANNA);
    const erik = await residentClient(t, ERIK);
    const first = await submitSchoolTransport(anna, tenant, 'Elsa');
    const second = await submitSchoolTransport(anna, tenant, 'Leo');
    const eriks = await submitSchoolTransport(erik, tenant, 'Nils');
    for (const reference of [first, second, eriks])
      await t.app.services.caseHandling.caseForOfficer(karin.actor, reference);
    await karin.post(`/${tenant.slug}/handlaggning/arenden/${second}/ta`);

    const page = await admin.get(adminUrl(tenant, '/logg?personnummer=19850101-2382'));
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /<h2>Logg för personnummer 19850101-2382<\/h2>/);
    assert.match(page.body, new RegExp(`<td>Öppnade ärendet</td><td>${first}</td>`));
    assert.match(page.body, new RegExp(`<td>Öppnade ärendet</td><td>${second}</td>`));
    assert.match(page.body, new RegExp(`<td>Tog ärendet</td><td>${second}</td>`));
    assert.doesNotMatch(page.body, new RegExp(eriks));

    const json = await admin.get(adminUrl(tenant, '/logg.json?personnummer=198501012382'));
    const entries = JSON.parse(json.body) as { action: string; caseReference: string | null }[];
    assert.deepEqual(
      entries
        .filter((entry) => entry.action.startsWith('case.'))
        .map((entry) => [entry.action, entry.caseReference]),
      [
        ['case.read', first],
        ['case.read', second],
        ['case.take', second],
      ],
    );
    const nobody = await admin.get(adminUrl(tenant, '/logg?personnummer=195201161857'));
    assert.equal(nobody.statusCode, 200);
    assert.match(nobody.body, /Det finns inga händelser i loggen för sökningen\./);
  });

  test('the audit_log table refuses UPDATE and DELETE', async () => {
    const { tenant, admin } = await setUp();
    await t.app.services.organisation.createUnit(admin.actor, 'Revisionsenheten');
    const db = t.database.db;
    const row = await db
      .selectFrom('auditLog')
      .select(['id', 'action'])
      .where('tenantId', '=', tenant.id)
      .executeTakeFirstOrThrow();
    assert.equal(row.action, 'unit.created');
    await assert.rejects(
      db.updateTable('auditLog').set({ action: 'unit.hidden' }).where('id', '=', row.id).execute(),
    );
    await assert.rejects(db.deleteFrom('auditLog').where('id', '=', row.id).execute());
    const still = await db
      .selectFrom('auditLog')
      .select('action')
      .where('id', '=', row.id)
      .executeTakeFirstOrThrow();
    assert.equal(still.action, 'unit.created');
  });

  test('the service refuses another tenant’s service and ids that are not ids, and keeps e-ID names', async () => {
    const { tenant, units, admin } = await setUp();
    const other = await createTestTenant(t, ['skolskjuts']);
    const foreign = await t.app.services.catalogue.liveService(other.id, 'skolskjuts');
    const organisation = t.app.services.organisation;
    await assert.rejects(organisation.setServiceUnit(admin.actor, foreign.serviceId, units.school), {
      code: 'NOT_FOUND',
    });
    const handling = await t.database.db
      .selectFrom('serviceHandling')
      .select('unitId')
      .where('serviceId', '=', foreign.serviceId)
      .execute();
    assert.deepEqual(handling, [], 'the foreign service was not pulled into this tenant');
    await assert.rejects(organisation.renameUnit(admin.actor, 'not-a-uuid', 'Ny'), { code: 'NOT_FOUND' });
    await assert.rejects(organisation.setMembership(admin.actor, units.school, "x' or 1=1", true), {
      code: 'NOT_FOUND',
    });
    // An admin typing other names for an existing person does not overwrite the e-ID names.
    await residentClient(t, ERIK);
    await organisation.saveStaff(admin.actor, {
      personalIdentityNumber: ERIK.personalIdentityNumber,
      givenName: 'Felstavat',
      familyName: 'Namn',
      role: 'officer',
      active: true,
    });
    const person = await t.database.db
      .selectFrom('person')
      .select(['givenName', 'familyName'])
      .where(
        'personalIdentityNumberHash',
        '=',
        t.app.services.protection.lookupHash(ERIK.personalIdentityNumber),
      )
      .executeTakeFirstOrThrow();
    assert.deepEqual(person, { givenName: 'Erik', familyName: 'Eriksson' });
    assert.ok(tenant);
  });
});

const silent: WorkerLog = { debug() {}, info() {}, warn() {}, error() {} };

const jobsUrl = (tenant: Tenant, path = '') => `/${tenant.slug}/handlaggning/admin/jobb${path}`;

/**
 * A tenant whose submitted case's event went to a `webhook` handler that fails (its error quotes
 * the applicant's name, personnummer and address, as a careless remote error might) until `healed`.
 */
async function failedScene(maxAttempts = 1) {
  const tenant = await createTestTenant(t, ['skolskjuts']);
  await createTestUnits(t, tenant);
  const admin = await staffClient(t, tenant, LENA, 'admin', []);
  const reference = await submitSchoolTransport(await residentClient(t, ANNA), tenant, 'Elsa');
  const state = { healed: false, runs: 0 };
  const webhook: JobHandler = {
    name: 'webhook',
    topics: ['case.submitted'],
    async run() {
      state.runs++;
      if (!state.healed)
        throw new Error('remote refused "Elsa Andersson" 198501012382 anna.andersson@example.se: 503');
    },
  };
  const worker = createJobWorker({
    db: t.database.db,
    handlers: [webhook],
    log: silent,
    maxAttempts,
    onlyTenants: [tenant.id],
  });
  assert.equal(await worker.runOnce(), 1);
  const job = await t.database.db
    .selectFrom('job')
    .selectAll()
    .where('tenantId', '=', tenant.id)
    .where('handler', '=', 'webhook')
    .executeTakeFirstOrThrow();
  return { tenant, admin, reference, worker, state, jobId: Number(job.id) };
}

describe('failed jobs', () => {
  test('an admin sees a dead job without personal data and retries it: it runs again and is audited', async () => {
    const { tenant, admin, reference, worker, state, jobId } = await failedScene();
    const overview = await admin.get(`/${tenant.slug}/handlaggning/admin`);
    assert.ok(overview.body.includes(`href="${jobsUrl(tenant)}"`), 'the admin navigation links the page');

    const page = await admin.get(jobsUrl(tenant));
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /<code>case\.submitted<\/code>/);
    assert.match(page.body, /<code>webhook<\/code>/);
    assert.match(
      page.body,
      /dead after 1 attempts: Error: remote refused &lt;value> &lt;number> &lt;address> 503/,
    );
    assert.match(page.body, /Uppgivet/);
    for (const personal of ['Elsa', 'Andersson', '198501012382', 'anna.andersson', reference])
      assert.ok(!page.body.includes(personal), `the page does not show "${personal}"`);
    assert.ok(page.body.includes(`action="${jobsUrl(tenant, `/${jobId}/forsok-igen`)}"`));

    const retried = await admin.post(jobsUrl(tenant, `/${jobId}/forsok-igen`));
    assert.equal(retried.statusCode, 303);
    assert.equal(retried.headers.location, jobsUrl(tenant, '?klart=igen'));
    const after = await admin.get(String(retried.headers.location));
    assert.match(after.body, /Jobbet körs igen inom kort/);
    assert.match(after.body, /Inga jobb har misslyckats/);

    state.healed = true;
    assert.equal(await worker.runOnce(), 1, 'the job runs again');
    assert.equal(state.runs, 2);
    const job = await t.database.db
      .selectFrom('job')
      .selectAll()
      .where('id', '=', jobId)
      .executeTakeFirstOrThrow();
    assert.ok(job.processedAt);
    const audit = await t.database.db
      .selectFrom('auditLog')
      .select(['action', 'actorName', 'details', 'caseId'])
      .where('tenantId', '=', tenant.id)
      .where('action', '=', 'job.retried')
      .execute();
    const caseRow = await t.database.db
      .selectFrom('case')
      .select('id')
      .where('reference', '=', reference)
      .executeTakeFirstOrThrow();
    assert.deepEqual(audit, [
      {
        action: 'job.retried',
        actorName: 'Lena Strand',
        details: { jobId, topic: 'case.submitted', handler: 'webhook' },
        caseId: caseRow.id,
      },
    ]);
    const again = await admin.post(jobsUrl(tenant, `/${jobId}/forsok-igen`));
    assert.equal(again.statusCode, 404, 'a job that is done is not retried');
  });

  test('a job still retrying on its own is listed as such and can be hurried', async () => {
    const { tenant, admin, jobId } = await failedScene(5);
    const page = await admin.get(jobsUrl(tenant));
    assert.match(page.body, /Försöker igen automatiskt/);
    assert.match(page.body, /Error: remote refused &lt;value>/);
    assert.equal((await admin.post(jobsUrl(tenant, `/${jobId}/forsok-igen`))).statusCode, 303);
    const job = await t.database.db
      .selectFrom('job')
      .selectAll()
      .where('id', '=', jobId)
      .executeTakeFirstOrThrow();
    assert.equal(job.attempts, 0);
    assert.ok(new Date(job.availableAt).getTime() <= Date.now());
  });

  test('officers, residents and other tenants’ admins neither see nor retry a tenant’s jobs', async () => {
    const { tenant, jobId } = await failedScene();
    const units = await createTestUnits(t, tenant);
    const officer = await staffClient(t, tenant, KARIN, 'officer', [units.school]);
    const other = await createTestTenant(t, ['skolskjuts']);
    const foreignAdmin = await staffClient(t, other, MATS, 'admin', []);
    const resident = await residentClient(t, ERIK);
    const retry = jobsUrl(tenant, `/${jobId}/forsok-igen`);
    for (const client of [officer, foreignAdmin]) {
      assert.equal((await client.get(jobsUrl(tenant))).statusCode, 403, client.actor.name);
      assert.equal((await client.post(retry)).statusCode, 403, client.actor.name);
    }
    const staffLogin = /^\/handlaggning\/logga-in\?tillbaka=/;
    for (const response of [await resident.get(jobsUrl(tenant)), await resident.post(retry)]) {
      assert.equal(response.statusCode, 303);
      assert.match(String(response.headers.location), staffLogin);
    }
    assert.equal((await new TestClient(t.app).post(retry)).statusCode, 403, 'no session, no CSRF token');
    // In their own tenant, the other admin neither sees the job nor reaches it by its id.
    const own = await foreignAdmin.get(jobsUrl(other));
    assert.equal(own.statusCode, 200);
    assert.match(own.body, /Inga jobb har misslyckats/);
    assert.equal((await foreignAdmin.post(jobsUrl(other, `/${jobId}/forsok-igen`))).statusCode, 404);
    assert.equal((await foreignAdmin.post(jobsUrl(other, '/abc/forsok-igen'))).statusCode, 404);
    const job = await t.database.db
      .selectFrom('job')
      .selectAll()
      .where('id', '=', jobId)
      .executeTakeFirstOrThrow();
    assert.ok(job.deadAt, 'the job is still dead');
    assert.equal(job.attempts, 1);
  });
});
