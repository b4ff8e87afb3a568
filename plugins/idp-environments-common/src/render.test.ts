import { DEFAULT_ENVIRONMENT_TYPES } from './environmentTypes';
import { RenderEnvironmentInput, renderEnvironment } from './render';

const input: RenderEnvironmentInput = {
  environment: {
    team: 'team-a',
    name: 'dev',
    type: 'development',
    owner: 'user:default/alice',
    createdAt: '2026-11-25T10:00:00.000Z',
    expiresAt: '2026-12-02T10:00:00.000Z',
    protected: false,
  },
  settings: DEFAULT_ENVIRONMENT_TYPES.development,
};

const common = { 'app.kubernetes.io/managed-by': 'slipway', 'slipway.dev/team': 'team-a', 'slipway.dev/environment': 'dev' };
const byKindAndName = (objects: ReturnType<typeof renderEnvironment>, kind: string, name: string) =>
  objects.find(o => o.kind === kind && o.metadata.name === name)!;

describe('renderEnvironment', () => {
  const objects = renderEnvironment(input);

  it('renders the objects in apply order', () => {
    expect(objects.map(o => `${o.kind}/${o.metadata.name}`)).toEqual([
      'Namespace/team-a-dev',
      'ResourceQuota/slipway-quota',
      'LimitRange/slipway-defaults',
      'NetworkPolicy/default-deny',
      'NetworkPolicy/allow-from-ingress',
      'NetworkPolicy/allow-same-namespace',
      'RoleBinding/slipway-developers',
      'RoleBinding/slipway-leads',
      'RoleBinding/slipway-platform-admins',
    ]);
  });

  it('is deterministic', () => {
    expect(renderEnvironment(input)).toEqual(objects);
  });

  it('labels the namespace with the environment and Pod Security restricted', () => {
    const [namespace] = objects;
    expect(namespace).toEqual({
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: {
        name: 'team-a-dev',
        labels: {
          ...common,
          'slipway.dev/type': 'development',
          'pod-security.kubernetes.io/enforce': 'restricted',
          'pod-security.kubernetes.io/enforce-version': 'latest',
          'pod-security.kubernetes.io/warn': 'restricted',
          'pod-security.kubernetes.io/audit': 'restricted',
        },
        annotations: {
          'slipway.dev/owner': 'user:default/alice',
          'slipway.dev/created-at': '2026-11-25T10:00:00.000Z',
          'slipway.dev/expires-at': '2026-12-02T10:00:00.000Z',
          'slipway.dev/last-activity': '2026-11-25T10:00:00.000Z',
          'slipway.dev/protected': 'false',
          'slipway.dev/service-types': 'ClusterIP',
        },
      },
    });
  });

  it('annotates protection, clone source and preview; leaves out a missing expiry', () => {
    const [namespace] = renderEnvironment({
      ...input,
      environment: {
        ...input.environment,
        expiresAt: undefined,
        lastActivityAt: '2026-11-26T00:00:00.000Z',
        protected: true,
        clonedFrom: 'team-a-staging',
        preview: { repository: 'acme/shop', pullRequest: 42 },
      },
    });
    expect(namespace.metadata.annotations).toEqual({
      'slipway.dev/owner': 'user:default/alice',
      'slipway.dev/created-at': '2026-11-25T10:00:00.000Z',
      'slipway.dev/last-activity': '2026-11-26T00:00:00.000Z',
      'slipway.dev/protected': 'true',
      'slipway.dev/cloned-from': 'team-a-staging',
      'slipway.dev/preview-repository': 'acme/shop',
      'slipway.dev/preview-pull-request': '42',
      'slipway.dev/service-types': 'ClusterIP',
    });
  });

  it('puts every other object in the namespace with the managed-by, team and environment labels', () => {
    for (const object of objects.slice(1)) {
      expect(object.metadata.namespace).toBe('team-a-dev');
      expect(object.metadata.labels).toEqual(common);
    }
  });

  it('sets the quota from the type settings', () => {
    expect(byKindAndName(objects, 'ResourceQuota', 'slipway-quota').spec).toEqual({
      hard: { 'requests.cpu': '4', 'requests.memory': '8Gi', 'limits.cpu': '4', 'limits.memory': '8Gi', pods: '20' },
    });
    const staging = renderEnvironment({ ...input, settings: { ...DEFAULT_ENVIRONMENT_TYPES.staging, quota: { cpu: '500m', memory: '1Gi', pods: 3 } } });
    expect(byKindAndName(staging, 'ResourceQuota', 'slipway-quota').spec).toEqual({
      hard: { 'requests.cpu': '500m', 'requests.memory': '1Gi', 'limits.cpu': '500m', 'limits.memory': '1Gi', pods: '3' },
    });
  });

  it('sets the team’s own quota when a tech lead changed it, and records it on the namespace', () => {
    const quotaOverride = { cpu: '6', memory: '12Gi', pods: 30 };
    const changed = renderEnvironment({ ...input, environment: { ...input.environment, quotaOverride } });
    expect(byKindAndName(changed, 'ResourceQuota', 'slipway-quota').spec).toEqual({
      hard: { 'requests.cpu': '6', 'requests.memory': '12Gi', 'limits.cpu': '6', 'limits.memory': '12Gi', pods: '30' },
    });
    expect(changed[0].metadata.annotations?.['slipway.dev/quota-override']).toBe(JSON.stringify(quotaOverride));
    expect(objects[0].metadata.annotations).not.toHaveProperty(['slipway.dev/quota-override']);
  });

  it('gives containers the golden path defaults, or the configured ones', () => {
    expect(byKindAndName(objects, 'LimitRange', 'slipway-defaults').spec).toEqual({
      limits: [{ type: 'Container', defaultRequest: { cpu: '250m', memory: '512Mi' }, default: { cpu: '1', memory: '1Gi' } }],
    });
    const { containerDefaults, ...withoutDefaults } = DEFAULT_ENVIRONMENT_TYPES.development;
    expect(containerDefaults).toBeDefined();
    const fallback = renderEnvironment({ ...input, settings: withoutDefaults });
    expect(byKindAndName(fallback, 'LimitRange', 'slipway-defaults').spec).toEqual(byKindAndName(objects, 'LimitRange', 'slipway-defaults').spec);
    const custom = renderEnvironment({
      ...input,
      settings: { ...withoutDefaults, containerDefaults: { requests: { cpu: '100m', memory: '128Mi' }, limits: { cpu: '500m', memory: '256Mi' } } },
    });
    expect(byKindAndName(custom, 'LimitRange', 'slipway-defaults').spec).toEqual({
      limits: [{ type: 'Container', defaultRequest: { cpu: '100m', memory: '128Mi' }, default: { cpu: '500m', memory: '256Mi' } }],
    });
  });

  it('denies ingress by default and allows the ingress controller and the namespace itself', () => {
    expect(byKindAndName(objects, 'NetworkPolicy', 'default-deny').spec).toEqual({ podSelector: {}, policyTypes: ['Ingress'] });
    expect(byKindAndName(objects, 'NetworkPolicy', 'allow-from-ingress').spec).toEqual({
      podSelector: {},
      policyTypes: ['Ingress'],
      ingress: [{ from: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'ingress-nginx' } } }] }],
    });
    expect(byKindAndName(objects, 'NetworkPolicy', 'allow-same-namespace').spec).toEqual({
      podSelector: {},
      policyTypes: ['Ingress'],
      ingress: [{ from: [{ podSelector: {} }] }],
    });
  });

  it('uses a configured ingress namespace', () => {
    const traefik = renderEnvironment({ ...input, ingressNamespace: 'traefik' });
    expect(byKindAndName(traefik, 'NetworkPolicy', 'allow-from-ingress').spec).toMatchObject({
      ingress: [{ from: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'traefik' } } }] }],
    });
  });

  it('binds the team to the developer role and its leads to the lead role', () => {
    const developers = byKindAndName(objects, 'RoleBinding', 'slipway-developers');
    expect(developers).toMatchObject({
      apiVersion: 'rbac.authorization.k8s.io/v1',
      subjects: [{ kind: 'Group', apiGroup: 'rbac.authorization.k8s.io', name: 'team-a' }],
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'slipway-developer' },
    });
    expect(byKindAndName(objects, 'RoleBinding', 'slipway-leads')).toMatchObject({
      subjects: [{ kind: 'Group', apiGroup: 'rbac.authorization.k8s.io', name: 'team-a-leads' }],
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'slipway-lead' },
    });
  });

  it('binds platform admins in each environment, never cluster-wide', () => {
    expect(byKindAndName(objects, 'RoleBinding', 'slipway-platform-admins')).toMatchObject({
      metadata: { namespace: 'team-a-dev' },
      subjects: [{ kind: 'Group', apiGroup: 'rbac.authorization.k8s.io', name: 'platform-admins' }],
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'slipway-platform-admin' },
    });
  });

  it('binds every tier to the read-only production roles in production', () => {
    const production = renderEnvironment({ ...input, environment: { ...input.environment, type: 'production', expiresAt: undefined } });
    const roles = production.filter(o => o.kind === 'RoleBinding').map(o => (o.roleRef as { name: string }).name);
    expect(roles).toEqual(['slipway-developer-production', 'slipway-lead-production', 'slipway-platform-admin-production']);
  });

  it('records the service types the environment’s type allows, for admission', () => {
    const open = renderEnvironment({ ...input, settings: { ...input.settings, serviceTypes: ['ClusterIP', 'LoadBalancer'] } });
    expect(open[0].metadata.annotations?.['slipway.dev/service-types']).toBe('ClusterIP,LoadBalancer');
  });

  it('refuses a namespace that would not fit', () => {
    expect(() => renderEnvironment({ ...input, environment: { ...input.environment, team: 't'.repeat(30), name: 'n'.repeat(40) } })).toThrow(
      /Kubernetes allows 63/,
    );
  });
});
