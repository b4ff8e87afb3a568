import { NamespaceQuota } from '@internal/plugin-idp-apps-common';
import { ClusterAccess, Impersonation } from '@internal/plugin-idp-kubernetes-node';
import { AppsV1Api, CoreV1Api } from '@kubernetes/client-node';

/**
 * The environment's quota as the user sees it, for the within-quota guard rail; undefined when
 * the user may not read it (RBAC refuses later, at the write) or the app already runs there
 * (its pods are already counted in `used`; the API server's admission still guards the change).
 */
export async function quotaForDeploy(
  cluster: ClusterAccess,
  impersonation: Impersonation,
  target: { namespace: string; appName: string },
): Promise<NamespaceQuota | undefined> {
  const { namespace, appName } = target;
  const [quotas, existing] = await Promise.all([
    cluster.asUser(CoreV1Api, impersonation).listNamespacedResourceQuota({ namespace }).catch(() => undefined),
    appName ? cluster.asUser(AppsV1Api, impersonation).readNamespacedDeployment({ name: appName, namespace }).catch(() => undefined) : undefined,
  ]);
  const status = quotas?.items[0]?.status;
  if (!status?.hard || existing) return undefined;
  return { hard: status.hard as NamespaceQuota['hard'], used: (status.used ?? {}) as NamespaceQuota['used'] };
}
