/**
 * Backstage's Kubernetes plugin, acting as the signed-in person.
 *
 * @packageDocumentation
 */
export { kubernetesModuleSlipway as default } from './module';
export { ImpersonatingClusterSupplier } from './ImpersonatingClusterSupplier';
export { createImpersonatingGateway, GATEWAY_PATH } from './impersonatingGateway';
export { EnvironmentFanOutFetcher } from './EnvironmentFanOutFetcher';
