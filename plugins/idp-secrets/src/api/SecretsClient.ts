import { DiscoveryApi, FetchApi } from '@backstage/frontend-plugin-api';
import { ResponseError } from '@backstage/errors';
import { SecretStore, SecretsApi } from './SecretsApi';

export class SecretsClient implements SecretsApi {
  private readonly discoveryApi: DiscoveryApi;
  private readonly fetchApi: FetchApi;

  constructor(options: { discoveryApi: DiscoveryApi; fetchApi: FetchApi }) {
    this.discoveryApi = options.discoveryApi;
    this.fetchApi = options.fetchApi;
  }

  async getStore(): Promise<SecretStore> {
    const baseUrl = await this.discoveryApi.getBaseUrl('idp-secrets');
    const response = await this.fetchApi.fetch(`${baseUrl}/store`);
    if (!response.ok) throw await ResponseError.fromResponse(response);
    return (await response.json()) as SecretStore;
  }
}
