import { ResponseError } from '@backstage/errors';
import { EnvironmentTypeDescription } from '@internal/plugin-idp-environments-common';
import { SecretsApi } from '@internal/plugin-idp-secrets-react';
import { WorkloadsApi } from '@internal/plugin-idp-workloads-react';
import { EnvironmentsApi } from '../api/EnvironmentsApi';
import { EnvironmentDetail } from '../api/types';

/** Test helpers: a fake EnvironmentsApi and sample data. Not exported from the package. */

export const sampleTypes: EnvironmentTypeDescription[] = [
  { type: 'development', ttlDays: 7, maxTtlDays: 30, quota: { cpu: '4', memory: '8Gi', pods: 20 } },
  { type: 'preview', ttlDays: 3, maxTtlDays: 14, quota: { cpu: '2', memory: '4Gi', pods: 10 } },
  { type: 'staging', ttlDays: 30, maxTtlDays: 90, quota: { cpu: '8', memory: '16Gi', pods: 40 } },
  { type: 'production', quota: { cpu: '32', memory: '64Gi', pods: 200 } },
];

export function sampleEnvironment(overrides: Partial<EnvironmentDetail> = {}): EnvironmentDetail {
  const team = overrides.team ?? 'team-a';
  const name = overrides.name ?? 'dev';
  return {
    team,
    name,
    namespace: `${team}-${name}`,
    type: 'development',
    owner: 'user:default/alice',
    createdAt: '2025-03-01T10:00:00Z',
    expiresAt: new Date(Date.now() + 3 * 24 * 3600 * 1000 + 3600 * 1000).toISOString(),
    protected: false,
    phase: 'Active',
    quota: [],
    ...overrides,
  };
}

const unexpected = (name: string) => () => Promise.reject(new Error(`unexpected call to ${name}`));

/** Every method rejects unless overridden. */
export function fakeEnvironmentsApi(overrides: Partial<EnvironmentsApi> = {}): EnvironmentsApi {
  return {
    listEnvironmentTypes: async () => sampleTypes,
    listEnvironments: unexpected('listEnvironments'),
    getEnvironment: unexpected('getEnvironment'),
    createEnvironment: unexpected('createEnvironment'),
    extendEnvironment: unexpected('extendEnvironment'),
    deleteEnvironment: unexpected('deleteEnvironment'),
    cloneEnvironment: unexpected('cloneEnvironment'),
    changeQuota: unexpected('changeQuota'),
    getRunRates: unexpected('getRunRates'),
    ...overrides,
  };
}

/** A ResponseError as EnvironmentsClient throws it for a Backstage JSON error. */
export async function responseError(status: number, name: string, message: string): Promise<ResponseError> {
  const response = new Response(JSON.stringify({ error: { name, message }, response: { statusCode: status } }), {
    status,
    headers: { 'content-type': 'application/json' },
  });
  return ResponseError.fromResponse(response as any);
}

/** The workloads shown on the detail page: none, unless a test says otherwise. */
export function fakeWorkloadsApi(overrides: Partial<WorkloadsApi> = {}): WorkloadsApi {
  return {
    getEnvironmentStatus: async (namespace: string) => ({ namespace, workloads: [], pods: [] }),
    listEnvironmentStatuses: async () => [],
    ...overrides,
  } as WorkloadsApi;
}

/** The secrets shown on the detail page's Secrets tab: none, unless a test says otherwise. */
export function fakeSecretsApi(overrides: Partial<SecretsApi> = {}): SecretsApi {
  return {
    getEnvironmentSecrets: async (namespace: string) => ({ namespace, team: 'team-a', environmentType: 'development', store: 'kubernetes', canWrite: true, secrets: [], missing: [] }),
    ...overrides,
  } as SecretsApi;
}
