import { BillingExportFormat } from '../api';
import { PriceSheet } from '../priceSheet';
import { awsCur2 } from './awsCur';
import { BillingExportError } from './BillingExportError';
import { ExportInput, readCsvRows } from './csv';
import { ExportFormatRules, ExportRow, columnKey } from './exportRow';
import { gcpBilling } from './gcpBilling';
import { ParquetFile, parquetFileFromBytes, readParquet } from './parquet';
import { DerivedRates, RateTotals, deriveRates } from './rates';

const RULES: Record<BillingExportFormat, ExportFormatRules> = {
  'aws-cur-2.0-csv': awsCur2,
  'aws-cur-2.0-parquet': awsCur2,
  'gcp-billing-csv': gcpBilling,
};

/** Each required column's place in the file; a missing one is named along with the format expected. */
function locate(rules: ExportFormatRules, format: BillingExportFormat, header: string[]): Map<string, string | number> {
  const present = new Map(header.map((name, index) => [columnKey(name), { name, index }]));
  const missing = rules.required.filter(column => !present.has(columnKey(column)));
  if (missing.length > 0) {
    throw new BillingExportError(
      `The file has no column ${missing.join(', ')}, which every ${rules.name} export has (format ${format}); ` +
        `check that this is a ${rules.name} export with its header row, or choose the format that matches the file`,
    );
  }
  const located = new Map<string, string | number>();
  for (const column of [...rules.required, ...rules.optional]) {
    const found = present.get(columnKey(column));
    if (found) located.set(column, format.endsWith('parquet') ? found.name : found.index);
  }
  return located;
}

function csvRow(columns: Map<string, string | number>, fields: string[], line: number): ExportRow {
  return { line, get: column => fields[columns.get(column) as number] };
}

async function readCsv(rules: ExportFormatRules, format: BillingExportFormat, input: ExportInput, totals: RateTotals): Promise<void> {
  let columns: Map<string, string | number> | undefined;
  let width = 0;
  for await (const { fields, line } of readCsvRows(input)) {
    if (fields.length === 1 && fields[0] === '') continue;
    if (!columns) {
      columns = locate(rules, format, fields);
      width = fields.length;
      continue;
    }
    if (fields.length !== width) throw new BillingExportError(`Line ${line} has ${fields.length} fields but the header has ${width}; the file may be cut short or not CSV`);
    rules.read(csvRow(columns, fields, line), totals);
  }
  if (!columns) throw new BillingExportError(`The file is empty; upload a ${rules.name} export with its header row`);
}

async function readParquetExport(rules: ExportFormatRules, format: BillingExportFormat, file: ParquetFile, totals: RateTotals): Promise<void> {
  const parquet = await readParquet(file);
  const columns = locate(rules, format, parquet.columns);
  let line = 0;
  for await (const row of parquet.rows([...new Set(columns.values())] as string[])) {
    line++;
    rules.read({ line, get: column => row[columns.get(column) as string] }, totals);
  }
}

/**
 * Reads a billing export into the prices it implies. CSV may arrive as a stream of any size (only
 * sums are kept); Parquet needs the whole file by byte range. `current` is what a resource the
 * export does not price keeps.
 */
export async function readBillingExport(format: BillingExportFormat, input: ExportInput | ParquetFile, current: PriceSheet): Promise<DerivedRates> {
  const rules = RULES[format];
  if (!rules) throw new BillingExportError(`Unknown format ${format}; use one of ${Object.keys(RULES).join(', ')}`);
  const totals = new RateTotals();
  if (format.endsWith('parquet')) {
    if (ArrayBuffer.isView(input)) await readParquetExport(rules, format, parquetFileFromBytes(input as Uint8Array), totals);
    else if (typeof input === 'object' && 'byteLength' in input && 'slice' in input) await readParquetExport(rules, format, input as ParquetFile, totals);
    else throw new BillingExportError('A Parquet export is read from a file or buffer, not a stream');
  } else {
    await readCsv(rules, format, input as ExportInput, totals);
  }
  return deriveRates(totals, current, { format: rules.name, sources: rules.sources, currencyColumn: rules.currencyColumn });
}
