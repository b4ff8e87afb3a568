import { renderAdmissionPolicies } from './admissionPolicies';
import { SLIPWAY_CLUSTER_ROLES } from './clusterRoles';
import { KubernetesManifest } from './manifest';
import { DEFAULT_PLATFORM_IDENTITY, PlatformIdentity, platformUserName, renderPlatformIdentity } from './platformIdentity';

export interface ClusterSetupOptions {
  identity?: PlatformIdentity;
  /** The users and groups the platform may impersonate (the catalog's organisation). */
  subjects: { users: string[]; groups: string[] };
}

/**
 * Everything Slipway needs once per cluster, derived from the access table: the tiers'
 * ClusterRoles, the platform identity's least-privilege roles, and the admission policies.
 * Installed by the platform (cluster/manifests for the local control plane, the Helm chart
 * elsewhere), not by the portal. Platform admins are bound per environment, never cluster-wide.
 */
export function renderClusterSetup(options: ClusterSetupOptions): KubernetesManifest {
  const identity = options.identity ?? DEFAULT_PLATFORM_IDENTITY;
  return {
    apiVersion: 'v1',
    kind: 'List',
    metadata: { name: 'slipway-cluster-setup' },
    items: [
      ...SLIPWAY_CLUSTER_ROLES,
      ...renderPlatformIdentity(identity, options.subjects),
      ...renderAdmissionPolicies({ platformUser: platformUserName(identity) }),
    ],
  } as KubernetesManifest;
}

/** Objects earlier setups installed that must go: platform admins were once bound cluster-wide. */
export const OBSOLETE_CLUSTER_OBJECTS = [{ kind: 'ClusterRoleBinding', name: 'slipway-platform-admins' }];
