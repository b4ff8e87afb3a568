/**
 * Slipway apps backend: the deploy form's live preview and Score import.
 *
 * @packageDocumentation
 */
export { appsPlugin as default } from './plugin';
