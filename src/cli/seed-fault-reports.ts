/**
 * A few open fault reports per demo municipality (issue #11), so the public list and the back
 * office have something to show: anonymous web reports with places inside the municipality's area,
 * opened through the one intake like any other. Only when the municipality has no report yet.
 */
import type { FastifyBaseLogger } from 'fastify';
import type { Tenant } from '../platform/tenancy/tenant-service.ts';
import type { Services } from '../services.ts';

interface DemoReport {
  category: string;
  description: string;
  address: string;
  latitude: number;
  longitude: number;
}

/** Invented places: the coordinates lie in each municipality's area in demo/tenants.json. */
const DEMO_REPORTS: Record<string, DemoReport[]> = {
  exempelstad: [
    {
      category: 'street-lighting',
      description: 'Gatlyktan vid busshållplatsen är släckt sedan i måndags.',
      address: 'Storgatan 14',
      latitude: 59.33161,
      longitude: 18.06021,
    },
    {
      category: 'street-pavement',
      description: 'Djupt hål i asfalten i cykelbanan.',
      address: 'Cykelbanan längs Åvägen',
      latitude: 59.32684,
      longitude: 18.07173,
    },
    {
      category: 'litter-bin',
      description: 'Papperskorgen vid lekplatsen är överfull.',
      address: 'Stadsparken, vid lekplatsen',
      latitude: 59.33582,
      longitude: 18.06405,
    },
    {
      category: 'graffiti',
      description: 'Klotter på gångtunneln under järnvägen.',
      address: 'Gångtunneln vid stationen',
      latitude: 59.31903,
      longitude: 18.07498,
    },
  ],
  grannby: [
    {
      category: 'snow-ice',
      description: 'Trottoaren är isig och inte sandad.',
      address: 'Torget 3',
      latitude: 67.85572,
      longitude: 20.22513,
    },
    {
      category: 'street-lighting',
      description: 'Två lyktor i rad lyser inte längs skolvägen.',
      address: 'Skolvägen',
      latitude: 67.84911,
      longitude: 20.2398,
    },
  ],
};

/** Opens the demo reports of a municipality that has none yet. */
export async function seedDemoFaultReports(
  services: Services,
  tenant: Tenant,
  log?: FastifyBaseLogger,
): Promise<void> {
  const reports = DEMO_REPORTS[tenant.slug] ?? [];
  if (reports.length === 0 || (await services.faultReports.hasReports(tenant.id))) return;
  const live = await services.catalogue.liveService(tenant.id, 'felanmalan');
  for (const report of reports) {
    await services.cases.openCase({
      tenant,
      serviceVersionId: live.version.id,
      answers: {
        category: report.category,
        description: report.description,
        location: { address: report.address, latitude: report.latitude, longitude: report.longitude },
        wantsContact: false,
      },
      applicant: { kind: 'anonymous' },
      channel: { channel: 'web' },
      registeredBy: { kind: 'anonymous' },
    });
  }
  log?.info({ tenant: tenant.slug, reports: reports.length }, 'demo fault reports opened');
}
