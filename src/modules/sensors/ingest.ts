/**
 * Storing a device's SenML pack (HTTP or MQTT, issue #11): resolve it, check every record against
 * the device, then in one transaction insert all readings in one statement (a reading already
 * stored is dropped by the key and counted), count the duplicates on the device and queue one
 * `sensor.reading` event for the alarm rules. A refused pack writes nothing.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { AppError } from '../../platform/errors.ts';
import { enqueue } from '../../platform/jobs/topics.ts';
import { readingsFor, refusalOf } from './reading-model.ts';
import { parseSenml, type SenmlProblem } from './senml.ts';
import { addDuplicates, type DeviceRow, insertReadings } from './store.ts';

/** What ingesting needs of a device. */
export type IngestDevice = Pick<DeviceRow, 'id' | 'tenantId' | 'type' | 'baseName'>;

export interface IngestResult {
  /** Readings stored now. */
  accepted: number;
  /** Readings dropped because the same (time, measurement) was stored already or repeated in the pack. */
  duplicates: number;
}

const DETAILS: Record<string, string> = {
  SENML_INVALID: 'The body is not a valid SenML JSON pack (RFC 8428)',
  SENML_UNIT_UNKNOWN: 'A record has no unit, or one this measurement does not accept',
  SENML_TIME_IN_FUTURE: 'A record is timed in the future',
  SENML_NAME_NOT_OF_DEVICE: 'A record names a measurement this device does not have',
  SENML_VALUE_REFUSED: 'A record has no numeric value, or one outside the measurement range',
};

/** The refusal of a pack: a stable code and the records' problems (JSON pointers into the pack). */
export function refusal(problems: readonly { pointer: string; reason: string }[]): AppError {
  const code = refusalOf(problems as SenmlProblem[]);
  return new AppError(
    code,
    DETAILS[code],
    problems.map((problem) => ({ field: problem.pointer, message: problem.reason })),
  );
}

export function createIngest(deps: { db: Kysely<Database>; now: () => Date }) {
  return {
    /** Stores a pack of the device's readings, or throws the refusal (nothing is written then). */
    async ingest(device: IngestDevice, text: string): Promise<IngestResult> {
      const nowMs = deps.now().getTime();
      const parsed = parseSenml(text, nowMs);
      if (!parsed.ok) throw refusal(parsed.problems);
      const checked = readingsFor(device, parsed.records, nowMs);
      if (!checked.ok) throw refusal(checked.problems);
      const { readings, repeats } = checked;
      return deps.db.transaction().execute(async (trx) => {
        const accepted = await insertReadings(trx, device.id, readings);
        const duplicates = readings.length - accepted + repeats;
        if (duplicates > 0) await addDuplicates(trx, device.id, duplicates);
        if (accepted > 0)
          await enqueue(trx, device.tenantId, 'sensor.reading', { deviceId: device.id, count: accepted });
        return { accepted, duplicates };
      });
    },
  };
}
