import { HOURS_PER_MONTH } from './allocation';
import { RightSizingSuggestion } from './api';
import { PriceSheet } from './priceSheet';

const MI = 1024 ** 2;
const GIB = 1024 ** 3;

/** The 95th percentile (nearest rank) of the values; 0 for none. */
export function p95(values: number[]): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil(0.95 * sorted.length) - 1)];
}

/** CPU cores as a request someone would write: whole 10m steps up to 1 core, 50m steps above, never below 10m. */
export function roundCpuRequest(cores: number): string {
  const millis = cores * 1000;
  const step = millis <= 1000 ? 10 : 50;
  const rounded = Math.max(10, Math.ceil(millis / step - 1e-9) * step);
  return rounded % 1000 === 0 ? String(rounded / 1000) : `${rounded}m`;
}

/** Memory bytes as a request: 16Mi steps up to 1Gi, 128Mi steps above, never below 16Mi. */
export function roundMemoryRequest(bytes: number): string {
  const mib = bytes / MI;
  const step = mib <= 1024 ? 16 : 128;
  const rounded = Math.max(16, Math.ceil(mib / step - 1e-9) * step);
  return rounded % 1024 === 0 ? `${rounded / 1024}Gi` : `${rounded}Mi`;
}

const cpuText = (cores: number) => `${Math.round(cores * 1000)}m`;
const memoryText = (bytes: number) => `${Math.round(bytes / MI)}Mi`;
const cpuOf = (text: string) => (text.endsWith('m') ? Number(text.slice(0, -1)) / 1000 : Number(text));
const memoryOf = (text: string) => (text.endsWith('Gi') ? Number(text.slice(0, -2)) * GIB : Number(text.slice(0, -2)) * MI);

/** One container's history over the window: per-replica usage per hour and its current request. */
export interface ContainerUsageHistory {
  namespace: string;
  app: string;
  container: string;
  /** Replicas running now (for the monthly saving). */
  replicas: number;
  cpuRequestCores: number;
  ramRequestBytes: number;
  cpuUsageCores: number[];
  ramUsageBytes: number[];
}

/**
 * Suggested request = p95 usage ÷ target utilisation, rounded to a sensible quantity; only when it
 * differs from the request by more than 10%. The saving is per month for all replicas at `prices`.
 */
export function rightSizingSuggestions(history: ContainerUsageHistory, prices: PriceSheet, targetUtilization: number): RightSizingSuggestion[] {
  const suggestions: RightSizingSuggestion[] = [];
  const base = { namespace: history.namespace, app: history.app, container: history.container };
  if (history.cpuUsageCores.length && history.cpuRequestCores > 0) {
    const usage = p95(history.cpuUsageCores);
    const suggested = roundCpuRequest(usage / targetUtilization);
    const delta = history.cpuRequestCores - cpuOf(suggested);
    if (Math.abs(delta) > 0.1 * history.cpuRequestCores) {
      suggestions.push({
        ...base,
        resource: 'cpu',
        request: cpuText(history.cpuRequestCores),
        p95Usage: cpuText(usage),
        suggested,
        monthlySaving: delta * prices.cpuCoreHour * HOURS_PER_MONTH * history.replicas,
      });
    }
  }
  if (history.ramUsageBytes.length && history.ramRequestBytes > 0) {
    const usage = p95(history.ramUsageBytes);
    const suggested = roundMemoryRequest(usage / targetUtilization);
    const delta = history.ramRequestBytes - memoryOf(suggested);
    if (Math.abs(delta) > 0.1 * history.ramRequestBytes) {
      suggestions.push({
        ...base,
        resource: 'memory',
        request: memoryText(history.ramRequestBytes),
        p95Usage: memoryText(usage),
        suggested,
        monthlySaving: (delta / GIB) * prices.ramGiBHour * HOURS_PER_MONTH * history.replicas,
      });
    }
  }
  return suggestions;
}
