import { at, event, IMAGE, NAMESPACE, pod, replicaSet, runningStatus, webContainer } from './__fixtures__/kubernetes';
import { ownerLookup } from './owners';
import { podRestarts, podStatus, podView } from './podSummaries';

const owners = ownerLookup([replicaSet('web-7d9f8b6c5', 'web')], []);

describe('podView', () => {
  it('summarises a running pod with its Deployment, containers, requests and limits', () => {
    expect(podView(pod('web-7d9f8b6c5-x2kqp'), owners, [])).toEqual({
      name: 'web-7d9f8b6c5-x2kqp',
      namespace: NAMESPACE,
      workload: { kind: 'Deployment', name: 'web' },
      phase: 'Running',
      status: 'Running',
      ready: '1/1',
      restarts: 0,
      node: 'kwok-node-0',
      createdAt: '2026-11-25T09:00:00.000Z',
      startedAt: '2026-11-25T09:00:01.000Z',
      containers: [
        {
          name: 'web',
          image: IMAGE,
          ready: true,
          state: 'running',
          restarts: 0,
          startedAt: '2026-11-25T09:00:05.000Z',
          requests: { cpu: '250m', memory: '512Mi' },
          limits: { cpu: '1', memory: '1Gi' },
        },
      ],
      problems: [],
    });
  });

  it('shows a crash-looping sidecar pod: ready count, restarts, state and problem', () => {
    const sidecar = webContainer({ name: 'proxy', image: 'registry.example.com/platform/proxy:2.1', resources: {} });
    const crashing = pod('web-7d9f8b6c5-x2kqp', {
      containers: [webContainer(), sidecar],
      statuses: [
        runningStatus({ restartCount: 1 }),
        runningStatus({
          name: 'proxy',
          image: 'registry.example.com/platform/proxy:2.1',
          ready: false,
          restartCount: 6,
          state: { waiting: { reason: 'CrashLoopBackOff' } },
          lastState: { terminated: { exitCode: 2, reason: 'Error', finishedAt: at('2026-11-25T09:58:00Z') } },
        }),
      ],
    });
    const view = podView(crashing, owners, []);
    expect(view).toMatchObject({ ready: '1/2', restarts: 7, status: 'CrashLoopBackOff' });
    expect(podRestarts(crashing)).toBe(7);
    expect(view.containers[1]).toEqual({
      name: 'proxy',
      image: 'registry.example.com/platform/proxy:2.1',
      ready: false,
      state: 'waiting',
      reason: 'CrashLoopBackOff',
      restarts: 6,
      requests: {},
      limits: {},
    });
    expect(view.problems.map(p => [p.reason, p.container])).toEqual([['CrashLoopBackOff', 'proxy']]);
  });

  it('lists a pending pod without node or container statuses', () => {
    const pending = pod('web-7d9f8b6c5-x2kqp', {
      phase: 'Pending',
      node: '',
      statuses: [],
      conditions: [{ type: 'PodScheduled', status: 'False', reason: 'Unschedulable', message: '0/1 nodes are available: 1 Insufficient memory.' }],
    });
    const view = podView(pending, owners, []);
    expect(view.node).toBeUndefined();
    expect(view).toMatchObject({ phase: 'Pending', status: 'Pending', ready: '0/1' });
    expect(view.containers[0]).toMatchObject({ state: 'unknown', ready: false, restarts: 0 });
    expect(view.problems[0].message).toContain('(not enough free memory)');
  });

  it('counts the pod’s probe events, newest first', () => {
    const notReady = pod('web-7d9f8b6c5-x2kqp', { statuses: [runningStatus({ ready: false })] });
    const events = [
      event({ kind: 'Pod', name: 'web-7d9f8b6c5-x2kqp', reason: 'Unhealthy', message: 'Readiness probe failed: HTTP probe failed with statuscode: 503', fieldPath: 'spec.containers{web}', last: '2026-11-25T09:50:00Z' }),
      event({ kind: 'Pod', name: 'web-7d9f8b6c5-x2kqp', reason: 'Unhealthy', message: 'Liveness probe failed: HTTP probe failed with statuscode: 500', fieldPath: 'spec.containers{web}', last: '2026-11-25T09:59:00Z' }),
    ];
    // One problem per reason and container: the newest probe failure speaks for both.
    expect(podView(notReady, owners, events).problems.map(p => p.detail)).toEqual(['Liveness probe failed: HTTP probe failed with statuscode: 500']);
  });
});

describe('podStatus', () => {
  it('shows what kubectl shows', () => {
    expect(podStatus(pod('a', { deleting: true }))).toBe('Terminating');
    expect(podStatus(pod('a', { phase: 'Failed', reason: 'Evicted', statuses: [] }))).toBe('Evicted');
    expect(podStatus(pod('a', { statuses: [runningStatus({ ready: false, state: { waiting: { reason: 'ImagePullBackOff' } } })] }))).toBe('ImagePullBackOff');
    expect(podStatus(pod('a', { phase: 'Succeeded', statuses: [runningStatus({ ready: false, state: { terminated: { exitCode: 0, reason: 'Completed' } } })] }))).toBe(
      'Completed',
    );
    const initializing = pod('a', { phase: 'Pending', statuses: [] });
    initializing.status!.initContainerStatuses = [runningStatus({ name: 'migrate', ready: false, state: { waiting: { reason: 'CrashLoopBackOff' } } })];
    expect(podStatus(initializing)).toBe('Init:CrashLoopBackOff');
    initializing.status!.initContainerStatuses = [runningStatus({ name: 'migrate', ready: false, state: { terminated: { exitCode: 1 } } })];
    expect(podStatus(initializing)).toBe('Init:Error');
  });
});
