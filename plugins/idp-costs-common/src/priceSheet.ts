import { z } from 'zod/v3';

/** Prices per resource unit and time (app-config: slipway.costs.prices). */
export const priceSheetSchema = z.object({
  currency: z.string().length(3, 'use an ISO 4217 code such as USD'),
  cpuCoreHour: z.number().nonnegative(),
  ramGiBHour: z.number().nonnegative(),
  storageGiBMonth: z.number().nonnegative(),
});
export type PriceSheet = z.infer<typeof priceSheetSchema>;

/** OpenCost's default on-premises prices. */
export const OPENCOST_DEFAULT_PRICES: PriceSheet = {
  currency: 'USD',
  cpuCoreHour: 0.031611,
  ramGiBHour: 0.004237,
  storageGiBMonth: 0.04,
};

export class PriceSheetConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid slipway.costs.prices configuration: ${problems.join('; ')}`);
    this.name = 'PriceSheetConfigError';
  }
}

/** The configured prices over OpenCost's defaults; each wrong key is named. */
export function resolvePriceSheet(configured: Record<string, unknown> | undefined): PriceSheet {
  const parsed = priceSheetSchema.safeParse({ ...OPENCOST_DEFAULT_PRICES, ...(configured ?? {}) });
  if (!parsed.success) {
    throw new PriceSheetConfigError(parsed.error.issues.map(i => `slipway.costs.prices.${i.path.join('.')}: ${i.message}`));
  }
  return parsed.data;
}
