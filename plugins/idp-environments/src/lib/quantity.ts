const SUFFIXES: Record<string, number> = {
  '': 1,
  m: 1e-3,
  k: 1e3,
  M: 1e6,
  G: 1e9,
  T: 1e12,
  Ki: 2 ** 10,
  Mi: 2 ** 20,
  Gi: 2 ** 30,
  Ti: 2 ** 40,
};

/** A Kubernetes quantity ("250m", "4", "8Gi") as a number; undefined if it is not one. */
export function parseQuantity(quantity: string): number | undefined {
  const match = /^(\d+(?:\.\d+)?)(m|k|M|G|T|Ki|Mi|Gi|Ti)?$/.exec(quantity.trim());
  if (!match) return undefined;
  return Number(match[1]) * SUFFIXES[match[2] ?? ''];
}

/** How much of a quota is used, 0–100; undefined when either side cannot be read or hard is 0. */
export function usagePercent(used: string, hard: string): number | undefined {
  const u = parseQuantity(used);
  const h = parseQuantity(hard);
  if (u === undefined || h === undefined || h === 0) return undefined;
  return Math.min(100, (u / h) * 100);
}
