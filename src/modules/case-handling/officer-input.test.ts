/**
 * The back office's input goes through schemas (issue #9, officer-input.ts): a malformed reference
 * or id is not found, junk in the queue's query is ignored (never a 500), a form in a shape no page
 * sends is the friendly error page, and what an officer types is still refused next to the field.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Tenant } from '../../platform/tenancy/tenant-service.ts';
import { createTestApp, type TestApp } from '../../test-support/app.ts';
import { type FormValues, type TestClient, TINY_PNG } from '../../test-support/client.ts';
import { reportViaWeb } from '../../test-support/fault-reports.ts';
import {
  caseHandlingScene,
  JOHAN,
  PETER,
  staffClient,
  submitSchoolTransport,
} from '../../test-support/staff.ts';

let t: TestApp;
before(async () => {
  t = await createTestApp();
});
after(() => t?.close());

// 36 characters, the length of a UUID, but not one.
const NOT_A_UUID = 'zzzzzzzz-zzzz-zzzz-zzzz-zzzzzzzzzzzz';

const caseUrl = (tenant: { slug: string }, reference: string) =>
  `/${tenant.slug}/handlaggning/arenden/${reference}`;

function assertFriendlyPage(
  response: { statusCode: number; headers: Record<string, unknown> },
  status: number,
) {
  assert.equal(response.statusCode, status);
  assert.match(String(response.headers['content-type']), /^text\/html/);
}

async function caseRow(reference: string) {
  return t.database.db
    .selectFrom('case')
    .selectAll()
    .where('reference', '=', reference)
    .executeTakeFirstOrThrow();
}

async function eventTypes(reference: string): Promise<string[]> {
  const rows = await t.database.db
    .selectFrom('caseEvent')
    .innerJoin('case', 'case.id', 'caseEvent.caseId')
    .select('caseEvent.type')
    .where('case.reference', '=', reference)
    .orderBy('caseEvent.id')
    .execute();
  return rows.map((row) => row.type);
}

/** A fault report with a photo whose name is not plain ASCII; its reference. */
async function submitFaultReportWithPhoto(client: TestClient, tenant: Tenant, filename: string) {
  const report = { description: 'Lyktan är trasig', address: 'Storgatan 12', photo: filename };
  return (await reportViaWeb(client, tenant, report)).reference;
}

