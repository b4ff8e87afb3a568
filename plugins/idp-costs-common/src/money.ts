import type { PriceSheetView } from './api';
import { PriceSheet, priceSheetSchema } from './priceSheet';

/** An amount as every Slipway page writes it: `USD 12.40` (cents below 1000, whole units above). */
export function formatMoney(amount: number, currency: string): string {
  const digits = Math.abs(amount) >= 1000 ? 0 : 2;
  const text = Math.abs(amount).toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
  return `${amount < 0 && Number(text.replace(/,/g, '')) !== 0 ? '−' : ''}${currency} ${text}`;
}

/** A change of cost with its sign: `+ USD 12.40`, `− USD 3.10`, `± USD 0.00`. */
export function formatMoneyDelta(amount: number, currency: string): string {
  const unsigned = formatMoney(Math.abs(amount), currency);
  if (unsigned === formatMoney(0, currency)) return `± ${unsigned}`;
  return `${amount > 0 ? '+' : '−'} ${unsigned}`;
}

/** A monthly amount or range: `USD 12.40 / month`, `USD 12.40–37.20 / month`. */
export function formatMonthlyRange(range: { min: number; max: number }, currency: string): string {
  if (formatMoney(range.min, currency) === formatMoney(range.max, currency)) return `${formatMoney(range.min, currency)} / month`;
  return `${formatMoney(range.min, currency)}–${formatMoney(range.max, currency).slice(currency.length + 1)} / month`;
}

/**
 * Today's prices from `GET /price-sheet`: a PriceSheetView, or the plain PriceSheet older backends answer.
 * Undefined when the answer is neither, so callers show no cost rather than a wrong one.
 */
export function currentPriceSheet(body: unknown): PriceSheet | undefined {
  const current = typeof body === 'object' && body !== null && 'current' in body ? (body as PriceSheetView).current : body;
  const parsed = priceSheetSchema.safeParse(current);
  return parsed.success ? parsed.data : undefined;
}
