import { PricePeriod } from './api';
import { OPENCOST_DEFAULT_PRICES, PriceSheet, PriceSheetConfigError, priceSheetSchema } from './priceSheet';

/** Where a period without a date starts: before any sample Slipway could hold. */
export const BEGINNING_OF_TIME = '1970-01-01T00:00:00.000Z';

const SOURCE_ORDER: Record<PricePeriod['source'], number> = { 'opencost-default': 0, config: 1, 'billing-import': 2 };

/** `2026-03-01` or an RFC 3339 time as an ISO string, or undefined when it is neither. */
export function normaliseEffectiveFrom(value: unknown): string | undefined {
  if (typeof value !== 'string' || !/^\d{4}-\d{2}-\d{2}(T.+)?$/.test(value)) return undefined;
  const time = Date.parse(value.length === 10 ? `${value}T00:00:00Z` : value);
  return Number.isNaN(time) ? undefined : new Date(time).toISOString();
}

/**
 * The periods from config: OpenCost's defaults from the beginning, `slipway.costs.prices` over them
 * (the current prices when no dated period follows), then each `slipway.costs.pricePeriods` entry over
 * those from its `effectiveFrom`. Every wrong key is named.
 */
export function pricePeriodsFromConfig(prices: Record<string, unknown> | undefined, periods: Array<Record<string, unknown>> | undefined): PricePeriod[] {
  const problems: string[] = [];
  const sheet = (values: Record<string, unknown>, key: string, base: PriceSheet): PriceSheet | undefined => {
    const parsed = priceSheetSchema.safeParse({ ...base, ...values });
    if (parsed.success) return parsed.data;
    problems.push(...parsed.error.issues.map(i => `${key}.${i.path.join('.')}: ${i.message}`));
    return undefined;
  };
  const base = prices ? sheet(prices, 'slipway.costs.prices', OPENCOST_DEFAULT_PRICES) : OPENCOST_DEFAULT_PRICES;
  const result: PricePeriod[] = [{ effectiveFrom: BEGINNING_OF_TIME, prices: base ?? OPENCOST_DEFAULT_PRICES, source: prices ? 'config' : 'opencost-default' }];
  (periods ?? []).forEach((period, index) => {
    const key = `slipway.costs.pricePeriods[${index}]`;
    const { effectiveFrom, ...values } = period;
    const from = normaliseEffectiveFrom(effectiveFrom);
    if (!from) problems.push(`${key}.effectiveFrom: write a date such as 2026-03-01 or an RFC 3339 time, got ${JSON.stringify(effectiveFrom)}`);
    const parsed = sheet(values, key, base ?? OPENCOST_DEFAULT_PRICES);
    if (from && parsed) result.push({ effectiveFrom: from, prices: parsed, source: 'config' });
  });
  if (problems.length) throw new PriceSheetConfigError(problems);
  return sortPricePeriods(result);
}

/** By start; on the same start a billing import wins over config, config over the defaults. */
export function sortPricePeriods(periods: PricePeriod[]): PricePeriod[] {
  return [...periods].sort((a, b) => a.effectiveFrom.localeCompare(b.effectiveFrom) || SOURCE_ORDER[a.source] - SOURCE_ORDER[b.source]);
}

/** The period in effect at `at` (the last one started at or before it); periods sorted by sortPricePeriods. */
export function pricePeriodAt(periods: PricePeriod[], at: Date | string): PricePeriod {
  const time = typeof at === 'string' ? at : at.toISOString();
  let found = periods[0];
  for (const period of periods) {
    if (period.effectiveFrom <= time) found = period;
    else break;
  }
  if (!found) throw new Error('No price period: the price book needs at least the OpenCost defaults');
  return found;
}

/** The periods in effect at some time in [from, to): the one running at `from` and every one starting before `to`. */
export function pricePeriodsBetween(periods: PricePeriod[], from: string, to: string): PricePeriod[] {
  const first = pricePeriodAt(periods, from);
  return [first, ...periods.filter(p => p.effectiveFrom > from && p.effectiveFrom < to)];
}
