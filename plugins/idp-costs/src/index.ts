/**
 * Slipway costs frontend plugin.
 *
 * @packageDocumentation
 */
export { costsPlugin as default } from './plugin';
export { costsApiRef, type CostsApi, type CostWindow } from './api/CostsApi';
export { CostsClient } from './api/CostsClient';
