import { parquetMetadataAsync, parquetReadObjects, parquetSchema } from 'hyparquet';
import { BillingExportError } from './BillingExportError';

/**
 * A Parquet file by byte range (hyparquet's AsyncBuffer): Parquet keeps its schema at the end,
 * so it is read from a file or a buffer, never from a one-way stream.
 */
export interface ParquetFile {
  byteLength: number;
  slice(start: number, end?: number): ArrayBuffer | Promise<ArrayBuffer>;
}

export function parquetFileFromBytes(bytes: Uint8Array): ParquetFile {
  return {
    byteLength: bytes.byteLength,
    slice: (start, end) => bytes.slice(start, end).buffer as ArrayBuffer,
  };
}

/**
 * The top-level columns of a Parquet file, then its rows one row group at a time (a CUR 2.0 file's
 * row groups are a few MB), with only `wanted` columns decoded. Maps come back as objects,
 * timestamps as Dates.
 */
export async function readParquet(file: ParquetFile): Promise<{ columns: string[]; rows: (wanted: string[]) => AsyncGenerator<Record<string, unknown>> }> {
  let metadata: Awaited<ReturnType<typeof parquetMetadataAsync>>;
  try {
    metadata = await parquetMetadataAsync(file);
  } catch (error) {
    throw new BillingExportError(`The file is not Parquet (${(error as Error).message}); upload the export's .parquet file, or choose the CSV format for a .csv file`);
  }
  const columns = parquetSchema(metadata).children.map(child => child.element.name);
  async function* rows(wanted: string[]): AsyncGenerator<Record<string, unknown>> {
    let rowStart = 0;
    for (const group of metadata.row_groups) {
      const rowEnd = rowStart + Number(group.num_rows);
      const objects = await parquetReadObjects({ file, metadata, columns: wanted, rowStart, rowEnd });
      yield* objects;
      rowStart = rowEnd;
    }
  }
  return { columns, rows };
}
