import { DiscoveryApi, FetchApi } from '@backstage/frontend-plugin-api';
import { ResponseError } from '@backstage/errors';
import { AppPreview, AppPreviewRequest, AppSpec, ScoreImportRequest } from '@internal/plugin-idp-apps-common';
import { PriceSheet, currentPriceSheet } from '@internal/plugin-idp-costs-common';
import { AppsApi } from './AppsApi';

export class AppsClient implements AppsApi {
  constructor(private readonly deps: { discoveryApi: DiscoveryApi; fetchApi: FetchApi }) {}

  preview(request: AppPreviewRequest, options?: { signal?: AbortSignal }): Promise<AppPreview> {
    return this.post('/preview', request, options?.signal);
  }

  importScore(request: ScoreImportRequest): Promise<{ spec: AppSpec; notes: string[] }> {
    return this.post('/score-import', request);
  }

  async getPriceSheet(): Promise<PriceSheet> {
    // The costs plugin's backend: no frontend plugin imports another, so the form asks it directly.
    const response = await this.deps.fetchApi.fetch(`${await this.deps.discoveryApi.getBaseUrl('idp-costs')}/price-sheet`);
    if (!response.ok) throw await ResponseError.fromResponse(response);
    const prices = currentPriceSheet(await response.json());
    if (!prices) throw new Error('The costs backend answered without prices');
    return prices;
  }

  private async post<T>(path: string, body: unknown, signal?: AbortSignal): Promise<T> {
    const baseUrl = await this.deps.discoveryApi.getBaseUrl('idp-apps');
    const response = await this.deps.fetchApi.fetch(`${baseUrl}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
      signal,
    });
    if (!response.ok) throw await ResponseError.fromResponse(response);
    return (await response.json()) as T;
  }
}
