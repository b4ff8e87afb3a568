import { isQuantity, parseQuantity } from '@internal/plugin-idp-environments-common';

/** How much of a quota is used, 0–100; undefined when either side cannot be read or hard is 0. */
export function usagePercent(used: string, hard: string): number | undefined {
  if (!isQuantity(used) || !isQuantity(hard)) return undefined;
  const h = parseQuantity(hard);
  if (h === 0) return undefined;
  return Math.min(100, (parseQuantity(used) / h) * 100);
}
