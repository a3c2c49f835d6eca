/** A dataset's table as CSV (RFC 4180, UTF-8, header row) and as JSON (issue #12). Pure. */
import { type Cell, type DatasetTable, suppressionMark } from './model.ts';

function csvField(cell: Cell | undefined): string {
  if (!cell) return '';
  if (cell.suppressed) return suppressionMark(cell.suppressed);
  const value = cell.value;
  if (value === null) return '';
  const text = String(value);
  // Quoted when it holds a separator, quote or line break; a leading = + - @ is quoted too, so a
  // spreadsheet does not run a published text as a formula.
  return /[",\r\n]|^[=+\-@]/.test(text) && typeof value !== 'number'
    ? `"${text.replaceAll('"', '""')}"`
    : text;
}

/** The table as CSV: the column names as header, one line per row, CRLF line ends. */
export function toCsv(table: DatasetTable): string {
  const header = table.columns.map((column) => column.name).join(',');
  const lines = table.rows.map((row) => table.columns.map((column) => csvField(row[column.name])).join(','));
  return `${[header, ...lines].join('\r\n')}\r\n`;
}

/** One row as JSON: values (null when suppressed) and, if any, which cells are suppressed and how. */
function jsonRow(table: DatasetTable, row: Record<string, Cell>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const suppressed: Record<string, string> = {};
  for (const column of table.columns) {
    const cell = row[column.name];
    out[column.name] = cell?.value ?? null;
    if (cell?.suppressed) suppressed[column.name] = suppressionMark(cell.suppressed);
  }
  if (Object.keys(suppressed).length > 0) out.suppressed = suppressed;
  return out;
}

/** The table as a JSON document: the columns with their titles, and the rows. */
export function toJson(table: DatasetTable, meta: { dataset: string; title: string; licence: string }) {
  return {
    dataset: meta.dataset,
    title: meta.title,
    licence: meta.licence,
    suppression: { '<5': 'count under 5', '..': 'hidden so that a count under 5 cannot be worked out' },
    columns: table.columns.map((column) => ({ name: column.name, title: column.title })),
    rows: table.rows.map((row) => jsonRow(table, row)),
  };
}
