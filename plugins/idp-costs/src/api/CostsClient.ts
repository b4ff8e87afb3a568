import { DiscoveryApi, FetchApi } from '@backstage/frontend-plugin-api';
import { ResponseError } from '@backstage/errors';
import { PriceSheet } from '@internal/plugin-idp-costs-common';
import { CostsApi } from './CostsApi';

export class CostsClient implements CostsApi {
  private readonly discoveryApi: DiscoveryApi;
  private readonly fetchApi: FetchApi;

  constructor(options: { discoveryApi: DiscoveryApi; fetchApi: FetchApi }) {
    this.discoveryApi = options.discoveryApi;
    this.fetchApi = options.fetchApi;
  }

  async getPriceSheet(): Promise<PriceSheet> {
    const baseUrl = await this.discoveryApi.getBaseUrl('idp-costs');
    const response = await this.fetchApi.fetch(`${baseUrl}/price-sheet`);
    if (!response.ok) throw await ResponseError.fromResponse(response);
    return (await response.json()) as PriceSheet;
  }
}
