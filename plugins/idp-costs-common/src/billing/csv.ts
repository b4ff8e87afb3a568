import { BillingExportError } from './BillingExportError';

/** A whole file in memory, or its bytes as they arrive (a Node Readable is one). */
export type ExportInput = Uint8Array | string | AsyncIterable<Uint8Array | string>;

const QUOTE = 34;
const COMMA = 44;
const CR = 13;
const LF = 10;
/** No billing field is near this long; a longer one is an unclosed quote swallowing the file, refused before it fills memory. */
const MAX_FIELD_CHARS = 1 << 20;

/** Line breaks inside a quoted field, for the line numbers of the rows after it. */
function lineBreaks(text: string): number {
  let count = 0;
  for (let at = text.indexOf('\n'); at !== -1; at = text.indexOf('\n', at + 1)) count++;
  return count;
}

async function* chunksOf(input: ExportInput): AsyncGenerator<string> {
  if (typeof input === 'string') {
    yield input;
    return;
  }
  const decoder = new TextDecoder('utf-8');
  // isView, not instanceof: a buffer made in another realm (a worker, a test sandbox) is still bytes.
  if (ArrayBuffer.isView(input)) {
    const bytes = input as Uint8Array;
    // Decoded in slices so a 100 MB buffer never becomes one 100 MB string.
    for (let offset = 0; offset < bytes.length; offset += 1 << 20) yield decoder.decode(bytes.subarray(offset, offset + (1 << 20)), { stream: true });
  } else {
    for await (const chunk of input as AsyncIterable<Uint8Array | string>) yield typeof chunk === 'string' ? chunk : decoder.decode(chunk, { stream: true });
  }
  yield decoder.decode();
}

/**
 * RFC 4180 CSV as a stream of rows: quoted fields may hold commas, `""` and line breaks; lines end
 * with LF, CRLF or CR; a leading BOM is dropped. Only the row being read is held, so the file's
 * size does not matter. `line` is the 1-based line the row starts on, for error messages.
 */
export async function* readCsvRows(input: ExportInput): AsyncGenerator<{ fields: string[]; line: number }> {
  let fields: string[] = [];
  let field = '';
  let quoted = false;
  // After a closing quote: the next character must end the field.
  let afterQuote = false;
  let fieldStarted = false;
  let line = 1;
  let rowLine = 1;
  let pendingCR = false;
  let first = true;

  const endRow = () => {
    fields.push(field);
    const row = { fields, line: rowLine };
    fields = [];
    field = '';
    fieldStarted = false;
    afterQuote = false;
    return row;
  };

  for await (let chunk of chunksOf(input)) {
    if (first && chunk.length > 0) {
      if (chunk.charCodeAt(0) === 0xfeff) chunk = chunk.slice(1);
      first = false;
    }
    let i = 0;
    const n = chunk.length;
    while (i < n) {
      const c = chunk.charCodeAt(i);
      if (pendingCR) {
        pendingCR = false;
        if (c === LF) {
          i++;
          continue;
        }
      }
      if (quoted) {
        // Copy the run up to the next quote in one step.
        const next = chunk.indexOf('"', i);
        const run = next === -1 ? chunk.slice(i) : chunk.slice(i, next);
        line += lineBreaks(run);
        field += run;
        if (field.length > MAX_FIELD_CHARS) throw new BillingExportError(`Line ${rowLine}: a field runs over 1 MB; a quote is probably not closed`);
        if (next === -1) break;
        quoted = false;
        afterQuote = true;
        i = next + 1;
        continue;
      }
      if (c === QUOTE) {
        if (afterQuote) {
          // `""` inside a quoted field: one literal quote, and the field goes on quoted.
          field += '"';
          quoted = true;
          afterQuote = false;
        } else if (!fieldStarted) {
          quoted = true;
          fieldStarted = true;
        } else {
          throw new BillingExportError(`Line ${line}: a quote inside an unquoted field; quote the whole field and double the quote ("")`);
        }
        i++;
        continue;
      }
      if (c === COMMA) {
        fields.push(field);
        field = '';
        fieldStarted = false;
        afterQuote = false;
        i++;
        continue;
      }
      if (c === LF || c === CR) {
        yield endRow();
        line++;
        rowLine = line;
        if (c === CR) pendingCR = true;
        i++;
        continue;
      }
      if (afterQuote) throw new BillingExportError(`Line ${line}: text after a closing quote; a quoted field must end at the quote`);
      // Copy the run of plain characters in one step.
      let j = i + 1;
      while (j < n) {
        const d = chunk.charCodeAt(j);
        if (d === COMMA || d === LF || d === CR || d === QUOTE) break;
        j++;
      }
      field += chunk.slice(i, j);
      fieldStarted = true;
      i = j;
    }
  }
  if (quoted) throw new BillingExportError(`Line ${rowLine}: a quoted field is never closed; the file may be cut short`);
  // A last line without its line break is still a row; an empty trailing line is not.
  if (fieldStarted || fields.length > 0 || afterQuote) yield endRow();
}
