/**
 * Catalog module: Slipway environments as catalog Resources of type `environment`.
 *
 * @packageDocumentation
 */
export { catalogModuleEnvironments as default } from './module';
export { EnvironmentEntityProvider } from './EnvironmentEntityProvider';
export { environmentEntity } from './environmentEntity';
