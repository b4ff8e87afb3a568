/**
 * Slipway costs backend plugin.
 *
 * @packageDocumentation
 */
export { costsPlugin as default } from './plugin';
