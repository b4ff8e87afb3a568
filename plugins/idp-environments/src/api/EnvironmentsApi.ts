import { createApiRef } from '@backstage/frontend-plugin-api';
import type { EnvironmentRunRatesView } from '@internal/plugin-idp-costs-common';
import { EnvironmentTypeDescription, QuotaChangeRequest } from '@internal/plugin-idp-environments-common';
import {
  CloneEnvironmentRequest,
  CloneEnvironmentResponse,
  CreateEnvironmentRequest,
  Environment,
  EnvironmentDetail,
} from './types';

/** The environments backend, as the frontend sees it. Failures reject with a `ResponseError`. */
export interface EnvironmentsApi {
  /** The environment types teams can create, with their TTLs and quotas. */
  listEnvironmentTypes(): Promise<EnvironmentTypeDescription[]>;
  /** The environments the caller may see, each with its quota usage. */
  listEnvironments(): Promise<EnvironmentDetail[]>;
  /** One environment with its quota usage. */
  getEnvironment(namespace: string): Promise<EnvironmentDetail>;
  createEnvironment(request: CreateEnvironmentRequest): Promise<Environment>;
  /** Sets a new TTL, counted from now. */
  extendEnvironment(namespace: string, ttlDays: number): Promise<Environment>;
  /** `confirm` must repeat the namespace. */
  deleteEnvironment(namespace: string, confirm: string): Promise<void>;
  cloneEnvironment(namespace: string, request: CloneEnvironmentRequest): Promise<CloneEnvironmentResponse>;
  /** Sets the team's own quota (tech leads and platform admins); the fields left out keep their value. */
  changeQuota(namespace: string, request: QuotaChangeRequest): Promise<EnvironmentDetail>;
  /** Each readable environment's monthly run-rate, from the costs backend (`GET /api/idp-costs/environments/run-rates`). */
  getRunRates(): Promise<EnvironmentRunRatesView>;
}

export const environmentsApiRef = createApiRef<EnvironmentsApi>().with({ id: 'plugin.idp-environments.api' });
