import { createApiRef } from '@backstage/frontend-plugin-api';
import { EnvironmentTypeDescription } from '@internal/plugin-idp-environments-common';

/** The environments backend, as the frontend sees it. */
export interface EnvironmentsApi {
  /** The environment types teams can create, with their TTLs and quotas. */
  listEnvironmentTypes(): Promise<EnvironmentTypeDescription[]>;
}

export const environmentsApiRef = createApiRef<EnvironmentsApi>().with({ id: 'plugin.idp-environments.api' });
