/**
 * Slipway secrets frontend plugin.
 *
 * @packageDocumentation
 */
export { secretsPlugin as default } from './plugin';
export { secretsApiRef, type SecretsApi, type SecretStore } from './api/SecretsApi';
export { SecretsClient } from './api/SecretsClient';
