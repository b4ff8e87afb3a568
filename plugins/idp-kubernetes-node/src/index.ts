/**
 * Slipway's access to Kubernetes, shared by its backend plugins: one module builds the clients.
 *
 * @packageDocumentation
 */
export { ClusterAccess, clusterAccessServiceRef } from './clusterAccess';
export { impersonatingConfiguration, type Impersonation } from './impersonation';
export { FIELD_MANAGER, PLATFORM_WRITTEN_KINDS, kubernetesMessage } from './conventions';
export { EnvironmentActivity } from './environmentActivity';
