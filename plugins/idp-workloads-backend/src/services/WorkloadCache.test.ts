import { ClusterAccess } from '@internal/plugin-idp-kubernetes-node';
import { WorkloadCache } from './WorkloadCache';

/** Informers that only record their handlers and list function, so a test can play the watch's events. */
function fakeCluster(api: Record<string, (options: any) => Promise<any>> = {}) {
  const informers = new Map<string, Record<string, Array<(object: any) => void>>>();
  const lists = new Map<string, () => Promise<any>>();
  const cluster = {
    asService: () => api,
    informerAsService: (path: string, list: () => Promise<any>) => {
      const handlers: Record<string, Array<(object: any) => void>> = {};
      informers.set(path, handlers);
      lists.set(path, list);
      return {
        on: (verb: string, handler: (object: any) => void) => (handlers[verb] ??= []).push(handler),
        start: async () => undefined,
        stop: async () => undefined,
        list: () => [],
        get: () => undefined,
      };
    },
  } as unknown as ClusterAccess;
  const emit = (path: string, verb: string, object: any) => informers.get(path)![verb]?.forEach(handler => handler(object));
  return { cluster, emit, lists };
}

const quiet = { info() {}, warn() {}, error() {}, debug() {}, child: () => quiet } as any;

describe('WorkloadCache.version', () => {
  it('changes when any object of the namespace is added, changed or removed, and only then', () => {
    const { cluster, emit } = fakeCluster();
    const cache = new WorkloadCache(cluster, quiet);
    const seen = [cache.version('team-a-dev')];
    const pod = { metadata: { name: 'web-1', namespace: 'team-a-dev', managedFields: [{}] } };
    emit('/api/v1/pods', 'add', pod);
    seen.push(cache.version('team-a-dev'));
    emit('/apis/apps/v1/replicasets', 'update', { metadata: { name: 'web-5d8', namespace: 'team-a-dev' } });
    seen.push(cache.version('team-a-dev'));
    emit('/api/v1/events', 'delete', { metadata: { name: 'web-1.17f', namespace: 'team-a-dev' } });
    seen.push(cache.version('team-a-dev'));
    expect(new Set(seen).size).toBe(4);
    // Kept without managedFields.
    expect(pod.metadata.managedFields).toBeUndefined();

    const before = cache.version('team-a-dev');
    emit('/api/v1/pods', 'add', { metadata: { name: 'api-1', namespace: 'team-b-dev' } });
    emit('/api/v1/namespaces', 'update', { metadata: { name: 'team-a-dev' } });
    expect(cache.version('team-a-dev')).toBe(before);
    expect(cache.version('team-b-dev')).not.toBe(0);
  });
});

describe('WorkloadCache listing', () => {
  it('lists page by page, one snapshot, each object kept without managedFields', async () => {
    const pod = (name: string) => ({ metadata: { name, namespace: 'team-a-dev', managedFields: [{ manager: 'kubelet' }], annotations: { a: 'b' } } });
    const asked: any[] = [];
    const { cluster, lists } = fakeCluster({
      async listPodForAllNamespaces(options: any) {
        asked.push(options);
        return options._continue
          ? { metadata: { resourceVersion: '42' }, items: [pod('web-3')] }
          : { metadata: { resourceVersion: '42', _continue: 'page-2' }, items: [pod('web-1'), pod('web-2')] };
      },
    });
    // Constructing the cache registers its informers' list functions.
    const cache = new WorkloadCache(cluster, quiet);
    expect(lists.has('/api/v1/pods')).toBe(true);
    const list = await lists.get('/api/v1/pods')!();
    expect(cache.version('team-a-dev')).toBe(0);
    expect(asked).toEqual([
      { limit: 500, _continue: undefined },
      { limit: 500, _continue: 'page-2' },
    ]);
    expect(list.metadata).toEqual({ resourceVersion: '42' });
    expect(list.items.map((p: any) => p.metadata)).toEqual(['web-1', 'web-2', 'web-3'].map(name => ({ name, namespace: 'team-a-dev', annotations: { a: 'b' } })));
  });
});
