import { Config } from '@backstage/config';
import { InputError } from '@backstage/errors';
import {
  PricePeriod,
  PriceSheetView,
  normaliseEffectiveFrom,
  pricePeriodAt,
  pricePeriodsBetween,
  pricePeriodsFromConfig,
  priceSheetSchema,
  sortPricePeriods,
} from '@internal/plugin-idp-costs-common';
import { CostStore } from '../database/CostStore';

/**
 * The prices in effect at any time: OpenCost's defaults, then config (`slipway.costs.prices`,
 * `slipway.costs.pricePeriods`), then periods added at run time (billing imports), kept in the
 * database. Costs are computed at sample time with `at(time)`, so a new period never rewrites history.
 */
export class PriceBook {
  static async create(config: Config, store: CostStore): Promise<PriceBook> {
    const configured = pricePeriodsFromConfig(
      config.getOptional<Record<string, unknown>>('slipway.costs.prices'),
      config.getOptional<Array<Record<string, unknown>>>('slipway.costs.pricePeriods'),
    );
    const book = new PriceBook(configured, store);
    await book.reload();
    return book;
  }

  private all: PricePeriod[];

  constructor(
    private readonly configured: PricePeriod[],
    private readonly store: CostStore,
    private readonly now: () => Date = () => new Date(),
  ) {
    this.all = sortPricePeriods(configured);
  }

  /** Reads the periods other replicas added. */
  async reload(): Promise<void> {
    this.all = sortPricePeriods([...this.configured, ...(await this.store.pricePeriods())]);
  }

  periods(): PricePeriod[] {
    return this.all;
  }

  at(time: Date | string): PricePeriod {
    return pricePeriodAt(this.all, time);
  }

  between(from: string, to: string): PricePeriod[] {
    return pricePeriodsBetween(this.all, from, to);
  }

  view(): PriceSheetView {
    return { current: this.at(this.now()).prices, periods: this.all };
  }

  /** A period from a billing import (or any run-time source), stored so every replica and restart sees it. */
  async addPeriod(period: PricePeriod): Promise<void> {
    const effectiveFrom = normaliseEffectiveFrom(period.effectiveFrom);
    if (!effectiveFrom) throw new InputError(`effectiveFrom: write a date such as 2026-03-01 or an RFC 3339 time, got ${JSON.stringify(period.effectiveFrom)}`);
    const prices = priceSheetSchema.safeParse(period.prices);
    if (!prices.success) throw new InputError(`prices: ${prices.error.issues.map(i => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
    await this.store.addPricePeriod({ ...period, effectiveFrom, prices: prices.data }, this.now());
    await this.reload();
  }
}
