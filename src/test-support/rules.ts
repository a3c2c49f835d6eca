/** Test helpers for the decision rules pages (issue #10): the demo's model and variants of it. */
import fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import { readDemoDefinition } from '../cli/seed.ts';
import type { ServiceDefinition } from '../modules/forms/definition.ts';
import type { Tenant } from '../platform/tenancy/tenant-service.ts';
import type { TestClient } from './client.ts';

/** The demo skolskjuts model as stored (the seed inlines the .dmn file). */
export function demoSchoolModel(): string {
  const definition = readDemoDefinition('skolskjuts') as ServiceDefinition;
  const model = definition.decisionSupport?.model;
  if (!model) throw new Error('the demo skolskjuts has no decision model');
  return model;
}

/** The demo model with the distance limit of grades 4–6 raised from 3 km to `km`. */
export function schoolModelWithLimit46(km: number): string {
  const model = demoSchoolModel();
  const changed = model.replace(
    /(<rule id="grans46">[\s\S]*?<outputEntry><text>)3(<\/text><\/outputEntry>)/,
    `$1${km}$2`,
  );
  if (changed === model) throw new Error('the 4–6 limit was not found in the demo model');
  return changed;
}

/**
 * A model with two errors: a FEEL syntax error in row 2 of «Skäl», column «Avstånd (km)», and a
 * string where «Avståndsgräns» row 1 has a number column «gräns».
 */
export function brokenSchoolModel(): string {
  return demoSchoolModel()
    .replace(
      '<inputEntry><text>&gt; Avståndsgräns.gräns</text></inputEntry>',
      '<inputEntry><text>&gt; &gt; 3</text></inputEntry>',
    )
    .replace(/(<rule id="gransF3">[\s\S]*?<outputEntry><text>)2(<\/text><\/outputEntry>)/, '$1"2"$2');
}

/** The decision engine's own fixture: the same decision and inputs, with a business knowledge model. */
export function schoolModelWithKnowledgeModel(): string {
  const file = new URL('../modules/decision-rules/fixtures/skolskjuts.dmn', import.meta.url);
  return fs.readFileSync(fileURLToPath(file), 'utf8');
}

/** The rules pages' base URL of a tenant. */
export const rulesUrl = (tenant: Tenant, path = '') => `/${tenant.slug}/handlaggning/admin/regler${path}`;

/** Uploads a DMN text as the `modell` file of the upload form. */
export function uploadModel(client: TestClient, tenant: Tenant, xml: string, filename = 'skolskjuts.dmn') {
  return client.postMultipart(rulesUrl(tenant, '/skolskjuts/ny-modell'), {}, [
    { field: 'modell', filename, contentType: 'application/octet-stream', content: Buffer.from(xml) },
  ]);
}
