/**
 * What each open dataset is (titles, descriptions, EU data themes, update frequency, columns) and
 * how its table is built from the figures other modules give (issue #12). Pure: no I/O.
 */
import type { LocalizedText } from '../../platform/i18n/i18n.ts';
import {
  type Cell,
  type Column,
  coarseCell,
  type DatasetId,
  type DatasetTable,
  medianCell,
  plain,
  shareWithinTarget,
  suppressGroup,
} from './model.ts';

/** EU data themes (http://publications.europa.eu/resource/authority/data-theme/…). */
export type DataTheme = 'GOVE' | 'TRAN' | 'ENVI' | 'REGI' | 'SOCI';
/** EU frequencies (http://publications.europa.eu/resource/authority/frequency/…). */
export type Frequency = 'DAILY' | 'MONTHLY' | 'IRREG';

export interface DatasetDefinition {
  id: DatasetId;
  title: LocalizedText;
  description: LocalizedText;
  keywords: { sv: string[]; en: string[] };
  theme: DataTheme;
  frequency: Frequency;
  columns: Column[];
}

const col = (name: string, sv: string, en: string): Column => ({ name, title: { sv, en } });

export const DATASETS: Record<DatasetId, DatasetDefinition> = {
  'e-tjanster': {
    id: 'e-tjanster',
    title: { sv: 'Kommunens e-tjänster', en: 'The municipality’s e-services' },
    description: {
      sv: 'Förteckning över kommunens e-tjänster med kort beskrivning, om inloggning krävs och målet för handläggningstiden.',
      en: 'List of the municipality’s e-services with a short description, whether login is required and the target handling time.',
    },
    keywords: { sv: ['e-tjänster', 'kommunal service'], en: ['e-services', 'municipal services'] },
    theme: 'GOVE',
    frequency: 'IRREG',
    columns: [
      col('service', 'E-tjänst (id)', 'E-service (id)'),
      col('titleSv', 'Namn', 'Name (Swedish)'),
      col('titleEn', 'Namn på engelska', 'Name (English)'),
      col('summarySv', 'Beskrivning', 'Description (Swedish)'),
      col('loginRequired', 'Kräver inloggning', 'Login required'),
      col('targetDays', 'Mål för handläggningstid (dagar)', 'Target handling time (days)'),
      col('url', 'Adress', 'Address'),
    ],
  },
  arendestatistik: {
    id: 'arendestatistik',
    title: { sv: 'Ärendestatistik per e-tjänst och månad', en: 'Case statistics per e-service and month' },
    description: {
      sv: 'Antal inkomna och avgjorda ärenden per e-tjänst och månad, median för handläggningstiden och andel avgjorda inom målet. Antal under 5 visas som "<5"; summor och andelar som skulle avslöja dem visas som "..".',
      en: 'Cases received and decided per e-service and month, median handling time and share decided within the target. Counts under 5 are shown as "<5"; totals and shares that would reveal them as "..".',
    },
    keywords: {
      sv: ['ärenden', 'handläggningstid', 'statistik'],
      en: ['cases', 'handling time', 'statistics'],
    },
    theme: 'GOVE',
    frequency: 'MONTHLY',
    columns: [
      col('month', 'Månad', 'Month'),
      col('service', 'E-tjänst (id)', 'E-service (id)'),
      col('title', 'E-tjänst', 'E-service'),
      col('received', 'Inkomna', 'Received'),
      col('decided', 'Avgjorda', 'Decided'),
      col('medianDays', 'Median handläggningstid (dagar)', 'Median handling time (days)'),
      col('withinTargetPercent', 'Andel avgjorda inom målet (%)', 'Decided within target (%)'),
    ],
  },
  felanmalningar: {
    id: 'felanmalningar',
    title: { sv: 'Felanmälningar', en: 'Fault reports' },
    description: {
      sv: 'Felanmälningar om gator, parker och belysning: kategori, ungefärlig plats (mitten av en ruta på cirka 1 km), status och datum. Ingen fritext och inga uppgifter om den som anmälde.',
      en: 'Fault reports about streets, parks and lighting: category, approximate place (the centre of a square of about 1 km), status and dates. No free text and nothing about the reporter.',
    },
    keywords: { sv: ['felanmälan', 'gator', 'belysning'], en: ['fault reports', 'streets', 'lighting'] },
    theme: 'TRAN',
    frequency: 'DAILY',
    columns: [
      col('category', 'Kategori (kod)', 'Category (code)'),
      col('categoryName', 'Kategori', 'Category'),
      col('latitude', 'Latitud (ruta)', 'Latitude (square)'),
      col('longitude', 'Longitud (ruta)', 'Longitude (square)'),
      col('status', 'Status', 'Status'),
      col('submitted', 'Anmäld', 'Reported'),
      col('fixed', 'Åtgärdad', 'Fixed'),
    ],
  },
  sensorvarden: {
    id: 'sensorvarden',
    title: { sv: 'Sensorvärden per dag', en: 'Sensor readings per day' },
    description: {
      sv: 'Medel, lägsta och högsta värde per dag från kommunens sensorer i offentlig miljö (till exempel vattennivå, vattenkvalitet, snölast på tak och fyllnadsgrad i papperskorgar). Inga sensorer som mäter människor.',
      en: 'Daily mean, minimum and maximum from the municipality’s sensors in public places (for example water level, water quality, snow load on roofs and fill level of litter bins). No sensors that measure people.',
    },
    keywords: { sv: ['sensorer', 'mätvärden', 'miljö'], en: ['sensors', 'readings', 'environment'] },
    theme: 'ENVI',
    frequency: 'DAILY',
    columns: [
      col('date', 'Datum', 'Date'),
      col('sensor', 'Sensor', 'Sensor'),
      col('type', 'Typ', 'Type'),
      col('measurement', 'Mätning', 'Measurement'),
      col('unit', 'Enhet', 'Unit'),
      col('mean', 'Medel', 'Mean'),
      col('min', 'Lägsta', 'Minimum'),
      col('max', 'Högsta', 'Maximum'),
      col('latitude', 'Latitud', 'Latitude'),
      col('longitude', 'Longitud', 'Longitude'),
    ],
  },
  'digitalt-stod': {
    id: 'digitalt-stod',
    title: { sv: 'Digitalt stöd för invånare', en: 'Digital support for residents' },
    description: {
      sv: 'Förteckning över digitalt stöd som bibliotek, föreningar, studieförbund och kommunen ger invånare: målgrupper, verksamhetsmodell, kanaler, plats, tider, serviceåtagande, resurser, indikatorer och organisationens kontaktuppgifter (inga kontaktpersoner). Bara publicerade erbjudanden.',
      en: 'Directory of the digital support that libraries, associations, study associations and the municipality give residents: target groups, operating model, channels, place, times, service promise, resources, indicators and the organisation’s contact details (no contact persons). Published offers only.',
    },
    keywords: {
      sv: ['digitalt stöd', 'digital inkludering', 'bibliotek'],
      en: ['digital support', 'digital inclusion', 'libraries'],
    },
    theme: 'SOCI',
    frequency: 'IRREG',
    columns: [
      col('id', 'Id', 'Id'),
      col('name', 'Namn', 'Name'),
      col('provider', 'Ges av', 'Provided by'),
      col('providerKind', 'Typ av organisation', 'Kind of organisation'),
      col('operatingModel', 'Verksamhetsmodell', 'Operating model'),
      col('targetGroups', 'Målgrupper', 'Target groups'),
      col('channels', 'Kanaler', 'Channels'),
      col('address', 'Adress', 'Address'),
      col('locality', 'Ort eller stadsdel', 'Town or district'),
      col('latitude', 'Latitud', 'Latitude'),
      col('longitude', 'Longitud', 'Longitude'),
      col('openingHours', 'När', 'When'),
      col('languages', 'Språk', 'Languages'),
      col('servicePromise', 'Serviceåtagande', 'Service promise'),
      col('howItWorks', 'Så går det till', 'How it works'),
      col('tools', 'Verktyg', 'Tools'),
      col('partners', 'Samarbetspartner', 'Partners'),
      col('resources', 'Resurser och finansiering', 'Resources and funding'),
      col('howFound', 'Hur invånare hittar stödet', 'How residents find it'),
      col('indicators', 'Indikatorer', 'Indicators'),
      col('sustainability', 'Långsiktighet', 'Sustainability'),
      col('phone', 'Telefon', 'Phone'),
      col('email', 'E-post', 'E-mail'),
      col('web', 'Webbplats', 'Website'),
      col('updated', 'Uppdaterad', 'Updated'),
      col('url', 'Adress i förteckningen', 'Address in the directory'),
    ],
  },
};

