import { ResourceObservation, costSample, costSamples, idleSample } from './costSamples';
import { bucketStart, rollupSamples } from './rollups';
import { pricePeriodAt, pricePeriodsBetween, pricePeriodsFromConfig } from './pricePeriods';
import { OPENCOST_DEFAULT_PRICES, PriceSheetConfigError } from './priceSheet';
import { p95, rightSizingSuggestions, roundCpuRequest, roundMemoryRequest } from './rightSizing';
import { forecastMonth, monthBounds, spreadOverTeams } from './forecast';
import { parseWindow, splitWindow, isDayAligned } from './allocationWindow';

const GIB = 1024 ** 3;
const prices = { currency: 'USD', cpuCoreHour: 0.04, ramGiBHour: 0.005, storageGiBMonth: 0.073 };
const web = (overrides: Partial<ResourceObservation> = {}): ResourceObservation => ({
  line: 'workload',
  team: 'team-a',
  namespace: 'team-a-dev',
  environment: 'dev',
  type: 'development',
  app: 'web',
  container: 'app',
  pod: 'web-1',
  cpuRequestCores: 0.5,
  cpuUsageCores: 0.1,
  ramRequestBytes: GIB,
  ramUsageBytes: 2 * GIB,
  storageBytes: 0,
  ...overrides,
});

describe('costSample', () => {
  it('charges max(request, usage) per resource for the interval, at the prices given', () => {
    const sample = costSample(web(), prices, '2026-03-01T10:05:00.000Z', 5);
    expect(sample.cpuCost).toBeCloseTo(0.5 * 0.04 * (5 / 60), 12);
    expect(sample.ramCost).toBeCloseTo(2 * 0.005 * (5 / 60), 12);
    expect(sample.storageCost).toBe(0);
  });

  it('prices a volume by its size per month, prorated', () => {
    const sample = costSample(web({ container: 'pvc:data', cpuRequestCores: 0, cpuUsageCores: 0, ramRequestBytes: 0, ramUsageBytes: 0, storageBytes: 10 * GIB }), prices, 'x', 60);
    expect(sample.storageCost).toBeCloseTo((10 * 0.073) / 730, 12);
    expect(sample.cpuCost + sample.ramCost).toBe(0);
  });

  it('adds an idle line of unrequested capacity that never goes negative', () => {
    const idle = idleSample({ cpuCores: 4, ramBytes: 8 * GIB, requestedCpuCores: 5, requestedRamBytes: 2 * GIB }, prices, 'x', 60);
    expect(idle).toMatchObject({ line: 'idle', cpuRequestCores: 0, ramRequestBytes: 6 * GIB, cpuCost: 0 });
    expect(idle.ramCost).toBeCloseTo(6 * 0.005, 12);
    expect(costSamples({ observations: [web()], prices, at: 'x', minutes: 5 })).toHaveLength(1);
  });
});

describe('rollupSamples', () => {
  it('keys rows by the hour or day and sums every measure', () => {
    const samples = ['2026-03-01T10:00:00.000Z', '2026-03-01T10:55:00.000Z', '2026-03-01T11:00:00.000Z'].map(at => costSample(web(), prices, at, 5));
    const hourly = rollupSamples(samples, 'hour');
    expect(hourly.map(r => [r.bucket, r.samples])).toEqual([
      ['2026-03-01T10:00:00.000Z', 2],
      ['2026-03-01T11:00:00.000Z', 1],
    ]);
    const [daily] = rollupSamples(samples, 'day');
    expect(daily.bucket).toBe('2026-03-01T00:00:00.000Z');
    expect(daily.samples).toBe(3);
    expect(daily.containerHours).toBeCloseTo(0.25, 12);
    expect(daily.cpuRequestCoreHours).toBeCloseTo(0.125, 12);
    expect(daily.cpuCost).toBeCloseTo(samples.reduce((s, x) => s + x.cpuCost, 0), 12);
    expect(bucketStart('2026-03-01T23:59:59.999Z', 'hour')).toBe('2026-03-01T23:00:00.000Z');
  });
});

describe('price periods', () => {
  const periods = pricePeriodsFromConfig({ cpuCoreHour: 0.05 }, [{ effectiveFrom: '2026-03-01', cpuCoreHour: 0.06 }, { effectiveFrom: '2026-04-15T12:00:00Z', ramGiBHour: 0.01 }]);

  it('layers config over the defaults and picks the period in effect', () => {
    expect(periods.map(p => [p.effectiveFrom, p.prices.cpuCoreHour, p.prices.ramGiBHour])).toEqual([
      ['1970-01-01T00:00:00.000Z', 0.05, OPENCOST_DEFAULT_PRICES.ramGiBHour],
      ['2026-03-01T00:00:00.000Z', 0.06, OPENCOST_DEFAULT_PRICES.ramGiBHour],
      ['2026-04-15T12:00:00.000Z', 0.05, 0.01],
    ]);
    expect(pricePeriodAt(periods, '2026-02-28T23:59:59.999Z').prices.cpuCoreHour).toBe(0.05);
    expect(pricePeriodAt(periods, '2026-03-01T00:00:00.000Z').prices.cpuCoreHour).toBe(0.06);
    expect(pricePeriodsBetween(periods, '2026-04-01T00:00:00.000Z', '2026-05-01T00:00:00.000Z').map(p => p.effectiveFrom)).toEqual([
      '2026-03-01T00:00:00.000Z',
      '2026-04-15T12:00:00.000Z',
    ]);
  });

  it('defaults to OpenCost and names every wrong key', () => {
    expect(pricePeriodsFromConfig(undefined, undefined)).toEqual([{ effectiveFrom: '1970-01-01T00:00:00.000Z', prices: OPENCOST_DEFAULT_PRICES, source: 'opencost-default' }]);
    expect(() => pricePeriodsFromConfig(undefined, [{ effectiveFrom: 'March', cpuCoreHour: -1 }])).toThrow(PriceSheetConfigError);
    expect(() => pricePeriodsFromConfig(undefined, [{ effectiveFrom: 'March' }])).toThrow(/slipway\.costs\.pricePeriods\[0\]\.effectiveFrom/);
    expect(() => pricePeriodsFromConfig(undefined, [{ effectiveFrom: '2026-01-01', cpuCoreHour: -1 }])).toThrow(/pricePeriods\[0\]\.cpuCoreHour/);
  });
});

