import { CloneResult, Environment } from '@internal/plugin-idp-environments-common';

/*
 * The REST contract of the idp-environments backend, as the UI reads it. The domain types
 * come from the -common package, so the UI and the backend agree by construction.
 */
export type {
  CloneResult,
  CreateEnvironmentRequest,
  Environment,
  EnvironmentDetail,
  QuotaUsage,
} from '@internal/plugin-idp-environments-common';

/** Body of POST /environments/:namespace/clone (the source is in the path). */
export interface CloneEnvironmentRequest {
  name: string;
  type: Environment['type'];
  ttlDays?: number;
}

export interface CloneEnvironmentResponse {
  environment: Environment;
  objects: CloneResult[];
}
