import { environmentFromNamespace, NamespaceLike } from './environment';

const namespace = (overrides: { labels?: Record<string, string>; annotations?: Record<string, string> } = {}): NamespaceLike => ({
  metadata: {
    name: 'team-a-dev',
    labels: {
      'app.kubernetes.io/managed-by': 'slipway',
      'slipway.dev/team': 'team-a',
      'slipway.dev/environment': 'dev',
      'slipway.dev/type': 'development',
      ...overrides.labels,
    },
    annotations: {
      'slipway.dev/owner': 'user:default/alice',
      'slipway.dev/created-at': '2026-11-01T10:00:00.000Z',
      'slipway.dev/expires-at': '2026-11-08T10:00:00.000Z',
      'slipway.dev/last-activity': '2026-11-02T10:00:00.000Z',
      'slipway.dev/protected': 'false',
      ...overrides.annotations,
    },
    creationTimestamp: new Date('2026-11-01T10:00:01Z'),
  },
  status: { phase: 'Active' },
});

describe('environmentFromNamespace', () => {
  it('reads a Slipway namespace', () => {
    expect(environmentFromNamespace(namespace())).toEqual({
      team: 'team-a',
      name: 'dev',
      namespace: 'team-a-dev',
      type: 'development',
      owner: 'user:default/alice',
      createdAt: '2026-11-01T10:00:00.000Z',
      expiresAt: '2026-11-08T10:00:00.000Z',
      lastActivityAt: '2026-11-02T10:00:00.000Z',
      protected: false,
      phase: 'Active',
    });
  });

  it('reads protection, clone source and preview annotations', () => {
    const env = environmentFromNamespace(
      namespace({
        annotations: {
          'slipway.dev/protected': 'true',
          'slipway.dev/cloned-from': 'team-a-staging',
          'slipway.dev/preview-repository': 'acme/shop',
          'slipway.dev/preview-pull-request': '42',
        },
      }),
    );
    expect(env).toMatchObject({ protected: true, clonedFrom: 'team-a-staging', preview: { repository: 'acme/shop', pullRequest: 42 } });
  });

  it('reads the service types the environment allows, for the guard rails', () => {
    expect(environmentFromNamespace(namespace({ annotations: { 'slipway.dev/service-types': 'ClusterIP,LoadBalancer' } }))?.serviceTypes).toEqual(['ClusterIP', 'LoadBalancer']);
    expect(environmentFromNamespace(namespace())?.serviceTypes).toBeUndefined();
  });

  it('reads the team’s own quota, ignoring an unreadable one', () => {
    const own = { cpu: '6', memory: '12Gi', pods: 30 };
    expect(environmentFromNamespace(namespace({ annotations: { 'slipway.dev/quota-override': JSON.stringify(own) } }))?.quotaOverride).toEqual(own);
    for (const bad of ['{', '{"cpu":"6"}', '{"cpu":"6","memory":"much","pods":3}']) {
      expect(environmentFromNamespace(namespace({ annotations: { 'slipway.dev/quota-override': bad } }))?.quotaOverride).toBeUndefined();
    }
    expect(environmentFromNamespace(namespace())).not.toHaveProperty('quotaOverride');
  });

  it('leaves out expiry for environments that never expire', () => {
    const ns = namespace({ labels: { 'slipway.dev/type': 'production' } });
    delete ns.metadata!.annotations!['slipway.dev/expires-at'];
    const env = environmentFromNamespace(ns)!;
    expect(env.type).toBe('production');
    expect(env).not.toHaveProperty('expiresAt');
  });

  it('falls back to the creation timestamp when the annotation is missing', () => {
    const ns = namespace();
    delete ns.metadata!.annotations!['slipway.dev/created-at'];
    expect(environmentFromNamespace(ns)?.createdAt).toBe('2026-11-01T10:00:01.000Z');
  });

  it('reports a namespace being deleted as Terminating', () => {
    expect(environmentFromNamespace({ ...namespace(), status: { phase: 'Terminating' } })?.phase).toBe('Terminating');
    const deleting = namespace();
    deleting.metadata!.deletionTimestamp = '2026-11-03T00:00:00Z';
    expect(environmentFromNamespace(deleting)?.phase).toBe('Terminating');
  });

  it.each([
    ['not managed by Slipway', { 'app.kubernetes.io/managed-by': 'helm' }],
    ['without a team', { 'slipway.dev/team': '' }],
    ['without an environment', { 'slipway.dev/environment': '' }],
    ['without a type', { 'slipway.dev/type': '' }],
    ['of an unknown type', { 'slipway.dev/type': 'qa' }],
  ])('ignores a namespace %s', (_, labels) => {
    expect(environmentFromNamespace(namespace({ labels }))).toBeUndefined();
  });

  it('ignores a namespace without metadata or any creation time', () => {
    expect(environmentFromNamespace({})).toBeUndefined();
    const ns = namespace();
    delete ns.metadata!.annotations!['slipway.dev/created-at'];
    delete ns.metadata!.creationTimestamp;
    expect(environmentFromNamespace(ns)).toBeUndefined();
  });

  it('ignores a malformed pull request number', () => {
    const env = environmentFromNamespace(
      namespace({ annotations: { 'slipway.dev/preview-repository': 'acme/shop', 'slipway.dev/preview-pull-request': 'abc' } }),
    );
    expect(env?.preview).toBeUndefined();
  });
});
