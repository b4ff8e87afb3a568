import { compareNewestFirst, epochMs, isoTime } from './time';

describe('isoTime', () => {
  it('accepts a Date (from an API call) and a string (from a watch) alike', () => {
    expect(isoTime(new Date('2026-11-25T10:00:00Z'))).toBe('2026-11-25T10:00:00.000Z');
    expect(isoTime('2026-11-25T10:00:00Z')).toBe('2026-11-25T10:00:00.000Z');
    expect(epochMs('2026-11-25T10:00:00Z')).toBe(Date.UTC(2026, 10, 25, 10));
  });

  it('is undefined for nothing or nonsense', () => {
    expect(isoTime(undefined)).toBeUndefined();
    expect(isoTime(null)).toBeUndefined();
    expect(isoTime('')).toBeUndefined();
    expect(isoTime('yesterday')).toBeUndefined();
  });
});

describe('compareNewestFirst', () => {
  it('sorts newest first with unknown times last', () => {
    // Wrapped: Array.sort puts bare undefined last without asking the comparator.
    const times = [{ t: '2026-01-01T00:00:00.000Z' }, { t: undefined }, { t: '2026-03-01T00:00:00.000Z' }];
    const sorted = times.sort((a, b) => compareNewestFirst(a.t, b.t)).map(x => x.t);
    expect(sorted).toEqual(['2026-03-01T00:00:00.000Z', '2026-01-01T00:00:00.000Z', undefined]);
  });
});
