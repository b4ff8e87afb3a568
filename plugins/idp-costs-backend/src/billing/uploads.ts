import { InputError } from '@backstage/errors';
import { ParquetFile } from '@internal/plugin-idp-costs-common';
import { randomUUID } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { open, unlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGunzip } from 'node:zlib';

/** An upload over the size limit; the router answers 413. */
export class UploadTooLargeError extends Error {
  constructor(readonly maxBytes: number) {
    super(`The file is larger than ${Math.round(maxBytes / 1024 / 1024)} MB; export a shorter period (one month) or only the columns Slipway reads`);
    this.name = 'UploadTooLargeError';
  }
}

/** The body's chunks, refused as soon as they pass `maxBytes` (the body is never held whole). */
export async function* limited(body: AsyncIterable<Uint8Array | string>, maxBytes: number): AsyncGenerator<Buffer> {
  let bytes = 0;
  for await (const chunk of body) {
    const buffer = typeof chunk === 'string' ? Buffer.from(chunk) : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    bytes += buffer.byteLength;
    if (bytes > maxBytes) throw new UploadTooLargeError(maxBytes);
    yield buffer;
  }
}

/** Data Exports deliver CSV gzip-compressed: a body starting with gzip's magic bytes is decompressed as it streams. */
export async function* gunzipIfCompressed(chunks: AsyncIterable<Buffer>): AsyncGenerator<Buffer> {
  const iterator = chunks[Symbol.asyncIterator]();
  const first = await iterator.next();
  if (first.done) return;
  async function* all() {
    yield first.value;
    for (let next = await iterator.next(); !next.done; next = await iterator.next()) yield next.value;
  }
  if (first.value[0] !== 0x1f || first.value[1] !== 0x8b) {
    yield* all();
    return;
  }
  const gunzip = createGunzip();
  const piped = pipeline(Readable.from(all()), gunzip).catch(() => undefined);
  try {
    for await (const chunk of gunzip) yield chunk as Buffer;
  } catch (error) {
    if (error instanceof UploadTooLargeError) throw error;
    throw new InputError(`The file starts like gzip but does not decompress (${(error as Error).message}); upload the .csv.gz as exported, or the .csv`);
  } finally {
    await piped;
  }
}

/**
 * Parquet is read by byte range, so the upload goes to a temporary file first; `use` reads it,
 * and the file is removed afterwards whatever happens.
 */
export async function withSpooledFile<T>(chunks: AsyncIterable<Buffer>, use: (file: ParquetFile) => Promise<T>): Promise<T> {
  const path = join(tmpdir(), `slipway-billing-${randomUUID()}.parquet`);
  try {
    await pipeline(Readable.from(chunks), createWriteStream(path, { mode: 0o600 }));
    const handle = await open(path, 'r');
    try {
      const { size } = await handle.stat();
      return await use({
        byteLength: size,
        async slice(start, end = size) {
          const buffer = Buffer.alloc(Math.max(0, Math.min(end, size) - start));
          await handle.read(buffer, 0, buffer.byteLength, start);
          return buffer.buffer.slice(buffer.byteOffset, buffer.byteOffset + buffer.byteLength) as ArrayBuffer;
        },
      });
    } finally {
      await handle.close();
    }
  } finally {
    await unlink(path).catch(() => undefined);
  }
}
