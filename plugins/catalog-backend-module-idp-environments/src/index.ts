/**
 * Catalog module: Slipway environments as catalog Resources of type `environment`, and the
 * apps deployed in them as Components, each owned by its team.
 *
 * @packageDocumentation
 */
export { catalogModuleEnvironments as default } from './module';
export { EnvironmentEntityProvider } from './EnvironmentEntityProvider';
export { environmentEntity } from './environmentEntity';
export { AppEntityProvider } from './AppEntityProvider';
export { appEntity, deployedApps } from './appEntity';
