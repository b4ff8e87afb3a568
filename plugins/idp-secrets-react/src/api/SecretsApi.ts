import { createApiRef } from '@backstage/frontend-plugin-api';
import type {
  DeleteSecretRequest,
  EnvironmentSecretsView,
  GenerateSecretRequest,
  RotationRecord,
  SecretKeysView,
  SecretStoreInfo,
  SecretView,
  WriteSecretRequest,
} from '@internal/plugin-idp-secrets-common';

/**
 * The secrets backend (`/api/idp-secrets`), as the frontend sees it. Values only ever go in (write
 * requests); nothing here returns one. Failures reject with a `SecretsRequestError`.
 */
export interface SecretsApi {
  /** Where values are kept and how an app refers to a key. */
  getStore(): Promise<SecretStoreInfo>;
  /** An environment's secrets, the caller's right to write them, and the secrets its workloads miss. */
  getEnvironmentSecrets(namespace: string): Promise<EnvironmentSecretsView>;
  /** Secret and key names only, for pickers. */
  listSecretKeys(namespace: string): Promise<SecretKeysView>;
  getSecret(namespace: string, name: string): Promise<SecretView>;
  /** Newest first, as the backend keeps them. */
  listRotations(namespace: string, name: string): Promise<RotationRecord[]>;
  /** Creates the secret, or sets and removes keys; `confirm` removes keys workloads read. */
  writeSecret(namespace: string, name: string, request: WriteSecretRequest): Promise<SecretView>;
  /** Slipway makes the value (and, with a rotation policy, new ones on schedule). */
  generateSecret(namespace: string, name: string, request: GenerateSecretRequest): Promise<SecretView>;
  /** A new value now; the workloads that read it restart once. */
  rotateSecret(namespace: string, name: string): Promise<SecretView>;
  /** `confirm` deletes a secret workloads read. */
  deleteSecret(namespace: string, name: string, request?: DeleteSecretRequest): Promise<void>;
}

export const secretsApiRef = createApiRef<SecretsApi>().with({ id: 'plugin.idp-secrets.api' });
