import { fieldErrors } from '@internal/plugin-idp-environments-common';
import { logQuerySchema, parseLogLines } from './logs';

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

describe('logQuerySchema', () => {
  const errors = (query: unknown) => {
    const parsed = logQuerySchema.safeParse(query);
    return parsed.success ? [] : fieldErrors(parsed.error);
  };

  it('reads a query string, with defaults', () => {
    expect(logQuerySchema.parse({ pod: 'web-7d9f8b6c5-x2kqp' })).toEqual({ pod: 'web-7d9f8b6c5-x2kqp', tailLines: 200, previous: false, follow: false });
    expect(logQuerySchema.parse({ pod: 'web-7d9f8b6c5-x2kqp', container: 'web', tailLines: '5000', previous: 'true', follow: '0', search: 'timeout' })).toEqual({
      pod: 'web-7d9f8b6c5-x2kqp',
      container: 'web',
      tailLines: 5000,
      previous: true,
      follow: false,
      search: 'timeout',
    });
  });

  it('names each wrong field and says what to give', () => {
    expect(errors({})).toEqual([{ field: 'pod', message: 'Choose a pod' }]);
    expect(errors({ pod: 'Web_1', container: 'Web', tailLines: '0', previous: 'yes', follow: 'maybe', search: ['a', 'b'] })).toEqual([
      { field: 'pod', message: 'Give a pod name: lowercase letters, digits, dashes and dots' },
      { field: 'container', message: 'Give a container name: lowercase letters, digits and dashes' },
      { field: 'tailLines', message: 'Give a whole number of lines from 1 to 5000, e.g. 200' },
      { field: 'previous', message: 'Use true or false' },
      { field: 'follow', message: 'Use true or false' },
      { field: 'search', message: 'Give the text to search for once' },
    ]);
    for (const tailLines of ['5001', '1.5', 'all', '-3']) {
      expect(errors({ pod: 'web-1', tailLines })).toEqual([{ field: 'tailLines', message: 'Give a whole number of lines from 1 to 5000, e.g. 200' }]);
    }
  });
});
