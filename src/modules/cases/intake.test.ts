/**
 * One intake for every channel (issue #9): a case opened through each channel is on the resident's
 * My Pages (where there is a resident) and in the officers' queue with its channel, and the queue
 * filters by channel.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createTestApp, type TestApp } from '../../test-support/app.ts';
import { ANNA, createTestTenant, ERIK, OMAR, residentClient } from '../../test-support/fixtures.ts';
import {
  createTestUnits,
  KARIN,
  LENA,
  staffClient,
  submitSchoolTransport,
} from '../../test-support/staff.ts';

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
    const { answers } = await t.database.db
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
