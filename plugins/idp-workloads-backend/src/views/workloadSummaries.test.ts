import {
  at,
  backoffLimitExceeded,
  complete,
  cronJob,
  deployment,
  event,
  IMAGE,
  job,
  NAMESPACE,
  pod,
  runningStatus,
} from './__fixtures__/kubernetes';
import { deploymentRollout, workloadFromCronJob, workloadFromDeployment, workloadFromJob } from './workloadSummaries';

const QUOTA_MESSAGE =
  'Error creating: pods "web-7d9f8b6c5-zzzzz" is forbidden: exceeded quota: team-a-staging, requested: pods=1, used: pods=40, limited: pods=40';

const healthyPods = ['x2kqp', 'b7m4n', 'q9w8e'].map(suffix => pod(`web-7d9f8b6c5-${suffix}`));
const crashing = (suffix: string, finishedAt: string) =>
  pod(`web-7d9f8b6c5-${suffix}`, {
    statuses: [
      runningStatus({
        ready: false,
        restartCount: 4,
        state: { waiting: { reason: 'CrashLoopBackOff' } },
        lastState: { terminated: { exitCode: 1, reason: 'Error', finishedAt: at(finishedAt) } },
      }),
    ],
  });

describe('workloadFromDeployment', () => {
  it('summarises a healthy Deployment', () => {
    expect(workloadFromDeployment(deployment(), healthyPods, [])).toEqual({
      kind: 'Deployment',
      name: 'web',
      namespace: NAMESPACE,
      app: 'web',
      desired: 3,
      ready: 3,
      updated: 3,
      available: 3,
      rollout: 'complete',
      images: [IMAGE],
      problems: [],
      createdAt: '2026-11-20T09:00:00.000Z',
    });
  });

  it('says a rollout that missed its deadline failed, with one crash problem for replicas crashing alike', () => {
    const d = deployment({
      status: {
        observedGeneration: 2,
        replicas: 4,
        updatedReplicas: 2,
        readyReplicas: 2,
        availableReplicas: 2,
        conditions: [
          { type: 'Progressing', status: 'False', reason: 'ProgressDeadlineExceeded', lastUpdateTime: at('2026-11-25T09:50:00Z') },
        ],
      },
    });
    const pods = [healthyPods[0], healthyPods[1], crashing('c1', '2026-11-25T09:58:00Z'), crashing('c2', '2026-11-25T09:59:00Z')];
    const view = workloadFromDeployment(d, pods, []);
    expect(view.rollout).toBe('failed');
    expect(view.problems.map(p => [p.reason, p.object])).toEqual([
      ['CrashLoopBackOff', 'Pod/web-7d9f8b6c5-c2'],
      ['ProgressDeadlineExceeded', 'Deployment/web'],
    ]);
  });

  it('says the quota is full while replicas are missing, from its ReplicaSet’s events', () => {
    const d = deployment({
      status: { observedGeneration: 2, replicas: 2, updatedReplicas: 2, readyReplicas: 2, availableReplicas: 2 },
    });
    const events = [
      event({ kind: 'ReplicaSet', name: 'web-7d9f8b6c5', reason: 'FailedCreate', message: QUOTA_MESSAGE, count: 9 }),
      event({ kind: 'ReplicaSet', name: 'api-5c6b7d8e9', reason: 'FailedCreate', message: QUOTA_MESSAGE }),
    ];
    const view = workloadFromDeployment(d, healthyPods.slice(0, 2), events);
    expect(view.rollout).toBe('progressing');
    expect(view.problems).toEqual([
      {
        reason: 'QuotaExceeded',
        message: "The environment's quota is full (pods: 40 of 40 in use, a new pod needs 1 more); scale something down or ask for a bigger environment type",
        object: 'ReplicaSet/web-7d9f8b6c5',
        detail: QUOTA_MESSAGE,
        seenAt: '2026-11-25T09:55:00.000Z',
      },
    ]);
  });

  it('ignores a quota event once every replica runs: the event outlives the problem', () => {
    const events = [event({ kind: 'ReplicaSet', name: 'web-7d9f8b6c5', reason: 'FailedCreate', message: QUOTA_MESSAGE })];
    expect(workloadFromDeployment(deployment(), healthyPods, events).problems).toEqual([]);
  });

  it('bounds the problems', () => {
    const d = deployment({ replicas: 3 });
    const pods = ['a', 'b', 'c'].map(s =>
      pod(`web-7d9f8b6c5-${s}`, {
        containers: [{ name: `c-${s}`, image: IMAGE }],
        statuses: [runningStatus({ name: `c-${s}`, ready: false, state: { waiting: { reason: 'ImagePullBackOff' } } })],
      }),
    );
    expect(workloadFromDeployment(d, pods, [], { problemLimit: 2 }).problems).toHaveLength(2);
  });
});

