import { ENVIRONMENT_ACCESS, PolicyRule, READ_VERBS } from './accessTable';
import { IMPERSONATION_ROLE } from './admissionPolicies';
import { SLIPWAY_CLUSTER_ROLES } from './clusterRoles';
import { ENVIRONMENT_LABELS, MANAGED_BY } from './labels';
import { KubernetesManifest } from './manifest';

/** The portal's own identity in the cluster (a ServiceAccount; the Helm chart may name it otherwise). */
export interface PlatformIdentity {
  namespace: string;
  serviceAccount: string;
}

export const DEFAULT_PLATFORM_IDENTITY: PlatformIdentity = {
  namespace: 'slipway-system',
  serviceAccount: 'slipway-backend',
};

/** The Kubernetes user name of a service account, as RBAC and admission see it. */
export function platformUserName(identity: PlatformIdentity = DEFAULT_PLATFORM_IDENTITY): string {
  return `system:serviceaccount:${identity.namespace}:${identity.serviceAccount}`;
}

const readOnly = (rule: PolicyRule): PolicyRule | undefined => {
  const verbs = rule.verbs.filter(v => (READ_VERBS as readonly string[]).includes(v));
  return verbs.length ? { ...rule, verbs: [...READ_VERBS].filter(v => verbs.includes(v)) } : undefined;
};

/**
 * What the platform identity holds, and nothing more: it reads what people read (for its caches
 * and the catalog), writes what the table says only the platform writes, and binds only Slipway's
 * roles. Never Secret reads; its writes are confined to Slipway namespaces by admission.
 */
export function platformRules(): PolicyRule[] {
  const reads = ENVIRONMENT_ACCESS.filter(row => row.kubernetes.by === 'user')
    .flatMap(row => row.kubernetes.rules)
    .map(readOnly)
    .filter((r): r is PolicyRule => !!r)
    // Namespaces are read cluster-wide to find the environments; `get` alone is what people hold.
    .filter(rule => !rule.resources.includes('namespaces'));
  const writes = ENVIRONMENT_ACCESS.filter(row => row.kubernetes.by === 'platform').flatMap(row => row.kubernetes.rules);
  // It reads back what it writes (to converge and to check drift), Secrets excepted: their values are nobody's to read.
  const readBack = writes
    .map(rule => ({ ...rule, resources: rule.resources.filter(r => r !== 'secrets' && r !== 'namespaces') }))
    .filter(rule => rule.resources.length > 0)
    .map(rule => ({ ...rule, verbs: [...READ_VERBS] }));
  return [
    {
      apiGroups: [''],
      resources: ['namespaces', 'nodes'],
      verbs: [...READ_VERBS],
    },
    {
      apiGroups: ['metrics.k8s.io'],
      resources: ['nodes'],
      verbs: ['get', 'list'],
    },
    ...reads,
    ...readBack,
    ...writes,
    {
      apiGroups: ['rbac.authorization.k8s.io'],
      resources: ['clusterroles'],
      verbs: ['bind'],
      resourceNames: SLIPWAY_CLUSTER_ROLES.map(r => r.metadata.name),
    },
    // Keeps the list of whom it impersonates in step with the catalog; admission limits what that list may hold.
    {
      apiGroups: ['rbac.authorization.k8s.io'],
      resources: ['clusterroles'],
      verbs: ['get', 'patch', 'update', 'escalate'],
      resourceNames: [IMPERSONATION_ROLE],
    },
  ];
}

/** Whom the platform identity may impersonate: exactly these users and groups (never `system:` ones). */
export function impersonationRole(subjects: { users: string[]; groups: string[] }): KubernetesManifest {
  const clean = (names: string[]) => [...new Set(names.filter(n => n && !n.startsWith('system:') && n !== '*'))].sort();
  const users = clean(subjects.users);
  const groups = clean(subjects.groups);
  return {
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: 'ClusterRole',
    metadata: {
      name: IMPERSONATION_ROLE,
      labels: { [ENVIRONMENT_LABELS.managedBy]: MANAGED_BY },
    },
    // A rule without resourceNames would mean "anyone": an empty list gets no rule at all.
    rules: [
      ...(users.length
        ? [
            {
              apiGroups: [''],
              resources: ['users'],
              verbs: ['impersonate'],
              resourceNames: users,
            },
          ]
        : []),
      ...(groups.length
        ? [
            {
              apiGroups: [''],
              resources: ['groups'],
              verbs: ['impersonate'],
              resourceNames: groups,
            },
          ]
        : []),
    ],
  };
}

const clusterRoleBinding = (name: string, role: string, identity: PlatformIdentity): KubernetesManifest => ({
  apiVersion: 'rbac.authorization.k8s.io/v1',
  kind: 'ClusterRoleBinding',
  metadata: { name, labels: { [ENVIRONMENT_LABELS.managedBy]: MANAGED_BY } },
  roleRef: {
    apiGroup: 'rbac.authorization.k8s.io',
    kind: 'ClusterRole',
    name: role,
  },
  subjects: [
    {
      kind: 'ServiceAccount',
      name: identity.serviceAccount,
      namespace: identity.namespace,
    },
  ],
});

/** The platform identity's roles and bindings. */
export function renderPlatformIdentity(identity: PlatformIdentity, subjects: { users: string[]; groups: string[] }): KubernetesManifest[] {
  return [
    {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'ClusterRole',
      metadata: {
        name: 'slipway-backend',
        labels: { [ENVIRONMENT_LABELS.managedBy]: MANAGED_BY },
      },
      rules: platformRules(),
    },
    clusterRoleBinding('slipway-backend', 'slipway-backend', identity),
    impersonationRole(subjects),
    clusterRoleBinding(IMPERSONATION_ROLE, IMPERSONATION_ROLE, identity),
  ];
}

/** The users and groups of an organisation (catalog User and Group entities), as impersonation subjects. */
export function impersonationSubjects(entities: { kind: string; metadata: { name: string } }[]): { users: string[]; groups: string[] } {
  const names = (kind: string) => entities.filter(e => e.kind.toLocaleLowerCase('en-US') === kind).map(e => e.metadata.name.toLocaleLowerCase('en-US'));
  return { users: names('user'), groups: names('group') };
}
