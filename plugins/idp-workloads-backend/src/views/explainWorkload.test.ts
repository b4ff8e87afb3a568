import { at, backoffLimitExceeded, deployment, event, job } from './__fixtures__/kubernetes';
import { explainCreateEvents, explainCreateRefusal, explainDeployment, explainJob } from './explainWorkload';

const QUOTA_MESSAGE =
  'Error creating: pods "web-7d9f8b6c5-abcde" is forbidden: exceeded quota: team-a-staging, requested: limits.cpu=1, used: limits.cpu=8, limited: limits.cpu=8';

describe('explainCreateRefusal', () => {
  it("says the environment's quota is full, what does not fit, and what to do", () => {
    expect(explainCreateRefusal('ReplicaSet/web-7d9f8b6c5', QUOTA_MESSAGE, '2026-11-25T09:59:00.000Z')).toEqual({
      reason: 'QuotaExceeded',
      message:
        "The environment's quota is full (CPU limits: 8 of 8 in use, a new pod needs 1 more); scale something down or ask for a bigger environment type",
      object: 'ReplicaSet/web-7d9f8b6c5',
      detail: QUOTA_MESSAGE,
      seenAt: '2026-11-25T09:59:00.000Z',
    });
  });

  it('explains other refusals as pods Kubernetes cannot create, with its words as detail', () => {
    const message = 'Error creating: pods "web-x" is forbidden: maximum cpu usage per Container is 2, but limit is 4';
    expect(explainCreateRefusal('ReplicaSet/web-7d9f8b6c5', message)).toEqual({
      reason: 'ReplicaFailure',
      message:
        'Kubernetes refuses to create pods for ReplicaSet/web-7d9f8b6c5 (pods "web-x" is forbidden: maximum cpu usage per Container is 2, but limit is 4); fix what it names in the app spec, and it retries by itself',
      object: 'ReplicaSet/web-7d9f8b6c5',
      detail: message,
    });
  });
});

describe('explainCreateEvents', () => {
  it('explains the FailedCreate warnings of the chosen objects only', () => {
    const events = [
      event({ kind: 'ReplicaSet', name: 'web-7d9f8b6c5', reason: 'FailedCreate', message: QUOTA_MESSAGE, count: 7 }),
      event({ kind: 'ReplicaSet', name: 'api-5c6b7d8e9', reason: 'FailedCreate', message: QUOTA_MESSAGE }),
      event({ kind: 'ReplicaSet', name: 'web-7d9f8b6c5', reason: 'SuccessfulCreate', type: 'Normal', message: 'Created pod: web-7d9f8b6c5-x2kqp' }),
    ];
    const problems = explainCreateEvents(events, object => object === 'ReplicaSet/web-7d9f8b6c5');
    expect(problems.map(p => [p.reason, p.object, p.seenAt])).toEqual([['QuotaExceeded', 'ReplicaSet/web-7d9f8b6c5', '2026-11-25T09:55:00.000Z']]);
  });
});

describe('explainDeployment', () => {
  it('says a rollout missed its deadline, and what to do', () => {
    const d = deployment({
      conditions: [
        {
          type: 'Progressing',
          status: 'False',
          reason: 'ProgressDeadlineExceeded',
          message: 'ReplicaSet "web-7d9f8b6c5" has timed out progressing.',
          lastUpdateTime: at('2026-11-25T09:50:00Z'),
        },
      ],
    });
    expect(explainDeployment(d)).toEqual([
      {
        reason: 'ProgressDeadlineExceeded',
        message: "Deployment web did not finish rolling out within 600 s because its new pods did not become ready; fix the pods' problems and deploy again",
        object: 'Deployment/web',
        detail: 'ReplicaSet "web-7d9f8b6c5" has timed out progressing.',
        seenAt: '2026-11-25T09:50:00.000Z',
      },
    ]);
  });

  it('explains a ReplicaFailure condition, as quota when it is the quota', () => {
    const d = deployment({
      conditions: [{ type: 'ReplicaFailure', status: 'True', reason: 'FailedCreate', message: QUOTA_MESSAGE }],
    });
    expect(explainDeployment(d).map(p => [p.reason, p.object])).toEqual([['QuotaExceeded', 'Deployment/web']]);
  });

  it('finds nothing wrong with a healthy Deployment', () => {
    expect(explainDeployment(deployment())).toEqual([]);
  });
});

describe('explainJob', () => {
  it('says a Job gave up after its retries, and what to do', () => {
    expect(explainJob(job('report-29145', { failed: 7, conditions: [backoffLimitExceeded] }))).toEqual([
      {
        reason: 'JobFailed',
        message:
          'Job report-29145 failed: its pods failed 7 times, the most it retries (backoffLimit 6); check the logs of its last pod, fix the cause and run it again',
        object: 'Job/report-29145',
        detail: 'Job has reached the specified backoff limit',
        seenAt: '2026-11-25T09:52:00.000Z',
      },
    ]);
  });

  it('says a Job ran past its deadline', () => {
    const j = job('report-29145', { conditions: [{ type: 'Failed', status: 'True', reason: 'DeadlineExceeded' }] });
    j.spec!.activeDeadlineSeconds = 300;
    expect(explainJob(j)[0].message).toBe('Job report-29145 ran longer than its deadline (300 s) and was stopped; make it faster or allow it more time');
  });

  it('finds nothing wrong with a running or completed Job', () => {
    expect(explainJob(job('report-29145'))).toEqual([]);
    expect(explainJob(job('report-29145', { succeeded: 1, conditions: [{ type: 'Complete', status: 'True' }] }))).toEqual([]);
  });
});
