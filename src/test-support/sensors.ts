/** Test fixtures for sensors: a tenant with felanmälan, its streets unit, an administrator and devices. */
import type { LightMyRequestResponse } from 'fastify';
import { deviceType } from '../modules/sensors/model.ts';
import type { Tenant } from '../platform/tenancy/tenant-service.ts';
import type { TestApp } from './app.ts';
import { createTestTenant } from './fixtures.ts';
import { createTestUnits, MATS, type StaffClient, staffClient } from './staff.ts';

export interface SensorScene {
  tenant: Tenant;
  admin: StaffClient;
  units: { school: string; streets: string };
}

/** A tenant of its own with felanmälan handled by the streets unit, and Mats as its administrator. */
export async function sensorScene(t: TestApp): Promise<SensorScene> {
  const tenant = await createTestTenant(t, ['felanmalan']);
  const units = await createTestUnits(t, tenant);
  const admin = await staffClient(t, tenant, MATS, 'admin', []);
  return { tenant, admin, units };
}

/** A bin on "Sopkärl Stortorget 3" alarming at 90 %, with an HTTP token. */
export async function registerBin(
  t: TestApp,
  scene: SensorScene,
  name = 'Nivågivare 17',
  asset = 'Sopkärl Stortorget 3',
) {
  const sensors = t.app.services.sensors;
  const id = await sensors.registerDevice(scene.admin.actor, deviceType('binFillLevel'), {
    name,
    assetName: asset,
    assetIdentifier: 'SK-1043',
    latitude: '59,3293',
    longitude: '18,0686',
    baseName: `urn:dev:test:${name.replace(/\W/g, '')}:`,
    upper: '90',
  });
  const token = await sensors.issueToken(scene.admin.actor, id);
  const device = await sensors.device(scene.admin.actor, id);
  return { id, token, device, baseName: device.baseName };
}

/** Posts a SenML pack over HTTP as a device would. */
export function postReadings(
  t: TestApp,
  tenant: Tenant,
  token: string | undefined,
  body: unknown,
  contentType = 'application/senml+json',
): Promise<LightMyRequestResponse> {
  return t.app.inject({
    method: 'POST',
    url: `/${tenant.slug}/sensorer/v1/readings`,
    headers: {
      'content-type': contentType,
      ...(token === undefined ? {} : { authorization: `Bearer ${token}` }),
    },
    payload: typeof body === 'string' ? body : JSON.stringify(body),
  });
}
