import { DiscoveryApi, FetchApi } from '@backstage/frontend-plugin-api';
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
import { SecretsRequestError, unreachable } from '../lib/errors';
import { SecretsApi } from './SecretsApi';

const enc = encodeURIComponent;

/** `SecretsApi` over `/api/idp-secrets`; a refusal becomes a `SecretsRequestError` that keeps the server's message. */
export class SecretsClient implements SecretsApi {
  private readonly discoveryApi: DiscoveryApi;
  private readonly fetchApi: FetchApi;

  constructor(options: { discoveryApi: DiscoveryApi; fetchApi: FetchApi }) {
    this.discoveryApi = options.discoveryApi;
    this.fetchApi = options.fetchApi;
  }

  getStore(): Promise<SecretStoreInfo> {
    return this.call('GET', '/store');
  }

  getEnvironmentSecrets(namespace: string): Promise<EnvironmentSecretsView> {
    return this.call('GET', `/environments/${enc(namespace)}/secrets`);
  }

  listSecretKeys(namespace: string): Promise<SecretKeysView> {
    return this.call('GET', `/environments/${enc(namespace)}/secret-keys`);
  }

  getSecret(namespace: string, name: string): Promise<SecretView> {
    return this.call('GET', this.secretPath(namespace, name));
  }

  async listRotations(namespace: string, name: string): Promise<RotationRecord[]> {
    return (await this.call<{ items: RotationRecord[] }>('GET', `${this.secretPath(namespace, name)}/rotations`)).items;
  }

  writeSecret(namespace: string, name: string, request: WriteSecretRequest): Promise<SecretView> {
    return this.call('PUT', this.secretPath(namespace, name), request);
  }

  generateSecret(namespace: string, name: string, request: GenerateSecretRequest): Promise<SecretView> {
    return this.call('POST', `${this.secretPath(namespace, name)}/generate`, request);
  }

  rotateSecret(namespace: string, name: string): Promise<SecretView> {
    return this.call('POST', `${this.secretPath(namespace, name)}/rotate`, {});
  }

  async deleteSecret(namespace: string, name: string, request: DeleteSecretRequest = {}): Promise<void> {
    await this.call('DELETE', this.secretPath(namespace, name), request);
  }

  private secretPath(namespace: string, name: string): string {
    return `/environments/${enc(namespace)}/secrets/${enc(name)}`;
  }

  /** One request; a non-2xx answer becomes a SecretsRequestError, 204 resolves to undefined. */
  private async call<T>(method: string, path: string, body?: unknown): Promise<T> {
    const url = `${await this.discoveryApi.getBaseUrl('idp-secrets')}${path}`;
    let response: Response;
    try {
      response = await this.fetchApi.fetch(url, {
        method,
        ...(body === undefined ? {} : { headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }),
      });
    } catch (error) {
      throw unreachable(error);
    }
    if (!response.ok) throw await SecretsRequestError.fromResponse(response);
    if (response.status === 204) return undefined as T;
    return (await response.json()) as T;
  }
}
