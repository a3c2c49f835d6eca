/**
 * Open data (issue #12, docs/open-data.md): the datasets a tenant may publish, the suppression of
 * small counts, and the checks of the publisher settings. Pure: no I/O.
 *
 * Suppression rule. Every published count under 5 (0–4 included: a zero also says something about
 * a small group) is replaced by "<5". A total is published only when none of the counts it adds up
 * is suppressed; otherwise the total is suppressed too (shown as ".."), because total minus the
 * published parts would give back the hidden count. Figures derived from counts follow their counts:
 * a median needs at least 5 cases behind it, and a share within target time needs at least 5 cases
 * within and 5 outside it (otherwise share × decided would give back a small count).
 */
import type { LocalizedText } from '../../platform/i18n/i18n.ts';

/** Counts under this are never published. */
export const SUPPRESSION_THRESHOLD = 5;

/** The datasets, by their URL segment (also their id in the settings and the catalogue). */
export const DATASET_IDS = [
  'e-tjanster',
  'arendestatistik',
  'felanmalningar',
  'sensorvarden',
  'digitalt-stod',
] as const;
export type DatasetId = (typeof DATASET_IDS)[number];

export function isDatasetId(value: string): value is DatasetId {
  return (DATASET_IDS as readonly string[]).includes(value);
}

/** Why a cell is empty: a small count ("<5"), or hidden so a small count cannot be worked out (".."). */
export type Suppression = 'small' | 'complementary';

export type CellValue = string | number | boolean | null;

/** One published cell: its value, or null with why it is suppressed. */
export interface Cell {
  value: CellValue;
  suppressed?: Suppression;
}

export interface Column {
  name: string;
  title: LocalizedText;
}

/** A dataset's contents: named columns and rows of cells. */
export interface DatasetTable {
  columns: Column[];
  rows: Record<string, Cell>[];
}

/** A count as published: itself from 5 up, else suppressed as small. */
export function countCell(count: number): Cell {
  return count >= SUPPRESSION_THRESHOLD ? { value: count } : { value: null, suppressed: 'small' };
}

/** A plain value (never suppressed). */
export const plain = (value: CellValue): Cell => ({ value });

/** A derived figure hidden because the counts behind it are small. */
export const hidden: Cell = { value: null, suppressed: 'complementary' };

/**
 * Counts and their total, as published: each part through `countCell`; the total only when no part
 * is suppressed (secondary suppression, see the module comment) and it is not small itself.
 */
export function suppressGroup(parts: readonly number[]): { parts: Cell[]; total: Cell } {
  const cells = parts.map(countCell);
  const total = parts.reduce((sum, part) => sum + part, 0);
  if (total < SUPPRESSION_THRESHOLD) return { parts: cells, total: countCell(total) };
  const anyHidden = cells.some((cell) => cell.suppressed);
  return { parts: cells, total: anyHidden ? hidden : { value: total } };
}

/** How a suppressed cell reads in CSV and on the page. */
export function suppressionMark(suppressed: Suppression): string {
  return suppressed === 'small' ? '<5' : '..';
}

/** The share (whole per cent) decided within target time, when it reveals no small count. */
export function shareWithinTarget(decided: number, withinTarget: number): Cell {
  const late = decided - withinTarget;
  if (withinTarget < SUPPRESSION_THRESHOLD || late < SUPPRESSION_THRESHOLD) return hidden;
  return { value: Math.round((withinTarget / decided) * 100) };
}

/** A median in days (one decimal), when at least 5 cases are behind it. */
export function medianCell(cases: number, medianDays: number | null): Cell {
  if (cases < SUPPRESSION_THRESHOLD || medianDays === null) return hidden;
  return { value: Math.round(medianDays * 10) / 10 };
}

/**
 * A place made coarse for publishing: snapped to the centre of a grid cell about 1 km on each side
 * (0.01° of latitude is 1.1 km; 0.02° of longitude is 1.1 km at 60° N), so one house cannot be told.
 */
