import { createApiRef } from '@backstage/frontend-plugin-api';

/** Where secrets are kept and how an app spec references them. Never a value. */
export interface SecretStore {
  type: 'kubernetes';
  referenceFormat: string;
}

/** The secrets backend, as the frontend sees it. */
export interface SecretsApi {
  getStore(): Promise<SecretStore>;
}

export const secretsApiRef = createApiRef<SecretsApi>().with({ id: 'plugin.idp-secrets.api' });
