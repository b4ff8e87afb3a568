import { at, event, NAMESPACE, pod, runningStatus, webContainer } from './__fixtures__/kubernetes';
import { explainContainer, explainPod, explainProbeEvent } from './explain';

const POD = 'web-7d9f8b6c5-x2kqp';

describe('explainContainer', () => {
  it('says a crash-looping container keeps crashing, with its exit code, and to read the previous logs', () => {
    const status = runningStatus({
      ready: false,
      restartCount: 5,
      state: { waiting: { reason: 'CrashLoopBackOff', message: 'back-off 2m40s restarting failed container=web pod=web-7d9f8b6c5-x2kqp_team-a-staging' } },
      lastState: { terminated: { exitCode: 1, reason: 'Error', finishedAt: at('2026-11-25T09:58:00Z') } },
    });
    expect(explainContainer(POD, status, webContainer())).toEqual([
      {
        reason: 'CrashLoopBackOff',
        message: 'Container web keeps crashing (restarted 5 times): it exited with code 1; check its logs (previous container)',
        object: `Pod/${POD}`,
        container: 'web',
        detail: 'back-off 2m40s restarting failed container=web pod=web-7d9f8b6c5-x2kqp_team-a-staging',
        seenAt: '2026-11-25T09:58:00.000Z',
      },
    ]);
  });

  it('names an exit reason other than Error, and explains an exit with code 0', () => {
    const killed = runningStatus({
      restartCount: 1,
      state: { waiting: { reason: 'CrashLoopBackOff' } },
      lastState: { terminated: { exitCode: 143, reason: 'ContainerCannotRun' } },
    });
    expect(explainContainer(POD, killed)[0].message).toBe(
      'Container web keeps crashing (restarted once): it exited with code 143 (ContainerCannotRun); check its logs (previous container)',
    );
    const finished = runningStatus({
      restartCount: 3,
      state: { waiting: { reason: 'CrashLoopBackOff' } },
      lastState: { terminated: { exitCode: 0, reason: 'Completed' } },
    });
    expect(explainContainer(POD, finished)[0].message).toBe(
      'Container web keeps stopping (restarted 3 times): it exited with code 0, but it must keep running; make its command start a process that stays up',
    );
  });

  it('says an OOM-killed container used more memory than its limit, instead of only that it crashes', () => {
    const status = runningStatus({
      ready: false,
      restartCount: 2,
      state: { waiting: { reason: 'CrashLoopBackOff' } },
      lastState: { terminated: { exitCode: 137, reason: 'OOMKilled', finishedAt: at('2026-11-25T09:57:00Z') } },
    });
    expect(explainContainer(POD, status, webContainer())).toEqual([
      {
        reason: 'OOMKilled',
        message: 'Container web used more memory than its limit 1Gi and was killed (restarted 2 times); raise the limit or fix the leak',
        object: `Pod/${POD}`,
        container: 'web',
        seenAt: '2026-11-25T09:57:00.000Z',
      },
    ]);
  });

  it('explains an OOM kill without a memory limit as the node running short', () => {
    const status = runningStatus({ restartCount: 0, state: { terminated: { exitCode: 137, reason: 'OOMKilled' } } });
    const container = webContainer({ resources: { requests: { cpu: '250m', memory: '512Mi' } } });
    expect(explainContainer(POD, status, container)[0].message).toBe(
      'Container web was killed for using more memory than the node could spare; it has no memory limit: set a request and limit that fit its real use',
    );
  });

  it.each(['ImagePullBackOff', 'ErrImagePull', 'InvalidImageName'])('says Kubernetes cannot pull the image (%s)', reason => {
    const status = runningStatus({
      ready: false,
      image: 'registry.example.com/team-a/web:1.4.3',
      state: { waiting: { reason, message: 'Back-off pulling image "registry.example.com/team-a/web:1.4.3": manifest unknown' } },
    });
    const container = webContainer({ image: 'registry.example.com/team-a/web:1.4.3' });
    expect(explainContainer(POD, status, container)).toEqual([
      {
        reason: 'ImagePullBackOff',
        message: 'Kubernetes cannot pull image registry.example.com/team-a/web:1.4.3 for container web: check the tag exists and the registry is allowed',
        object: `Pod/${POD}`,
        container: 'web',
        detail: 'Back-off pulling image "registry.example.com/team-a/web:1.4.3": manifest unknown',
      },
    ]);
  });

  it('says a container cannot start because a secret it references is missing', () => {
    const status = runningStatus({ ready: false, state: { waiting: { reason: 'CreateContainerConfigError', message: 'secret "db-credentials" not found' } } });
    expect(explainContainer(POD, status)[0]).toMatchObject({
      reason: 'CreateContainerConfigError',
      message:
        'Container web cannot start: secret "db-credentials" not found; create the missing secret or config in this environment, or fix the reference in the app spec',
    });
  });

  it('finds nothing wrong with a running container, or one still being created', () => {
    expect(explainContainer(POD, runningStatus())).toEqual([]);
    expect(explainContainer(POD, runningStatus({ ready: false, state: { waiting: { reason: 'ContainerCreating' } } }))).toEqual([]);
  });

  it('clips a very long Kubernetes message in the detail', () => {
    const status = runningStatus({ state: { waiting: { reason: 'ErrImagePull', message: 'x'.repeat(1000) } } });
    const detail = explainContainer(POD, status)[0].detail!;
    expect(detail).toHaveLength(300);
    expect(detail.endsWith('…')).toBe(true);
  });
});

