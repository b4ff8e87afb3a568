import { PricePeriod, PriceSheet } from '@internal/plugin-idp-costs-common';

/**
 * What billing imports need of the price book (wired by the plugin): today's prices, which a
 * resource an export does not price keeps, and the place an applied import becomes a price period.
 */
export interface PricePeriodSink {
  current(): Promise<PriceSheet>;
  addPeriod(period: PricePeriod): Promise<void>;
}
