/**
 * Slipway's access to Kubernetes, shared by its backend plugins: one module builds the clients.
 *
 * @packageDocumentation
 */
export { ClusterAccess, clusterAccessServiceRef } from './clusterAccess';
export { POD_SERVICE_ACCOUNT_DIR, kubeConfigForSetting, selectClusterSetting, type ClusterSetting } from './clusterSetting';
export { impersonatingConfiguration, serviceConfiguration, type Impersonation } from './impersonation';
export { DEFAULT_KUBERNETES_DEADLINES, KubernetesDeadlineError, type KubernetesDeadlines } from './deadlines';
export { FIELD_MANAGER, PLATFORM_WRITTEN_KINDS, kubernetesMessage } from './conventions';
export { EnvironmentActivity } from './environmentActivity';
export { ClusterNotUpYetError, ClusterWait, isClusterNotUpYet } from './clusterNotUpYet';
