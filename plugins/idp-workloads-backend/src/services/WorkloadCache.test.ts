import { ClusterAccess } from '@internal/plugin-idp-kubernetes-node';
import { WorkloadCache } from './WorkloadCache';

/** Informers that only record their handlers and list function, so a test can play the watch's events. */
function fakeCluster(api: Record<string, (options: any) => Promise<any>> = {}) {
  const informers = new Map<string, Record<string, Array<(object: any) => void>>>();
  const lists = new Map<string, () => Promise<any>>();
  const running = new Set<string>();
  const cluster = {
    asService: () => api,
    informerAsService: (path: string, list: () => Promise<any>) => {
      const handlers: Record<string, Array<(object: any) => void>> = {};
      informers.set(path, handlers);
      lists.set(path, list);
      return {
        on: (verb: string, handler: (object: any) => void) => (handlers[verb] ??= []).push(handler),
        start: async () => void running.add(path),
        stop: async () => void running.delete(path),
        list: () => [],
        get: () => undefined,
      };
    },
  } as unknown as ClusterAccess;
  const emit = (path: string, verb: string, object: any) => informers.get(path)![verb]?.forEach(handler => handler(object));
  return { cluster, emit, lists, running };
}

const quiet = { info() {}, warn() {}, error() {}, debug() {}, child: () => quiet } as any;

describe('WorkloadCache.version', () => {
  it('changes when any object of the namespace is added, changed or removed, and only then', () => {
    const { cluster, emit } = fakeCluster();
    const cache = new WorkloadCache(cluster, quiet);
    emit('/api/v1/namespaces', 'add', { metadata: { name: 'team-a-dev' } });
    emit('/api/v1/namespaces', 'add', { metadata: { name: 'team-b-dev' } });
    const seen = [cache.version('team-a-dev')];
    const pod = { metadata: { name: 'web-1', namespace: 'team-a-dev', managedFields: [{}] } };
    emit('/api/v1/namespaces/team-a-dev/pods', 'add', pod);
    seen.push(cache.version('team-a-dev'));
    emit('/apis/apps/v1/namespaces/team-a-dev/replicasets', 'update', { metadata: { name: 'web-5d8', namespace: 'team-a-dev' } });
    seen.push(cache.version('team-a-dev'));
    emit('/api/v1/namespaces/team-a-dev/events', 'delete', { metadata: { name: 'web-1.17f', namespace: 'team-a-dev' } });
    seen.push(cache.version('team-a-dev'));
    expect(new Set(seen).size).toBe(4);
    // Kept without managedFields.
    expect(pod.metadata.managedFields).toBeUndefined();

    const before = cache.version('team-a-dev');
    emit('/api/v1/namespaces/team-b-dev/pods', 'add', { metadata: { name: 'api-1', namespace: 'team-b-dev' } });
    emit('/api/v1/namespaces', 'update', { metadata: { name: 'team-a-dev' } });
    expect(cache.version('team-a-dev')).toBe(before);
    expect(cache.version('team-b-dev')).not.toBe(0);
  });
});

describe('WorkloadCache listing', () => {
  it('lists page by page, one snapshot, each object kept without managedFields', async () => {
    const pod = (name: string) => ({ metadata: { name, namespace: 'team-a-dev', managedFields: [{ manager: 'kubelet' }], annotations: { a: 'b' } } });
    const asked: any[] = [];
    const { cluster, lists, emit } = fakeCluster({
      async listNamespacedPod(options: any) {
        asked.push(options);
        return options._continue
          ? { metadata: { resourceVersion: '42' }, items: [pod('web-3')] }
          : { metadata: { resourceVersion: '42', _continue: 'page-2' }, items: [pod('web-1'), pod('web-2')] };
      },
    });
    // An environment appearing registers its informers' list functions.
    const cache = new WorkloadCache(cluster, quiet);
    emit('/api/v1/namespaces', 'add', { metadata: { name: 'team-a-dev' } });
    expect(lists.has('/api/v1/namespaces/team-a-dev/pods')).toBe(true);
    const list = await lists.get('/api/v1/namespaces/team-a-dev/pods')!();
    expect(cache.version('team-a-dev')).toBe(0);
    expect(asked).toEqual([
      { limit: 500, _continue: undefined, namespace: 'team-a-dev' },
      { limit: 500, _continue: 'page-2', namespace: 'team-a-dev' },
    ]);
    expect(list.metadata).toEqual({ resourceVersion: '42' });
    expect(list.items.map((p: any) => p.metadata)).toEqual(['web-1', 'web-2', 'web-3'].map(name => ({ name, namespace: 'team-a-dev', annotations: { a: 'b' } })));
  });
});