const table = (id: DatasetId, rows: Record<string, Cell>[]): DatasetTable => ({
  columns: DATASETS[id].columns,
  rows,
});

export interface ServiceFacts {
  serviceId: string;
  slug: string;
  title: LocalizedText;
  summary: LocalizedText;
  loginRequired: boolean;
  targetDays: number | null;
  url: string;
}

/** The e-service catalogue: one row per live service. */
export function servicesTable(services: readonly ServiceFacts[]): DatasetTable {
  return table(
    'e-tjanster',
    services.map((service) => ({
      service: plain(service.slug),
      titleSv: plain(service.title.sv),
      titleEn: plain(service.title.en),
      summarySv: plain(service.summary.sv),
      loginRequired: plain(service.loginRequired),
      targetDays: plain(service.targetDays),
      url: plain(service.url),
    })),
  );
}

/** One service's figures in one month (a month with no cases may be left out). */
export interface MonthlyFigures {
  serviceId: string;
  month: string;
  received: number;
  decided: number;
  medianDays: number | null;
  withinTarget: number | null;
}

/** The total row's service column. */
export const ALL_SERVICES = '*';

/**
 * Case statistics: for every month and every service a row (months without cases too, so a
 * missing row never says "zero"), then the month's total row, suppressed as `suppressGroup` says.
 */
