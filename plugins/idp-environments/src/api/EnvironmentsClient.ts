import { DiscoveryApi, FetchApi } from '@backstage/frontend-plugin-api';
import { ResponseError } from '@backstage/errors';
import { EnvironmentTypeDescription } from '@internal/plugin-idp-environments-common';
import { EnvironmentsApi } from './EnvironmentsApi';

export class EnvironmentsClient implements EnvironmentsApi {
  private readonly discoveryApi: DiscoveryApi;
  private readonly fetchApi: FetchApi;

  constructor(options: { discoveryApi: DiscoveryApi; fetchApi: FetchApi }) {
    this.discoveryApi = options.discoveryApi;
    this.fetchApi = options.fetchApi;
  }

  async listEnvironmentTypes(): Promise<EnvironmentTypeDescription[]> {
    const baseUrl = await this.discoveryApi.getBaseUrl('idp-environments');
    const response = await this.fetchApi.fetch(`${baseUrl}/environment-types`);
    if (!response.ok) throw await ResponseError.fromResponse(response);
    const body = (await response.json()) as { items: EnvironmentTypeDescription[] };
    return body.items;
  }
}
