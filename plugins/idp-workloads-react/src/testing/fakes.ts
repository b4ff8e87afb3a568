import { ResponseError } from '@backstage/errors';
import type { EnvironmentMetrics, EnvironmentRed, EnvironmentStatus, EventView, PodView, UsageHistory, WorkloadView } from '@internal/plugin-idp-workloads-common';
import { WorkloadsApi } from '../api/WorkloadsApi';

/** Test helpers: a fake WorkloadsApi and sample views. Not exported from the package. */

const ago = (ms: number) => new Date(Date.now() - ms).toISOString();

export function sampleWorkload(overrides: Partial<WorkloadView> = {}): WorkloadView {
  return {
    kind: 'Deployment',
    name: 'web',
    namespace: 'team-a-dev',
    app: 'web',
    desired: 3,
    ready: 3,
    updated: 3,
    available: 3,
    rollout: 'complete',
    images: ['registry.example.com/team-a/web:1.0.0'],
    problems: [],
    createdAt: ago(3600_000),
    ...overrides,
  };
}

export function samplePod(overrides: Partial<PodView> = {}): PodView {
  const name = overrides.name ?? 'web-7d9f8b6c5-x2kqp';
  return {
    name,
    namespace: 'team-a-dev',
    workload: { kind: 'Deployment', name: 'web' },
    phase: 'Running',
    status: 'Running',
    ready: '1/1',
    restarts: 0,
    node: 'kwok-node-0',
    createdAt: ago(12 * 60_000),
    startedAt: ago(12 * 60_000),
    containers: [
      { name: 'web', image: 'registry.example.com/team-a/web:1.0.0', ready: true, state: 'running', restarts: 0, requests: { cpu: '250m', memory: '256Mi' }, limits: { cpu: '500m', memory: '512Mi' } },
    ],
    problems: [],
    ...overrides,
  };
}

export function sampleStatus(overrides: Partial<EnvironmentStatus> = {}): EnvironmentStatus {
  return {
    namespace: 'team-a-dev',
    workloads: [sampleWorkload()],
    pods: [samplePod(), samplePod({ name: 'web-7d9f8b6c5-abcde' }), samplePod({ name: 'web-7d9f8b6c5-fghij' })],
    ...overrides,
  };
}

export function sampleEvent(overrides: Partial<EventView> = {}): EventView {
  return {
    id: 'e1',
    type: 'Normal',
    reason: 'ScalingReplicaSet',
    message: 'Scaled up replica set web-7d9f8b6c5 to 3',
    object: 'Deployment/web',
    count: 1,
    firstSeen: ago(5 * 60_000),
    lastSeen: ago(5 * 60_000),
    ...overrides,
  };
}

export function sampleUsage(overrides: Partial<UsageHistory> = {}): UsageHistory {
  const now = Date.now();
  return {
    intervalMs: 30_000,
    windowMs: 3600_000,
    points: [0, 1, 2].map(i => ({ time: new Date(now - (2 - i) * 30_000).toISOString(), cpuMillicores: 10 + i, memoryBytes: (64 + i) * 1024 * 1024 })),
    requests: { cpuMillicores: 250, memoryBytes: 256 * 1024 * 1024 },
    limits: { cpuMillicores: 500, memoryBytes: 512 * 1024 * 1024 },
    ...overrides,
  };
}

export function sampleMetrics(overrides: Partial<EnvironmentMetrics> = {}): EnvironmentMetrics {
  return {
    namespace: 'team-a-dev',
    intervalMs: 30_000,
    windowMs: 3600_000,
    workloads: [{ workload: { kind: 'Deployment', name: 'web' }, usage: sampleUsage() }],
    pods: [{ pod: 'web-7d9f8b6c5-x2kqp', workload: { kind: 'Deployment', name: 'web' }, usage: sampleUsage({ limits: {} }) }],
    prometheus: { configured: false, hint: 'Request rate, errors and latency need Prometheus: set slipway.workloads.prometheus.url in app-config to its address' },
    ...overrides,
  };
}

/** One Deployment at ~40 requests/s, 5% failing, p95 225 ms, over the last three minutes. */
export function sampleRequestMetrics(overrides: Partial<EnvironmentRed> = {}): EnvironmentRed {
  const now = Date.now();
  const series = (value: number) => [2, 1, 0].map(i => ({ time: new Date(now - i * 60_000).toISOString(), value }));
  return {
    namespace: 'team-a-dev',
    windowMs: 3600_000,
    stepMs: 60_000,
    workloads: [{ workload: { kind: 'Deployment', name: 'web' }, requestsPerSecond: series(40), errorPercent: series(5), latencyP95Ms: series(225) }],
    ...overrides,
  };
}

const unexpected = (name: string) => () => Promise.reject(new Error(`unexpected call to ${name}`));

/** Every method rejects unless overridden. */
export function fakeWorkloadsApi(overrides: Partial<WorkloadsApi> = {}): WorkloadsApi {
  return {
    listEnvironmentStatuses: unexpected('listEnvironmentStatuses'),
    getEnvironmentStatus: unexpected('getEnvironmentStatus'),
    listEvents: unexpected('listEvents'),
    getMetrics: unexpected('getMetrics'),
    getRequestMetrics: unexpected('getRequestMetrics'),
    getLogs: unexpected('getLogs'),
    followLogs: unexpected('followLogs'),
    scaleDeployment: unexpected('scaleDeployment'),
    restartDeployment: unexpected('restartDeployment'),
    deletePod: unexpected('deletePod'),
    getAppWorkloads: unexpected('getAppWorkloads'),
    ...overrides,
  };
}

/** A ResponseError as WorkloadsClient throws it for a Backstage JSON error. */
export async function responseError(status: number, name: string, message: string): Promise<ResponseError> {
  const response = new Response(JSON.stringify({ error: { name, message }, response: { statusCode: status } }), {
    status,
    headers: { 'content-type': 'application/json' },
  });
  return ResponseError.fromResponse(response as any);
}
