/*
 * Against the real local control plane: the workload failures and logs KWOK simulates for the
 * portal's status, events and logs views (cluster/kwok/kwok.yaml, cluster/kwok/pod-log-writer.sh).
 * A pod asks for a failure with the annotation slipway.dev/simulate; slipway.dev/simulate-interval
 * makes the repeating ones (restarts, pull retries, probes) fast enough for a test.
 */
import {
  AppsV1Api,
  CoreV1Api,
  CoreV1Event,
  KubeConfig,
  KubernetesObjectApi,
  Log,
  PatchStrategy,
  V1ContainerStatus,
  V1Deployment,
  V1Pod,
} from '@kubernetes/client-node';
import { randomBytes } from 'node:crypto';
import { PassThrough } from 'node:stream';
import { ensureLocalCluster } from './localCluster';
import { loadKubeConfig } from './loadKubeConfig';

jest.setTimeout(120_000);

const SIMULATE = 'slipway.dev/simulate';
const SIMULATE_INTERVAL = 'slipway.dev/simulate-interval';

let admin: KubeConfig;
let core: CoreV1Api;
let apps: AppsV1Api;
let objects: KubernetesObjectApi;
let namespace: string;

async function eventually<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  while (Date.now() < deadline) {
    try {
      const value = await probe();
      if (value !== undefined) return value;
    } catch (e) {
      last = e;
    }
    await new Promise(r => setTimeout(r, 250));
  }
  throw new Error(`Timed out waiting for ${what}${last ? `: ${String(last)}` : ''}`);
}

function deployment(name: string, podAnnotations: Record<string, string> = {}): V1Deployment {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name, namespace },
    spec: {
      replicas: 1,
      selector: { matchLabels: { app: name } },
      template: {
        metadata: { labels: { app: name }, annotations: podAnnotations },
        spec: { containers: [{ name: 'web', image: `registry.example.com/team-a/${name}:1.0.0` }] },
      },
    },
  };
}

async function podsOf(app: string): Promise<V1Pod[]> {
  return (await core.listNamespacedPod({ namespace, labelSelector: `app=${app}` })).items;
}

function webStatus(pod: V1Pod): V1ContainerStatus | undefined {
  return pod.status?.containerStatuses?.find(s => s.name === 'web');
}

function isReady(pod: V1Pod): boolean {
  return pod.status?.conditions?.find(c => c.type === 'Ready')?.status === 'True';
}

async function eventsOf(pod: V1Pod): Promise<CoreV1Event[]> {
  const events = await core.listNamespacedEvent({ namespace, fieldSelector: `involvedObject.name=${pod.metadata!.name}` });
  return events.items;
}

async function eventOf(pod: V1Pod, type: string, reason: string, message: string): Promise<CoreV1Event> {
  return eventually(`a ${type} ${reason} event "${message}" on ${pod.metadata!.name}`, async () =>
    (await eventsOf(pod)).find(e => e.type === type && e.reason === reason && e.message === message),
  );
}

/** The first pod of `app` whose container status satisfies `condition`. */
async function podWhere(app: string, what: string, condition: (status: V1ContainerStatus, pod: V1Pod) => boolean) {
  return eventually(`a pod of ${app} with ${what}`, async () =>
    (await podsOf(app)).find(pod => {
      const status = webStatus(pod);
      return !!status && condition(status, pod);
    }),
  );
}

beforeAll(async () => {
  const cluster = await ensureLocalCluster();
  admin = loadKubeConfig(cluster.adminKubeconfig);
  core = admin.makeApiClient(CoreV1Api);
  apps = admin.makeApiClient(AppsV1Api);
  objects = KubernetesObjectApi.makeApiClient(admin);
  namespace = `simulate-${randomBytes(3).toString('hex')}`;
  await core.createNamespace({ body: { metadata: { name: namespace, labels: { 'slipway.dev/test': 'local-cluster' } } } });
});

afterAll(async () => {
  if (namespace) await core.deleteNamespace({ name: namespace }).catch(() => undefined);
});

