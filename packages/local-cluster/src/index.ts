/**
 * Slipway's local Kubernetes control plane, from TypeScript: start or reuse it, stop it, and
 * build clients for it (as admin, or impersonating a user and their groups).
 *
 * @packageDocumentation
 */
export { ensureLocalCluster, readLocalCluster, stopLocalCluster, type LocalCluster } from './localCluster';
export { impersonatingConfiguration, loadKubeConfig, type Impersonation } from './kubeClients';