export function caseStatisticsTable(
  services: readonly ServiceFacts[],
  figures: readonly MonthlyFigures[],
  months: readonly string[],
): DatasetTable {
  const byKey = new Map(figures.map((figure) => [`${figure.month} ${figure.serviceId}`, figure]));
  const rows: Record<string, Cell>[] = [];
  for (const month of months) {
    const of = services.map((service) => byKey.get(`${month} ${service.serviceId}`));
    const received = suppressGroup(of.map((figure) => figure?.received ?? 0));
    const decided = suppressGroup(of.map((figure) => figure?.decided ?? 0));
    services.forEach((service, index) => {
      const figure = of[index];
      const count = figure?.decided ?? 0;
      rows.push({
        month: plain(month),
        service: plain(service.slug),
        title: plain(service.title.sv),
        received: received.parts[index] as Cell,
        decided: decided.parts[index] as Cell,
        medianDays: medianCell(count, figure?.medianDays ?? null),
        withinTargetPercent:
          service.targetDays === null ? plain(null) : shareWithinTarget(count, figure?.withinTarget ?? 0),
      });
    });
    rows.push({
      month: plain(month),
      service: plain(ALL_SERVICES),
      title: plain('Alla e-tjänster'),
      received: received.total,
      decided: decided.total,
      medianDays: plain(null),
      withinTargetPercent: plain(null),
    });
  }
  return table('arendestatistik', rows);
}

export interface FaultReportFacts {
  category: string;
  categoryName: string;
  latitude: number | null;
  longitude: number | null;
  status: string;
  submittedAt: string;
  fixedAt: string | null;
}

/** Fault reports, one row each, the place snapped to its ~1 km square. */
export function faultReportTable(reports: readonly FaultReportFacts[]): DatasetTable {
  return table(
    'felanmalningar',
    reports.map((report) => {
      const place =
        report.latitude === null || report.longitude === null
          ? null
          : coarseCell(report.latitude, report.longitude);
      return {
        category: plain(report.category),
        categoryName: plain(report.categoryName),
        latitude: plain(place?.latitude ?? null),
        longitude: plain(place?.longitude ?? null),
        status: plain(report.status),
        submitted: plain(report.submittedAt),
        fixed: plain(report.fixedAt),
      };
    }),
  );
}

export interface DailyReading {
  date: string;
  sensor: string;
  type: string;
  measurement: string;
  unit: string;
  mean: number;
  min: number;
  max: number;
  latitude: number;
  longitude: number;
}

const round = (value: number) => Math.round(value * 100) / 100;

/** Sensor readings per device, measurement and day. */
export function sensorTable(readings: readonly DailyReading[]): DatasetTable {
  return table(
    'sensorvarden',
    readings.map((reading) => ({
      date: plain(reading.date),
      sensor: plain(reading.sensor),
      type: plain(reading.type),
      measurement: plain(reading.measurement),
      unit: plain(reading.unit),
      mean: plain(round(reading.mean)),
      min: plain(round(reading.min)),
      max: plain(round(reading.max)),
      latitude: plain(reading.latitude),
      longitude: plain(reading.longitude),
    })),
  );
}

/** One published digital-support offer as the dataset shows it (labels in Swedish, no contact person). */
export type DigitalSupportFacts = Record<
  | 'id'
  | 'name'
  | 'provider'
  | 'providerKind'
  | 'operatingModel'
  | 'targetGroups'
  | 'channels'
  | 'address'
  | 'locality'
  | 'openingHours'
  | 'languages'
  | 'servicePromise'
  | 'howItWorks'
  | 'tools'
  | 'partners'
  | 'resources'
  | 'howFound'
  | 'indicators'
  | 'sustainability'
  | 'phone'
  | 'email'
  | 'web'
  | 'updated'
  | 'url',
  string
> & { latitude: number | null; longitude: number | null };

/** The digital-support directory (issue #13): one row per published offer, empty texts as null. */
export function digitalSupportTable(offers: readonly DigitalSupportFacts[]): DatasetTable {
  return table(
    'digitalt-stod',
    offers.map((offer) =>
      Object.fromEntries(
        DATASETS['digitalt-stod'].columns.map(({ name }) => {
          const value = offer[name as keyof DigitalSupportFacts];
          return [name, plain(value === '' ? null : value)];
        }),
      ),
    ),
  );
}
