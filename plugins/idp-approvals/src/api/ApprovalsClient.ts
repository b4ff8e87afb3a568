import { DiscoveryApi, FetchApi } from '@backstage/frontend-plugin-api';
import { ResponseError } from '@backstage/errors';
import type { AuditEntriesResponse, AuditEntryFilters, DecideDeployRequest, DeployRequestSummary, DeployRequestView, DeployRevision, RollbackDeployRequest } from '@internal/plugin-idp-approvals-common';
import { PriceSheet, currentPriceSheet } from '@internal/plugin-idp-costs-common';
import { ApprovalsApi, DeployRequestListView } from './ApprovalsApi';

const enc = encodeURIComponent;

export class ApprovalsClient implements ApprovalsApi {
  private readonly discoveryApi: DiscoveryApi;
  private readonly fetchApi: FetchApi;

  constructor(options: { discoveryApi: DiscoveryApi; fetchApi: FetchApi }) {
    this.discoveryApi = options.discoveryApi;
    this.fetchApi = options.fetchApi;
  }

  async listRequests(view: DeployRequestListView): Promise<DeployRequestSummary[]> {
    return (await this.call<{ items: DeployRequestSummary[] }>('GET', `/requests?${new URLSearchParams({ view })}`)).items;
  }

  getRequest(id: string): Promise<DeployRequestView> {
    return this.call('GET', `/requests/${enc(id)}`);
  }

  decide(id: string, body: DecideDeployRequest): Promise<DeployRequestView> {
    return this.call('POST', `/requests/${enc(id)}/decisions`, body);
  }

  async listRevisions(team: string, app: string): Promise<DeployRevision[]> {
    return (await this.call<{ items: DeployRevision[] }>('GET', `/apps/${enc(team)}/${enc(app)}/revisions`)).items;
  }

  rollback(id: string, body: RollbackDeployRequest): Promise<DeployRequestView> {
    return this.call('POST', `/requests/${enc(id)}/rollback`, body);
  }

  listAuditEntries(filters: AuditEntryFilters): Promise<AuditEntriesResponse> {
    const given = Object.entries(filters).filter(([, value]) => value !== undefined && value !== '');
    return this.call('GET', `/audit?${new URLSearchParams(given.map(([key, value]) => [key, String(value)]))}`);
  }

  async getPriceSheet(): Promise<PriceSheet> {
    // The costs plugin's backend: no frontend plugin imports another, so the page asks it directly.
    const response = await this.fetchApi.fetch(`${await this.discoveryApi.getBaseUrl('idp-costs')}/price-sheet`);
    if (!response.ok) throw await ResponseError.fromResponse(response);
    const prices = currentPriceSheet(await response.json());
    if (!prices) throw new Error('The costs backend answered without prices');
    return prices;
  }

  /** One request; a non-2xx answer becomes a ResponseError. */
  private async call<T>(method: string, path: string, body?: unknown): Promise<T> {
    const response = await this.fetchApi.fetch(`${await this.discoveryApi.getBaseUrl('idp-approvals')}${path}`, {
      method,
      ...(body === undefined ? {} : { headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }),
    });
    if (!response.ok) throw await ResponseError.fromResponse(response);
    return (await response.json()) as T;
  }
}
