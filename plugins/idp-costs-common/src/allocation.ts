import { PriceSheet } from './priceSheet';

/** Hours in an average month, as OpenCost uses to turn monthly storage prices into hourly ones. */
export const HOURS_PER_MONTH = 730;

/** What one workload asked for and used over a window. CPU in cores, memory and storage in GiB. */
export interface ResourceWindow {
  hours: number;
  cpuRequestCores: number;
  cpuUsageCores: number;
  ramRequestGiB: number;
  ramUsageGiB: number;
  storageGiB?: number;
}

export interface CostAllocation {
  cpu: number;
  ram: number;
  storage: number;
  total: number;
}

/**
 * OpenCost's allocation rule: a workload pays for what it reserved or what it used,
 * whichever is larger (max(request, usage) × price × time).
 */
export function allocateCost(window: ResourceWindow, prices: PriceSheet): CostAllocation {
  for (const [key, value] of Object.entries(window)) {
    if (value !== undefined && (!Number.isFinite(value) || value < 0)) {
      throw new RangeError(`${key} must be a non-negative number, got ${value}`);
    }
  }
  const cpu = Math.max(window.cpuRequestCores, window.cpuUsageCores) * prices.cpuCoreHour * window.hours;
  const ram = Math.max(window.ramRequestGiB, window.ramUsageGiB) * prices.ramGiBHour * window.hours;
  const storage = ((window.storageGiB ?? 0) * prices.storageGiBMonth * window.hours) / HOURS_PER_MONTH;
  return { cpu, ram, storage, total: cpu + ram + storage };
}
