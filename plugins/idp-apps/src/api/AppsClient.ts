import { DiscoveryApi, FetchApi } from '@backstage/frontend-plugin-api';
import { ResponseError } from '@backstage/errors';
import { AppPreview, AppPreviewRequest, AppSpec, ScoreImportRequest } from '@internal/plugin-idp-apps-common';
import { AppsApi } from './AppsApi';

export class AppsClient implements AppsApi {
  constructor(private readonly deps: { discoveryApi: DiscoveryApi; fetchApi: FetchApi }) {}

  preview(request: AppPreviewRequest, options?: { signal?: AbortSignal }): Promise<AppPreview> {
    return this.post('/preview', request, options?.signal);
  }

  importScore(request: ScoreImportRequest): Promise<{ spec: AppSpec; notes: string[] }> {
    return this.post('/score-import', request);
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
