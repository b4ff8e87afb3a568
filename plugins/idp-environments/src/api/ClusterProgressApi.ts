import { DiscoveryApi, FetchApi, createApiRef } from '@backstage/frontend-plugin-api';
import { ResponseError } from '@backstage/errors';
import { ClusterProgress } from '@internal/plugin-idp-environments-common';

/** What the local cluster is doing while scripts/dev.sh builds and starts it (`GET /api/idp-environments/cluster-progress`). */
export interface ClusterProgressApi {
  getClusterProgress(): Promise<ClusterProgress>;
}

export const clusterProgressApiRef = createApiRef<ClusterProgressApi>().with({ id: 'plugin.idp-environments.cluster-progress' });

export class ClusterProgressClient implements ClusterProgressApi {
  constructor(private readonly options: { discoveryApi: DiscoveryApi; fetchApi: FetchApi }) {}

  async getClusterProgress(): Promise<ClusterProgress> {
    const baseUrl = await this.options.discoveryApi.getBaseUrl('idp-environments');
    const response = await this.options.fetchApi.fetch(`${baseUrl}/cluster-progress`);
    if (!response.ok) throw await ResponseError.fromResponse(response);
    return (await response.json()) as ClusterProgress;
  }
}