describe('WorkloadCache scope', () => {
  it("watches only Slipway's environments: per namespace, started when one appears and stopped when it goes", async () => {
    const namespacesAsked: any[] = [];
    const { cluster, emit, lists, running } = fakeCluster({
      async listNamespace(options: any) {
        namespacesAsked.push(options);
        return { metadata: { resourceVersion: '1' }, items: [] };
      },
    });
    const cache = new WorkloadCache(cluster, quiet);
    await lists.get('/api/v1/namespaces')!();
    // Namespaces are listed by Slipway's label; no kind is watched cluster-wide.
    expect(namespacesAsked[0].labelSelector).toBe('app.kubernetes.io/managed-by=slipway');
    expect([...lists.keys()]).toEqual(['/api/v1/namespaces']);

    emit('/api/v1/namespaces', 'add', { metadata: { name: 'team-a-dev' } });
    await new Promise(resolve => setImmediate(resolve));
    const teamA = [
      '/api/v1/namespaces/team-a-dev/pods',
      '/apis/apps/v1/namespaces/team-a-dev/deployments',
      '/apis/apps/v1/namespaces/team-a-dev/replicasets',
      '/apis/batch/v1/namespaces/team-a-dev/jobs',
      '/apis/batch/v1/namespaces/team-a-dev/cronjobs',
      '/api/v1/namespaces/team-a-dev/events',
    ];
    expect([...running].sort()).toEqual(teamA.sort());
    expect(cache.watchedNamespaces()).toEqual(['team-a-dev']);
    // Another namespace's objects are simply unknown.
    expect(cache.pods.list('kube-system')).toEqual([]);

    const before = cache.version('team-a-dev');
    emit('/api/v1/namespaces', 'delete', { metadata: { name: 'team-a-dev' } });
    await new Promise(resolve => setImmediate(resolve));
    expect([...running]).toEqual([]);
    expect(cache.watchedNamespaces()).toEqual([]);
    expect(cache.version('team-a-dev')).not.toBe(before);
  });

  it('starts at most 8 environments at a time', async () => {
    const { cluster, emit } = fakeCluster();
    const pending: Array<() => void> = [];
    let inFlight = 0;
    let most = 0;
    const informerAsService = (cluster as any).informerAsService;
    (cluster as any).informerAsService = (path: string, list: any) => {
      const informer = informerAsService(path, list);
      if (path === '/api/v1/namespaces') return informer;
      informer.start = () =>
        new Promise<void>(resolve => {
          inFlight++;
          most = Math.max(most, inFlight);
          pending.push(() => {
            inFlight--;
            resolve();
          });
        });
      return informer;
    };
    const cache = new WorkloadCache(cluster, quiet);
    for (let i = 0; i < 20; i++) emit('/api/v1/namespaces', 'add', { metadata: { name: `team-a-env-${i}` } });
    while (pending.length > 0) {
      await new Promise(resolve => setImmediate(resolve));
      pending.splice(0).forEach(done => done());
      await new Promise(resolve => setImmediate(resolve));
    }
    expect(most).toBe(8 * 6);
    expect(cache.watchedNamespaces()).toHaveLength(20);
  });
});

describe('WorkloadCache, an environment deleted while its watches start', () => {
  it('closes the watches its LISTs opened', async () => {
    const { cluster, emit, running } = fakeCluster();
    const release: Array<() => void> = [];
    const informerAsService = (cluster as any).informerAsService;
    (cluster as any).informerAsService = (path: string, list: any) => {
      const informer = informerAsService(path, list);
      if (path === '/api/v1/namespaces') return informer;
      const start = informer.start;
      // Like ListWatch: a LIST in flight, then the watch opens even if stop() was called meanwhile.
      informer.start = () => new Promise<void>(resolve => release.push(() => start().then(resolve)));
      return informer;
    };
    const cache = new WorkloadCache(cluster, quiet);
    emit('/api/v1/namespaces', 'add', { metadata: { name: 'team-a-gone' } });
    emit('/api/v1/namespaces', 'delete', { metadata: { name: 'team-a-gone' } });
    release.splice(0).forEach(done => done());
    for (let i = 0; i < 5; i++) await new Promise(resolve => setImmediate(resolve));
    expect([...running]).toEqual([]);
    expect(cache.watchedNamespaces()).toEqual([]);
  });
});
