/**
 * What the open data page draws for each dataset (issue #12): a few labelled values taken from the
 * published table, so the chart and its table never show more than the download does. Counts made
 * here (reports per category) are suppressed like any other count. Pure.
 */
import type { Language } from '../../platform/i18n/i18n.ts';
import { ALL_SERVICES } from './dataset-model.ts';
import { type Cell, countCell, type DatasetId, type DatasetTable } from './model.ts';

export interface ChartSummary {
  /** The chart's message key and its parameters (messages.ts). */
  title: 'chartEServices' | 'chartCases' | 'chartFaults' | 'chartSensors' | 'chartDigitalSupport';
  params: Record<string, string>;
  labelColumn: 'colService' | 'colMonth' | 'colCategory' | 'colDate' | 'colTargetGroup';
  valueColumn: 'colDays' | 'colReceived' | 'colReports' | 'colMean' | 'colOffers';
  rows: { label: string; cell: Cell }[];
}

const MAX_BARS = 14;
const text = (cell: Cell | undefined) => String(cell?.value ?? '');

function faultSummary(table: DatasetTable): ChartSummary {
  const counts = new Map<string, number>();
  for (const row of table.rows)
    counts.set(text(row.categoryName), (counts.get(text(row.categoryName)) ?? 0) + 1);
  const rows = [...counts.entries()]
    .sort(([a], [b]) => a.localeCompare(b, 'sv'))
    .map(([label, count]) => ({ label, cell: countCell(count) }));
  return { title: 'chartFaults', params: {}, labelColumn: 'colCategory', valueColumn: 'colReports', rows };
}

/** Offers per target group (offers are not people: the counts are not suppressed). */
function digitalSupportSummary(table: DatasetTable): ChartSummary {
  const counts = new Map<string, number>();
  for (const row of table.rows)
    for (const group of text(row.targetGroups).split('; ').filter(Boolean))
      counts.set(group, (counts.get(group) ?? 0) + 1);
  const rows = [...counts.entries()]
    .sort(([a], [b]) => a.localeCompare(b, 'sv'))
    .map(([label, count]) => ({ label, cell: { value: count } }));
  return {
    title: 'chartDigitalSupport',
    params: {},
    labelColumn: 'colTargetGroup',
    valueColumn: 'colOffers',
    rows,
  };
}

function sensorSummary(table: DatasetTable): ChartSummary {
  const first = table.rows[0];
  const same = table.rows.filter(
    (row) => text(row.sensor) === text(first?.sensor) && text(row.measurement) === text(first?.measurement),
  );
  return {
    title: 'chartSensors',
    params: { sensor: text(first?.sensor), measurement: text(first?.measurement), unit: text(first?.unit) },
    labelColumn: 'colDate',
    valueColumn: 'colMean',
    rows: same.slice(-MAX_BARS).map((row) => ({ label: text(row.date), cell: row.mean ?? { value: null } })),
  };
}

/** The chart of one dataset's table, in the page's language. */
export function chartSummary(id: DatasetId, table: DatasetTable, lang: Language): ChartSummary {
  if (id === 'e-tjanster')
    return {
      title: 'chartEServices',
      params: {},
      labelColumn: 'colService',
      valueColumn: 'colDays',
      rows: table.rows
        .filter((row) => row.targetDays?.value !== null)
        .map((row) => ({
          label: text(lang === 'sv' ? row.titleSv : row.titleEn),
          cell: row.targetDays as Cell,
        })),
    };
  if (id === 'arendestatistik')
    return {
      title: 'chartCases',
      params: {},
      labelColumn: 'colMonth',
      valueColumn: 'colReceived',
      rows: table.rows
        .filter((row) => row.service?.value === ALL_SERVICES)
        .slice(-MAX_BARS)
        .map((row) => ({ label: text(row.month), cell: row.received as Cell })),
    };
  if (id === 'digitalt-stod') return digitalSupportSummary(table);
  return id === 'felanmalningar' ? faultSummary(table) : sensorSummary(table);
}