describe('simulated workload failures', () => {
  it('a Ready Deployment whose template is patched with simulate=crash-loop gets crash-looping new pods and a BackOff event', async () => {
    await objects.create(deployment('api'));
    const healthy = await eventually('api ready', async () => {
      const d = await apps.readNamespacedDeployment({ name: 'api', namespace });
      return d.status?.readyReplicas === 1 ? (await podsOf('api'))[0] : undefined;
    });

    const simulateCrashLoop = {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'api', namespace },
      spec: { template: { metadata: { annotations: { [SIMULATE]: 'crash-loop', [SIMULATE_INTERVAL]: '1s' } } } },
    };
    await objects.patch(simulateCrashLoop, undefined, undefined, 'slipway-test', undefined, PatchStrategy.MergePatch);

    const crashing = await podWhere('api', 'CrashLoopBackOff and 2+ restarts', s =>
      s.state?.waiting?.reason === 'CrashLoopBackOff' && (s.restartCount ?? 0) >= 2,
    );
    const status = webStatus(crashing)!;
    expect(status.ready).toBe(false);
    expect(status.started).toBe(false);
    expect(status.state?.waiting?.message).toMatch(/^back-off \S+ restarting failed container=web pod=api-/);
    expect(status.lastState?.terminated).toMatchObject({ exitCode: 1, reason: 'Error' });
    expect(crashing.status?.phase).toBe('Running');
    expect(isReady(crashing)).toBe(false);
    await eventOf(crashing, 'Warning', 'BackOff', 'Back-off restarting failed container');

    // It keeps crashing: restartCount grows with each interval.
    await podWhere('api', 'more restarts', (s, pod) =>
      pod.metadata!.name === crashing.metadata!.name && (s.restartCount ?? 0) > status.restartCount,
    );
    // As in a real rollout, the old pod keeps serving while the new one never becomes ready.
    const old = (await podsOf('api')).find(p => p.metadata!.name === healthy.metadata!.name);
    expect(old && isReady(old)).toBe(true);
  });

  it('simulate=oom-killed: CrashLoopBackOff after an OOMKilled exit 137', async () => {
    await objects.create(deployment('worker', { [SIMULATE]: 'oom-killed', [SIMULATE_INTERVAL]: '1s' }));
    const pod = await podWhere('worker', 'CrashLoopBackOff', s => s.state?.waiting?.reason === 'CrashLoopBackOff');
    const status = webStatus(pod)!;
    expect(status.restartCount).toBeGreaterThan(0);
    expect(status.lastState?.terminated).toMatchObject({ exitCode: 137, reason: 'OOMKilled' });
    expect(isReady(pod)).toBe(false);
    await eventOf(pod, 'Warning', 'BackOff', 'Back-off restarting failed container');
  });

  it('simulate=image-pull-error: the pod stays Pending in ImagePullBackOff, with Failed and BackOff events', async () => {
    await objects.create(deployment('frontend', { [SIMULATE]: 'image-pull-error', [SIMULATE_INTERVAL]: '1s' }));
    const pod = await podWhere('frontend', 'ImagePullBackOff', s => s.state?.waiting?.reason === 'ImagePullBackOff');
    const status = webStatus(pod)!;
    expect(pod.status?.phase).toBe('Pending');
    expect(status.ready).toBe(false);
    expect(status.restartCount).toBe(0);
    expect(status.state?.waiting?.message).toContain('Back-off pulling image "registry.example.com/team-a/frontend:1.0.0"');
    await eventOf(pod, 'Warning', 'Failed', 'Error: ErrImagePull');
    await eventOf(pod, 'Normal', 'BackOff', 'Back-off pulling image');
    await eventOf(pod, 'Warning', 'Failed', 'Error: ImagePullBackOff');
    // The kubelet retries: the next failed pull shows ErrImagePull again.
    await podWhere('frontend', 'ErrImagePull on a retry', s => s.state?.waiting?.reason === 'ErrImagePull');
  });

  it('simulate=readiness-failing: running but never ready, with Unhealthy events', async () => {
    await objects.create(deployment('search', { [SIMULATE]: 'readiness-failing', [SIMULATE_INTERVAL]: '1s' }));
    const pod = await podWhere('search', 'a running container', s => !!s.state?.running);
    const status = webStatus(pod)!;
    expect(pod.status?.phase).toBe('Running');
    expect(status).toMatchObject({ ready: false, started: true, restartCount: 0 });
    expect(isReady(pod)).toBe(false);
    const unhealthy = await eventOf(pod, 'Warning', 'Unhealthy', 'Readiness probe failed: HTTP probe failed with statuscode: 503');
    // The probe keeps failing: the same event is counted again.
    await eventually('the Unhealthy event counted twice', async () => {
      const again = (await eventsOf(pod)).find(e => e.metadata?.uid === unhealthy.metadata?.uid);
      return (again?.count ?? 0) >= 2 ? again : undefined;
    });
    const d = await apps.readNamespacedDeployment({ name: 'search', namespace });
    expect(d.status?.readyReplicas ?? 0).toBe(0);
  });
});

describe('simulated logs', () => {
  let pod: V1Pod;

  beforeAll(async () => {
    await objects.create(deployment('logs'));
    pod = await eventually('a ready pod', async () => (await podsOf('logs')).find(isReady));
  });

  it('following a pod’s logs streams a new line within a few seconds', async () => {
    const stream = new PassThrough();
    let received = '';
    stream.on('data', chunk => (received += chunk.toString()));
    // tailLines 1: any second line can only have arrived by following.
    const request = await new Log(admin).log(namespace, pod.metadata!.name!, 'web', stream, {
      follow: true,
      tailLines: 1,
      timestamps: true,
    });
    try {
      const [tail, next] = await eventually(
        'a second line while following',
        async () => {
          const lines = received.split('\n').filter(line => line.trim());
          return lines.length >= 2 ? lines : undefined;
        },
        10_000,
      );
      expect(next).toMatch(/^\S+Z (INFO|WARN|ERROR) /);
      expect(Date.parse(next.split(' ')[0])).toBeGreaterThan(Date.parse(tail.split(' ')[0]));
    } finally {
      request.abort();
    }
  });

  it('returns the previous container’s logs, which differ from the current ones', async () => {
    const name = pod.metadata!.name!;
    const previous = await core.readNamespacedPodLog({ name, namespace, container: 'web', previous: true });
    const current = await core.readNamespacedPodLog({ name, namespace, container: 'web', tailLines: 20 });
    expect(previous).toContain('previous container');
    expect(previous).toMatch(/exiting with status 1/);
    expect(current).not.toContain('previous container');
  });
});
