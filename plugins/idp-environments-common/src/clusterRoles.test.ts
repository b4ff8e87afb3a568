import { IMPERSONATION_ROLE, renderAdmissionPolicies } from './admissionPolicies';
import { PolicyRule } from './accessTable';
import { SLIPWAY_CLUSTER_ROLES, clusterRoleName, environmentBindings } from './clusterRoles';
import { impersonationRole, platformRules, platformUserName } from './platformIdentity';

const roles = Object.fromEntries(SLIPWAY_CLUSTER_ROLES.map(r => [r.metadata.name, r as unknown as { rules: PolicyRule[] }]));

/** Whether rules grant a verb on a resource, the way the RBAC authorizer reads them. */
const can = (rules: PolicyRule[], verb: string, resource: string, group = '') =>
  rules.some(r => r.apiGroups.includes(group) && r.resources.includes(resource) && r.verbs.includes(verb));

const WRITES = ['create', 'update', 'patch', 'delete'];

describe('SLIPWAY_CLUSTER_ROLES', () => {
  it('defines a role per tier and environment class, labelled as Slipway’s', () => {
    expect(SLIPWAY_CLUSTER_ROLES.map(r => r.metadata.name)).toEqual([
      'slipway-developer',
      'slipway-lead',
      'slipway-platform-admin',
      'slipway-developer-production',
      'slipway-lead-production',
      'slipway-platform-admin-production',
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
    ['persistentvolumeclaims', ''],
    ['serviceaccounts', ''],
    ['horizontalpodautoscalers', 'autoscaling'],
    ['poddisruptionbudgets', 'policy'],
    ['ingresses', 'networking.k8s.io'],
  ])('lets developers manage %s outside production, and only read them in production', (resource, group) => {
    for (const verb of ['get', 'list', 'watch', ...WRITES]) expect(can(roles['slipway-developer'].rules, verb, resource, group)).toBe(true);
    for (const verb of ['get', 'list', 'watch']) expect(can(roles['slipway-developer-production'].rules, verb, resource, group)).toBe(true);
    for (const verb of WRITES) expect(can(roles['slipway-developer-production'].rules, verb, resource, group)).toBe(false);
  });

  it('lets developers read what runs, restart pods and scale outside production', () => {
    const developer = roles['slipway-developer'].rules;
    for (const resource of ['pods', 'pods/log', 'events', 'endpoints', 'resourcequotas', 'limitranges']) expect(can(developer, 'get', resource)).toBe(true);
    expect(can(developer, 'list', 'replicasets', 'apps')).toBe(true);
    expect(can(developer, 'create', 'replicasets', 'apps')).toBe(false);
    expect(can(developer, 'delete', 'pods')).toBe(true);
    expect(can(developer, 'create', 'pods')).toBe(false);
    expect(can(developer, 'create', 'pods/eviction')).toBe(true);
    expect(can(developer, 'patch', 'deployments/scale', 'apps')).toBe(true);
    expect(can(roles['slipway-developer-production'].rules, 'delete', 'pods')).toBe(false);
  });

  it('gives nobody Secrets (any write of one answers with its values), exec, RBAC, quota, limit or network policy writes', () => {
    for (const [name, role] of Object.entries(roles)) {
      for (const verb of ['get', 'list', 'watch', ...WRITES]) expect({ name, verb, secrets: can(role.rules, verb, 'secrets') }).toEqual({ name, verb, secrets: false });
      for (const verb of WRITES) {
        expect(can(role.rules, verb, 'resourcequotas')).toBe(false);
        expect(can(role.rules, verb, 'limitranges')).toBe(false);
        expect(can(role.rules, verb, 'networkpolicies', 'networking.k8s.io')).toBe(false);
      }
      expect(can(role.rules, 'create', 'pods/exec')).toBe(false);
      expect(role.rules.some(r => r.apiGroups.includes('rbac.authorization.k8s.io'))).toBe(false);
      expect(role.rules.some(r => r.verbs.includes('*') || r.resources.includes('*') || r.apiGroups.includes('*'))).toBe(false);
    }
  });

  it('gives production roles read verbs only', () => {
    for (const name of ['slipway-developer-production', 'slipway-lead-production', 'slipway-platform-admin-production']) {
      expect(roles[name].rules.flatMap(r => r.verbs).every(v => ['get', 'list', 'watch'].includes(v))).toBe(true);
    }
  });
});

describe('environmentBindings', () => {
  it('binds the team, its leads and the platform admins to the roles of the environment’s class', () => {
    expect(environmentBindings('team-a', 'staging')).toEqual([
      { name: 'slipway-developers', group: 'team-a', role: 'slipway-developer' },
      { name: 'slipway-leads', group: 'team-a-leads', role: 'slipway-lead' },
      { name: 'slipway-platform-admins', group: 'platform-admins', role: 'slipway-platform-admin' },
    ]);
    expect(environmentBindings('team-a', 'production').map(b => b.role)).toEqual([
      clusterRoleName('developer', 'production'),
      clusterRoleName('lead', 'production'),
      clusterRoleName('platformAdmin', 'production'),
    ]);
  });
});

describe('the platform identity', () => {
  const rules = platformRules();

  it('never reads Secrets, and writes them only as the table’s platform row says', () => {
    for (const verb of ['get', 'list', 'watch']) expect(can(rules, verb, 'secrets')).toBe(false);
    expect(can(rules, 'create', 'secrets')).toBe(true);
  });

  it('binds only Slipway’s roles and escalates only its own impersonation list', () => {
    const bind = rules.filter(r => r.verbs.includes('bind'));
    expect(bind).toEqual([{ apiGroups: ['rbac.authorization.k8s.io'], resources: ['clusterroles'], verbs: ['bind'], resourceNames: SLIPWAY_CLUSTER_ROLES.map(r => r.metadata.name) }]);
    expect(rules.filter(r => r.verbs.includes('escalate')).flatMap(r => r.resourceNames)).toEqual([IMPERSONATION_ROLE]);
    expect(rules.some(r => r.verbs.includes('impersonate'))).toBe(false);
    expect(rules.some(r => r.verbs.includes('*') || r.resources.includes('*'))).toBe(false);
  });

  it('may impersonate named people and groups only, never system identities or everyone', () => {
    const role = impersonationRole({ users: ['alice', 'system:admin', '*'], groups: ['team-a', 'system:masters'] }) as unknown as { rules: PolicyRule[] };
    expect(role.rules).toEqual([
      { apiGroups: [''], resources: ['users'], verbs: ['impersonate'], resourceNames: ['alice'] },
      { apiGroups: [''], resources: ['groups'], verbs: ['impersonate'], resourceNames: ['team-a'] },
    ]);
    // No names at all gives no rule, rather than a rule without resourceNames (which means anyone).
    expect((impersonationRole({ users: [], groups: [] }) as unknown as { rules: PolicyRule[] }).rules).toEqual([]);
  });

  it('is the user the admission policies exempt from, and confine', () => {
    const user = platformUserName();
    expect(user).toBe('system:serviceaccount:slipway-system:slipway-backend');
    const policies = JSON.stringify(renderAdmissionPolicies({ platformUser: user }));
    expect(policies).toContain(`request.userInfo.username != '${user}'`);
    expect(policies).toContain(`request.userInfo.username == '${user}'`);
  });
});