describe('right-sizing', () => {
  it('takes the nearest-rank 95th percentile', () => {
    expect(p95([])).toBe(0);
    expect(p95(Array.from({ length: 100 }, (_, i) => i + 1))).toBe(95);
    expect(p95([3, 1, 2])).toBe(3);
  });

  it('rounds to quantities people write', () => {
    expect(roundCpuRequest(0.1234)).toBe('130m');
    expect(roundCpuRequest(0.001)).toBe('10m');
    expect(roundCpuRequest(1.01)).toBe('1050m');
    expect(roundCpuRequest(2)).toBe('2');
    expect(roundMemoryRequest(100 * 1024 ** 2)).toBe('112Mi');
    expect(roundMemoryRequest(1.5 * GIB)).toBe('1536Mi');
    expect(roundMemoryRequest(2 * GIB)).toBe('2Gi');
  });

  it('suggests p95 ÷ target with the monthly saving, and nothing within 10%', () => {
    const history = {
      namespace: 'team-a-dev',
      app: 'web',
      container: 'app',
      replicas: 2,
      cpuRequestCores: 1,
      ramRequestBytes: 256 * 1024 ** 2,
      cpuUsageCores: Array(20).fill(0.14),
      ramUsageBytes: Array(20).fill(170 * 1024 ** 2),
    };
    const [cpu, ...rest] = rightSizingSuggestions(history, prices, 0.7);
    expect(cpu).toEqual({ namespace: 'team-a-dev', app: 'web', container: 'app', resource: 'cpu', request: '1000m', p95Usage: '140m', suggested: '200m', monthlySaving: 0.8 * 0.04 * 730 * 2 });
    // 170Mi ÷ 0.7 = 243Mi → 256Mi: the request already fits.
    expect(rest).toEqual([]);
  });
});

describe('forecast and spread', () => {
  it('extrapolates the rate observed this month, from the first sample when it is later', () => {
    expect(monthBounds('2026-02')).toEqual({ start: '2026-02-01T00:00:00.000Z', end: '2026-03-01T00:00:00.000Z' });
    expect(forecastMonth({ monthToDate: 10, now: new Date('2026-04-11T00:00:00Z') })).toBeCloseTo(30, 10);
    expect(forecastMonth({ monthToDate: 10, now: new Date('2026-04-11T00:00:00Z'), firstSampleAt: '2026-04-06T00:00:00.000Z' })).toBeCloseTo(10 + 2 * 20, 10);
    expect(forecastMonth({ monthToDate: 1, now: new Date('2026-04-01T00:30:00Z') })).toBe(1);
  });

  it('spreads idle and shared in proportion to each team’s cost', () => {
    expect(spreadOverTeams({ a: 30, b: 10 }, 8, 4)).toEqual({ a: { idle: 6, shared: 3 }, b: { idle: 2, shared: 1 } });
    expect(spreadOverTeams({ a: 0 }, 8, 4)).toEqual({ a: { idle: 0, shared: 0 } });
  });
});

describe('OpenCost windows', () => {
  const now = new Date('2026-03-11T10:30:00Z'); // a Wednesday
  it('reads durations, keywords and RFC 3339 ranges', () => {
    expect(parseWindow('7d', now)).toEqual({ start: new Date('2026-03-04T10:30:00Z'), end: now });
    expect(parseWindow('24h', now)?.start).toEqual(new Date('2026-03-10T10:30:00Z'));
    expect(parseWindow('today', now)).toEqual({ start: new Date('2026-03-11T00:00:00Z'), end: now });
    expect(parseWindow('lastweek', now)).toEqual({ start: new Date('2026-03-01T00:00:00Z'), end: new Date('2026-03-08T00:00:00Z') });
    expect(parseWindow('lastmonth', now)).toEqual({ start: new Date('2026-02-01T00:00:00Z'), end: new Date('2026-03-01T00:00:00Z') });
    expect(parseWindow('2026-03-01T00:00:00Z,2026-03-03T00:00:00Z', now)).toEqual({ start: new Date('2026-03-01T00:00:00Z'), end: new Date('2026-03-03T00:00:00Z') });
    for (const bad of ['7x', '0d', 'tomorrow', '2026-03-03T00:00:00Z,2026-03-01T00:00:00Z', '']) expect(parseWindow(bad, now)).toBeUndefined();
  });

  it('splits into steps and knows day-aligned windows', () => {
    const window = parseWindow('lastweek', now)!;
    expect(isDayAligned(window)).toBe(true);
    expect(splitWindow(window, 86_400_000 * 3).map(s => s.end.toISOString())).toEqual(['2026-03-04T00:00:00.000Z', '2026-03-07T00:00:00.000Z', '2026-03-08T00:00:00.000Z']);
    expect(splitWindow(window)).toEqual([window]);
  });
});
