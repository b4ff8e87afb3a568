import { CloneResult, Environment } from '@internal/plugin-idp-environments-common';

/*
 * The REST contract of the idp-environments backend, as the UI reads it. The domain types
 * come from the -common package, so the UI and the backend agree by construction.
 */
export type {
  CloneResult,
  CreateEnvironmentRequest,
  Environment,
} from '@internal/plugin-idp-environments-common';

/** One line of an environment's ResourceQuota, as Kubernetes quantities (e.g. `250m` of `4`). */
export interface QuotaUsage {
  resource: string;
  used: string;
  hard: string;
}

export interface EnvironmentDetail extends Environment {
  quota: QuotaUsage[];
}

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
