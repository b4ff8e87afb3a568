import { DiscoveryApi, FetchApi } from '@backstage/frontend-plugin-api';
import { ResponseError } from '@backstage/errors';
import type { EnvironmentRunRatesView } from '@internal/plugin-idp-costs-common';
import { EnvironmentTypeDescription, QuotaChangeRequest } from '@internal/plugin-idp-environments-common';
import { EnvironmentsApi } from './EnvironmentsApi';
import {
  CloneEnvironmentRequest,
  CloneEnvironmentResponse,
  CreateEnvironmentRequest,
  Environment,
  EnvironmentDetail,
} from './types';

export class EnvironmentsClient implements EnvironmentsApi {
  private readonly discoveryApi: DiscoveryApi;
  private readonly fetchApi: FetchApi;

  constructor(options: { discoveryApi: DiscoveryApi; fetchApi: FetchApi }) {
    this.discoveryApi = options.discoveryApi;
    this.fetchApi = options.fetchApi;
  }

  async listEnvironmentTypes(): Promise<EnvironmentTypeDescription[]> {
    const body = await this.call<{ items: EnvironmentTypeDescription[] }>('GET', '/environment-types');
    return body.items;
  }

  async listEnvironments(): Promise<EnvironmentDetail[]> {
    const body = await this.call<{ items: EnvironmentDetail[] }>('GET', '/environments');
    return body.items;
  }

  getEnvironment(namespace: string): Promise<EnvironmentDetail> {
    return this.call('GET', `/environments/${encodeURIComponent(namespace)}`);
  }

  createEnvironment(request: CreateEnvironmentRequest): Promise<Environment> {
    return this.call('POST', '/environments', request);
  }

  extendEnvironment(namespace: string, ttlDays: number): Promise<Environment> {
    return this.call('POST', `/environments/${encodeURIComponent(namespace)}/extend`, { ttlDays });
  }

  async deleteEnvironment(namespace: string, confirm: string): Promise<void> {
    await this.call('DELETE', `/environments/${encodeURIComponent(namespace)}`, { confirm });
  }

  cloneEnvironment(namespace: string, request: CloneEnvironmentRequest): Promise<CloneEnvironmentResponse> {
    return this.call('POST', `/environments/${encodeURIComponent(namespace)}/clone`, request);
  }

  changeQuota(namespace: string, request: QuotaChangeRequest): Promise<EnvironmentDetail> {
    return this.call('PUT', `/environments/${encodeURIComponent(namespace)}/quota`, request);
  }

  getRunRates(): Promise<EnvironmentRunRatesView> {
    // The costs plugin's backend: no frontend plugin imports another, so the list asks it directly.
    return this.call('GET', '/environments/run-rates', undefined, 'idp-costs');
  }

  /** One request to the backend; a non-2xx answer becomes a ResponseError, 204 resolves to undefined. */
  private async call<T>(method: string, path: string, body?: unknown, pluginId = 'idp-environments'): Promise<T> {
    const baseUrl = await this.discoveryApi.getBaseUrl(pluginId);
    const response = await this.fetchApi.fetch(`${baseUrl}${path}`, {
      method,
      ...(body === undefined ? {} : { headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }),
    });
    if (!response.ok) throw await ResponseError.fromResponse(response);
    if (response.status === 204) return undefined as T;
    return (await response.json()) as T;
  }
}
