/**
 * Sensor use cases (issue #11): administrators register devices and manage their tokens (each
 * change one transaction with its audit entry); staff read an asset's readings; devices deliver
 * SenML over HTTP or MQTT (ingest.ts); alarms become fault cases (alarms.ts).
 */
import crypto from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database, SensorDeviceType, SensorThresholds } from '../../db/schema.ts';
import { recordAudit } from '../../platform/audit/audit-log.ts';
import { AppError, type ProblemFieldError } from '../../platform/errors.ts';
import { newSecret, secretHash } from '../../platform/secrets.ts';
import type { TenantService } from '../../platform/tenancy/tenant-service.ts';
import type { CaseHandlingService } from '../case-handling/service.ts';
import type { CaseService } from '../cases/service.ts';
import type { CatalogueService } from '../catalogue/service.ts';
import { isAdmin, isUuid, type StaffActor } from '../organisation/model.ts';
import { auditActorOf } from '../organisation/service.ts';
import { createAlarms } from './alarms.ts';
import { checkDeviceForm, checkLimits, type DeviceForm } from './device-model.ts';
import { selectDailyReadings } from './export-store.ts';
import { createIngest, type IngestDevice, type IngestResult } from './ingest.ts';
import { type DeviceType, deviceType, ruleMeasurement } from './model.ts';
import {
  type DeviceRow,
  ensureAsset,
  insertDevice,
  insertReadings,
  selectAsset,
  selectAssets,
  selectDevice,
  selectDeviceByTokenHash,
  selectDevices,
  selectDevicesOfAsset,
  selectLatestReadings,
  selectReadingsSince,
  selectTakenNames,
  selectWatchesOfAsset,
  updateDeviceThresholds,
  updateDeviceToken,
} from './store.ts';

export type { DeviceRow, IngestDevice, IngestResult };

export interface SensorServiceDeps {
  db: Kysely<Database>;
  tenants: Pick<TenantService, 'bySlug' | 'byId'>;
  catalogue: Pick<CatalogueService, 'liveService'>;
  cases: Pick<CaseService, 'prepareCase' | 'openPreparedCase' | 'caseRow'>;
  caseHandling: Pick<CaseHandlingService, 'systemCase' | 'recordEvent'>;
  now: () => Date;
}

/** One measurement of a device on the asset page: the chart's series and the latest readings. */
export interface MeasurementSeries {
  deviceId: string;
  deviceName: string;
  type: DeviceType['type'];
  measurement: string;
  thresholds: DeviceRow['thresholds'] | undefined;
  series: { at: Date; value: number }[];
  latest: { at: Date; value: number }[];
}

export interface AssetDetails {
  asset: NonNullable<Awaited<ReturnType<typeof selectAsset>>>;
  devices: DeviceRow[];
  measurements: MeasurementSeries[];
  /** Open alarm cases (kind, reference), or none. */
  openCases: { kind: string; reference: string }[];
}

/** How far back the asset page's chart reaches, and at most how many points it draws per series. */
export const CHART_DAYS = 7;
const CHART_POINTS = 2000;
/** The table beside the chart lists this many latest readings per measurement. */
export const TABLE_ROWS = 20;

const TOKEN_PREFIX = 'isd_';

/** The SHA-256 the database keeps of a token. */
export const tokenHash = secretHash;

function requireAdmin(actor: StaffActor): void {
  if (!isAdmin(actor)) throw new AppError('FORBIDDEN', 'Only administrators manage sensors');
}

function invalid(errors: ProblemFieldError[]): AppError {
  return new AppError('VALIDATION_FAILED', 'The form is not valid', errors);
}

