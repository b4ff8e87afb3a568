/**
 * Slipway secrets frontend plugin: the Secrets page, the `SecretsClient` registration and the
 * `SlipwaySecretReference` template form field. The API and components live in
 * @internal/plugin-idp-secrets-react.
 *
 * @packageDocumentation
 */
export { secretsPlugin as default } from './plugin';
