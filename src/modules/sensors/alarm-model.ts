/**
 * A sensor alarm as a fault report (issue #11): the answers of the tenant's fault-report service
 * (felanmälan) filled in from the device — a category its type prefers among those the service
 * offers, the alarm in Swedish as the description, the device's position as the location, no
 * contact wanted — and the reading as data for the case's history. Pure; the intake validates the
 * answers again against the live version, so a changed service is refused, never filled in wrongly.
 */
import { allFields } from '../forms/conditions.ts';
import type { Answers, Field, ServiceDefinition } from '../forms/definition.ts';
import { type DeviceType, ruleMeasurement, type SensorThresholds } from './model.ts';

/** The fault-report service sensors file their alarms in (the demo's and most tenants' slug). */
export const FAULT_SERVICE = 'felanmalan';

export interface AlarmFacts {
  type: DeviceType;
  deviceId: string;
  deviceName: string;
  assetName: string;
  assetIdentifier: string | null;
  latitude: number;
  longitude: number;
  thresholds: SensorThresholds;
  reading: { at: Date; value: number };
  /** The alarm in words (alarmText). */
  text: string;
}

/** The first category the type prefers that the field offers; else the field's last option. */
function category(field: Field, preferred: readonly string[]): string | undefined {
  if (field.type !== 'radio' && field.type !== 'select') return undefined;
  const offered = field.options.map((option) => option.value);
  return preferred.find((value) => offered.includes(value)) ?? offered.at(-1);
}

/** The fault report's answers for an alarm, by the service's own fields. */
export function faultAnswers(definition: ServiceDefinition, alarm: AlarmFacts): Answers {
  const answers: Answers = {};
  for (const field of allFields(definition)) {
    if (field.id === 'category') {
      const chosen = category(field, alarm.type.categories);
      if (chosen) answers[field.id] = chosen;
    } else if (field.id === 'description' && (field.type === 'textarea' || field.type === 'text')) {
      answers[field.id] = alarm.text;
    } else if (field.type === 'location' && !answers[field.id]) {
      const address = alarm.assetIdentifier
        ? `${alarm.assetName} (${alarm.assetIdentifier})`
        : alarm.assetName;
      answers[field.id] = { address, latitude: alarm.latitude, longitude: alarm.longitude };
    } else if (field.type === 'yesNo' && field.id === 'wantsContact') {
      answers[field.id] = false;
    }
  }
  return answers;
}

/** The reading behind an alarm event, as stored in the case's history. */
export function readingData(alarm: Pick<AlarmFacts, 'type' | 'deviceId' | 'thresholds' | 'reading'>) {
  const measurement = ruleMeasurement(alarm.type);
  return {
    deviceId: alarm.deviceId,
    measurement: measurement.key,
    value: alarm.reading.value,
    unit: measurement.unit,
    at: alarm.reading.at.toISOString(),
    thresholds: alarm.thresholds,
  };
}