export function createSensorService(deps: SensorServiceDeps) {
  const { db, now } = deps;
  const audit = (
    trx: Kysely<Database>,
    actor: StaffActor,
    action: string,
    details: Record<string, unknown>,
  ) => recordAudit(trx, { tenantId: actor.tenantId, actor: auditActorOf(actor), action, details, at: now() });

  const deviceOf = async (actor: StaffActor, deviceId: string, trx: Kysely<Database> = db) => {
    const device = isUuid(deviceId) ? await selectDevice(trx, actor.tenantId, deviceId) : undefined;
    if (!device) throw new AppError('NOT_FOUND');
    return device;
  };

  /** Registers a device (and its asset, found or created by name); returns the device id. */
  async function registerDevice(actor: StaffActor, type: DeviceType, form: DeviceForm): Promise<string> {
    requireAdmin(actor);
    const checked = checkDeviceForm(type, form);
    if (!checked.ok) throw invalid(checked.problems);
    const { input } = checked;
    const id = crypto.randomUUID();
    const baseName = input.baseName ?? `urn:dev:ingang:${id}:`;
    return db.transaction().execute(async (trx) => {
      const taken = await selectTakenNames(trx, actor.tenantId, { name: input.name, baseName });
      const errors: ProblemFieldError[] = [];
      if (taken.name) errors.push({ field: 'name', message: 'nameTaken' });
      if (taken.baseName) errors.push({ field: 'baseName', message: 'baseNameTaken' });
      if (errors.length > 0) throw invalid(errors);
      const assetId = await ensureAsset(trx, actor.tenantId, {
        name: input.assetName,
        identifier: input.assetIdentifier,
      });
      const device = { id, tenantId: actor.tenantId, assetId, type: type.type, name: input.name, baseName };
      const inserted = await insertDevice(trx, {
        ...device,
        latitude: input.latitude,
        longitude: input.longitude,
        thresholds: input.thresholds,
      });
      if (!inserted) throw invalid([{ field: 'name', message: 'nameTaken' }]);
      await audit(trx, actor, 'sensor.registered', { deviceId: id, assetId, type: type.type });
      return id;
    });
  }

  /** Issues a new HTTP token for the device (replacing any), returned once and stored hashed. */
  async function issueToken(actor: StaffActor, deviceId: string): Promise<string> {
    requireAdmin(actor);
    const token = newSecret(TOKEN_PREFIX);
    await db.transaction().execute(async (trx) => {
      const device = await deviceOf(actor, deviceId, trx);
      await updateDeviceToken(trx, actor.tenantId, device.id, { hash: tokenHash(token), at: now() });
      await audit(trx, actor, device.hasToken ? 'sensor.tokenRotated' : 'sensor.tokenIssued', { deviceId });
    });
    return token;
  }

  async function revokeToken(actor: StaffActor, deviceId: string): Promise<void> {
    requireAdmin(actor);
    await db.transaction().execute(async (trx) => {
      const device = await deviceOf(actor, deviceId, trx);
      await updateDeviceToken(trx, actor.tenantId, device.id, { hash: null, at: now() });
      await audit(trx, actor, 'sensor.tokenRevoked', { deviceId });
    });
  }

  /** New limits for a device, checked against its type's measurement (NOT_FOUND for no such device). */
  async function changeLimits(actor: StaffActor, deviceId: string, form: DeviceForm) {
    requireAdmin(actor);
    await db.transaction().execute(async (trx) => {
      const device = await deviceOf(actor, deviceId, trx);
      const checked = checkLimits(deviceType(device.type), form);
      if (!checked.ok) throw invalid(checked.problems);
      await updateDeviceThresholds(trx, actor.tenantId, device.id, checked.thresholds, now());
      await audit(trx, actor, 'sensor.limitsChanged', {
        deviceId,
        from: device.thresholds,
        to: checked.thresholds,
      });
    });
  }

  /** An asset with its devices, each measurement's chart series and latest readings, open cases. */
  async function asset(actor: StaffActor, assetId: string): Promise<AssetDetails> {
    const found = isUuid(assetId) ? await selectAsset(db, actor.tenantId, assetId) : undefined;
    if (!found) throw new AppError('NOT_FOUND');
    const devices = await selectDevicesOfAsset(db, actor.tenantId, assetId);
    const since = new Date(now().getTime() - CHART_DAYS * 86_400_000);
    const measurements: MeasurementSeries[] = [];
    for (const device of devices) {
      const type = deviceType(device.type);
      for (const measurement of type.measurements) {
        const [series, latest] = await Promise.all([
          selectReadingsSince(db, device.id, measurement.key, since, CHART_POINTS),
          selectLatestReadings(db, device.id, measurement.key, TABLE_ROWS),
        ]);
        measurements.push({
          deviceId: device.id,
          deviceName: device.name,
          type: device.type,
          measurement: measurement.key,
          thresholds: measurement.key === ruleMeasurement(type).key ? device.thresholds : undefined,
          series,
          latest,
        });
      }
    }
    const openCases: AssetDetails['openCases'] = [];
    for (const watch of await selectWatchesOfAsset(db, assetId)) {
      const row = watch.caseReference ? await deps.cases.caseRow(watch.caseReference) : undefined;
      if (row && row.statusCategory !== 'closed')
        openCases.push({ kind: watch.kind, reference: row.reference });
    }
    return { asset: found, devices, measurements, openCases };
  }

  const ingest = createIngest({ db, now });
  const alarms = createAlarms(deps);

  return {
    registerDevice,
    issueToken,
    revokeToken,
    changeLimits,
    asset,
    /** The tenant's devices for the administrators' list. */
    async devices(actor: StaffActor) {
      requireAdmin(actor);
      return selectDevices(db, actor.tenantId);
    },
    /** One device of the tenant for the administrators' page; NOT_FOUND otherwise. */
    async device(actor: StaffActor, deviceId: string) {
      requireAdmin(actor);
      return deviceOf(actor, deviceId);
    },
    /** The tenant's assets for the staff's list. */
    assets: (actor: StaffActor) => selectAssets(db, actor.tenantId),
    /** The device a bearer token belongs to, if it is a live token (constant work per request). */
    async deviceByToken(token: string): Promise<IngestDevice | undefined> {
      if (!token.startsWith(TOKEN_PREFIX) || token.length > 200) return undefined;
      return selectDeviceByTokenHash(db, tokenHash(token));
    },
    /** The device an MQTT topic names, if it is one of the tenant's. */
    async deviceOfTopic(tenantSlug: string, deviceId: string): Promise<IngestDevice | undefined> {
      if (!isUuid(deviceId)) return undefined;
      const tenant = await deps.tenants.bySlug(tenantSlug).catch(() => undefined);
      return tenant ? selectDevice(db, tenant.id, deviceId) : undefined;
    },
    ingest: ingest.ingest,
    evaluateDevice: alarms.evaluateDevice,
    /** Seeding: the demo devices of a tenant (idempotent). */
    seedDemo: (tenantId: string, demo: DemoDevice[]) => seedDemoDevices(db, tenantId, demo, now()),
    /** Daily aggregates of the devices of `types`, for open data (issue #12). */
    dailyReadings: (tenantId: string, types: readonly SensorDeviceType[], since: Date) =>
      selectDailyReadings(db, tenantId, types, since),
  };
}

