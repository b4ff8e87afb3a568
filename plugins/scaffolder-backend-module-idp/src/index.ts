/**
 * Slipway's scaffolder actions (`slipway:app:render`, `slipway:app:apply`).
 *
 * @packageDocumentation
 */
export { scaffolderModuleIdp as default } from './module';
export { createApplyAppAction } from './actions/applyApp';
export { createRenderAppAction } from './actions/renderApp';
export { APP_DEPLOYMENT_INPUT } from './actionInput';
