import { useApi } from '@backstage/frontend-plugin-api';
import { formatMoney } from '@internal/plugin-idp-costs-common';
import useAsync from 'react-use/esm/useAsync';
import { environmentsApiRef } from '../api/EnvironmentsApi';

/**
 * Each environment's monthly run-rate in words (`USD 12.40`), by namespace; `—` for one the costs
 * backend does not know. Without a costs backend (not installed, failing) every row says `—`: the list never waits on it.
 */
export function useRunRates(): (namespace: string) => string {
  const environmentsApi = useApi(environmentsApiRef);
  const { value } = useAsync(async () => {
    try {
      return await environmentsApi.getRunRates();
    } catch {
      return undefined;
    }
  }, [environmentsApi]);
  const rates = new Map(value?.items.map(item => [item.namespace, item.monthlyRunRate]));
  return namespace => {
    const rate = rates.get(namespace);
    return rate === undefined || !value ? '—' : formatMoney(rate, value.currency);
  };
}
