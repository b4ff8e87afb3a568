import { ENVIRONMENT_LABELS, MANAGED_BY } from './labels';
import { KubernetesManifest } from './manifest';

export const SLIPWAY_DEVELOPER_ROLE = 'slipway-developer';
export const SLIPWAY_LEAD_ROLE = 'slipway-lead';

const READ = ['get', 'list', 'watch'];
const WRITE = ['create', 'update', 'patch', 'delete'];
const CRUD = [...READ, ...WRITE];

export interface PolicyRule {
  apiGroups: string[];
  resources: string[];
  verbs: string[];
}

/**
 * What a developer may do inside their team's environments (PRODUCT.md): run and configure
 * workloads, write secrets, read what happens; never RBAC, quotas, limits or network policies.
 * Secrets include get: the backend reads them as the user but never returns values.
 */
export const DEVELOPER_RULES: PolicyRule[] = [
  { apiGroups: ['apps'], resources: ['deployments', 'statefulsets'], verbs: CRUD },
  { apiGroups: ['apps'], resources: ['deployments/scale', 'statefulsets/scale'], verbs: ['get', 'update', 'patch'] },
  { apiGroups: ['apps'], resources: ['replicasets'], verbs: READ },
  { apiGroups: ['batch'], resources: ['cronjobs', 'jobs'], verbs: CRUD },
  { apiGroups: [''], resources: ['services', 'configmaps', 'secrets', 'persistentvolumeclaims', 'serviceaccounts'], verbs: CRUD },
  { apiGroups: ['autoscaling'], resources: ['horizontalpodautoscalers'], verbs: CRUD },
  { apiGroups: ['policy'], resources: ['poddisruptionbudgets'], verbs: CRUD },
  { apiGroups: ['networking.k8s.io'], resources: ['ingresses'], verbs: CRUD },
  { apiGroups: [''], resources: ['pods', 'pods/log', 'events', 'endpoints', 'resourcequotas', 'limitranges'], verbs: READ },
  // Restarting a stuck pod is the developer's own business; eviction respects PodDisruptionBudgets.
  { apiGroups: [''], resources: ['pods'], verbs: ['delete'] },
  { apiGroups: [''], resources: ['pods/eviction'], verbs: ['create'] },
  { apiGroups: ['networking.k8s.io'], resources: ['networkpolicies'], verbs: READ },
  { apiGroups: ['events.k8s.io'], resources: ['events'], verbs: READ },
  { apiGroups: ['discovery.k8s.io'], resources: ['endpointslices'], verbs: READ },
  { apiGroups: ['metrics.k8s.io'], resources: ['pods'], verbs: ['get', 'list'] },
];

/** A tech lead also changes their team's quotas. */
export const LEAD_RULES: PolicyRule[] = [...DEVELOPER_RULES, { apiGroups: [''], resources: ['resourcequotas'], verbs: ['update', 'patch'] }];

const clusterRole = (name: string, rules: PolicyRule[]): KubernetesManifest => ({
  apiVersion: 'rbac.authorization.k8s.io/v1',
  kind: 'ClusterRole',
  metadata: { name, labels: { [ENVIRONMENT_LABELS.managedBy]: MANAGED_BY } },
  rules,
});

/** The two ClusterRoles every environment's RoleBindings refer to; installed once per cluster. */
export const SLIPWAY_CLUSTER_ROLES: KubernetesManifest[] = [clusterRole(SLIPWAY_DEVELOPER_ROLE, DEVELOPER_RULES), clusterRole(SLIPWAY_LEAD_ROLE, LEAD_RULES)];
