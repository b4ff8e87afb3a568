import { HOURS_PER_MONTH } from './allocation';
import { PriceSheet } from './priceSheet';

const GIB = 1024 ** 3;

/** Whose cost a row is: a team's workload, the platform's namespaces (shared), or node capacity nobody requested (idle). */
export type CostLine = 'workload' | 'shared' | 'idle';

/** Where a cost belongs; empty strings where a dimension does not apply (idle has no namespace). */
export interface CostLabels {
  line: CostLine;
  team: string;
  namespace: string;
  environment: string;
  type: string;
  app: string;
  /** Container name; `pvc:<claim>` for a volume; empty for idle. */
  container: string;
}

/** One container (or volume) as the sampler saw it: requests from the pod spec, usage from metrics. */
export interface ResourceObservation extends CostLabels {
  pod: string;
  cpuRequestCores: number;
  cpuUsageCores: number;
  ramRequestBytes: number;
  ramUsageBytes: number;
  storageBytes: number;
}

/** A raw sample: an observation held for `minutes`, with the cost computed at the prices of its time. */
export interface CostSample extends ResourceObservation {
  at: string;
  minutes: number;
  cpuCost: number;
  ramCost: number;
  storageCost: number;
}

/** What the nodes offer, summed, and what every pod on them requested (all namespaces). */
export interface ClusterCapacity {
  cpuCores: number;
  ramBytes: number;
  requestedCpuCores: number;
  requestedRamBytes: number;
}

const IDLE_LABELS: CostLabels = { line: 'idle', team: '', namespace: '', environment: '', type: '', app: '', container: '' };

/**
 * OpenCost's rule for one sample interval: max(request, usage) × price × time, CPU and memory; a
 * volume pays for its requested size. The cost is computed here, at the prices of the sample's time,
 * and stored: a later price change never rewrites it.
 */
export function costSample(observation: ResourceObservation, prices: PriceSheet, at: string, minutes: number): CostSample {
  const hours = minutes / 60;
  return {
    ...observation,
    at,
    minutes,
    cpuCost: Math.max(observation.cpuRequestCores, observation.cpuUsageCores) * prices.cpuCoreHour * hours,
    ramCost: (Math.max(observation.ramRequestBytes, observation.ramUsageBytes) / GIB) * prices.ramGiBHour * hours,
    storageCost: ((observation.storageBytes / GIB) * prices.storageGiBMonth * hours) / HOURS_PER_MONTH,
  };
}

/** The idle line: node capacity no pod requested, at the prices of the time (never negative). */
export function idleSample(capacity: ClusterCapacity, prices: PriceSheet, at: string, minutes: number): CostSample {
  return costSample(
    {
      ...IDLE_LABELS,
      pod: '',
      cpuRequestCores: Math.max(0, capacity.cpuCores - capacity.requestedCpuCores),
      cpuUsageCores: 0,
      ramRequestBytes: Math.max(0, capacity.ramBytes - capacity.requestedRamBytes),
      ramUsageBytes: 0,
      storageBytes: 0,
    },
    prices,
    at,
    minutes,
  );
}

/** Every row one sampler run stores: each observation, plus the idle line when the nodes are known. */
export function costSamples(input: { observations: ResourceObservation[]; capacity?: ClusterCapacity; prices: PriceSheet; at: string; minutes: number }): CostSample[] {
  const rows = input.observations.map(o => costSample(o, input.prices, input.at, input.minutes));
  if (input.capacity) rows.push(idleSample(input.capacity, input.prices, input.at, input.minutes));
  return rows;
}
