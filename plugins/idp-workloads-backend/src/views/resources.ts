import { cpuMillicores, memoryBytes } from '@internal/plugin-idp-environments-common';
import { RequestsAndLimits, ResourceAmounts } from '@internal/plugin-idp-workloads-common';
import type { V1Container, V1Pod } from '@kubernetes/client-node';

// The API server validated these quantities; a malformed one in a test fixture counts as nothing.
const amount = (parse: (q: string) => number, quantity: string | undefined) => {
  if (quantity === undefined) return undefined;
  try {
    return parse(quantity);
  } catch {
    return undefined;
  }
};

function containerAmounts(container: V1Container, which: 'requests' | 'limits') {
  const values = container.resources?.[which];
  return { cpuMillicores: amount(cpuMillicores, values?.cpu), memoryBytes: amount(memoryBytes, values?.memory) };
}

type Key = keyof ResourceAmounts;
const KEYS: Key[] = ['cpuMillicores', 'memoryBytes'];

/**
 * A pod's effective requests and limits, as the scheduler counts them: the larger of its
 * containers' sum and its biggest init container (init containers run one at a time, first).
 */
export function podRequestsAndLimits(pod: V1Pod): RequestsAndLimits {
  const containers = pod.spec?.containers ?? [];
  const inits = pod.spec?.initContainers ?? [];
  const requests = { cpuMillicores: 0, memoryBytes: 0 };
  const limits: Partial<ResourceAmounts> = {};
  for (const key of KEYS) {
    const request = (c: V1Container) => containerAmounts(c, 'requests')[key] ?? 0;
    requests[key] = Math.max(containers.reduce((sum, c) => sum + request(c), 0), ...inits.map(request));
    const limitValues = containers.map(c => containerAmounts(c, 'limits')[key]);
    if (containers.length > 0 && limitValues.every(v => v !== undefined)) {
      const initLimits = inits.map(c => containerAmounts(c, 'limits')[key] ?? 0);
      limits[key] = Math.max(limitValues.reduce((sum: number, v) => sum + (v ?? 0), 0), ...initLimits);
    }
  }
  return { requests, limits };
}

/** The requests and limits of several pods together, e.g. a workload's. */
export function sumRequestsAndLimits(pods: RequestsAndLimits[]): RequestsAndLimits {
  const requests = { cpuMillicores: 0, memoryBytes: 0 };
  const limits: Partial<ResourceAmounts> = {};
  for (const key of KEYS) {
    requests[key] = pods.reduce((sum, p) => sum + p.requests[key], 0);
    if (pods.length > 0 && pods.every(p => p.limits[key] !== undefined)) {
      limits[key] = pods.reduce((sum, p) => sum + (p.limits[key] ?? 0), 0);
    }
  }
  return { requests, limits };
}
