import { OPENCOST_DEFAULT_PRICES } from './priceSheet';
import { currentPriceSheet, formatMoney, formatMoneyDelta, formatMonthlyRange } from './money';

describe('formatMoney', () => {
  it('writes cents below a thousand and whole units above', () => {
    expect(formatMoney(12.4, 'USD')).toBe('USD 12.40');
    expect(formatMoney(0.004, 'EUR')).toBe('EUR 0.00');
    expect(formatMoney(12345.6, 'USD')).toBe('USD 12,346');
    expect(formatMoney(-3.1, 'USD')).toBe('−USD 3.10');
  });

  it('signs a change', () => {
    expect(formatMoneyDelta(12.4, 'USD')).toBe('+ USD 12.40');
    expect(formatMoneyDelta(-3.1, 'USD')).toBe('− USD 3.10');
    expect(formatMoneyDelta(0.001, 'USD')).toBe('± USD 0.00');
  });

  it('writes a range once when both ends round alike', () => {
    expect(formatMonthlyRange({ min: 12.4, max: 37.2 }, 'USD')).toBe('USD 12.40–37.20 / month');
    expect(formatMonthlyRange({ min: 12.4, max: 12.401 }, 'USD')).toBe('USD 12.40 / month');
  });
});

describe('currentPriceSheet', () => {
  it("reads today's prices from the view and from the older plain sheet", () => {
    expect(currentPriceSheet({ current: OPENCOST_DEFAULT_PRICES, periods: [] })).toEqual(OPENCOST_DEFAULT_PRICES);
    expect(currentPriceSheet(OPENCOST_DEFAULT_PRICES)).toEqual(OPENCOST_DEFAULT_PRICES);
  });

  it('gives nothing for an answer that holds no prices', () => {
    expect(currentPriceSheet({ current: { currency: 'USD' } })).toBeUndefined();
    expect(currentPriceSheet('<html>')).toBeUndefined();
    expect(currentPriceSheet(null)).toBeUndefined();
  });
});