describe('explainProbeEvent', () => {
  const unhealthy = (message: string, count = 1) =>
    event({ kind: 'Pod', name: POD, reason: 'Unhealthy', message, count, fieldPath: 'spec.containers{web}', last: '2026-11-25T09:59:00Z' });

  it('says a failing readiness probe keeps traffic away, and what to check', () => {
    expect(explainProbeEvent(unhealthy('Readiness probe failed: HTTP probe failed with statuscode: 503', 12))).toEqual({
      reason: 'ProbeFailing',
      message:
        'The readiness probe of pod web-7d9f8b6c5-x2kqp fails (HTTP probe failed with statuscode: 503), 12 times, so it receives no traffic; make sure the app answers on its readiness path and port, or give it more time to start',
      object: `Pod/${POD}`,
      container: 'web',
      detail: 'Readiness probe failed: HTTP probe failed with statuscode: 503',
      seenAt: '2026-11-25T09:59:00.000Z',
    });
  });

  it('says a failing liveness probe restarts the container', () => {
    const message = 'Liveness probe failed: Get "http://10.244.0.12:8080/healthz": dial tcp 10.244.0.12:8080: connect: connection refused';
    expect(explainProbeEvent(unhealthy(message))!.message).toBe(
      'The liveness probe of pod web-7d9f8b6c5-x2kqp fails (Get "http://10.244.0.12:8080/healthz": dial tcp 10.244.0.12:8080: connect: connection refused), so Kubernetes restarts the container; make sure the app answers on its liveness path and port, or give it more time to start',
    );
  });

  it('says a failing startup probe restarts the container before it starts', () => {
    expect(explainProbeEvent(unhealthy('Startup probe failed: HTTP probe failed with statuscode: 500'))!.message).toBe(
      'The startup probe of pod web-7d9f8b6c5-x2kqp fails (HTTP probe failed with statuscode: 500), so the container is restarted before it ever starts; give it more time to start (the startup probe) or find what slows it down',
    );
  });

  it('ignores other events', () => {
    expect(explainProbeEvent(event({ kind: 'Pod', name: POD, reason: 'Pulled', type: 'Normal', message: 'Successfully pulled image' }))).toBeUndefined();
    expect(explainProbeEvent(event({ kind: 'Pod', name: POD, reason: 'Unhealthy', message: 'something else' }))).toBeUndefined();
  });
});

describe('explainPod', () => {
  it('says an unschedulable pod cannot be placed, in plain words, with the scheduler message as detail', () => {
    const scheduler = '0/3 nodes are available: 3 Insufficient cpu. preemption: 0/3 nodes are available: 3 No preemption victims found for incoming pod.';
    const pending = pod(POD, {
      phase: 'Pending',
      node: '',
      statuses: [],
      conditions: [{ type: 'PodScheduled', status: 'False', reason: 'Unschedulable', message: scheduler, lastTransitionTime: at('2026-11-25T09:40:00Z') }],
    });
    expect(explainPod(pending)).toEqual([
      {
        reason: 'Unschedulable',
        message: `Pod ${POD} cannot be placed on any node (not enough free CPU); lower its CPU or memory requests, or ask the platform team for more capacity`,
        object: `Pod/${POD}`,
        detail: scheduler,
        seenAt: '2026-11-25T09:40:00.000Z',
      },
    ]);
  });

  it('says an evicted pod is replaced, and what to do if it keeps happening', () => {
    const evicted = pod(POD, {
      phase: 'Failed',
      reason: 'Evicted',
      message: 'The node was low on resource: memory. Container web was using 900Mi, request is 512Mi.',
      statuses: [],
    });
    expect(explainPod(evicted)).toEqual([
      {
        reason: 'Evicted',
        message: `Pod ${POD} was evicted because its node ran short of resources; a new pod replaces it, and if it keeps happening set its memory request closer to what it really uses`,
        object: `Pod/${POD}`,
        detail: 'The node was low on resource: memory. Container web was using 900Mi, request is 512Mi.',
      },
    ]);
  });

  it('explains init containers too', () => {
    const init = webContainer({ name: 'migrate', image: 'registry.example.com/team-a/migrate:1' });
    const initializing = pod(POD, {
      phase: 'Pending',
      initContainers: [init],
      statuses: [],
    });
    initializing.status!.initContainerStatuses = [
      runningStatus({ name: 'migrate', ready: false, state: { waiting: { reason: 'ImagePullBackOff' } } }),
    ];
    expect(explainPod(initializing).map(p => [p.reason, p.container])).toEqual([['ImagePullBackOff', 'migrate']]);
  });

  describe('probe failures from events', () => {
    const probe = (last: string) =>
      event({ kind: 'Pod', name: POD, reason: 'Unhealthy', message: 'Readiness probe failed: HTTP probe failed with statuscode: 503', first: last, last });

    it('counts them while the pod is not ready', () => {
      const notReady = pod(POD, { statuses: [runningStatus({ ready: false })] });
      expect(explainPod(notReady, [probe('2026-11-25T08:00:00Z')]).map(p => p.reason)).toEqual(['ProbeFailing']);
    });

    it('ignores those from before the pod last became ready: events outlive the failure', () => {
      const ready = pod(POD);
      expect(explainPod(ready, [probe('2026-11-25T09:00:05Z')])).toEqual([]);
      expect(explainPod(ready, [probe('2026-11-25T09:30:00Z')]).map(p => p.reason)).toEqual(['ProbeFailing']);
    });

    it('ignores events about other pods', () => {
      const notReady = pod('web-7d9f8b6c5-other', { statuses: [runningStatus({ ready: false })] });
      expect(explainPod(notReady, [probe('2026-11-25T09:30:00Z')])).toEqual([]);
    });
  });

  it('finds nothing wrong with a healthy pod', () => {
    expect(explainPod(pod(POD), [])).toEqual([]);
    expect(pod(POD).metadata!.namespace).toBe(NAMESPACE);
  });
});
