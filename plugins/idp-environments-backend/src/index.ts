/**
 * Slipway environments backend plugin.
 *
 * @packageDocumentation
 */
export { environmentsPlugin as default } from './plugin';
