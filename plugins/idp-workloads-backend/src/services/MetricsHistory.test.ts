import { WorkloadRef } from '@internal/plugin-idp-workloads-common';
import type { PodMetric } from '@kubernetes/client-node';
import { ContainerUsageSample, MetricsHistory, usageSamplesFromPodMetrics } from './MetricsHistory';

const T0 = Date.parse('2026-11-25T10:00:00.000Z');
const S = 1000;
const MI = 2 ** 20;
const web: WorkloadRef = { kind: 'Deployment', name: 'web' };

const sample = (pod: string, cpu: number, memoryMi: number, overrides: Partial<ContainerUsageSample> = {}): ContainerUsageSample => ({
  namespace: 'team-a-staging',
  pod,
  container: 'web',
  cpuMillicores: cpu,
  memoryBytes: memoryMi * MI,
  workload: web,
  ...overrides,
});

describe('usageSamplesFromPodMetrics', () => {
  it('converts metrics-server quantities and names each pod’s workload', () => {
    const metrics: PodMetric[] = [
      {
        metadata: { name: 'web-7d9f8b6c5-x2kqp', namespace: 'team-a-staging', selfLink: '', creationTimestamp: '2026-11-25T10:00:00Z' },
        timestamp: '2026-11-25T09:59:45Z',
        window: '15s',
        containers: [
          { name: 'web', usage: { cpu: '123456789n', memory: '262144Ki' } },
          { name: 'broken', usage: { cpu: 'lots', memory: '1Mi' } },
        ],
      },
    ];
    expect(usageSamplesFromPodMetrics(metrics, (_ns, pod) => (pod.startsWith('web-') ? web : undefined))).toEqual([
      { namespace: 'team-a-staging', pod: 'web-7d9f8b6c5-x2kqp', container: 'web', cpuMillicores: 124, memoryBytes: 256 * MI, workload: web },
    ]);
  });
});

