/** SQL for sensors: assets, devices, their readings and the alarm watches (issue #11). */
import { type Kysely, sql } from 'kysely';
import type { Database, SensorDeviceType, SensorThresholds } from '../../db/schema.ts';
import type { NewReading } from './reading-model.ts';

const DEVICE_COLUMNS = [
  'd.id',
  'd.tenantId',
  'd.assetId',
  'd.type',
  'd.name',
  'd.baseName',
  'd.latitude',
  'd.longitude',
  'd.thresholds',
  'd.tokenIssuedAt',
  'd.duplicatesDropped',
  'd.createdAt',
  'a.name as assetName',
  'a.identifier as assetIdentifier',
] as const;

function devices(db: Kysely<Database>) {
  return db
    .selectFrom('sensorDevice as d')
    .innerJoin('sensorAsset as a', 'a.id', 'd.assetId')
    .select(DEVICE_COLUMNS)
    .select((eb) => eb('d.tokenHash', 'is not', null).as('hasToken'));
}

/** A device with its asset's name (never its token hash). */
export type DeviceRow = NonNullable<Awaited<ReturnType<typeof selectDevice>>>;

export async function selectDevice(db: Kysely<Database>, tenantId: string, deviceId: string) {
  return devices(db).where('d.tenantId', '=', tenantId).where('d.id', '=', deviceId).executeTakeFirst();
}

/** A device by id alone (the alarm handler, which has no tenant in hand). */
export async function selectDeviceById(db: Kysely<Database>, deviceId: string) {
  return devices(db).where('d.id', '=', deviceId).executeTakeFirst();
}

/** The device whose HTTP token has this SHA-256, if it is not revoked. */
export async function selectDeviceByTokenHash(db: Kysely<Database>, tokenHash: string) {
  return devices(db).where('d.tokenHash', '=', tokenHash).executeTakeFirst();
}

/** The tenant's devices with the time of each one's latest reading, by asset and name. */
export async function selectDevices(db: Kysely<Database>, tenantId: string) {
  return devices(db)
    .select((eb) =>
      eb
        .selectFrom('sensorReading as r')
        .whereRef('r.deviceId', '=', 'd.id')
        .select((inner) => inner.fn.max('r.at').as('at'))
        .as('lastReadingAt'),
    )
    .where('d.tenantId', '=', tenantId)
    .orderBy('a.name')
    .orderBy('d.name')
    .execute();
}

/** The devices watching an asset. */
export async function selectDevicesOfAsset(db: Kysely<Database>, tenantId: string, assetId: string) {
  return devices(db)
    .where('d.tenantId', '=', tenantId)
    .where('d.assetId', '=', assetId)
    .orderBy('d.name')
    .execute();
}

