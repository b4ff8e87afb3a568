import { parseLogLines } from './logLines';

const LOG = [
  '2026-11-25T09:59:58.123456789Z Listening on :8080',
  '2026-11-25T09:59:59.000000001Z \u001b[33mWARN\u001b[0m slow request GET /orders took 2.1s',
  '2026-11-25T10:00:00.5Z ERROR connection refused: postgres:5432',
  '',
].join('\n');

describe('parseLogLines', () => {
  it('splits lines, reads the kubelet timestamps and strips colour codes', () => {
    expect(parseLogLines(LOG)).toEqual([
      { time: '2026-11-25T09:59:58.123456789Z', text: 'Listening on :8080' },
      { time: '2026-11-25T09:59:59.000000001Z', text: 'WARN slow request GET /orders took 2.1s' },
      { time: '2026-11-25T10:00:00.5Z', text: 'ERROR connection refused: postgres:5432' },
    ]);
  });

  it('keeps lines without a timestamp as they are, and Windows line ends', () => {
    expect(parseLogLines('plain line\r\n\r\nanother')).toEqual([{ text: 'plain line' }, { text: '' }, { text: 'another' }]);
    expect(parseLogLines('2026-11-25T10:00:00Z app time', { timestamps: false })).toEqual([{ text: '2026-11-25T10:00:00Z app time' }]);
  });

  it('searches ignoring case, then keeps the last lines', () => {
    expect(parseLogLines(LOG, { search: 'error' }).map(l => l.text)).toEqual(['ERROR connection refused: postgres:5432']);
    expect(parseLogLines(LOG, { search: 'Connection REFUSED' }).map(l => l.text)).toEqual(['ERROR connection refused: postgres:5432']);
    // Spaces are part of what is searched; only a blank search shows everything.
    expect(parseLogLines(LOG, { search: ' slow ' }).map(l => l.text)).toEqual(['WARN slow request GET /orders took 2.1s']);
    expect(parseLogLines(LOG, { search: '  ' })).toHaveLength(3);
    expect(parseLogLines(LOG, { tail: 2 }).map(l => l.text)).toEqual(['WARN slow request GET /orders took 2.1s', 'ERROR connection refused: postgres:5432']);
    expect(parseLogLines(LOG, { search: 'o', tail: 1 }).map(l => l.text)).toEqual(['ERROR connection refused: postgres:5432']);
    expect(parseLogLines(LOG, { tail: 0 })).toEqual([]);
  });

  it('answers an empty log with no lines', () => {
    expect(parseLogLines('')).toEqual([]);
  });
});