describe('MetricsHistory', () => {
  it('keeps 120 points for an hour of 30 s samples by default', () => {
    expect(new MetricsHistory().pointsPerContainer).toBe(120);
    expect(new MetricsHistory({ windowMs: 10 * 60 * S, intervalMs: 15 * S }).pointsPerContainer).toBe(40);
  });

  it('refuses a window shorter than its interval', () => {
    expect(() => new MetricsHistory({ windowMs: 10 * S, intervalMs: 30 * S })).toThrow(RangeError);
    expect(() => new MetricsHistory({ maxPods: 0 })).toThrow(RangeError);
  });

  it('answers a pod’s history per container and in total, oldest first, with its requests and limits', () => {
    const history = new MetricsHistory();
    history.record([sample('web-a', 100, 200), sample('web-a', 10, 20, { container: 'proxy' })], T0);
    history.record([sample('web-a', 150, 210), sample('web-a', 20, 30, { container: 'proxy' })], T0 + 30 * S);
    const resources = { requests: { cpuMillicores: 300, memoryBytes: 576 * MI }, limits: { cpuMillicores: 1000, memoryBytes: 1024 * MI } };
    expect(history.podHistory('team-a-staging', 'web-a', T0 + 30 * S, resources)).toEqual({
      pod: 'web-a',
      intervalMs: 30 * S,
      windowMs: 3600 * S,
      ...resources,
      points: [
        { time: '2026-11-25T10:00:00.000Z', cpuMillicores: 110, memoryBytes: 220 * MI },
        { time: '2026-11-25T10:00:30.000Z', cpuMillicores: 170, memoryBytes: 240 * MI },
      ],
      containers: [
        {
          name: 'web',
          points: [
            { time: '2026-11-25T10:00:00.000Z', cpuMillicores: 100, memoryBytes: 200 * MI },
            { time: '2026-11-25T10:00:30.000Z', cpuMillicores: 150, memoryBytes: 210 * MI },
          ],
        },
        {
          name: 'proxy',
          points: [
            { time: '2026-11-25T10:00:00.000Z', cpuMillicores: 10, memoryBytes: 20 * MI },
            { time: '2026-11-25T10:00:30.000Z', cpuMillicores: 20, memoryBytes: 30 * MI },
          ],
        },
      ],
    });
  });

  it('aligns samples to the interval; the last one in an interval wins, a late older one is dropped', () => {
    const history = new MetricsHistory();
    history.record([sample('web-a', 100, 200)], T0 + 2 * S);
    history.record([sample('web-a', 120, 200)], T0 + 20 * S);
    history.record([sample('web-a', 300, 200)], T0 + 31 * S);
    history.record([sample('web-a', 999, 200)], T0 + 5 * S);
    expect(history.podHistory('team-a-staging', 'web-a', T0 + 31 * S).points.map(p => [p.time, p.cpuMillicores])).toEqual([
      ['2026-11-25T10:00:00.000Z', 120],
      ['2026-11-25T10:00:30.000Z', 300],
    ]);
  });

  it('sums a workload’s pods per sample time, pods it replaced included', () => {
    const history = new MetricsHistory();
    history.record([sample('web-old', 100, 100), sample('web-b', 50, 100), sample('api-a', 500, 500, { workload: { kind: 'Deployment', name: 'api' } })], T0);
    // A rollout replaced web-old by web-new.
    history.record([sample('web-new', 80, 100), sample('web-b', 60, 100)], T0 + 30 * S);
    expect(history.workloadHistory('team-a-staging', web, T0 + 30 * S).points).toEqual([
      { time: '2026-11-25T10:00:00.000Z', cpuMillicores: 150, memoryBytes: 200 * MI, pods: 2 },
      { time: '2026-11-25T10:00:30.000Z', cpuMillicores: 140, memoryBytes: 200 * MI, pods: 2 },
    ]);
    expect(history.workloadHistory('team-b-staging', web, T0 + 30 * S).points).toEqual([]);
  });

  it('keeps only the window: at most window / interval points per container', () => {
    const history = new MetricsHistory({ windowMs: 5 * 60 * S, intervalMs: 30 * S });
    for (let i = 0; i < 40; i++) history.record([sample('web-a', i, 100)], T0 + i * 30 * S);
    const now = T0 + 39 * 30 * S;
    const points = history.podHistory('team-a-staging', 'web-a', now).points;
    expect(points).toHaveLength(10);
    expect(points[0].cpuMillicores).toBe(30);
    expect(points[9].cpuMillicores).toBe(39);
  });

  it('forgets pods not seen for a whole window', () => {
    const history = new MetricsHistory({ windowMs: 5 * 60 * S });
    history.record([sample('web-gone', 100, 100), sample('web-a', 100, 100)], T0);
    history.record([sample('web-a', 100, 100)], T0 + 5 * 60 * S);
    expect(history.podCount).toBe(2);
    history.record([sample('web-a', 100, 100)], T0 + 5 * 60 * S + 30 * S);
    expect(history.podCount).toBe(1);
    expect(history.podHistory('team-a-staging', 'web-gone', T0 + 6 * 60 * S).points).toEqual([]);
  });

  it('forgets the pod seen longest ago when it holds too many', () => {
    const history = new MetricsHistory({ maxPods: 2 });
    history.record([sample('a', 1, 1)], T0);
    history.record([sample('b', 1, 1)], T0 + 30 * S);
    history.record([sample('a', 1, 1)], T0 + 60 * S);
    history.record([sample('c', 1, 1)], T0 + 90 * S);
    expect(history.podCount).toBe(2);
    const now = T0 + 90 * S;
    expect(history.podHistory('team-a-staging', 'b', now).points).toEqual([]);
    expect(history.podHistory('team-a-staging', 'a', now).points).toHaveLength(2);
    expect(history.podHistory('team-a-staging', 'c', now).points).toHaveLength(1);
  });

  it('answers an unknown pod with an empty history', () => {
    expect(new MetricsHistory().podHistory('team-a-staging', 'nope', T0)).toEqual({
      pod: 'nope',
      intervalMs: 30 * S,
      windowMs: 3600 * S,
      points: [],
      containers: [],
    });
  });
});

describe('MetricsHistory on several replicas', () => {
  it('gives two replicas sampling the same metrics at different moments of each interval the same chart', () => {
    // metrics-server's values change once per scrape; each replica's timer fires at its own offset.
    const valueAt = (interval: number) => [sample('web-1', 100 + interval, 200 + interval), sample('web-2', 50 * interval, 100)];
    const a = new MetricsHistory();
    const b = new MetricsHistory();
    for (let interval = 0; interval < 10; interval++) {
      a.record(valueAt(interval), T0 + interval * 30 * S + 2 * S);
      b.record(valueAt(interval), T0 + interval * 30 * S + 27 * S);
    }
    const now = T0 + 10 * 30 * S;
    expect(a.workloadHistory('team-a-staging', web, now)).toEqual(b.workloadHistory('team-a-staging', web, now));
    expect(a.podHistory('team-a-staging', 'web-1', now)).toEqual(b.podHistory('team-a-staging', 'web-1', now));
    expect(a.workloadHistory('team-a-staging', web, now).points).toHaveLength(10);
  });
});