describe('deploymentRollout', () => {
  it('follows kubectl rollout status', () => {
    expect(deploymentRollout(deployment())).toBe('complete');
    expect(deploymentRollout(deployment({ paused: true }))).toBe('paused');
    const rolling = deployment({ status: { observedGeneration: 2, replicas: 4, updatedReplicas: 3, readyReplicas: 4, availableReplicas: 4 } });
    expect(deploymentRollout(rolling)).toBe('progressing');
    const notObserved = deployment({ generation: 3 });
    notObserved.status!.observedGeneration = 2;
    expect(deploymentRollout(notObserved)).toBe('progressing');
    const notAvailable = deployment({ status: { observedGeneration: 2, replicas: 3, updatedReplicas: 3, readyReplicas: 3, availableReplicas: 2 } });
    expect(deploymentRollout(notAvailable)).toBe('progressing');
  });
});

describe('workloadFromJob', () => {
  it('summarises a running Job', () => {
    const running = pod('migrate-k2j4d', { owner: { kind: 'Job', name: 'migrate' } });
    const view = workloadFromJob(job('migrate'), [running], []);
    expect(view).toMatchObject({ kind: 'Job', name: 'migrate', desired: 1, ready: 1, updated: 1, available: 1, rollout: 'progressing', succeeded: 0, failed: 0 });
    expect(view.images).toEqual([IMAGE]);
  });

  it('says a Job failed, and why', () => {
    const view = workloadFromJob(job('migrate', { failed: 7, conditions: [backoffLimitExceeded] }), [], []);
    expect(view.rollout).toBe('failed');
    expect(view.failed).toBe(7);
    expect(view.problems.map(p => p.reason)).toEqual(['JobFailed']);
  });

  it('knows a complete and a suspended Job', () => {
    expect(workloadFromJob(job('migrate', { succeeded: 1, conditions: [complete] }), [], []).rollout).toBe('complete');
    expect(workloadFromJob(job('migrate', { suspend: true }), [], []).rollout).toBe('suspended');
  });

  it('says the quota stops an unfinished Job from creating its pod', () => {
    const events = [event({ kind: 'Job', name: 'migrate', reason: 'FailedCreate', message: QUOTA_MESSAGE })];
    expect(workloadFromJob(job('migrate'), [], events).problems.map(p => p.reason)).toEqual(['QuotaExceeded']);
    expect(workloadFromJob(job('migrate', { succeeded: 1, conditions: [complete] }), [], events).problems).toEqual([]);
  });
});

describe('workloadFromCronJob', () => {
  const earlier = job('report-29145180', { cronJob: 'report', start: '2026-11-25T09:00:00Z', failed: 7, conditions: [backoffLimitExceeded] });
  const later = job('report-29145210', { cronJob: 'report', start: '2026-11-25T09:30:00Z', succeeded: 1, conditions: [complete] });
  const oomOfEarlier = pod('report-29145180-abcde', {
    owner: { kind: 'Job', name: 'report-29145180' },
    phase: 'Failed',
    statuses: [runningStatus({ name: 'report', ready: false, state: { terminated: { exitCode: 137, reason: 'OOMKilled' } } })],
  });

  it('judges a CronJob by its newest finished run, with its schedule and times', () => {
    const view = workloadFromCronJob(cronJob('report'), [earlier, later], [oomOfEarlier], []);
    expect(view).toEqual({
      kind: 'CronJob',
      name: 'report',
      namespace: NAMESPACE,
      app: 'report',
      desired: 0,
      ready: 0,
      updated: 0,
      available: 0,
      rollout: 'complete',
      images: [IMAGE],
      problems: [],
      createdAt: '2026-11-20T09:00:00.000Z',
      schedule: '*/15 * * * *',
      lastSchedule: '2026-11-25T09:45:00.000Z',
      lastSuccess: '2026-11-25T09:30:40.000Z',
    });
  });

  it('says the last run failed, with the problems of its pods', () => {
    const view = workloadFromCronJob(cronJob('report'), [earlier], [oomOfEarlier], []);
    expect(view.rollout).toBe('failed');
    expect(view.problems.map(p => p.reason).sort()).toEqual(['JobFailed', 'OOMKilled']);
  });

  it('shows a run in progress, and a suspended CronJob', () => {
    const running = job('report-29145225', { cronJob: 'report', start: '2026-11-25T09:45:00Z' });
    const runningPod = pod('report-29145225-q7x2p', { owner: { kind: 'Job', name: 'report-29145225' }, statuses: [runningStatus({ name: 'report' })] });
    const view = workloadFromCronJob(cronJob('report'), [earlier, later, running, job('other-1', { cronJob: 'other' })], [runningPod], []);
    expect(view).toMatchObject({ rollout: 'progressing', desired: 1, ready: 1 });
    expect(workloadFromCronJob(cronJob('report', { suspend: true }), [running], [runningPod], []).rollout).toBe('suspended');
  });
});