export type SensorService = ReturnType<typeof createSensorService>;

/** A demo device (demo/sensors.json): registered with a known token and hourly readings. */
export interface DemoDevice {
  type: SensorDeviceType;
  name: string;
  assetName: string;
  assetIdentifier: string | null;
  latitude: number;
  longitude: number;
  baseName: string;
  thresholds: SensorThresholds;
  /** Demo only: a token anyone can read in the repository. */
  token: string;
  /** Hourly values of the rule's measurement, the last one an hour before `now`. */
  readings: number[];
}

/** Seeds demo devices once (by name): asset, device, token, readings; no alarm events. */
export async function seedDemoDevices(
  db: Kysely<Database>,
  tenantId: string,
  devices: DemoDevice[],
  now: Date,
): Promise<number> {
  let added = 0;
  for (const demo of devices) {
    const type = deviceType(demo.type);
    await db.transaction().execute(async (trx) => {
      const taken = await selectTakenNames(trx, tenantId, { name: demo.name, baseName: demo.baseName });
      if (taken.name || taken.baseName) return;
      const assetId = await ensureAsset(trx, tenantId, {
        name: demo.assetName,
        identifier: demo.assetIdentifier,
      });
      const id = crypto.randomUUID();
      const { name, baseName, latitude, longitude, thresholds } = demo;
      await insertDevice(trx, {
        id,
        tenantId,
        assetId,
        type: demo.type,
        name,
        baseName,
        latitude,
        longitude,
        thresholds,
      });
      await updateDeviceToken(trx, tenantId, id, { hash: tokenHash(demo.token), at: now });
      const measurement = ruleMeasurement(type);
      const hours = demo.readings.length;
      await insertReadings(
        trx,
        id,
        demo.readings.map((value, index) => ({
          name: measurement.key,
          at: new Date(now.getTime() - (hours - index) * 3_600_000),
          value,
          unit: measurement.unit,
        })),
      );
      added += 1;
    });
  }
  return added;
}
