import { cpuMillicores, memoryBytes } from '@internal/plugin-idp-environments-common';
import { RequestsAndLimits, UsageHistory, UsagePoint, WorkloadRef } from '@internal/plugin-idp-workloads-common';
import type { PodMetric } from '@kubernetes/client-node';
import { optional } from '../views/optional';

/** One container's usage at one moment, as metrics-server reports it (converted). */
export interface ContainerUsageSample {
  namespace: string;
  pod: string;
  container: string;
  cpuMillicores: number;
  memoryBytes: number;
  /** The pod's workload, remembered so its history survives the pod being replaced. */
  workload?: WorkloadRef;
}

export interface PodUsageHistory extends UsageHistory {
  pod: string;
  containers: Array<{ name: string; points: UsagePoint[] }>;
}

export interface MetricsHistoryOptions {
  /** How far back the history goes; an hour unless set. */
  windowMs?: number;
  /** How often usage is sampled; samples in one interval share a time, the last one wins. 30 s unless set. */
  intervalMs?: number;
  /** Most pods remembered; past it the one seen longest ago is forgotten first. */
  maxPods?: number;
}

interface Point {
  t: number;
  cpu: number;
  memory: number;
}

interface PodSeries {
  namespace: string;
  pod: string;
  workload?: WorkloadRef;
  lastSeen: number;
  containers: Map<string, Point[]>;
}

/**
 * Samples of metrics-server's pod metrics, converted; a container whose usage is not a quantity is
 * left out. `workloadOf` names each pod's workload (from the backend's owner lookup).
 */
export function usageSamplesFromPodMetrics(
  metrics: PodMetric[],
  workloadOf: (namespace: string, pod: string) => WorkloadRef | undefined = () => undefined,
): ContainerUsageSample[] {
  return metrics.flatMap(m => {
    const { namespace, name: pod } = m.metadata;
    const workload = workloadOf(namespace, pod);
    return m.containers.flatMap(c => {
      try {
        const sample = { namespace, pod, container: c.name, cpuMillicores: cpuMillicores(c.usage.cpu), memoryBytes: memoryBytes(c.usage.memory) };
        return [{ ...sample, ...optional('workload', workload) }];
      } catch {
        return [];
      }
    });
  });
}

const sameWorkload = (a: WorkloadRef | undefined, b: WorkloadRef) => a?.kind === b.kind && a.name === b.name;

/**
 * The last hour (by default) of CPU and memory use per container, in memory. Pure: every call
 * takes `now` (ms since the epoch), so tests and several backend replicas behave alike. Bounded:
 * at most window / interval points per container and `maxPods` pods; pods not seen for a whole
 * window are forgotten.
 */
export class MetricsHistory {
  readonly windowMs: number;
  readonly intervalMs: number;
  readonly maxPods: number;
  // Insertion order is recency order: a pod seen again is moved to the end.
  private readonly pods = new Map<string, PodSeries>();

  constructor(options: MetricsHistoryOptions = {}) {
    const { windowMs = 60 * 60 * 1000, intervalMs = 30 * 1000, maxPods = 5000 } = options;
    if (!(intervalMs > 0) || !(windowMs >= intervalMs)) throw new RangeError('intervalMs must be positive and windowMs at least intervalMs');
    if (!(maxPods > 0)) throw new RangeError('maxPods must be positive');
    this.windowMs = windowMs;
    this.intervalMs = intervalMs;
    this.maxPods = maxPods;
  }

  /** Points kept per container: 120 for an hour of 30 s samples. */
  get pointsPerContainer(): number {
    return Math.ceil(this.windowMs / this.intervalMs);
  }

  get podCount(): number {
    return this.pods.size;
  }

  private bucket(now: number): number {
    return Math.floor(now / this.intervalMs) * this.intervalMs;
  }

  private oldestKept(now: number): number {
    return this.bucket(now) - (this.pointsPerContainer - 1) * this.intervalMs;
  }

