/**
 * One intake for every channel (issue #9): a case opened through each channel is on the resident's
 * My Pages (where there is a resident) and in the officers' queue with its channel, and the queue
 * filters by channel. Also: the web submit keeps its one-statement fast path (decision 0005) and
 * writes exactly what the intake writes for the channel `web`; a submission's case, first history
 * event and outbox entry are written in one statement (issue #4), with the reference as
 * formatCaseReference writes it, also past six digits, and the internal note's limit of 10 000
 * characters; and bad input to the intake (failing answers, an unknown or retired version, a channel
 * the service does not accept, attachments of another case or draft) is refused with a stable code
 * (and the resident's own field errors), with nothing written.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { sql } from 'kysely';
import { readDemoDefinition } from '../../cli/seed.ts';
import { AppError, problemFor } from '../../platform/errors.ts';
import type { Tenant } from '../../platform/tenancy/tenant-service.ts';
import { createTestApp, type TestApp } from '../../test-support/app.ts';
import type { TestClient } from '../../test-support/client.ts';
import { fillFaultReport } from '../../test-support/fault-reports.ts';
import { ANNA, createTestTenant, ERIK, OMAR, residentClient } from '../../test-support/fixtures.ts';
import {
  caseHandlingScene,
  createTestUnits,
  KARIN,
  LENA,
  staffClient,
  submitSchoolTransport,
} from '../../test-support/staff.ts';
import type { Answers, FileRef } from '../forms/definition.ts';
import { formatCaseReference, swedishYear } from './model.ts';
import type { OpenCaseInput } from './service.ts';

let t: TestApp;
before(async () => {
  t = await createTestApp();
});
after(() => t.close());

const STREET_LIGHT = {
  category: 'street-lighting',
  description: 'Lampan är släckt',
  location: { address: 'Storgatan 3' },
  wantsContact: false,
};

async function liveVersionId(tenantId: string, slug: string): Promise<string> {
  return (await t.app.services.catalogue.liveService(tenantId, slug)).version.id;
}

/** The queue row of a case as the officer sees it, or undefined when it is not on the page. */
function queueRow(html: string, reference: string): string | undefined {
  return html.match(/<tr[^>]*>[\s\S]*?<\/tr>/g)?.find((row) => row.includes(reference));
}

