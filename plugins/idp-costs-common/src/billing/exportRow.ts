import { BillingExportError } from './BillingExportError';
import { RateTotals } from './rates';

/** One row of an export by column name: CSV gives strings, Parquet typed values (numbers, Dates, maps as objects). */
export interface ExportRow {
  /** The CSV line or the Parquet row number (1-based, after the header), for error messages. */
  line: number;
  get(column: string): unknown;
}

/** How one export format turns rows into rate totals. */
export interface ExportFormatRules {
  /** As people know it, e.g. `AWS CUR 2.0`. */
  name: string;
  /** Columns every file of the format has; a missing one is named in the error. */
  required: readonly string[];
  /** Columns read when present. */
  optional: readonly string[];
  currencyColumn: string;
  /** What priced each resource, for the notes ("No EBS VolumeUsage rows"). */
  sources: { cpu: string; ram: string; storage: string };
  read(row: ExportRow, totals: RateTotals): void;
}

/** Column names match whatever their case, and `service.description` matches `service_description` (BigQuery aliases). */
export const columnKey = (name: string) => name.trim().toLowerCase().replace(/\./g, '_');

export function text(row: ExportRow, column: string): string | undefined {
  const value = row.get(column);
  if (value === undefined || value === null) return undefined;
  const string = String(value).trim();
  return string === '' ? undefined : string;
}

export function amount(row: ExportRow, column: string): number | undefined {
  const value = row.get(column);
  if (typeof value === 'number') return value;
  if (typeof value === 'bigint') return Number(value);
  const string = text(row, column);
  if (string === undefined) return undefined;
  const number = Number(string);
  if (!Number.isFinite(number)) throw new BillingExportError(`Line ${row.line}: ${column} is "${string.slice(0, 40)}", not a number`);
  return number;
}

const TIME = /^(\d{4}-\d{2}-\d{2})(?:[T ](\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?))?\s*(Z|UTC|[+-]\d{2}:?\d{2})?$/i;

/** Milliseconds since the epoch; exports write ISO 8601 (`2026-11-01T00:00:00Z`) or BigQuery's `2026-11-01 00:00:00 UTC`. No zone means UTC. */
export function time(row: ExportRow, column: string): number | undefined {
  const value = row.get(column);
  if (value instanceof Date) return value.getTime();
  const string = text(row, column);
  if (string === undefined) return undefined;
  const match = TIME.exec(string);
  const zone = match?.[3] && match[3].toUpperCase() !== 'UTC' ? match[3].replace(/^([+-]\d{2})(\d{2})$/, '$1:$2') : 'Z';
  const ms = match ? Date.parse(`${match[1]}T${match[2] ?? '00:00'}${zone}`) : NaN;
  if (!Number.isFinite(ms)) throw new BillingExportError(`Line ${row.line}: ${column} is "${string.slice(0, 40)}", not a date and time; expected ISO 8601 such as 2026-11-01T00:00:00Z`);
  return ms;
}
