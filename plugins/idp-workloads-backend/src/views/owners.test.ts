import { job, pod, replicaSet } from './__fixtures__/kubernetes';
import { isJobOf, isPartOfWorkload, isReplicaSetOf, ownerLookup, podsByWorkload, podsOfWorkload, workloadOfPod } from './owners';

describe('ownerLookup and workloadOfPod', () => {
  const owners = ownerLookup(
    [replicaSet('web-7d9f8b6c5', 'web'), replicaSet('api-5c6b7d8e9', 'api-v2')],
    [job('report-29145200', { cronJob: 'report' }), job('migrate-once')],
  );

  it('resolves a pod to its Deployment through its ReplicaSet', () => {
    expect(workloadOfPod(pod('web-7d9f8b6c5-x2kqp'), owners)).toEqual({ kind: 'Deployment', name: 'web' });
    // The lookup knows better than the name: the Deployment of api-5c6b7d8e9 is api-v2.
    expect(workloadOfPod(pod('api-5c6b7d8e9-abcde', { owner: { kind: 'ReplicaSet', name: 'api-5c6b7d8e9' } }), owners)).toEqual({
      kind: 'Deployment',
      name: 'api-v2',
    });
  });

  it('resolves a pod to its CronJob through its Job, and a bare Job to itself', () => {
    expect(workloadOfPod(pod('report-29145200-q7x2p', { owner: { kind: 'Job', name: 'report-29145200' } }), owners)).toEqual({ kind: 'CronJob', name: 'report' });
    expect(workloadOfPod(pod('migrate-once-k2j4d', { owner: { kind: 'Job', name: 'migrate-once' } }), owners)).toEqual({ kind: 'Job', name: 'migrate-once' });
  });

  it('reads the Deployment off the ReplicaSet name while the cache does not know the ReplicaSet yet', () => {
    expect(workloadOfPod(pod('web-6f5e4d3c2-abcde', { owner: { kind: 'ReplicaSet', name: 'web-6f5e4d3c2' } }), new Map())).toEqual({
      kind: 'Deployment',
      name: 'web',
    });
    expect(workloadOfPod(pod('new-job-abcde', { owner: { kind: 'Job', name: 'new-job' } }), new Map())).toEqual({ kind: 'Job', name: 'new-job' });
  });

  it('has no workload for a bare pod or one of another kind of owner', () => {
    const bare = pod('debug');
    bare.metadata!.ownerReferences = undefined;
    expect(workloadOfPod(bare, owners)).toBeUndefined();
    expect(workloadOfPod(pod('db-0', { owner: { kind: 'StatefulSet', name: 'db' } }), owners)).toBeUndefined();
  });

  it('picks the pods of one workload', () => {
    const pods = [pod('web-7d9f8b6c5-x2kqp'), pod('api-5c6b7d8e9-abcde', { owner: { kind: 'ReplicaSet', name: 'api-5c6b7d8e9' } })];
    expect(podsOfWorkload(pods, { kind: 'Deployment', name: 'web' }, owners).map(p => p.metadata?.name)).toEqual(['web-7d9f8b6c5-x2kqp']);
  });

  it('groups a namespace’s pods by workload, the same pods as one by one', () => {
    const pods = [pod('web-7d9f8b6c5-x2kqp'), pod('web-7d9f8b6c5-b2c4d'), pod('api-5c6b7d8e9-abcde', { owner: { kind: 'ReplicaSet', name: 'api-5c6b7d8e9' } })];
    const of = podsByWorkload(pods, owners);
    for (const workload of [{ kind: 'Deployment' as const, name: 'web' }, { kind: 'Deployment' as const, name: 'api-v2' }, { kind: 'CronJob' as const, name: 'report' }]) {
      expect(of(workload)).toEqual(podsOfWorkload(pods, workload, owners));
    }
    expect(of({ kind: 'Deployment', name: 'web' })).toHaveLength(2);
  });
});

describe('names Kubernetes gives to a workload’s objects', () => {
  it('knows a Deployment’s ReplicaSets and a CronJob’s Jobs', () => {
    expect(isReplicaSetOf('web-7d9f8b6c5', 'web')).toBe(true);
    expect(isReplicaSetOf('web-api-7d9f8b6c5', 'web')).toBe(false);
    expect(isJobOf('report-29145200', 'report')).toBe(true);
    expect(isJobOf('report-manual-1', 'report')).toBe(false);
  });

  it('tells whether an object is part of a workload', () => {
    const pods = new Set(['web-7d9f8b6c5-x2kqp']);
    const web = { kind: 'Deployment' as const, name: 'web' };
    expect(isPartOfWorkload('Deployment/web', web, pods)).toBe(true);
    expect(isPartOfWorkload('ReplicaSet/web-7d9f8b6c5', web, pods)).toBe(true);
    expect(isPartOfWorkload('Pod/web-7d9f8b6c5-x2kqp', web, pods)).toBe(true);
    expect(isPartOfWorkload('Pod/api-5c6b7d8e9-abcde', web, pods)).toBe(false);
    expect(isPartOfWorkload('Deployment/api', web, pods)).toBe(false);
    expect(isPartOfWorkload('Job/report-29145200', { kind: 'CronJob', name: 'report' }, pods)).toBe(true);
  });
});