describe('intake from every channel', () => {
  test('each channel opens a case: on My Pages where there is a resident, in the queue with its channel', async () => {
    const tenant = await createTestTenant(t, ['skolskjuts', 'felanmalan']);
    const units = await createTestUnits(t, tenant);
    const karin = await staffClient(t, tenant, KARIN, 'officer', [units.school]);
    const lena = await staffClient(t, tenant, LENA, 'officer', [units.streets]);
    const cases = t.app.services.cases;
    const school = await liveVersionId(tenant.id, 'skolskjuts');
    const faults = await liveVersionId(tenant.id, 'felanmalan');

    const anna = await residentClient(t, ANNA);
    const web = await submitSchoolTransport(anna, tenant);
    // Read as the application reads (sealed answers opened; decision 0034), not raw.
    const { answers } = await t.app.services.db
      .selectFrom('case')
      .select('answers')
      .where('reference', '=', web)
      .executeTakeFirstOrThrow();

    // Erik phones the customer centre; he has never logged in, so the intake creates him.
    const phone = await cases.openCase({
      tenant,
      serviceVersionId: school,
      answers,
      applicant: { kind: 'person', ...ERIK },
      channel: { channel: 'customerCentre', detail: 'phone' },
      registeredBy: { kind: 'staff', id: karin.actor.staffId, label: 'Karin Berg' },
    });
    const api = await cases.openCase({
      tenant,
      serviceVersionId: school,
      answers,
      applicant: { kind: 'person', ...OMAR },
      channel: { channel: 'api' },
      registeredBy: { kind: 'apiClient', id: 'elevregistret', label: 'Elevregistret' },
    });
    const app311 = await cases.openCase({
      tenant,
      serviceVersionId: faults,
      answers: STREET_LIGHT,
      applicant: { kind: 'anonymous', contact: { email: 'rapport@example.se' } },
      channel: { channel: 'open311' },
      registeredBy: { kind: 'apiClient', id: 'felanmalningsappen', label: 'Felanmälningsappen' },
    });
    const sensor = await cases.openCase({
      tenant,
      serviceVersionId: faults,
      answers: STREET_LIGHT,
      applicant: { kind: 'anonymous' },
      channel: { channel: 'sensor' },
      registeredBy: { kind: 'device', id: 'lamp-17', label: 'Ljussensor 17' },
    });
    const letter = await cases.openCase({
      tenant,
      serviceVersionId: faults,
      answers: STREET_LIGHT,
      applicant: { kind: 'organisation', organisationNumber: '556036-0793', name: 'Fastighets AB Exempel' },
      channel: { channel: 'customerCentre', detail: 'letter' },
      registeredBy: { kind: 'staff', id: lena.actor.staffId, label: 'Lena Strand' },
    });

    // My Pages, where there is a resident.
    for (const [client, reference, text] of [
      [anna, web, /e-tjänsten på webben, registrerat av Anna Andersson/],
      [await residentClient(t, ERIK), phone.reference, /kundcenter \(telefon\), registrerat av Karin Berg/],
      [
        await residentClient(t, OMAR),
        api.reference,
        /ett verksamhetssystem \(API\), registrerat av Elevregistret/,
      ],
    ] as const) {
      const list = await client.get('/mina-sidor');
      assert.match(list.body, new RegExp(reference), `${reference} on My Pages`);
      const page = await client.get(`/mina-sidor/arenden/${reference}`);
      assert.equal(page.statusCode, 200);
      assert.match(page.body, /Inkom via/);
      assert.match(page.body, text);
    }

    // The officers' queues, with each case's channel.
    const schoolQueue = (await karin.get(`/${tenant.slug}/handlaggning/`)).body;
    assert.match(queueRow(schoolQueue, web) ?? '', /<td>Webb<\/td>/);
    assert.match(queueRow(schoolQueue, phone.reference) ?? '', /<td>Kundcenter<\/td>/);
    assert.match(queueRow(schoolQueue, api.reference) ?? '', /<td>API<\/td>/);
    const streetQueue = (await lena.get(`/${tenant.slug}/handlaggning/`)).body;
    assert.match(queueRow(streetQueue, app311.reference) ?? '', /<td>Open311<\/td>/);
    assert.match(queueRow(streetQueue, sensor.reference) ?? '', /<td>Sensor<\/td>/);
    assert.match(queueRow(streetQueue, letter.reference) ?? '', /Fastighets AB Exempel/);

    // The filter by channel.
    const onlyCentre = (await karin.get(`/${tenant.slug}/handlaggning/?kanal=customerCentre`)).body;
    assert.ok(queueRow(onlyCentre, phone.reference));
    assert.equal(queueRow(onlyCentre, web), undefined);
    assert.equal(queueRow(onlyCentre, api.reference), undefined);
    const onlySensor = (await lena.get(`/${tenant.slug}/handlaggning/?kanal=sensor`)).body;
    assert.ok(queueRow(onlySensor, sensor.reference));
    assert.equal(queueRow(onlySensor, app311.reference), undefined);
    assert.match(onlySensor, /<option value="sensor" selected/);

    // The officer's case page says how it came in and who registered it.
    const casePage = (await lena.get(`/${tenant.slug}/handlaggning/arenden/${letter.reference}`)).body;
    assert.match(casePage, /kundcenter \(brev\)/);
    assert.match(casePage, /Lena Strand/);
    assert.match(casePage, /556036-0793/);
    const sensorPage = (await lena.get(`/${tenant.slug}/handlaggning/arenden/${sensor.reference}`)).body;
    assert.match(sensorPage, /en sensor/);
    assert.match(sensorPage, /Ljussensor 17/);
  });

  test('the queue pages by keyset within a channel', async () => {
    const tenant = await createTestTenant(t, ['felanmalan']);
    const units = await createTestUnits(t, tenant);
    const lena = await staffClient(t, tenant, LENA, 'officer', [units.streets]);
    const faults = await liveVersionId(tenant.id, 'felanmalan');
    for (let index = 0; index < 39; index += 1) {
      const channel = index % 3 === 0 ? 'open311' : 'sensor';
      await t.app.services.cases.openCase({
        tenant,
        serviceVersionId: faults,
        answers: STREET_LIGHT,
        applicant: { kind: 'anonymous' },
        channel: { channel },
        registeredBy: { kind: 'device', id: `lamp-${index}` },
      });
    }
    // Oldest first, ties broken by id, as the queue's keyset orders them.
    const references = (
      await t.database.db
        .selectFrom('case')
        .select('reference')
        .where('tenantId', '=', tenant.id)
        .where('channel', '=', 'sensor')
        .orderBy('submittedAt')
        .orderBy('id')
        .execute()
    ).map((row) => row.reference);
    const seen: string[] = [];
    let url: string | undefined = `/${tenant.slug}/handlaggning/?kanal=sensor&sortering=aldst`;
    let pages = 0;
    while (url) {
      pages += 1;
      const html: string = (await lena.get(url)).body;
      seen.push(...[...html.matchAll(/arenden\/([A-Z]+-\d{4}-\d{6})"/g)].map((match) => match[1] as string));
      const next: string | undefined = /href="([^"]+)"[^>]*>Nästa sida/.exec(html)?.[1];
      url = next?.replaceAll('&amp;', '&');
    }
    assert.equal(pages, 2);
    assert.equal(references.length, 26, 'more sensor cases than one page holds');
    assert.deepEqual(seen, references, 'every sensor case once, oldest first, over two pages');
  });
});

/** A fault report with a photo, every step answered; the draft's id. */
async function fillFaultReportWithPhoto(
  client: TestClient,
  tenant: Tenant,
): Promise<{ base: string; draftId: string }> {
  const { base, refused } = await fillFaultReport(client, tenant, {
    description: 'Lampan blinkar',
    email: 'anna@example.se',
    photo: 'lampa.png',
  });
  assert.equal(refused, undefined);
  return { base, draftId: base.split('/').pop() as string };
}

/** What a case wrote, without what differs by nature between two cases (ids, reference, times). */
async function writtenRows(caseId: string) {
  const db = t.database.db;
  const row = await db.selectFrom('case').selectAll().where('id', '=', caseId).executeTakeFirstOrThrow();
  const { id, reference, draftId, submittedAt, updatedAt, statusChangedAt, dueAt, search, answers, ...rest } =
    row as typeof row & { search: unknown };
  assert.ok(id && reference && draftId && search && updatedAt && statusChangedAt);
  const photos = (answers.photos as { attachmentId: string }[]).map(({ attachmentId, ...file }) => file);
  const events = await db
    .selectFrom('caseEvent')
    .select(['type', 'actor', 'data', 'visibility'])
    .where('caseId', '=', caseId)
    .execute();
  const outbox = await db
    .selectFrom('outbox')
    .select(['topic', 'payload'])
    .where(sql<boolean>`payload ->> 'caseId' = ${caseId}`)
    .execute();
  const files = await db
    .selectFrom('attachment')
    .select(['fieldId', 'filename', 'contentType', 'sizeBytes', 'tenantId'])
    .where('caseId', '=', caseId)
    .execute();
  const draft = await db
    .selectFrom('draft')
    .select(['status', 'caseId'])
    .where('id', '=', draftId as string)
    .executeTakeFirstOrThrow();
  return {
    case: { ...rest, answers: { ...answers, photos }, dueAfterMs: Number(dueAt) - Number(submittedAt) },
    events: events.map((event) => ({
      ...event,
      data: { ...event.data, reference: event.data.reference === reference },
    })),
    outbox: outbox.map(({ topic, payload }) => ({
      topic,
      payload: { ...payload, caseId: true, reference: true },
    })),
    files,
    draft: { status: draft.status, boundToCase: draft.caseId === caseId },
  };
}

describe('intake through the web channel', () => {
  test('writes the same case, event, outbox entry and attachment binding as the web submit', async () => {
    const tenant = await createTestTenant(t, ['felanmalan']);
    await createTestUnits(t, tenant);
    const anna = await residentClient(t, ANNA);
    const db = t.database.db;

    const submitted = await fillFaultReportWithPhoto(anna, tenant);
    assert.equal((await anna.post(`${submitted.base}/skicka`)).statusCode, 303);
    const webCase = await db
      .selectFrom('case')
      .select('id')
      .where('draftId', '=', submitted.draftId)
      .executeTakeFirstOrThrow();

    const other = await fillFaultReportWithPhoto(anna, tenant);
    const draft = await db
      .selectFrom('draft')
      .select(['serviceVersionId', 'answers'])
      .where('id', '=', other.draftId)
      .executeTakeFirstOrThrow();
    const photo = (draft.answers.photos as { attachmentId: string }[])[0]?.attachmentId as string;
    const opened = await t.app.services.cases.openCase({
      tenant,
      serviceVersionId: draft.serviceVersionId,
      answers: draft.answers,
      applicant: { kind: 'person', ...ANNA },
      channel: { channel: 'web' },
      registeredBy: { kind: 'resident', id: anna.personId },
      attachmentIds: [photo],
      draftId: other.draftId,
    });

    const web = await writtenRows(webCase.id);
    const intake = await writtenRows(opened.id);
    assert.deepEqual(intake, web);
    // The comparison is not vacuous: the rows say what both paths must write.
    assert.equal(web.case.channel, 'web');
    assert.equal(web.case.registeredByKind, 'resident');
    assert.equal(web.case.registeredById, anna.personId);
    assert.equal(web.case.registeredByLabel, 'Anna Andersson');
    assert.equal(web.case.applicantKind, 'person');
    assert.equal(web.events.length, 1);
    assert.equal(web.outbox.length, 1);
    assert.equal(web.files.length, 1);
    assert.deepEqual(web.draft, { status: 'submitted', boundToCase: true });
  });
});

const PARENT = { personalIdentityNumber: '198501012382', givenName: 'Anna', familyName: 'Andersson' };

async function notes(reference: string): Promise<string[]> {
  const rows = await t.database.db
    .selectFrom('caseEvent')
    .innerJoin('case', 'case.id', 'caseEvent.caseId')
    .select('caseEvent.data')
    .where('case.reference', '=', reference)
    .where('caseEvent.type', '=', 'note')
    .execute();
  return rows.map((row) => String((row.data as { text?: string }).text));
}

describe('what a submission writes, and the internal note’s limit', () => {
  describe('submitted case', () => {
    test('writes the case, its history event and its outbox entry with the reference', async () => {
      const tenant = await createTestTenant(t, ['skolskjuts']);
      const units = await createTestUnits(t, tenant);
      const anna = await residentClient(t, PARENT);
      const reference = await submitSchoolTransport(anna, tenant);
      const year = swedishYear(new Date());
      assert.equal(reference, formatCaseReference(tenant.referencePrefix, year, 1));
      const db = t.database.db;
      const row = await db
        .selectFrom('case')
        .select([
          'id',
          'applicantPersonId',
          'applicantName',
          'unitId',
          'status',
          'statusCategory',
          'dueAt',
          'submittedAt',
        ])
        .where('reference', '=', reference)
        .executeTakeFirstOrThrow();
      assert.equal(row.applicantName, 'Anna Andersson');
      assert.equal(row.unitId, units.school);
      assert.deepEqual([row.status, row.statusCategory], ['received', 'received']);
      assert.equal(
        row.dueAt?.getTime(),
        row.submittedAt.getTime() + 5 * 86_400_000,
        'target days of "received"',
      );
      const events = await db
        .selectFrom('caseEvent')
        .select(['type', 'actor', 'data', 'visibility'])
        .where('caseId', '=', row.id)
        .execute();
      assert.deepEqual(events, [
        {
          type: 'submitted',
          actor: { kind: 'resident', personId: row.applicantPersonId, name: 'Anna Andersson' },
          data: { reference },
          visibility: 'resident',
        },
      ]);
      const outbox = await db
        .selectFrom('outbox')
        .select(['topic', 'payload', 'caseId'])
        .where('topic', '=', 'case.submitted')
        .where(sql<boolean>`payload ->> 'caseId' = ${row.id}`)
        .execute();
      assert.deepEqual(outbox, [
        {
          topic: 'case.submitted',
          payload: { caseId: row.id, reference, personId: row.applicantPersonId },
          caseId: row.id,
        },
      ]);
      const draft = await db
        .selectFrom('draft')
        .select(['status', 'caseId'])
        .where('caseId', '=', row.id)
        .executeTakeFirstOrThrow();
      assert.equal(draft.status, 'submitted');
    });

    test('numbers past six digits the way formatCaseReference does', async () => {
      const tenant = await createTestTenant(t, ['skolskjuts']);
      const year = swedishYear(new Date());
      await t.database.db
        .insertInto('caseReferenceCounter')
        .values({ tenantId: tenant.id, year, lastValue: 999_999 })
        .execute();
      const anna = await residentClient(t, PARENT);
      await submitSchoolTransport(anna, tenant);
      const { reference } = await t.database.db
        .selectFrom('case')
        .select('reference')
        .where('tenantId', '=', tenant.id)
        .executeTakeFirstOrThrow();
      assert.equal(reference, formatCaseReference(tenant.referencePrefix, year, 1_000_000));
      assert.match(reference, /-1000000$/);
    });
  });

  describe('the internal note’s limit', () => {
    test('a note over 10 000 characters is refused with a Swedish field error and summary; 10 000 are kept whole', async () => {
      const { tenant, karin, anna } = await caseHandlingScene(t);
      const reference = await submitSchoolTransport(anna, tenant);
      const notePath = `/${tenant.slug}/handlaggning/arenden/${reference}/anteckning`;
      const refused = await karin.post(notePath, { note: 'å'.repeat(10_001) });
      assert.equal(refused.statusCode, 400);
      assert.match(refused.body, /class="error-summary"/);
      assert.equal(
        refused.body.match(/Anteckningen får vara högst 10 000 tecken/g)?.length,
        2,
        'summary and field',
      );
      assert.deepEqual(await notes(reference), []);

      const kept = await karin.post(notePath, { note: 'å'.repeat(10_000) });
      assert.equal(kept.statusCode, 303);
      assert.deepEqual(await notes(reference), ['å'.repeat(10_000)]);
    });
  });
});

/** Every row an intake could write, counted for the tenant (persons across the installation). */
async function rowCounts(tenantId: string) {
  const { rows } = await sql<Record<string, string>>`select
      (select count(*) from "case" where tenant_id = ${tenantId}) as cases,
      (select count(*) from case_event where tenant_id = ${tenantId}) as events,
      (select count(*) from outbox where tenant_id = ${tenantId}) as outbox,
      (select coalesce(sum(last_value), 0) from case_reference_counter where tenant_id = ${tenantId}) as numbers,
      (select count(*) from attachment where tenant_id = ${tenantId} and case_id is not null) as bound,
      (select count(*) from draft where tenant_id = ${tenantId} and status = 'submitted') as submitted,
      (select count(*) from person) as persons`.execute(t.database.db);
  return rows[0];
}

/** Runs the intake, expecting a refusal with this code; checks that nothing was written. */
async function refused(input: OpenCaseInput, code: string): Promise<AppError> {
  const before = await rowCounts(input.tenant.id);
  const error = await t.app.services.cases.openCase(input).then(
    () => assert.fail('the intake was not refused'),
    (caught: unknown) => caught,
  );
  assert.ok(error instanceof AppError, String(error));
  assert.equal(error.code, code);
  assert.deepEqual(await rowCounts(input.tenant.id), before, 'nothing written');
  return error;
}

async function faultsScene() {
  const tenant = await createTestTenant(t, ['felanmalan']);
  await createTestUnits(t, tenant);
  const live = await t.app.services.catalogue.liveService(tenant.id, 'felanmalan');
  const base: OpenCaseInput = {
    tenant,
    serviceVersionId: live.version.id,
    answers: STREET_LIGHT,
    applicant: { kind: 'anonymous' },
    channel: { channel: 'sensor' },
    registeredBy: { kind: 'device', id: 'lamp-1' },
  };
  return { tenant, live, base };
}

/** A resident's fault-report draft with one uploaded photo; the draft and photo ids. */
async function draftWithPhoto(client: TestClient, tenant: Tenant) {
  const report = {
    category: 'graffiti',
    description: 'Klotter på muren',
    address: 'Muren 1',
    photo: 'klotter.png',
  };
  const { base, refused } = await fillFaultReport(client, tenant, report);
  assert.equal(refused, undefined);
  const draftId = base.split('/').pop() as string;
  const draft = await t.database.db
    .selectFrom('draft')
    .select('answers')
    .where('id', '=', draftId)
    .executeTakeFirstOrThrow();
  const photoId = (draft.answers.photos as { attachmentId: string }[])[0]?.attachmentId as string;
  return { base, draftId, photoId, answers: draft.answers };
}

describe('intake refusals', () => {
  test('failing answers: the resident’s field errors, as a problem with INTAKE_INVALID, nothing written', async () => {
    const { tenant, base } = await faultsScene();
    const answers = {
      category: 'street-lighting',
      description: '',
      location: { address: 'Storgatan 3' },
      wantsContact: true,
      contactMethod: 'email',
      contactEmail: 'inte-en-adress',
    };
    const error = await refused(
      { ...base, answers, applicant: { kind: 'person', ...ERIK }, channel: { channel: 'api' } },
      'INTAKE_INVALID',
    );
    assert.deepEqual(
      error.errors?.map((item) => item.field),
      ['description', 'contactEmail'],
    );
    // The same messages the resident reads next to the fields on the web.
    const anna = await residentClient(t, ANNA);
    await anna.get(`/${tenant.slug}/e-tjanster/felanmalan`);
    const started = await anna.post(`/${tenant.slug}/e-tjanster/felanmalan/starta`);
    const draft = String(started.headers.location).replace(/\/steg\/[^/]+$/, '');
    const what = await anna.post(`${draft}/steg/what`, { category: 'street-lighting', description: '' });
    const contact = await anna.post(`${draft}/steg/contact`, {
      wantsContact: 'yes',
      contactMethod: 'email',
      contactEmail: 'inte-en-adress',
    });
    assert.ok(what.body.includes(error.errors?.[0]?.message ?? '?'), 'description message as on the web');
    assert.ok(contact.body.includes(error.errors?.[1]?.message ?? '?'), 'e-mail message as on the web');
    const problem = problemFor(error.code, error.message, '/api/intake', error.errors);
    assert.equal(problem.status, 422);
    assert.equal(problem.type, 'urn:ingang:problem:intake-invalid');
    assert.deepEqual(problem.errors, error.errors);
  });

  test('an applicant that is not valid is refused with field errors', async () => {
    const { base } = await faultsScene();
    const error = await refused(
      {
        ...base,
        applicant: { kind: 'organisation', organisationNumber: '556036-0794', name: ' ' },
        channel: { channel: 'customerCentre', detail: 'letter' },
        registeredBy: { kind: 'device', id: 'x' },
      },
      'INTAKE_INVALID',
    );
    assert.deepEqual(error.errors?.map((item) => item.field).sort(), [
      'applicant.name',
      'applicant.organisationNumber',
      'registeredBy',
    ]);
  });

  test('a resident registers only their own case, and nothing is written otherwise', async () => {
    const { base } = await faultsScene();
    const anna = await residentClient(t, ANNA);
    const error = await refused(
      {
        ...base,
        applicant: { kind: 'person', ...ERIK },
        channel: { channel: 'web' },
        registeredBy: { kind: 'resident', id: anna.personId },
      },
      'INTAKE_INVALID',
    );
    assert.deepEqual(error.errors, [{ field: 'registeredBy', message: 'registrarNotApplicant' }]);
  });

  test('an unknown version, another tenant’s version and a retired version are refused', async () => {
    const { tenant, live, base } = await faultsScene();
    await refused({ ...base, serviceVersionId: crypto.randomUUID() }, 'SERVICE_NOT_FOUND');
    await refused({ ...base, serviceVersionId: 'not-a-uuid' }, 'SERVICE_NOT_FOUND');
    const other = await faultsScene();
    await refused({ ...base, serviceVersionId: other.live.version.id }, 'SERVICE_NOT_FOUND');
    await t.app.services.catalogue.retire(tenant.id, live.version.id);
    await refused(base, 'SERVICE_VERSION_NOT_LIVE');
  });

  test('a channel the service does not accept is refused; an accepted one opens the case', async () => {
    const { tenant, base } = await faultsScene();
    const definition = readDemoDefinition('felanmalan') as Record<string, unknown>;
    const catalogue = t.app.services.catalogue;
    const restricted = await catalogue.saveDraft(tenant.id, {
      ...definition,
      intake: { channels: ['web', 'open311'] },
    });
    await catalogue.publish(tenant.id, restricted.id, new Date(Date.now() - 1000));
    await assert.rejects(
      catalogue.saveDraft(tenant.id, { ...definition, intake: { channels: ['fax'] } }),
      (error: AppError) => error.code === 'DEFINITION_INVALID',
      'the definition format knows the channels',
    );
    const error = await refused({ ...base, serviceVersionId: restricted.id }, 'CHANNEL_NOT_ACCEPTED');
    assert.equal(error.status, 422);
    const opened = await t.app.services.cases.openCase({
      ...base,
      serviceVersionId: restricted.id,
      channel: { channel: 'open311' },
      registeredBy: { kind: 'apiClient', id: 'app' },
    });
    assert.match(opened.reference, new RegExp(`^${tenant.referencePrefix}-`));
  });

  test('attachments of another case or another draft are refused; the draft stays open', async () => {
    const { tenant, base } = await faultsScene();
    const anna = await residentClient(t, ANNA);
    const submitted = await draftWithPhoto(anna, tenant);
    assert.equal((await anna.post(`${submitted.base}/skicka`)).statusCode, 303);
    const mine = await draftWithPhoto(anna, tenant);
    const other = await draftWithPhoto(anna, tenant);
    const own = {
      ...base,
      answers: mine.answers,
      applicant: { kind: 'person' as const, ...ANNA },
      channel: { channel: 'web' as const },
      registeredBy: { kind: 'resident' as const, id: anna.personId },
      draftId: mine.draftId,
    };
    const answersNaming = (photoId: string): Answers => ({
      ...mine.answers,
      photos: [{ ...(mine.answers.photos as FileRef[])[0], attachmentId: photoId } as FileRef],
    });
    for (const photoId of [submitted.photoId, other.photoId]) {
      const error = await refused(
        { ...own, answers: answersNaming(photoId), attachmentIds: [photoId] },
        'INTAKE_INVALID',
      );
      assert.deepEqual(error.errors, [{ field: 'attachments', message: 'attachmentNotAvailable' }]);
    }
    // A file the answers name must be handed in with the intake.
    await refused({ ...own, attachmentIds: [] }, 'INTAKE_INVALID');
    // Its own draft's photo is accepted, and the draft is closed with the case.
    const opened = await t.app.services.cases.openCase({ ...own, attachmentIds: [mine.photoId] });
    const photo = await t.database.db
      .selectFrom('attachment')
      .select('caseId')
      .where('id', '=', mine.photoId)
      .executeTakeFirstOrThrow();
    assert.equal(photo.caseId, opened.id);
  });
});
