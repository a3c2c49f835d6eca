/**
 * Bad input to the intake (issue #9): failing answers, an unknown or retired version, a channel the
 * service does not accept, or attachments of another case or draft are refused with a stable code
 * (and the resident's own field errors), and nothing is written.
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
import { ANNA, createTestTenant, ERIK, residentClient } from '../../test-support/fixtures.ts';
import { createTestUnits } from '../../test-support/staff.ts';
import type { Answers, FileRef } from '../forms/definition.ts';
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
