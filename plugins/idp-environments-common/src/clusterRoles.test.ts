import { SLIPWAY_CLUSTER_ROLES } from './clusterRoles';

type Rule = { apiGroups: string[]; resources: string[]; verbs: string[] };

const [developer, lead] = SLIPWAY_CLUSTER_ROLES as unknown as Array<{ metadata: { name: string; labels?: Record<string, string> }; rules: Rule[] }>;

/** Whether a role grants a verb on a resource, the way the RBAC authorizer reads rules. */
const can = (role: { rules: Rule[] }, verb: string, resource: string, group = '') =>
  role.rules.some(r => r.apiGroups.includes(group) && r.resources.includes(resource) && r.verbs.includes(verb));

describe('SLIPWAY_CLUSTER_ROLES', () => {
  it('defines the developer and lead ClusterRoles, labelled as Slipway’s', () => {
    expect(SLIPWAY_CLUSTER_ROLES.map(r => [r.apiVersion, r.kind, r.metadata.name])).toEqual([
      ['rbac.authorization.k8s.io/v1', 'ClusterRole', 'slipway-developer'],
      ['rbac.authorization.k8s.io/v1', 'ClusterRole', 'slipway-lead'],
    ]);
    for (const role of SLIPWAY_CLUSTER_ROLES) expect(role.metadata.labels).toEqual({ 'app.kubernetes.io/managed-by': 'slipway' });
  });

  it.each([
    ['deployments', 'apps'],
    ['statefulsets', 'apps'],
    ['cronjobs', 'batch'],
    ['jobs', 'batch'],
    ['services', ''],
    ['configmaps', ''],
    ['secrets', ''],
    ['persistentvolumeclaims', ''],
    ['serviceaccounts', ''],
    ['horizontalpodautoscalers', 'autoscaling'],
    ['poddisruptionbudgets', 'policy'],
    ['ingresses', 'networking.k8s.io'],
  ])('lets developers manage %s', (resource, group) => {
    for (const verb of ['get', 'list', 'watch', 'create', 'update', 'patch', 'delete']) expect(can(developer, verb, resource, group)).toBe(true);
  });

  it('lets developers read what runs, restart pods and scale', () => {
    for (const resource of ['pods', 'pods/log', 'events', 'endpoints', 'resourcequotas', 'limitranges']) expect(can(developer, 'get', resource)).toBe(true);
    expect(can(developer, 'list', 'replicasets', 'apps')).toBe(true);
    expect(can(developer, 'create', 'replicasets', 'apps')).toBe(false);
    expect(can(developer, 'list', 'networkpolicies', 'networking.k8s.io')).toBe(true);
    expect(can(developer, 'delete', 'pods')).toBe(true);
    expect(can(developer, 'create', 'pods')).toBe(false);
    expect(can(developer, 'create', 'pods/eviction')).toBe(true);
    expect(can(developer, 'patch', 'deployments/scale', 'apps')).toBe(true);
  });

  it('never lets developers change RBAC, quotas, limits or network policies', () => {
    expect(developer.rules.some(r => r.apiGroups.includes('rbac.authorization.k8s.io'))).toBe(false);
    for (const verb of ['create', 'update', 'patch', 'delete']) {
      expect(can(developer, verb, 'resourcequotas')).toBe(false);
      expect(can(developer, verb, 'limitranges')).toBe(false);
      expect(can(developer, verb, 'networkpolicies', 'networking.k8s.io')).toBe(false);
    }
    expect(developer.rules.some(r => r.verbs.includes('*') || r.resources.includes('*'))).toBe(false);
  });

  it('gives leads the developer rules plus quota changes', () => {
    expect(lead.rules.slice(0, developer.rules.length)).toEqual(developer.rules);
    expect(can(lead, 'update', 'resourcequotas')).toBe(true);
    expect(can(lead, 'patch', 'resourcequotas')).toBe(true);
    expect(can(lead, 'delete', 'resourcequotas')).toBe(false);
    expect(can(lead, 'update', 'limitranges')).toBe(false);
    expect(lead.rules.some(r => r.apiGroups.includes('rbac.authorization.k8s.io'))).toBe(false);
  });
});
