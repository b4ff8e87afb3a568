/**
 * Slipway costs frontend plugin.
 *
 * @packageDocumentation
 */
export { costsPlugin as default } from './plugin';
export { costsApiRef, type CostsApi } from './api/CostsApi';
export { CostsClient } from './api/CostsClient';
