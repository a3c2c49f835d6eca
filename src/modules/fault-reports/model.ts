/**
 * Fault report rules (issue #11): what a report is made of, its category's unit, target time and
 * texts, the reporter's "not fixed" window, coarse places for the public, and distances. Pure.
 */
import type { ApplicantContact, StatusCategory } from '../../db/schema.ts';
import { findField } from '../forms/conditions.ts';
import type {
  Answers,
  FaultCategoryDefinition,
  FaultReportDefinition,
  LocalizedText,
  LocationValue,
  ServiceDefinition,
} from '../forms/definition.ts';
import { shortDurationMs } from '../forms/duration.ts';

export type { FaultCategoryDefinition, FaultReportDefinition };

/** The fault report part of a definition, or undefined for any other service. */
export function faultReportOf(definition: ServiceDefinition): FaultReportDefinition | undefined {
  return definition.faultReport;
}

/** What a new case's answers say about the fault: category and place (coordinates when given). */
export interface ReportedFault {
  category: string;
  latitude: number | null;
  longitude: number | null;
}

function isLocation(value: unknown): value is LocationValue {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && 'address' in value;
}

/** The category and the place in a report's (validated) answers. */
export function reportedFault(report: FaultReportDefinition, answers: Answers): ReportedFault {
  const category = answers[report.categoryField];
  const location = answers[report.locationField];
  const hasPoint =
    isLocation(location) && location.latitude !== undefined && location.longitude !== undefined;
  return {
    category: typeof category === 'string' ? category : '',
    latitude: hasPoint ? (location.latitude ?? null) : null,
    longitude: hasPoint ? (location.longitude ?? null) : null,
  };
}

/** The category definition of a code, if the definition has it. */
export function categoryOf(report: FaultReportDefinition, code: string): FaultCategoryDefinition | undefined {
  return report.categories.find((category) => category.code === code);
}

/** The category's name as the resident chose it (the category field's option label); the code otherwise. */
export function categoryLabel(definition: ServiceDefinition, code: string): LocalizedText {
  const report = definition.faultReport;
  const field = report ? findField(definition, report.categoryField) : undefined;
  const option = field && 'options' in field ? field.options.find((item) => item.value === code) : undefined;
  return option?.label ?? { sv: code, en: code };
}

/** When a fault of this category should be fixed by; undefined when the category sets no target. */
export function expectedAt(
  category: FaultCategoryDefinition | undefined,
  submittedAt: Date,
): Date | undefined {
  const ms = category?.targetTime ? shortDurationMs(category.targetTime) : undefined;
  return ms === undefined ? undefined : new Date(submittedAt.getTime() + ms);
}

/** Where the reporter's answer "not fixed" stands for a report. */
export type NotFixedState =
  | { kind: 'notFixedYet' }
  | { kind: 'open'; until: Date }
  | { kind: 'windowClosed'; closedAt: Date };

/**
 * The reporter may answer "not fixed" from the moment a report is marked fixed until the window
 * has passed (an officer closing it meanwhile does not shorten the window; reopening clears it).
 */
export function notFixedState(report: FaultReportDefinition, fixedAt: Date | null, now: Date): NotFixedState {
  if (!fixedAt) return { kind: 'notFixedYet' };
  const until = new Date(fixedAt.getTime() + (shortDurationMs(report.notFixedWindow) ?? 0));
  return now.getTime() <= until.getTime()
    ? { kind: 'open', until }
    : { kind: 'windowClosed', closedAt: until };
}

/** The fixed time after entering a status: set by the fixed status, kept by closing, cleared otherwise. */
export function fixedAtAfter(
  report: FaultReportDefinition,
  target: { id: string; category: StatusCategory },
  previous: Date | null,
  at: Date,
): Date | null {
  if (target.id === report.fixedStatus) return at;
  return target.category === 'closed' ? previous : null;
}

