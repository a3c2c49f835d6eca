/**
 * Open data (issue #12, docs/open-data.md): administrators choose the datasets and the publisher;
 * anyone reads the published datasets (built on request from the figures other modules give,
 * suppressed by model.ts) and the DCAT-AP-SE catalogue. A dataset that is not published answers
 * NOT_FOUND, as does the catalogue of a tenant that publishes nothing.
 */
import type { Kysely } from 'kysely';
import type { Quad } from 'n3';
import type { Database, SensorDeviceType } from '../../db/schema.ts';
import { recordAudit } from '../../platform/audit/audit-log.ts';
import { AppError } from '../../platform/errors.ts';
import { localized } from '../../platform/i18n/i18n.ts';
import type { Tenant } from '../../platform/tenancy/tenant-service.ts';
import type { CaseService } from '../cases/service.ts';
import type { CatalogueService } from '../catalogue/service.ts';
import type { DigitalSupportService } from '../digital-support/service.ts';
import type { FaultReportService } from '../fault-reports/service.ts';
import { isAdmin, type StaffActor } from '../organisation/model.ts';
import { auditActorOf } from '../organisation/service.ts';
import type { SensorService } from '../sensors/service.ts';
import {
  caseStatisticsTable,
  DATASETS,
  digitalSupportTable,
  faultReportTable,
  type ServiceFacts,
  sensorTable,
  servicesTable,
} from './dataset-model.ts';
import { catalogueQuads } from './dcat-model.ts';
import { toJson } from './format-model.ts';
import {
  CC0,
  checkPublisherInput,
  type DatasetId,
  type DatasetTable,
  isDatasetId,
  monthsBetween,
  type PublisherInput,
  type PublisherSettings,
} from './model.ts';
import { selectSettings, upsertSettings } from './store.ts';

/**
 * Sensor types whose readings are not personal data: the municipality's own assets in public
 * places. A type that could describe a person or a household (a home's meter) must not be added.
 */
const PUBLIC_SENSOR_TYPES: readonly SensorDeviceType[] = [
  'binFillLevel',
  'roofSnowLoad',
  'waterLevel',
  'waterQuality',
];
/** How far back the datasets reach. */
const STATISTICS_MONTHS = 24;
const FAULT_REPORT_DAYS = 365;
const SENSOR_DAYS = 30;
const FAULT_REPORT_LIMIT = 20_000;

export interface OpenDataDeps {
  db: Kysely<Database>;
  catalogue: Pick<CatalogueService, 'liveServices'>;
  cases: Pick<CaseService, 'monthlyFigures'>;
  faultReports: Pick<FaultReportService, 'reportsForExport'>;
  sensors: Pick<SensorService, 'dailyReadings'>;
  /** The published digital-support offers, already as the dataset's rows (issue #13). */
  digitalSupport: Pick<DigitalSupportService, 'openDataRows'>;
  publicUrl: string;
  now: () => Date;
}

export interface Publication {
  settings: PublisherSettings;
  updatedAt: Date;
}

const days = (count: number) => count * 24 * 60 * 60 * 1000;
const stockholmMonth = (at: Date) =>
  new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/Stockholm', year: 'numeric', month: '2-digit' })
    .format(at)
    .slice(0, 7);
const isoDate = (at: Date) => new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/Stockholm' }).format(at);

