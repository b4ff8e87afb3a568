import { createApiRef } from '@backstage/frontend-plugin-api';
import { PriceSheet } from '@internal/plugin-idp-costs-common';

/** The costs backend, as the frontend sees it. */
export interface CostsApi {
  getPriceSheet(): Promise<PriceSheet>;
}

export const costsApiRef = createApiRef<CostsApi>().with({ id: 'plugin.idp-costs.api' });