  /** Adds one round of samples taken at `now`, then forgets what has aged out. */
  record(samples: ContainerUsageSample[], now: number): void {
    const t = this.bucket(now);
    for (const sample of samples) {
      const key = `${sample.namespace}/${sample.pod}`;
      const series: PodSeries = this.pods.get(key) ?? { namespace: sample.namespace, pod: sample.pod, lastSeen: now, containers: new Map() };
      this.pods.delete(key);
      this.pods.set(key, series);
      series.lastSeen = now;
      if (sample.workload) series.workload = sample.workload;
      const points = series.containers.get(sample.container) ?? [];
      series.containers.set(sample.container, points);
      const point = { t, cpu: sample.cpuMillicores, memory: sample.memoryBytes };
      const last = points[points.length - 1];
      if (last?.t === t) points[points.length - 1] = point;
      else if (!last || last.t < t) points.push(point);
      // An older sample arriving late is dropped: the series stays in time order.
    }
    while (this.pods.size > this.maxPods) this.pods.delete(this.pods.keys().next().value as string);
    this.prune(now);
  }

  /** Forgets points older than the window and pods not seen during it. */
  prune(now: number): void {
    const oldest = this.oldestKept(now);
    for (const [key, series] of this.pods) {
      if (series.lastSeen < now - this.windowMs) {
        this.pods.delete(key);
        continue;
      }
      for (const [name, points] of series.containers) {
        const firstKept = points.findIndex(p => p.t >= oldest);
        if (firstKept === -1) series.containers.delete(name);
        else if (firstKept > 0) points.splice(0, firstKept);
      }
    }
  }

  private inWindow(points: Point[], now: number): Point[] {
    const oldest = this.oldestKept(now);
    return points.filter(p => p.t >= oldest && p.t <= now);
  }

  /** Sums points of the same time; `countPods` adds how many series contributed. */
  private sum(series: Array<{ points: Point[]; pod: string }>, now: number, countPods: boolean): UsagePoint[] {
    const byTime = new Map<number, { cpu: number; memory: number; pods: Set<string> }>();
    for (const { points, pod } of series) {
      for (const p of this.inWindow(points, now)) {
        const total = byTime.get(p.t) ?? { cpu: 0, memory: 0, pods: new Set<string>() };
        total.cpu += p.cpu;
        total.memory += p.memory;
        total.pods.add(pod);
        byTime.set(p.t, total);
      }
    }
    return [...byTime]
      .sort(([a], [b]) => a - b)
      .map(([t, total]) => ({
        time: new Date(t).toISOString(),
        cpuMillicores: total.cpu,
        memoryBytes: total.memory,
        ...(countPods ? { pods: total.pods.size } : {}),
      }));
  }

  private history(points: UsagePoint[], resources: RequestsAndLimits | undefined): UsageHistory {
    return { intervalMs: this.intervalMs, windowMs: this.windowMs, points, ...(resources ?? {}) };
  }

  /** One pod's usage, per container and in total, oldest point first; empty when unknown. */
  podHistory(namespace: string, pod: string, now: number, resources?: RequestsAndLimits): PodUsageHistory {
    const series = this.pods.get(`${namespace}/${pod}`);
    const containers = [...(series?.containers ?? [])].map(([name, points]) => ({ name, points: this.sum([{ points, pod }], now, false) }));
    const total = this.sum([...(series?.containers.values() ?? [])].map(points => ({ points, pod })), now, false);
    return { ...this.history(total, resources), pod, containers };
  }

  /**
   * A workload's usage: at each sample time, the sum over its pods, replaced ones included (they
   * are part of its past hour). Pass the current pods' requests and limits to draw them alongside.
   */
  workloadHistory(namespace: string, workload: WorkloadRef, now: number, resources?: RequestsAndLimits): UsageHistory {
    const series = [...this.pods.values()]
      .filter(s => s.namespace === namespace && sameWorkload(s.workload, workload))
      .flatMap(s => [...s.containers.values()].map(points => ({ points, pod: s.pod })));
    return this.history(this.sum(series, now, true), resources);
  }
}
