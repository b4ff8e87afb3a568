/**
 * Slipway apps frontend: the deploy form's live preview and expert mode.
 *
 * @packageDocumentation
 */
export { appsPlugin as default } from './plugin';
export { appsApiRef, type AppsApi } from './api/AppsApi';
export { AppsClient } from './api/AppsClient';