export function coarseCell(latitude: number, longitude: number): { latitude: number; longitude: number } {
  const snap = (degrees: number, step: number) =>
    // The epsilon keeps a value on a cell's edge (59.2 / 0.01) from falling into the cell below.
    Math.round((Math.floor(degrees / step + 1e-9) * step + step / 2) * 10_000) / 10_000;
  return { latitude: snap(latitude, 0.01), longitude: snap(longitude, 0.02) };
}

/** The months `YYYY-MM` from `first` to `last`, inclusive, at most `max` of the newest. */
export function monthsBetween(first: string, last: string, max = 24): string[] {
  const months: string[] = [];
  let [year, month] = first.split('-').map(Number) as [number, number];
  while (`${year}-${String(month).padStart(2, '0')}` <= last) {
    months.push(`${year}-${String(month).padStart(2, '0')}`);
    month += 1;
    if (month > 12) [year, month] = [year + 1, 1];
  }
  return months.slice(-max);
}

/** The publisher settings as an administrator types them. */
export interface PublisherInput {
  datasets: readonly string[];
  publisherUri: string;
  organisationNumber: string;
  contactName: string;
  contactEmail: string;
}

export interface PublisherSettings {
  datasets: DatasetId[];
  publisherUri: string;
  organisationNumber: string;
  contactName: string;
  contactEmail: string;
  licenceUri: string;
}

/** CC0 1.0, the default licence (DCAT-AP-SE recommends it for open data). */
export const CC0 = 'http://creativecommons.org/publicdomain/zero/1.0/';

const ORGANISATION_NUMBER = /^(\d{6})-?(\d{4})$/;

/** Luhn check digit over the ten digits, as for every Swedish organisation number. */
function luhnValid(digits: string): boolean {
  let sum = 0;
  for (const [index, char] of [...digits].entries()) {
    let value = Number(char) * (index % 2 === 0 ? 2 : 1);
    if (value > 9) value -= 9;
    sum += value;
  }
  return sum % 10 === 0;
}

function validUri(value: string): boolean {
  if (!/^https?:\/\/[^\s]+$/.test(value)) return false;
  return URL.canParse(value);
}

/** Checks the settings form: field errors as codes (messages.ts), or the settings. */
export function checkPublisherInput(
  input: PublisherInput,
): { ok: Omit<PublisherSettings, 'licenceUri'> } | { errors: { field: string; message: string }[] } {
  const errors: { field: string; message: string }[] = [];
  const publisherUri = input.publisherUri.trim();
  const number = ORGANISATION_NUMBER.exec(input.organisationNumber.trim());
  const contactName = input.contactName.trim();
  const contactEmail = input.contactEmail.trim();
  if (!publisherUri) errors.push({ field: 'publisherUri', message: 'required' });
  else if (!validUri(publisherUri)) errors.push({ field: 'publisherUri', message: 'invalidUri' });
  if (!input.organisationNumber.trim()) errors.push({ field: 'organisationNumber', message: 'required' });
  else if (!number || !luhnValid(`${number[1]}${number[2]}`))
    errors.push({ field: 'organisationNumber', message: 'invalidOrganisationNumber' });
  if (!contactName) errors.push({ field: 'contactName', message: 'required' });
  else if (contactName.length > 200) errors.push({ field: 'contactName', message: 'tooLong' });
  if (!contactEmail) errors.push({ field: 'contactEmail', message: 'required' });
  else if (!/^[^\s@<>]+@[^\s@<>]+\.[^\s@<>]+$/.test(contactEmail) || contactEmail.length > 254)
    errors.push({ field: 'contactEmail', message: 'invalidEmail' });
  if (errors.length > 0 || !number) return { errors };
  return {
    ok: {
      datasets: DATASET_IDS.filter((id) => input.datasets.includes(id)),
      publisherUri,
      organisationNumber: `${number[1]}-${number[2]}`,
      contactName,
      contactEmail,
    },
  };
}
