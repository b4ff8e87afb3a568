import { readCsvRows } from './csv';

async function rows(input: Parameters<typeof readCsvRows>[0]) {
  const out: Array<{ fields: string[]; line: number }> = [];
  for await (const row of readCsvRows(input)) out.push(row);
  return out;
}

/** The same text, one character per chunk: every state of the parser meets a chunk boundary. */
async function* charByChar(text: string) {
  const bytes = new TextEncoder().encode(text);
  for (const byte of bytes) yield new Uint8Array([byte]);
}

const TRICKY = '\uFEFFa,b,c\r\n"x, y","say ""hi""","two\nlines"\r\n,,\nplain,"",é€\nlast,no,break';
const EXPECTED = [
  { fields: ['a', 'b', 'c'], line: 1 },
  { fields: ['x, y', 'say "hi"', 'two\nlines'], line: 2 },
  { fields: ['', '', ''], line: 4 },
  { fields: ['plain', '', 'é€'], line: 5 },
  { fields: ['last', 'no', 'break'], line: 6 },
];

describe('readCsvRows', () => {
  it('reads quoted commas, doubled quotes, line breaks in quotes, CRLF, a BOM and a last line without a break', async () => {
    expect(await rows(TRICKY)).toEqual(EXPECTED);
  });

  it('reads the same rows from bytes, and from a stream cut anywhere, even inside a UTF-8 character', async () => {
    expect(await rows(new TextEncoder().encode(TRICKY))).toEqual(EXPECTED);
    expect(await rows(charByChar(TRICKY))).toEqual(EXPECTED);
  });

  it('takes CR alone as a line end and ignores a final line break', async () => {
    expect(await rows('a,b\rc,d\r')).toEqual([
      { fields: ['a', 'b'], line: 1 },
      { fields: ['c', 'd'], line: 2 },
    ]);
  });

  it('names the line of a quote never closed, of text after a closing quote, and of a stray quote', async () => {
    await expect(rows('a,b\n1,"open\n2,3\n')).rejects.toThrow('Line 2: a quoted field is never closed; the file may be cut short');
    await expect(rows('a,b\n"x"y,1\n')).rejects.toThrow('Line 2: text after a closing quote');
    await expect(rows('a,b\nx"y,1\n')).rejects.toThrow('Line 2: a quote inside an unquoted field');
    await expect(rows(`a,b\n1,"${'x,\n'.repeat(400_000)}`)).rejects.toThrow('Line 2: a field runs over 1 MB; a quote is probably not closed');
  });
});
