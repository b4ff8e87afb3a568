import { CostRollup, OpenCostAllocation, OpenCostAllocationResponse, TimeWindow, bucketStart, isDayAligned, splitWindow } from '@internal/plugin-idp-costs-common';
import { CostStore } from '../database/CostStore';
import { groupRows } from './costViews';

export type AllocationAggregate = 'namespace' | 'team' | 'environment' | 'app';

const DAY = 86_400_000;

/** The name an allocation row goes by, with OpenCost's names for the idle and unallocated lines. */
function nameOf(row: CostRollup, aggregate: AllocationAggregate): string {
  if (row.line === 'idle') return '__idle__';
  const value = { namespace: row.namespace, team: row.team, environment: row.environment, app: row.app }[aggregate];
  if (row.line === 'shared' && aggregate !== 'namespace') return '__shared__';
  return value || '__unallocated__';
}

/** One OpenCost allocation from the rollup rows of a group over a step. */
export function openCostAllocation(name: string, rows: CostRollup[], step: TimeWindow, aggregate: AllocationAggregate): OpenCostAllocation {
  const hours = (step.end.getTime() - step.start.getTime()) / 3_600_000;
  const s = { cpuReq: 0, cpuUse: 0, ramReq: 0, ramUse: 0, pv: 0, cpuCost: 0, ramCost: 0, pvCost: 0 };
  for (const r of rows) {
    s.cpuReq += r.cpuRequestCoreHours;
    s.cpuUse += r.cpuUsageCoreHours;
    s.ramReq += r.ramRequestByteHours;
    s.ramUse += r.ramUsageByteHours;
    s.pv += r.storageByteHours;
    s.cpuCost += r.cpuCost;
    s.ramCost += r.ramCost;
    s.pvCost += r.storageCost;
  }
  // OpenCost: usage without a request counts as fully efficient.
  const efficiency = (use: number, req: number) => (req > 0 ? use / req : Number(use > 0));
  const cpuEfficiency = efficiency(s.cpuUse, s.cpuReq);
  const ramEfficiency = efficiency(s.ramUse, s.ramReq);
  const first = rows[0];
  const start = step.start.toISOString().replace('.000Z', 'Z');
  const end = step.end.toISOString().replace('.000Z', 'Z');
  return {
    name,
    properties: {
      cluster: 'slipway',
      ...(aggregate === 'namespace' && first?.namespace ? { namespace: first.namespace } : {}),
      ...(first && first.line === 'workload' && aggregate !== 'namespace' ? { labels: { team: first.team } } : {}),
    },
    window: { start, end },
    start,
    end,
    minutes: hours * 60,
    cpuCoreRequestAverage: hours > 0 ? s.cpuReq / hours : 0,
    cpuCoreUsageAverage: hours > 0 ? s.cpuUse / hours : 0,
    // Allocated core-hours: the larger of request and usage, as the cost is computed (summed per group, so approximate across containers).
    cpuCoreHours: Math.max(s.cpuReq, s.cpuUse),
    cpuCost: s.cpuCost,
    cpuEfficiency,
    ramByteRequestAverage: hours > 0 ? s.ramReq / hours : 0,
    ramByteUsageAverage: hours > 0 ? s.ramUse / hours : 0,
    ramByteHours: Math.max(s.ramReq, s.ramUse),
    ramCost: s.ramCost,
    ramEfficiency,
    pvByteHours: s.pv,
    pvCost: s.pvCost,
    totalCost: s.cpuCost + s.ramCost + s.pvCost,
    totalEfficiency: s.cpuCost + s.ramCost > 0 ? (cpuEfficiency * s.cpuCost + ramEfficiency * s.ramCost) / (s.cpuCost + s.ramCost) : 0,
  };
}

/**
 * OpenCost's `/allocation/compute` over Slipway's rollups: daily rollups when the window and step
 * fall on whole UTC days, hourly ones otherwise (windows start at the hour they fall in).
 */
export class AllocationService {
  constructor(private readonly deps: { store: CostStore }) {}

  async compute(options: { window: TimeWindow; aggregate: AllocationAggregate; stepMs?: number; accumulate: boolean; teams?: string[] }): Promise<OpenCostAllocationResponse> {
    const { window, aggregate, accumulate, teams } = options;
    const stepMs = accumulate ? undefined : options.stepMs ?? DAY;
    const daily = isDayAligned(window) && (!stepMs || stepMs % DAY === 0);
    const resolution = daily ? 'day' : 'hour';
    const rows = await this.deps.store.rollups(resolution, {
      from: bucketStart(window.start, resolution),
      to: window.end.toISOString(),
      ...(teams ? { teams, lines: ['workload'] } : {}),
    });
    const data = splitWindow(window, stepMs).map(step => {
      const from = bucketStart(step.start, resolution);
      const inStep = rows.filter(r => r.bucket >= from && r.bucket < step.end.toISOString());
      return Object.fromEntries([...groupRows(inStep, r => nameOf(r, aggregate))].map(([name, group]) => [name, openCostAllocation(name, group, step, aggregate)]));
    });
    return { code: 200, data };
  }
}