describe('back-office input', () => {
  test('a malformed tenant, reference or attachment id is not found (404 page), for pages and actions', async () => {
    const { tenant, karin, anna } = await caseHandlingScene(t);
    const reference = await submitSchoolTransport(anna, tenant);
    for (const url of [
      `/Inte_En_Kommun/handlaggning/`,
      caseUrl(tenant, encodeURIComponent(`${reference}' OR 1=1`)),
      caseUrl(tenant, 'A'.repeat(41)),
      caseUrl(tenant, encodeURIComponent('EXS 2026')),
      `${caseUrl(tenant, reference)}/bilagor/${NOT_A_UUID}`,
      `${caseUrl(tenant, reference)}/bilagor/urn:uuid:00000000-0000-4000-8000-000000000000`,
      `${caseUrl(tenant, reference)}/bilagor/00000000-0000-4000-8000-000000000000`,
    ]) {
      const response = await karin.get(url);
      assertFriendlyPage(response, 404);
      assert.match(response.body, /<h1>/, url);
    }
    for (const action of ['ta', 'slapp', 'anteckning', 'status']) {
      const response = await karin.post(`${caseUrl(tenant, encodeURIComponent(`${reference}'`))}/${action}`, {
        note: 'x',
        status: 'inProgress',
      });
      assertFriendlyPage(response, 404);
    }
    assert.deepEqual(await eventTypes(reference), ['submitted'], 'nothing happened to the real case');
  });

  test('junk in the queue’s query is ignored (200, every case listed), never a 500', async () => {
    const { tenant, karin, anna } = await caseHandlingScene(t);
    const reference = await submitSchoolTransport(anna, tenant);
    const junk = new URLSearchParams({
      status: '<script>alert(1)</script>',
      tjanst: NOT_A_UUID,
      kanal: 'fax',
      tilldelad: 'alla',
      forsenade: 'kanske',
      avslutade: 'nej',
      fran: '2026-13-45',
      till: 'igår',
      sortering: 'slumpvis',
      efter: '!!!inte-en-markör',
      okand: 'parameter',
    });
    const page = await karin.get(`/${tenant.slug}/handlaggning/?${junk}`);
    assert.equal(page.statusCode, 200);
    assert.match(page.body, new RegExp(reference), 'the ignored filters hide nothing');
    assert.doesNotMatch(page.body, /<script>alert/);
    for (const query of [
      `sok=${encodeURIComponent('&|!:*()<>"\'\\')}`,
      `sok=${'x'.repeat(5000)}`,
      `efter=${'A'.repeat(500)}`,
      `efter=${Buffer.from(`not-a-date|${NOT_A_UUID}`).toString('base64url')}`,
    ]) {
      const response = await karin.get(`/${tenant.slug}/handlaggning/?${query}`);
      assert.equal(response.statusCode, 200, query.slice(0, 40));
    }
    // The case page's confirmation key is looked up among its own keys only.
    for (const klart of ['constructor', '__proto__', 'toString', 'okand']) {
      const response = await karin.get(`${caseUrl(tenant, reference)}?klart=${klart}`);
      assert.equal(response.statusCode, 200, klart);
      assert.doesNotMatch(response.body, /role="status"[^>]*>\s*<\/|function /, klart);
    }
  });

  test('a filter given twice (no form sends that) is the friendly page, not JSON', async () => {
    const { tenant, karin } = await caseHandlingScene(t);
    const response = await karin.get(`/${tenant.slug}/handlaggning/?kanal=web&kanal=sensor`);
    assertFriendlyPage(response, 400);
    assert.match(response.body, /Uppgifterna kunde inte tas emot/);
  });

  test('an action’s form in a shape no page sends is the friendly page, and nothing changes', async () => {
    const { tenant, karin, anna } = await caseHandlingScene(t);
    const reference = await submitSchoolTransport(anna, tenant);
    await karin.post(`${caseUrl(tenant, reference)}/ta`);
    const before = await eventTypes(reference);
    for (const [action, form] of [
      ['anteckning', { note: ['En anteckning', 'En till'] }],
      ['status', { status: ['inProgress', 'decided'] }],
      ['status', { status: 'inProgress', message: ['a', 'b'] }],
      ['tilldela', { staffId: [karin.actor.staffId ?? '', karin.actor.staffId ?? ''] }],
      ['komplettering', { steps: 'need', message: ['a', 'b'] }],
    ] as [string, FormValues][]) {
      const response = await karin.post(`${caseUrl(tenant, reference)}/${action}`, form);
      assertFriendlyPage(response, 400);
      assert.match(response.body, /Uppgifterna kunde inte tas emot/, action);
    }
    assert.deepEqual(await eventTypes(reference), before);
    assert.equal((await caseRow(reference)).status, 'received');
  });

  test('what an officer types is still refused next to the field and in the summary, in Swedish', async () => {
    const { tenant, units, karin, anna } = await caseHandlingScene(t);
    const johan = await staffClient(t, tenant, JOHAN, 'unitLead', [units.school]);
    const reference = await submitSchoolTransport(anna, tenant);
    await karin.post(`${caseUrl(tenant, reference)}/ta`);
    const emptyNote = await karin.post(`${caseUrl(tenant, reference)}/anteckning`, { note: '   ' });
    assert.equal(emptyNote.statusCode, 400);
    assert.match(emptyNote.body, /class="error-summary"/);
    assert.equal(emptyNote.body.match(/Skriv en anteckning/g)?.length, 2, 'in the summary and at the field');
    assert.match(emptyNote.body, /<h1>Ärende /, 'the case page, not an error page');
    const noStatus = await karin.post(`${caseUrl(tenant, reference)}/status`, { message: 'Hej' });
    assert.equal(noStatus.statusCode, 400);
    assert.equal(noStatus.body.match(/Välj en status som ärendet kan gå till härifrån/g)?.length, 2);
    const nobody = await johan.post(`${caseUrl(tenant, reference)}/tilldela`, { staffId: NOT_A_UUID });
    assert.equal(nobody.statusCode, 400);
    assert.match(nobody.body, /Välj någon som tillhör enheten/);
    assert.deepEqual(await eventTypes(reference), ['submitted', 'assigned']);
  });

  test('an attachment downloads with the shared download headers (a non-ASCII name survives)', async () => {
    const { tenant, units, anna } = await caseHandlingScene(t);
    const peter = await staffClient(t, tenant, PETER, 'officer', [units.streets]);
    const reference = await submitFaultReportWithPhoto(anna, tenant, 'Gatlykta – natt.png');
    const page = await peter.get(caseUrl(tenant, reference));
    const link = new RegExp(`href="(${caseUrl(tenant, reference)}/bilagor/[0-9a-f-]{36})"`).exec(
      page.body,
    )?.[1];
    assert.ok(link, 'the case page links the photo');
    const file = await peter.get(link);
    assert.equal(file.statusCode, 200);
    assert.equal(file.headers['content-type'], 'image/png');
    assert.equal(
      file.headers['content-disposition'],
      `attachment; filename="Gatlykta _ natt.png"; filename*=UTF-8''${encodeURIComponent('Gatlykta – natt.png')}`,
    );
    assert.deepEqual(file.rawPayload, TINY_PNG);
  });
});
