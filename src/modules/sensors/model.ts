/**
 * What sensors measure and when a reading is an alarm (issue #11): the device types, their
 * measurements with the SenML units each accepts (converted to one stored unit), the alarm rule of
 * each type, and the Swedish texts of an alarm. Pure.
 */
import type { SensorDeviceType, SensorThresholds } from '../../db/schema.ts';
import type { LocalizedText } from '../forms/definition.ts';

export type { SensorDeviceType, SensorThresholds };

/** One quantity a device reports, stored in `unit`; `units` are the SenML units accepted for it. */
export interface Measurement {
  /** The SenML name after the device's base name (`fillLevel`). */
  key: string;
  label: LocalizedText;
  /** The stored unit (a SenML symbol, or `kg/m2`: see `units`). */
  unit: string;
  /** How the unit is written for people ("%", "kg/m²", "m", "pH", "°C"). */
  unitText: string;
  /** Accepted SenML unit → conversion to the stored unit. */
  units: Record<string, (value: number) => number>;
  /** Values outside this range (in the stored unit) cannot be real and are refused. */
  min: number;
  max: number;
  decimals: number;
}

/** The alarm rule of a device type: which measurement, its kind, and how the limits apply. */
export interface AlarmRule {
  measurement: string;
  /** Stable name of the alarm per asset ("at most one open case per asset and kind"). */
  kind: string;
  /** `upper`: at or above the upper limit is outside. `range`: below lower or above upper is. */
  bounds: 'upper' | 'range';
}

export interface DeviceType {
  type: SensorDeviceType;
  /** The URL word of the registration form (`?typ=sopkarl`). */
  slug: string;
  label: LocalizedText;
  measurements: Measurement[];
  rule: AlarmRule;
  /** Fault-report categories to file under, best first (the first the service offers is used). */
  categories: string[];
}

const same = (value: number) => value;
const STANDARD_GRAVITY = 9.80665;

const FILL_LEVEL: Measurement = {
  key: 'fillLevel',
  label: { sv: 'Fyllnadsgrad', en: 'Fill level' },
  unit: '%',
  unitText: '%',
  // `/` is the registry's ratio (0–1); `%` is its deprecated percent, still accepted from devices.
  units: { '%': same, '/': (value) => value * 100 },
  min: 0,
  max: 100,
  decimals: 0,
};

const SNOW_LOAD: Measurement = {
  key: 'snowLoad',
  label: { sv: 'Snölast', en: 'Snow load' },
  unit: 'kg/m2',
  unitText: 'kg/m²',
  // `Pa` is the registered unit of a load per area; `kg/m2` is not registered but is what snow-load
  // sensors and Boverket's tables use, so it is accepted too (docs/sensors.md).
  units: { 'kg/m2': same, Pa: (value) => value / STANDARD_GRAVITY },
  min: 0,
  max: 5000,
  decimals: 0,
};

const WATER_LEVEL: Measurement = {
  key: 'waterLevel',
  label: { sv: 'Vattennivå', en: 'Water level' },
  unit: 'm',
  unitText: 'm',
  units: { m: same },
  min: -100,
  max: 100,
  decimals: 2,
};

const PH: Measurement = {
  key: 'pH',
  label: { sv: 'pH-värde', en: 'pH' },
  unit: 'pH',
  unitText: 'pH',
  units: { pH: same },
  min: 0,
  max: 14,
  decimals: 1,
};

const WATER_TEMPERATURE: Measurement = {
  key: 'temperature',
  label: { sv: 'Vattentemperatur', en: 'Water temperature' },
  unit: 'Cel',
  unitText: '°C',
  units: { Cel: same, K: (value) => value - 273.15 },
  min: -5,
  max: 60,
  decimals: 1,
};

export const DEVICE_TYPES: readonly DeviceType[] = [
  {
    type: 'binFillLevel',
    slug: 'sopkarl',
    label: { sv: 'Sopkärl (fyllnadsgrad)', en: 'Bin (fill level)' },
    measurements: [FILL_LEVEL],
    rule: { measurement: 'fillLevel', kind: 'binFull', bounds: 'upper' },
    categories: ['litter-bin', 'waste', 'bins', 'litter', 'other'],
  },
  {
    type: 'roofSnowLoad',
    slug: 'snolast',
    label: { sv: 'Tak (snölast)', en: 'Roof (snow load)' },
    measurements: [SNOW_LOAD],
    rule: { measurement: 'snowLoad', kind: 'snowLoadHigh', bounds: 'upper' },
    categories: ['roof-snow', 'snow-ice', 'other'],
  },
  {
    type: 'waterLevel',
    slug: 'vattenniva',
    label: { sv: 'Vattennivå', en: 'Water level' },
    measurements: [WATER_LEVEL],
    rule: { measurement: 'waterLevel', kind: 'waterLevelHigh', bounds: 'upper' },
    categories: ['flooding', 'water', 'other'],
  },
  {
    type: 'waterQuality',
    slug: 'vattenkvalitet',
    label: { sv: 'Vattenkvalitet (pH)', en: 'Water quality (pH)' },
    measurements: [PH, WATER_TEMPERATURE],
    rule: { measurement: 'pH', kind: 'phOutOfRange', bounds: 'range' },
    categories: ['water-quality', 'water', 'other'],
  },
];