/** Builds the service. */
export function createOpenDataService(deps: OpenDataDeps) {
  const { db, now } = deps;
  const rootOf = (tenant: Tenant) => `${deps.publicUrl}/${tenant.slug}/oppna-data`;

  async function publication(tenantId: string): Promise<Publication | undefined> {
    const row = await selectSettings(db, tenantId);
    if (!row) return undefined;
    const { updatedAt, ...settings } = row;
    return { settings: { ...settings, datasets: settings.datasets.filter(isDatasetId) }, updatedAt };
  }

  async function serviceFacts(tenant: Tenant): Promise<ServiceFacts[]> {
    const live = await deps.catalogue.liveServices(tenant.id);
    return live.map(({ serviceId, slug, version }) => ({
      serviceId,
      slug,
      title: version.definition.title,
      summary: version.definition.summary,
      loginRequired: version.definition.login.required,
      targetDays: version.definition.targetDays ?? null,
      url: `${deps.publicUrl}/${tenant.slug}/e-tjanster/${slug}`,
    }));
  }

  async function caseStatistics(tenant: Tenant): Promise<DatasetTable> {
    const services = await serviceFacts(tenant);
    const last = stockholmMonth(now());
    const months = monthsBetween('2000-01', last, STATISTICS_MONTHS);
    const since = new Date(`${months[0]}-01T00:00:00+01:00`);
    const targets = Object.fromEntries(
      services.flatMap((s) => (s.targetDays === null ? [] : [[s.serviceId, s.targetDays]])),
    );
    const figures = await deps.cases.monthlyFigures(tenant.id, since, targets);
    // Months before the first case are left out: a long run of "<5" for an unused platform says nothing.
    const first = figures[0]?.month ?? last;
    return caseStatisticsTable(
      services,
      figures,
      months.filter((month) => month >= first),
    );
  }

  async function faultReports(tenant: Tenant): Promise<DatasetTable> {
    const since = new Date(now().getTime() - days(FAULT_REPORT_DAYS));
    const reports = await deps.faultReports.reportsForExport(tenant.id, since, FAULT_REPORT_LIMIT);
    return faultReportTable(
      reports.map((report) => ({
        ...report,
        submittedAt: isoDate(report.submittedAt),
        fixedAt: report.fixedAt ? isoDate(report.fixedAt) : null,
      })),
    );
  }

  async function sensorReadings(tenant: Tenant): Promise<DatasetTable> {
    const since = new Date(now().getTime() - days(SENSOR_DAYS));
    return sensorTable(await deps.sensors.dailyReadings(tenant.id, PUBLIC_SENSOR_TYPES, since));
  }

  const builders: Record<DatasetId, (tenant: Tenant) => Promise<DatasetTable>> = {
    'e-tjanster': async (tenant) => servicesTable(await serviceFacts(tenant)),
    arendestatistik: caseStatistics,
    felanmalningar: faultReports,
    sensorvarden: sensorReadings,
    'digitalt-stod': async (tenant) =>
      digitalSupportTable(
        await deps.digitalSupport.openDataRows(tenant.id, `${deps.publicUrl}/${tenant.slug}/digital-hjalp`),
      ),
  };

  /** A published dataset's table; NOT_FOUND when the tenant does not publish it. */
  async function dataset(
    tenant: Tenant,
    id: string,
  ): Promise<{ table: DatasetTable; publication: Publication }> {
    const found = await publication(tenant.id);
    if (!found || !isDatasetId(id) || !found.settings.datasets.includes(id)) throw new AppError('NOT_FOUND');
    return { table: await builders[id](tenant), publication: found };
  }

  function requireAdmin(actor: StaffActor): void {
    if (!isAdmin(actor)) throw new AppError('FORBIDDEN', 'Only administrators manage open data');
  }

  return {
    /** What the tenant publishes, or undefined when it has not set up open data. */
    publication: (tenant: Tenant) => publication(tenant.id),

    dataset,

    /** A published dataset as its JSON download (and the API's answer); NOT_FOUND as `dataset`. */
    async datasetJson(tenant: Tenant, id: string) {
      const { table, publication: found } = await dataset(tenant, id);
      const title = isDatasetId(id) ? localized(DATASETS[id].title, 'sv') : id;
      return toJson(table, { dataset: id, title, licence: found.settings.licenceUri });
    },

    /** The DCAT-AP-SE catalogue as quads; NOT_FOUND when the tenant publishes nothing. */
    async catalogue(tenant: Tenant): Promise<Quad[]> {
      const found = await publication(tenant.id);
      if (!found || found.settings.datasets.length === 0) throw new AppError('NOT_FOUND');
      const issued = found.updatedAt;
      return catalogueQuads({
        root: rootOf(tenant),
        tenantName: tenant.name,
        settings: found.settings,
        modified: found.updatedAt,
        issued,
      });
    },

    /** The settings for the administrators' page (undefined before the first save). */
    async settings(actor: StaffActor): Promise<Publication | undefined> {
      requireAdmin(actor);
      return publication(actor.tenantId);
    },

    /** Saves the datasets and publisher; VALIDATION_FAILED per field; audited in the same transaction. */
    async saveSettings(actor: StaffActor, input: PublisherInput): Promise<void> {
      requireAdmin(actor);
      const checked = checkPublisherInput(input);
      if ('errors' in checked)
        throw new AppError('VALIDATION_FAILED', 'Invalid open data settings', checked.errors);
      await db.transaction().execute(async (trx) => {
        await upsertSettings(trx, actor.tenantId, checked.ok, now());
        await recordAudit(trx, {
          tenantId: actor.tenantId,
          actor: auditActorOf(actor),
          action: 'openData.settingsSaved',
          details: { ...checked.ok },
          at: now(),
        });
      });
    },

    /** Seeding: the demo tenant's publisher and datasets (idempotent; kept once an admin saved them). */
    async seedDemo(tenantId: string, settings: Omit<PublisherSettings, 'licenceUri'>): Promise<boolean> {
      if (await selectSettings(db, tenantId)) return false;
      const datasets = settings.datasets.filter(isDatasetId);
      await upsertSettings(db, tenantId, { ...settings, datasets, licenceUri: CC0 }, now());
      return true;
    },
  };
}

export type OpenDataService = ReturnType<typeof createOpenDataService>;
