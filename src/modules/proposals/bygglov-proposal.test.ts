/**
 * Bygglov for a garage in the demo's Grannby (issue #10, decision 0014): the form's new questions
 * are validated in Swedish, a submitted application gets a stored, explained proposal, and the
 * officer reads it on the case page as an assessment to handle, with nothing to approve.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { seedDemo } from '../../cli/seed.ts';
import type { Tenant } from '../../platform/tenancy/tenant-service.ts';
import { createTestApp, type TestApp } from '../../test-support/app.ts';
import { type FormValues, type TestClient, TINY_PNG } from '../../test-support/client.ts';
import { ANNA, residentClient } from '../../test-support/fixtures.ts';
import { proposalsOf, runJobs } from '../../test-support/proposals.ts';
import { MATS, staffClient } from '../../test-support/staff.ts';

let t: TestApp;
let grannby: Tenant;
before(async () => {
  t = await createTestApp();
  await seedDemo(t.app.services);
  grannby = await t.app.services.tenants.bySlug('grannby');
});
after(() => t.close());

const property: FormValues = {
  propertyDesignation: 'Björken 4:12',
  'propertyAddress.street': 'Björkvägen 12',
  'propertyAddress.postalCode': '987 65',
  'propertyAddress.city': 'Grannby',
  detailPlan: 'inside',
  hasOneOrTwoDwellingHouse: 'yes',
  isPropertyOwner: 'yes',
};

const building: FormValues = {
  buildingType: 'garage',
  areaM2: '35',
  heightM: '3,5',
  distanceToBoundaryM: '6',
  neighboursApproved: 'no',
  buildingDescription: 'Röda träväggar och svart plåttak',
};

/** Starts the application in Grannby; resolves to the draft's base URL. */
async function start(client: TestClient): Promise<string> {
  await client.get('/grannby/e-tjanster/bygglov-garage');
  const started = await client.post('/grannby/e-tjanster/bygglov-garage/starta');
  assert.equal(started.statusCode, 303);
  return String(started.headers.location).replace(/\/steg\/[^/]+$/, '');
}

async function step(client: TestClient, base: string, id: string, answers: FormValues) {
  const response = await client.post(`${base}/steg/${id}`, answers);
  assert.equal(response.statusCode, 303, `step ${id}: ${response.body.slice(0, 400)}`);
}

/** Files a complete application with the building's answers changed by `changes`; its reference. */
async function submitBygglov(client: TestClient, changes: FormValues = {}): Promise<string> {
  const base = await start(client);
  await step(client, base, 'property', property);
  await step(client, base, 'building', { ...building, ...changes });
  await client.get(`${base}/steg/documents`);
  const documents = await client.postMultipart(`${base}/steg/documents`, {}, [
    { field: 'sitePlan', filename: 'situationsplan.png', contentType: 'image/png', content: TINY_PNG },
  ]);
  assert.equal(documents.statusCode, 303, documents.body.slice(0, 400));
  await step(client, base, 'contact', {
    email: 'anna@example.se',
    phone: '070-123 45 67',
    'postalAddress.street': 'Storgatan 1',
    'postalAddress.postalCode': '123 45',
    'postalAddress.city': 'Exempelstad',
  });
  assert.equal((await client.post(`${base}/skicka`)).statusCode, 303);
  const reference = /(GRB-\d{4}-\d{6})/.exec((await client.get(`${base}/kvitto`)).body)?.[1];
  assert.ok(reference, 'a Grannby reference on the receipt');
  return reference;
}

describe('bygglov for a garage in Grannby', () => {
  test('the new questions are required and the measurements checked, in Swedish', async () => {
    const anna = await residentClient(t, ANNA);
    const base = await start(anna);
    const refusedProperty = await anna.post(`${base}/steg/property`, {
      ...property,
      detailPlan: '',
      hasOneOrTwoDwellingHouse: '',
    });
    assert.notEqual(refusedProperty.statusCode, 303);
    assert.match(refusedProperty.body, /Välj om fastigheten ligger inom ett område med detaljplan/);
    assert.match(refusedProperty.body, /Svara om det finns ett en- eller tvåbostadshus på fastigheten/);
    await step(anna, base, 'property', property);
    const refusedBuilding = await anna.post(`${base}/steg/building`, {
      ...building,
      areaM2: '250',
      heightM: '',
      distanceToBoundaryM: 'nära',
    });
    assert.notEqual(refusedBuilding.statusCode, 303);
    assert.match(refusedBuilding.body, /Byggnadsarea måste vara mellan 1 m² och 200 m²/);
    assert.match(refusedBuilding.body, /Ange byggnadens höjd/);
    assert.match(refusedBuilding.body, /Kortaste avstånd till tomtgränsen måste vara ett tal/);
  });

  test('a submitted application gets a stored proposal that explains itself', async () => {
    const anna = await residentClient(t, ANNA);
    const large = await submitBygglov(anna);
    const small = await submitBygglov(anna, {
      areaM2: '24',
      distanceToBoundaryM: '2',
      neighboursApproved: 'yes',
    });
    await runJobs(t, grannby);

    const [permit, more] = await proposalsOf(t, large);
    assert.ok(permit && !more, 'one proposal');
    assert.equal(permit.visibility, 'internal');
    assert.equal(permit.proposal.value, 'bygglov krävs');
    assert.equal(permit.proposal.outcome, 'manual');
    assert.equal(permit.proposal.error, null);
    assert.match(
      permit.proposal.explanation?.sv ?? '',
      /Byggnadsarean 35 m² är större än 30 m², som är gränsen för en komplementbyggnad utan bygglov\..*Därför krävs bygglov/,
    );
    assert.equal(permit.proposal.inputs.höjd, 3.5);
    assert.equal(permit.proposal.ruleVersion.decision, 'Bygglovsprövning');

    const [notification] = await proposalsOf(t, small);
    assert.equal(notification?.proposal.value, 'anmälan räcker');
    assert.match(
      notification?.proposal.explanation?.sv ?? '',
      /Byggnaden hamnar 2 m från tomtgränsen, närmare än 4,5 m, men grannarna har godkänt bygget\. Därför räcker en anmälan/,
    );

    // The officer of Samhällsbyggnad reads the assessment; there is nothing to approve in one step.
    const unit = await t.app.services.organisation.ensureUnit(grannby.id, 'Samhällsbyggnad');
    const mats = await staffClient(t, grannby, MATS, 'officer', [unit]);
    const page = await mats.get(`/grannby/handlaggning/arenden/${large}`);
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /Beslutsförslag/);
    assert.match(page.body, /Manuell handläggning – en handläggare bedömer ärendet/);
    assert.match(page.body, /Byggnadsarean 35 m² är större än 30 m²/);
    assert.match(page.body, /bygglov krävs/);
    assert.doesNotMatch(page.body, /Godkänn förslaget/);
  });
});
