/**
 * Slipway's local Kubernetes control plane, from TypeScript: start or reuse it, stop it, and
 * load its kubeconfigs.
 *
 * @packageDocumentation
 */
export {
  ensureLocalCluster,
  readLocalCluster,
  startLocalCluster,
  stopLocalCluster,
  type ClusterInstance,
  type LocalCluster,
  type OwnLocalCluster,
} from './localCluster';
export {
  ensureExternalSecretsBinary,
  ensureExternalSecretsOperator,
  stopExternalSecretsOperator,
  type LocalExternalSecretsOperator,
} from './localExternalSecrets';
export { loadKubeConfig } from './loadKubeConfig';
export { ensurePrometheusBinary, freePort, startLocalPrometheus, type LocalPrometheus, type LocalPrometheusOptions } from './localPrometheus';
export { localClusterSetup } from './localClusterSetup';
export { SIMULATED_FAILURES, SIMULATION_ANNOTATIONS, type SimulatedFailure } from './simulation';