/** The device type by its stored name. */
export function deviceType(type: SensorDeviceType): DeviceType {
  const found = DEVICE_TYPES.find((candidate) => candidate.type === type);
  if (!found) throw new Error(`unknown sensor device type ${type}`);
  return found;
}

/** The device type by its URL word, if there is one. */
export function deviceTypeBySlug(slug: string | undefined): DeviceType | undefined {
  return DEVICE_TYPES.find((candidate) => candidate.slug === slug);
}

/** The measurement a rule watches. */
export function ruleMeasurement(type: DeviceType): Measurement {
  const found = type.measurements.find((measurement) => measurement.key === type.rule.measurement);
  if (!found) throw new Error(`rule of ${type.type} names no measurement`);
  return found;
}

/** Whether a value (in the stored unit) is outside the device's limits. */
export function isOutside(rule: AlarmRule, thresholds: SensorThresholds, value: number): boolean {
  const { upper, lower } = thresholds;
  if (upper !== undefined && (rule.bounds === 'upper' ? value >= upper : value > upper)) return true;
  return lower !== undefined && value < lower;
}

/** A reading as the rules see it. */
export interface RuleReading {
  at: Date;
  value: number;
}

/** The next change of side in time-ordered readings: a crossing out of the limits, or back in. */
export type Transition<R extends RuleReading = RuleReading> = { kind: 'crossed' | 'normal'; reading: R };

/**
 * The first reading that changes the rule's side (from `outside`), or undefined if none does. The
 * limits are fixed, or read per reading (the alarm job judges each reading by the limits it was
 * stored under).
 */
export function firstTransition<R extends RuleReading>(
  rule: AlarmRule,
  thresholds: SensorThresholds | ((reading: R) => SensorThresholds),
  outside: boolean,
  readings: readonly R[],
): Transition<R> | undefined {
  for (const reading of readings) {
    const limits = typeof thresholds === 'function' ? thresholds(reading) : thresholds;
    const now = isOutside(rule, limits, reading.value);
    if (now !== outside) return { kind: now ? 'crossed' : 'normal', reading };
  }
  return undefined;
}

const numberFormats = {
  sv: (decimals: number) =>
    new Intl.NumberFormat('sv-SE', { maximumFractionDigits: decimals, useGrouping: false }),
  en: (decimals: number) =>
    new Intl.NumberFormat('en-GB', { maximumFractionDigits: decimals, useGrouping: false }),
};

/** "94 %", "2,35 m", "pH 6,1": a value with its unit, in the language's number format. */
export function formatValue(measurement: Measurement, value: number, lang: 'sv' | 'en' = 'sv'): string {
  const number = numberFormats[lang](measurement.decimals).format(value).replace('-', '−');
  return measurement.unit === 'pH' ? `pH ${number}` : `${number} ${measurement.unitText}`;
}

/** The limits in words: "90 %", "6,5–9,5". */
export function formatLimits(type: DeviceType, thresholds: SensorThresholds, lang: 'sv' | 'en' = 'sv') {
  const measurement = ruleMeasurement(type);
  const { lower, upper } = thresholds;
  if (lower === undefined || upper === undefined)
    return formatValue(measurement, (upper ?? lower) as number, lang);
  const number = (value: number) =>
    formatValue({ ...measurement, unit: '', unitText: '' }, value, lang).trim();
  const range = `${number(lower)}–${number(upper)}`;
  return measurement.unit === 'pH' ? `pH ${range}` : `${range} ${measurement.unitText}`;
}

/** The alarm in plain Swedish, as the fault report's description and the case events say it. */
export function alarmText(
  type: DeviceType,
  assetName: string,
  thresholds: SensorThresholds,
  value: number,
): string {
  const shown = formatValue(ruleMeasurement(type), value);
  const limits = formatLimits(type, thresholds);
  switch (type.type) {
    case 'binFillLevel':
      return `${assetName} är fullt (${shown}). Larmgränsen är ${limits}.`;
    case 'roofSnowLoad':
      return `Hög snölast på ${assetName} (${shown}). Larmgränsen är ${limits}.`;
    case 'waterLevel':
      return `Hög vattennivå vid ${assetName} (${shown}). Larmgränsen är ${limits}.`;
    case 'waterQuality':
      return `Avvikande pH-värde i ${assetName} (${shown}). Tillåtet är ${limits}.`;
  }
}

/** "Nivån är åter normal (42 %)." */
export function normalText(type: DeviceType, value: number): string {
  return `Nivån är åter normal (${formatValue(ruleMeasurement(type), value)}).`;
}