/** The address an anonymous reporter left: the contact given to the intake, else the form's e-mail answer. */
export function reporterEmail(
  report: FaultReportDefinition,
  answers: Answers,
  contact: ApplicantContact | null,
): string | null {
  if (contact?.email) return contact.email;
  const answer = report.contactEmailField ? answers[report.contactEmailField] : undefined;
  return typeof answer === 'string' && answer.trim() ? answer.trim() : null;
}

/** What the reporter reads for a status: the category's own words, else the workflow's. */
export function reporterStatusText(
  report: FaultReportDefinition,
  code: string,
  statusId: string,
  fallback: LocalizedText,
): LocalizedText {
  return categoryOf(report, code)?.statusTexts?.[statusId] ?? fallback;
}

/** The limit of the reporter's comment; longer is refused with a field error, never cut. */
export const COMMENT_MAX_LENGTH = 2000;

/** A problem with the reporter's comment, or undefined when it can be sent. */
export function commentProblem(comment: string): 'commentMissing' | 'commentTooLong' | undefined {
  const text = comment.trim();
  if (!text) return 'commentMissing';
  return [...text].length > COMMENT_MAX_LENGTH ? 'commentTooLong' : undefined;
}

// ---------------------------------------------------------------------------------------------
// Places

/** Three decimals: about 110 m north–south, 55 m east–west at Swedish latitudes. */
export const COARSE_DECIMALS = 3;

/** A coordinate rounded for the public (the list, the follow-up page): never the exact point. */
export function coarse(degrees: number): number {
  const factor = 10 ** COARSE_DECIMALS;
  return Math.round(degrees * factor) / factor;
}

/** Neutral status words for the public list (no "you", no internal status names). */
export const publicStatusText: Record<StatusCategory, LocalizedText> = {
  received: { sv: 'Mottagen', en: 'Received' },
  inProgress: { sv: 'Åtgärdas', en: 'Being fixed' },
  waitingForResident: { sv: 'Väntar på uppgifter', en: 'Waiting for details' },
  decided: { sv: 'Åtgärdad', en: 'Fixed' },
  closed: { sv: 'Avslutad', en: 'Closed' },
};

/** The mean Earth radius (IUGG), in metres. */
export const EARTH_RADIUS_M = 6_371_008.8;

const radians = (degrees: number) => (degrees * Math.PI) / 180;

/** The great-circle distance between two WGS 84 points, in metres (haversine). */
export function distanceMeters(lat1: number, lon1: number, lat2: number, lon2: number): number {
  const dLat = radians(lat2 - lat1);
  const dLon = radians(lon2 - lon1);
  const a =
    Math.sin(dLat / 2) ** 2 + Math.cos(radians(lat1)) * Math.cos(radians(lat2)) * Math.sin(dLon / 2) ** 2;
  return 2 * EARTH_RADIUS_M * Math.asin(Math.min(1, Math.sqrt(a)));
}

/** A box in degrees: every point within `radius` metres of the centre lies inside it. */
export interface DegreeBox {
  south: number;
  north: number;
  west: number;
  east: number;
}

/**
 * The bounding box around a circle, for the index prefilter (J. P. Matuschek's bounds): latitude
 * ± r/R, longitude ± asin(sin(r/R) / cos(latitude)), which reaches the circle's tangent points. When
 * the circle covers a pole or crosses the ±180° meridian the longitude band is the whole circle of
 * latitude: a box that holds more is still a correct prefilter.
 */
export function boxAround(latitude: number, longitude: number, radiusMeters: number): DegreeBox {
  const angular = radiusMeters / EARTH_RADIUS_M;
  const dLat = angular * (180 / Math.PI);
  const south = latitude - dLat;
  const north = latitude + dLat;
  const whole = { south: Math.max(-90, south), north: Math.min(90, north), west: -180, east: 180 };
  if (south <= -90 || north >= 90 || angular >= Math.PI / 2) return whole;
  const dLon = Math.asin(Math.sin(angular) / Math.cos(radians(latitude))) * (180 / Math.PI);
  const west = longitude - dLon;
  const east = longitude + dLon;
  return west < -180 || east > 180 ? whole : { south, north, west, east };
}
