/**
 * Sensor readings as open data (issue #12, modules/open-data): mean, minimum and maximum per
 * device, measurement and Swedish calendar day, with the device's name, type and place. Devices
 * are the municipality's assets in public places; only the device types passed in are read.
 */
import { type Kysely, sql } from 'kysely';
import type { Database, SensorDeviceType } from '../../db/schema.ts';

export interface DailyReadingRow {
  date: string;
  sensor: string;
  type: SensorDeviceType;
  measurement: string;
  unit: string;
  mean: number;
  min: number;
  max: number;
  latitude: number;
  longitude: number;
}

/** Daily aggregates of the tenant's devices of `types` from `since` on, by date then sensor. */
export async function selectDailyReadings(
  db: Kysely<Database>,
  tenantId: string,
  types: readonly SensorDeviceType[],
  since: Date,
): Promise<DailyReadingRow[]> {
  if (types.length === 0) return [];
  const result = await sql<DailyReadingRow>`
    select to_char(r.at at time zone 'Europe/Stockholm', 'YYYY-MM-DD') as date, d.name as sensor,
      d.type, r.name as measurement, r.unit, avg(r.value)::float8 as mean, min(r.value)::float8 as min,
      max(r.value)::float8 as max, d.latitude, d.longitude
    from sensor_reading r join sensor_device d on d.id = r.device_id
    where d.tenant_id = ${tenantId} and d.type = any(${sql.val(types)}::text[]) and r.at >= ${since}
    group by 1, 2, 3, 4, 5, 9, 10
    order by 1, 2, 4
  `.execute(db);
  return result.rows;
}