/** The asset with this name in the tenant, created if there is none; returns its id. */
export async function ensureAsset(
  db: Kysely<Database>,
  tenantId: string,
  asset: { name: string; identifier: string | null },
): Promise<string> {
  const row = await db
    .insertInto('sensorAsset')
    .values({ tenantId, name: asset.name, identifier: asset.identifier })
    .onConflict((oc) =>
      oc.columns(['tenantId', 'name']).doUpdateSet((eb) => ({
        identifier: eb.fn.coalesce('excluded.identifier', 'sensorAsset.identifier'),
      })),
    )
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export async function selectAsset(db: Kysely<Database>, tenantId: string, assetId: string) {
  return db
    .selectFrom('sensorAsset')
    .select(['id', 'name', 'identifier', 'createdAt'])
    .where('tenantId', '=', tenantId)
    .where('id', '=', assetId)
    .executeTakeFirst();
}

/** The tenant's assets with how many devices watch each and the open alarm cases, by name. */
export async function selectAssets(db: Kysely<Database>, tenantId: string) {
  return db
    .selectFrom('sensorAsset as a')
    .select(['a.id', 'a.name', 'a.identifier'])
    .select((eb) => [
      eb
        .selectFrom('sensorDevice as d')
        .whereRef('d.assetId', '=', 'a.id')
        .select((inner) => inner.fn.countAll<number>().as('n'))
        .as('deviceCount'),
      eb
        .selectFrom('sensorWatch as w')
        .whereRef('w.assetId', '=', 'a.id')
        .where('w.outside', '=', true)
        .select((inner) => inner.fn.countAll<number>().as('n'))
        .as('alarmsOutside'),
    ])
    .where('a.tenantId', '=', tenantId)
    .orderBy('a.name')
    .execute();
}

export interface NewDevice {
  id: string;
  tenantId: string;
  assetId: string;
  type: SensorDeviceType;
  name: string;
  baseName: string;
  latitude: number;
  longitude: number;
  thresholds: SensorThresholds;
}

/** Inserts a device; undefined when its name or base name is already used in the tenant. */
export async function insertDevice(db: Kysely<Database>, device: NewDevice) {
  return db
    .insertInto('sensorDevice')
    .values({ ...device, thresholds: JSON.stringify(device.thresholds) })
    .onConflict((oc) => oc.doNothing())
    .returning('id')
    .executeTakeFirst();
}

/** Which of a device's unique values are taken in the tenant: its name, its base name. */
export async function selectTakenNames(
  db: Kysely<Database>,
  tenantId: string,
  names: { name: string; baseName: string },
) {
  const rows = await db
    .selectFrom('sensorDevice')
    .select(['name', 'baseName'])
    .where('tenantId', '=', tenantId)
    .where((eb) => eb.or([eb('name', '=', names.name), eb('baseName', '=', names.baseName)]))
    .execute();
  return {
    name: rows.some((row) => row.name === names.name),
    baseName: rows.some((row) => row.baseName === names.baseName),
  };
}

/** Sets (or with null clears) a device's token hash; false when there is no such device. */
export async function updateDeviceToken(
  db: Kysely<Database>,
  tenantId: string,
  deviceId: string,
  token: { hash: string | null; at: Date },
): Promise<boolean> {
  const result = await db
    .updateTable('sensorDevice')
    .set({ tokenHash: token.hash, tokenIssuedAt: token.hash ? token.at : null, updatedAt: token.at })
    .where('tenantId', '=', tenantId)
    .where('id', '=', deviceId)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

export async function updateDeviceThresholds(
  db: Kysely<Database>,
  tenantId: string,
  deviceId: string,
  thresholds: SensorThresholds,
  at: Date,
): Promise<boolean> {
  const result = await db
    .updateTable('sensorDevice')
    .set({ thresholds: JSON.stringify(thresholds), updatedAt: at })
    .where('tenantId', '=', tenantId)
    .where('id', '=', deviceId)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/**
 * Inserts readings in one statement; a reading whose (device, time, measurement) is stored already
 * is dropped by the key. Returns how many were new.
 */
export async function insertReadings(
  db: Kysely<Database>,
  deviceId: string,
  readings: readonly NewReading[],
): Promise<number> {
  if (readings.length === 0) return 0;
  const inserted = await db
    .insertInto('sensorReading')
    .values(readings.map((reading) => ({ deviceId, ...reading })))
    .onConflict((oc) => oc.doNothing())
    .returning('at')
    .execute();
  return inserted.length;
}

/** Adds to the device's count of dropped duplicate readings. */
export async function addDuplicates(db: Kysely<Database>, deviceId: string, count: number) {
  await db
    .updateTable('sensorDevice')
    .set((eb) => ({ duplicatesDropped: eb('duplicatesDropped', '+', count) }))
    .where('id', '=', deviceId)
    .execute();
}

/** One measurement's readings of a device from `since`, oldest first (the chart). */
export async function selectReadingsSince(
  db: Kysely<Database>,
  deviceId: string,
  name: string,
  since: Date,
  limit: number,
) {
  const rows = await db
    .selectFrom('sensorReading')
    .select(['at', 'value', 'unit'])
    .where('deviceId', '=', deviceId)
    .where('name', '=', name)
    .where('at', '>=', since)
    .orderBy('at', 'desc')
    .limit(limit)
    .execute();
  return rows.reverse();
}

/** One measurement's latest readings of a device, newest first (the table). */
export async function selectLatestReadings(
  db: Kysely<Database>,
  deviceId: string,
  name: string,
  limit: number,
) {
  return db
    .selectFrom('sensorReading')
    .select(['at', 'value', 'unit'])
    .where('deviceId', '=', deviceId)
    .where('name', '=', name)
    .orderBy('at', 'desc')
    .limit(limit)
    .execute();
}

/** A rule's readings from the asset's devices of one type after `after`, oldest first. */
export async function selectRuleReadings(
  db: Kysely<Database>,
  rule: { assetId: string; type: SensorDeviceType; name: string },
  after: Date | null,
  limit: number,
) {
  let query = db
    .selectFrom('sensorReading as r')
    .innerJoin('sensorDevice as d', 'd.id', 'r.deviceId')
    .select(['r.deviceId', 'r.at', 'r.value', 'd.thresholds', 'd.name as deviceName'])
    .where('d.assetId', '=', rule.assetId)
    .where('d.type', '=', rule.type)
    .where('r.name', '=', rule.name);
  if (after) query = query.where('r.at', '>', after);
  return query.orderBy('r.at').orderBy('r.deviceId').limit(limit).execute();
}

export type WatchRow = NonNullable<Awaited<ReturnType<typeof selectWatch>>>;

export async function selectWatch(db: Kysely<Database>, assetId: string, kind: string) {
  return db
    .selectFrom('sensorWatch')
    .select(['assetId', 'kind', 'outside', 'evaluatedTo', 'caseId', 'caseReference'])
    .where('assetId', '=', assetId)
    .where('kind', '=', kind)
    .executeTakeFirst();
}

/** The watches of an asset (its alarm states and open cases). */
export async function selectWatchesOfAsset(db: Kysely<Database>, assetId: string) {
  return db
    .selectFrom('sensorWatch')
    .select(['assetId', 'kind', 'outside', 'evaluatedTo', 'caseId', 'caseReference'])
    .where('assetId', '=', assetId)
    .orderBy('kind')
    .execute();
}

/**
 * Locks the watch of an asset and kind, creating it first (inside the caller's transaction): the
 * lock every evaluation of that asset and kind takes, in every process.
 */
export async function lockWatch(
  trx: Kysely<Database>,
  watch: { tenantId: string; assetId: string; kind: string; at: Date },
): Promise<WatchRow> {
  await trx
    .insertInto('sensorWatch')
    .values({ tenantId: watch.tenantId, assetId: watch.assetId, kind: watch.kind, updatedAt: watch.at })
    .onConflict((oc) => oc.doNothing())
    .execute();
  return trx
    .selectFrom('sensorWatch')
    .select(['assetId', 'kind', 'outside', 'evaluatedTo', 'caseId', 'caseReference'])
    .where('assetId', '=', watch.assetId)
    .where('kind', '=', watch.kind)
    .forUpdate()
    .executeTakeFirstOrThrow();
}

export async function updateWatch(
  trx: Kysely<Database>,
  watch: { assetId: string; kind: string },
  state: {
    outside: boolean;
    evaluatedTo: Date;
    caseId: string | null;
    caseReference: string | null;
    at: Date;
  },
) {
  await trx
    .updateTable('sensorWatch')
    .set({
      outside: state.outside,
      evaluatedTo: state.evaluatedTo,
      caseId: state.caseId,
      caseReference: state.caseReference,
      updatedAt: state.at,
    })
    .where('assetId', '=', watch.assetId)
    .where('kind', '=', watch.kind)
    .execute();
}

/** How many readings the tenant's devices have stored (tests and the admin page). */
export async function countReadings(db: Kysely<Database>, tenantId: string): Promise<number> {
  const row = await db
    .selectFrom('sensorReading as r')
    .innerJoin('sensorDevice as d', 'd.id', 'r.deviceId')
    .select(sql<number>`count(*)::int`.as('n'))
    .where('d.tenantId', '=', tenantId)
    .executeTakeFirstOrThrow();
  return row.n;
}
