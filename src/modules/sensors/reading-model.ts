/**
 * Which resolved SenML records a device may send (issue #11 "bad input"): names under the device's
 * base name naming one of its type's measurements, numeric values in a unit accepted for that
 * measurement, and times no later than now plus a small clock skew. Pure; a pack with any refused
 * record is refused as a whole, so nothing of it is stored.
 */
import type { SensorDeviceType } from '../../db/schema.ts';
import { deviceType, type Measurement } from './model.ts';
import type { ResolvedRecord, SenmlProblem } from './senml.ts';

/** How far ahead of our clock a reading's time may be (devices' clocks drift). */
export const CLOCK_SKEW_MS = 2 * 60_000;

/** A reading ready to store: the measurement, its time and the value in the stored unit. */
export interface NewReading {
  name: string;
  at: Date;
  value: number;
  unit: string;
}

/** Why a record was refused; each maps to one problem code of the HTTP answer. */
export type ReadingReason =
  | 'nameNotOfDevice'
  | 'unitMissing'
  | 'unitUnknown'
  | 'unitNotForMeasurement'
  | 'valueNotNumeric'
  | 'valueOutOfRange'
  | 'timeInFuture';

export interface ReadingProblem {
  pointer: string;
  reason: ReadingReason;
}

/**
 * Every unit symbol some measurement accepts: RFC 8428's registry entries we use (`%`, `/`, `m`,
 * `Pa`, `pH`, `Cel`, `K`) and `kg/m2`, which is not registered (docs/sensors.md).
 */
export const KNOWN_UNITS = new Set(['%', '/', 'm', 'Pa', 'kg/m2', 'pH', 'Cel', 'K']);

export interface DeviceNames {
  type: SensorDeviceType;
  baseName: string;
}

function measurementOf(device: DeviceNames, name: string): Measurement | undefined {
  if (!name.startsWith(device.baseName)) return undefined;
  const key = name.slice(device.baseName.length);
  return deviceType(device.type).measurements.find((measurement) => measurement.key === key);
}

function readingOf(device: DeviceNames, record: ResolvedRecord, nowMs: number): NewReading | ReadingProblem {
  const at = (reason: ReadingReason, label = '') => ({
    pointer: `/${record.index}${label ? `/${label}` : ''}`,
    reason,
  });
  const measurement = measurementOf(device, record.name);
  if (!measurement) return at('nameNotOfDevice', 'n');
  if (record.value === undefined) return at('valueNotNumeric', 'v');
  if (record.unit === undefined) return at('unitMissing', 'u');
  const convert = measurement.units[record.unit];
  if (!convert) return at(KNOWN_UNITS.has(record.unit) ? 'unitNotForMeasurement' : 'unitUnknown', 'u');
  if (record.time > nowMs + CLOCK_SKEW_MS) return at('timeInFuture', 't');
  const value = convert(record.value);
  if (!(value >= measurement.min && value <= measurement.max)) return at('valueOutOfRange', 'v');
  return { name: measurement.key, at: new Date(record.time), value, unit: measurement.unit };
}

/** The device's readings from a resolved pack, or every problem (nothing is stored then). */
export function readingsFor(
  device: DeviceNames,
  records: readonly ResolvedRecord[],
  nowMs: number,
): { ok: true; readings: NewReading[]; repeats: number } | { ok: false; problems: ReadingProblem[] } {
  const readings: NewReading[] = [];
  const problems: ReadingProblem[] = [];
  const seen = new Set<string>();
  let repeats = 0;
  for (const record of records) {
    const result = readingOf(device, record, nowMs);
    if ('reason' in result) {
      problems.push(result);
      continue;
    }
    // One statement cannot insert the same key twice (ON CONFLICT would fail), so a pack that
    // repeats a reading keeps the first: the repeats count as duplicates.
    const key = `${result.name}@${result.at.getTime()}`;
    if (seen.has(key)) {
      repeats += 1;
      continue;
    }
    seen.add(key);
    readings.push(result);
  }
  return problems.length > 0 ? { ok: false, problems } : { ok: true, readings, repeats };
}

/** The problem code of a refused pack: the first problem's, in the order of the pack. */
export type IngestRefusal =
  | 'SENML_INVALID'
  | 'SENML_UNIT_UNKNOWN'
  | 'SENML_TIME_IN_FUTURE'
  | 'SENML_NAME_NOT_OF_DEVICE'
  | 'SENML_VALUE_REFUSED';

const REFUSAL_OF: Record<ReadingReason, IngestRefusal> = {
  nameNotOfDevice: 'SENML_NAME_NOT_OF_DEVICE',
  unitMissing: 'SENML_UNIT_UNKNOWN',
  unitUnknown: 'SENML_UNIT_UNKNOWN',
  unitNotForMeasurement: 'SENML_UNIT_UNKNOWN',
  valueNotNumeric: 'SENML_VALUE_REFUSED',
  valueOutOfRange: 'SENML_VALUE_REFUSED',
  timeInFuture: 'SENML_TIME_IN_FUTURE',
};

/** The code for a list of problems (SenML syntax problems are SENML_INVALID). */
export function refusalOf(problems: readonly (ReadingProblem | SenmlProblem)[]): IngestRefusal {
  const first = problems[0];
  if (!first || !(first.reason in REFUSAL_OF)) return 'SENML_INVALID';
  return REFUSAL_OF[first.reason as ReadingReason];
}
