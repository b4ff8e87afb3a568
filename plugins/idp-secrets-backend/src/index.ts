/**
 * Slipway secrets backend plugin.
 *
 * @packageDocumentation
 */
export { secretsPlugin as default } from './plugin';
