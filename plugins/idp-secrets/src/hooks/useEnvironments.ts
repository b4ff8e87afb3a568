import { discoveryApiRef, fetchApiRef, useApi } from '@backstage/frontend-plugin-api';
import { ResponseError } from '@backstage/errors';
import { Environment } from '@internal/plugin-idp-environments-common';
import useAsync from 'react-use/esm/useAsync';

/**
 * The environments the caller may see (`GET /api/idp-environments/environments`), active ones
 * sorted by namespace. Read here rather than through the environments plugin's client: a
 * frontend plugin does not import another.
 */
export function useEnvironments() {
  const discoveryApi = useApi(discoveryApiRef);
  const fetchApi = useApi(fetchApiRef);
  return useAsync(async (): Promise<Environment[]> => {
    const response = await fetchApi.fetch(`${await discoveryApi.getBaseUrl('idp-environments')}/environments`);
    if (!response.ok) throw await ResponseError.fromResponse(response);
    const { items } = (await response.json()) as { items: Environment[] };
    return items.filter(e => e.phase === 'Active').sort((a, b) => a.namespace.localeCompare(b.namespace));
  }, [discoveryApi, fetchApi]);
}
