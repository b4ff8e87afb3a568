import { SLIPWAY_CLUSTER_ROLES, SLIPWAY_LEAD_ROLE } from './clusterRoles';
import { PLATFORM_ADMINS_GROUP } from './caller';
import { ENVIRONMENT_LABELS, MANAGED_BY } from './labels';
import { KubernetesManifest } from './manifest';

/**
 * Everything Slipway needs once per cluster: its two ClusterRoles, and platform admins acting
 * as tech leads in every namespace. Installed by the platform (cluster/manifests for the
 * local control plane), not by the portal, which may only bind these roles.
 */
export function renderClusterSetup(): KubernetesManifest {
  return {
    apiVersion: 'v1',
    kind: 'List',
    metadata: { name: 'slipway-cluster-setup' },
    items: [
      ...SLIPWAY_CLUSTER_ROLES,
      {
        apiVersion: 'rbac.authorization.k8s.io/v1',
        kind: 'ClusterRoleBinding',
        metadata: { name: 'slipway-platform-admins', labels: { [ENVIRONMENT_LABELS.managedBy]: MANAGED_BY } },
        roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: SLIPWAY_LEAD_ROLE },
        subjects: [{ apiGroup: 'rbac.authorization.k8s.io', kind: 'Group', name: PLATFORM_ADMINS_GROUP }],
      },
    ],
  } as KubernetesManifest;
}
