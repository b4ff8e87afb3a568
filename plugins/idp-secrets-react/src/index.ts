/**
 * Slipway secrets UI for other plugins: an environment's secrets (`EnvironmentSecrets`: list,
 * write-only editor, generate, rotate, delete, consumers, rotation history), the golden-path form's
 * `SecretReferencePicker`, and the `SecretsApi` they call. The API's types are
 * @internal/plugin-idp-secrets-common's; none of them carries a value back.
 *
 * @packageDocumentation
 */
export { secretsApiRef, type SecretsApi } from './api/SecretsApi';
export { SecretsClient } from './api/SecretsClient';
export { SecretsRequestError } from './lib/errors';
export { STORE_NAMES } from './lib/format';
export { EnvironmentSecrets, type EnvironmentSecretsProps } from './components/EnvironmentSecrets';
export { SecretEditorDialog, type SecretEditorDialogProps } from './components/SecretEditorDialog';
export { SecretReferencePicker, type SecretReferencePickerProps } from './components/SecretReferencePicker';
