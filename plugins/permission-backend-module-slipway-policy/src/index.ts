/**
 * Slipway's permission policy, as a module of the permission backend.
 *
 * @packageDocumentation
 */
export { slipwayPermissionPolicyModule as default } from './module';
export { SlipwayPermissionPolicy } from './SlipwayPermissionPolicy';
export { CatalogTeamDirectory } from './CatalogTeamDirectory';
