import { HOURS_PER_MONTH } from './allocation';
import { PriceSheet } from './priceSheet';

/** CPU in millicores and memory in bytes that something requests, per replica, and how many replicas. */
export interface RequestedResources {
  cpuMillicores: number;
  memoryBytes: number;
  storageBytes?: number;
}

const GIB = 1024 ** 3;

/**
 * The monthly cost of requests running all month at the prices (OpenCost's rule: requests are
 * charged even when unused; usage above them would cost more).
 */
export function monthlyCostOf(resources: RequestedResources, prices: PriceSheet): number {
  const cpu = (resources.cpuMillicores / 1000) * prices.cpuCoreHour * HOURS_PER_MONTH;
  const ram = (resources.memoryBytes / GIB) * prices.ramGiBHour * HOURS_PER_MONTH;
  const storage = ((resources.storageBytes ?? 0) / GIB) * prices.storageGiBMonth;
  return cpu + ram + storage;
}

/** The monthly cost of a replica range (an autoscaler's min..max; min = max without one). */
export function monthlyCostRange(perReplica: RequestedResources, replicas: { min: number; max: number }, prices: PriceSheet): { min: number; max: number } {
  const one = monthlyCostOf(perReplica, prices);
  return { min: one * replicas.min, max: one * replicas.max };
}
