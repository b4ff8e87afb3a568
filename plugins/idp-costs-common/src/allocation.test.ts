import { allocateCost, HOURS_PER_MONTH } from './allocation';
import { OPENCOST_DEFAULT_PRICES, PriceSheetConfigError, resolvePriceSheet } from './priceSheet';

describe('allocateCost', () => {
  it('charges the request when usage is below it', () => {
    const cost = allocateCost(
      { hours: 10, cpuRequestCores: 0.25, cpuUsageCores: 0.1, ramRequestGiB: 0.5, ramUsageGiB: 0.2 },
      OPENCOST_DEFAULT_PRICES,
    );
    expect(cost.cpu).toBeCloseTo(0.25 * 0.031611 * 10, 10);
    expect(cost.ram).toBeCloseTo(0.5 * 0.004237 * 10, 10);
    expect(cost.storage).toBe(0);
  });

  it('charges the usage when it exceeds the request', () => {
    const cost = allocateCost(
      { hours: 1, cpuRequestCores: 0.25, cpuUsageCores: 2, ramRequestGiB: 1, ramUsageGiB: 3 },
      OPENCOST_DEFAULT_PRICES,
    );
    expect(cost.cpu).toBeCloseTo(2 * 0.031611, 10);
    expect(cost.ram).toBeCloseTo(3 * 0.004237, 10);
  });

  it('prorates monthly storage prices by the hour and sums the total', () => {
    const cost = allocateCost(
      { hours: HOURS_PER_MONTH, cpuRequestCores: 1, cpuUsageCores: 0, ramRequestGiB: 1, ramUsageGiB: 0, storageGiB: 10 },
      OPENCOST_DEFAULT_PRICES,
    );
    expect(cost.storage).toBeCloseTo(0.4, 10);
    expect(cost.total).toBeCloseTo(cost.cpu + cost.ram + cost.storage, 10);
  });

  it('rejects negative inputs instead of producing a negative cost', () => {
    expect(() =>
      allocateCost({ hours: -1, cpuRequestCores: 1, cpuUsageCores: 0, ramRequestGiB: 1, ramUsageGiB: 0 }, OPENCOST_DEFAULT_PRICES),
    ).toThrow('hours must be a non-negative number, got -1');
  });
});

describe('resolvePriceSheet', () => {
  it('defaults to OpenCost prices', () => {
    expect(resolvePriceSheet(undefined)).toEqual(OPENCOST_DEFAULT_PRICES);
  });
  it('takes configured prices and names invalid keys', () => {
    expect(resolvePriceSheet({ cpuCoreHour: 0.05 }).cpuCoreHour).toBe(0.05);
    expect(() => resolvePriceSheet({ ramGiBHour: -1, currency: 'dollars' })).toThrow(PriceSheetConfigError);
    expect(() => resolvePriceSheet({ ramGiBHour: -1 })).toThrow(/slipway\.costs\.prices\.ramGiBHour/);
  });
});
