import { fieldErrors } from '@internal/plugin-idp-environments-common';
import { logQuerySchema } from './logQuery';

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
