/**
 * Golden-path deploys shared by the Slipway form, the scaffolder actions and the backend: the app
 * spec, the golden path, the renderer, the guard rails and Score import. Pure: no I/O, so every
 * caller agrees by construction.
 *
 * @packageDocumentation
 */
export * from './appSpec';
export type { CrossFieldProblem } from './appSpecRules';
export * from './goldenPath';
export * from './labels';
export * from './appOfEntity';
export * from './image';
export * from './schedule';
export { configMapName } from './podTemplate';
export * from './render';
export * from './guardRails';
export * from './accessGuardRails';
export * from './guardRailSettings';
export { ALLOWED_VOLUME_TYPES } from './podSecurityRule';
export type { NamespaceQuota, QuotaAmounts, QuotaResource } from './quotaRule';
export * from './score';
export * from './expertYaml';
export * from './formValues';
export * from './previewApi';
export * from './permissions';
export * from './deployRules';
export * from './requestedResources';
