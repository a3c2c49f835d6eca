/**
 * The administrator's device form (issue #11): what a registration must say — name, the asset it
 * watches, where it is (WGS 84), its SenML base name and the limits its type needs — checked into
 * field errors with stable codes (Swedish and English texts in messages.ts). Pure.
 */
import type { SensorThresholds } from '../../db/schema.ts';
import { type DeviceType, ruleMeasurement } from './model.ts';

export interface DeviceForm {
  name?: string;
  assetName?: string;
  assetIdentifier?: string;
  latitude?: string;
  longitude?: string;
  baseName?: string;
  upper?: string;
  lower?: string;
}

export interface DeviceInput {
  name: string;
  assetName: string;
  assetIdentifier: string | null;
  latitude: number;
  longitude: number;
  /** Undefined: the service gives `urn:dev:ingang:<device id>:`. */
  baseName: string | undefined;
  thresholds: SensorThresholds;
}

export interface FieldProblem {
  field: keyof DeviceForm;
  message: string;
}

const BASE_NAME = /^[A-Za-z0-9][A-Za-z0-9\-:./_]*$/;

/** "62,39" or "62.39" → 62.39; undefined when it is not a plain decimal number. */
export function parseDecimal(raw: string | undefined): number | undefined {
  const text = (raw ?? '').trim().replace(',', '.').replace('−', '-');
  if (!/^-?\d+(\.\d+)?$/.test(text)) return undefined;
  return Number(text);
}

function text(raw: string | undefined, max: number): string {
  return (raw ?? '').trim().slice(0, max);
}

function coordinate(raw: string | undefined, limit: number): number | 'missing' | 'invalid' {
  if (!(raw ?? '').trim()) return 'missing';
  const value = parseDecimal(raw);
  return value !== undefined && Math.abs(value) <= limit ? value : 'invalid';
}

/** The limit fields a type asks for: the upper one always, the lower one for ranges (pH). */
export function limitFields(type: DeviceType): ('upper' | 'lower')[] {
  return type.rule.bounds === 'range' ? ['lower', 'upper'] : ['upper'];
}

function limits(type: DeviceType, form: DeviceForm, problems: FieldProblem[]): SensorThresholds {
  const measurement = ruleMeasurement(type);
  const thresholds: SensorThresholds = {};
  for (const field of limitFields(type)) {
    const raw = form[field];
    const value = parseDecimal(raw);
    if (!(raw ?? '').trim()) problems.push({ field, message: 'limitMissing' });
    else if (value === undefined) problems.push({ field, message: 'limitNotNumber' });
    else if (value < measurement.min || value > measurement.max)
      problems.push({ field, message: 'limitOutOfRange' });
    else thresholds[field] = value;
  }
  const { lower, upper } = thresholds;
  if (lower !== undefined && upper !== undefined && lower >= upper)
    problems.push({ field: 'upper', message: 'limitOrder' });
  return thresholds;
}

/** Checks the limits form alone (changing a device's limits). */
export function checkLimits(
  type: DeviceType,
  form: DeviceForm,
): { ok: true; thresholds: SensorThresholds } | { ok: false; problems: FieldProblem[] } {
  const problems: FieldProblem[] = [];
  const thresholds = limits(type, form, problems);
  return problems.length > 0 ? { ok: false, problems } : { ok: true, thresholds };
}

/** Checks a registration form; every problem is reported, each beside its field. */
export function checkDeviceForm(
  type: DeviceType,
  form: DeviceForm,
): { ok: true; input: DeviceInput } | { ok: false; problems: FieldProblem[] } {
  const problems: FieldProblem[] = [];
  const name = text(form.name, 200);
  if (!name) problems.push({ field: 'name', message: 'nameMissing' });
  const assetName = text(form.assetName, 200);
  if (!assetName) problems.push({ field: 'assetName', message: 'assetNameMissing' });
  const assetIdentifier = text(form.assetIdentifier, 100) || null;
  const latitude = coordinate(form.latitude, 90);
  if (typeof latitude !== 'number')
    problems.push({
      field: 'latitude',
      message: latitude === 'missing' ? 'latitudeMissing' : 'latitudeInvalid',
    });
  const longitude = coordinate(form.longitude, 180);
  if (typeof longitude !== 'number')
    problems.push({
      field: 'longitude',
      message: longitude === 'missing' ? 'longitudeMissing' : 'longitudeInvalid',
    });
  const baseName = text(form.baseName, 200) || undefined;
  if (baseName !== undefined && !BASE_NAME.test(baseName))
    problems.push({ field: 'baseName', message: 'baseNameInvalid' });
  const thresholds = limits(type, form, problems);
  if (problems.length > 0 || typeof latitude !== 'number' || typeof longitude !== 'number')
    return { ok: false, problems };
  return {
    ok: true,
    input: { name, assetName, assetIdentifier, latitude, longitude, baseName, thresholds },
  };
}
