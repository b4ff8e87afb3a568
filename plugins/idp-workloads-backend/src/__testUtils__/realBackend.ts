/*
 * What the real-cluster tests of this plugin share: waiting for the cluster to converge, and the
 * services that make alice (team-a) and carol (team-b) real users of Slipway's team policy.
 */
import { createServiceFactory } from '@backstage/backend-plugin-api';
import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { callerFromIdentity } from '@internal/plugin-idp-environments-common';
import { createEnvironmentConditionalDecision, environmentConditions } from '@internal/plugin-idp-environments-node';
import { loadKubeConfig } from '@internal/local-cluster';
import { ClusterAccess, clusterAccessServiceRef } from '@internal/plugin-idp-kubernetes-node';
import { workloadsPlugin } from '../plugin';

export const alice = 'user:default/alice';
export const carol = 'user:default/carol';
const OWNERSHIP: Record<string, string[]> = { [alice]: ['group:default/team-a'], [carol]: ['group:default/team-b'] };
const ownershipOf = (ref: string) => [ref, ...(OWNERSHIP[ref] ?? [])];

/** Probes until it returns a value (errors count as not yet). */
export async function eventually<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 60_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const value = await probe().catch(() => undefined);
    if (value !== undefined) return value;
    await new Promise(r => setTimeout(r, 300));
  }
  throw new Error(`Timed out waiting for ${what}`);
}

/** Team membership as the catalog would give it. */
export const userInfoFactory = createServiceFactory({
  service: mockServices.userInfo.factory().service,
  deps: {},
  factory: () =>
    ({
      async getUserInfo(credentials: { principal: { userEntityRef: string } }) {
        const ref = credentials.principal.userEntityRef;
        return { userEntityRef: ref, ownershipEntityRefs: ownershipOf(ref) };
      },
    }) as any,
});

/** Slipway's policy: a team's own environments, as a condition; nobody is an admin. */
export function teamPermissions() {
  const permissions = mockServices.permissions.mock();
  permissions.authorizeConditional.mockImplementation(async (requests, options) => {
    const ref = (options.credentials.principal as { userEntityRef: string }).userEntityRef;
    const caller = callerFromIdentity(ref, ownershipOf(ref));
    return requests.map(r => createEnvironmentConditionalDecision(r.permission as any, environmentConditions.isEnvironmentOfTeams({ teams: caller.teams }))) as any;
  });
  permissions.authorize.mockResolvedValue([{ result: AuthorizeResult.DENY }]);
  return permissions;
}

/** The plugin on a test backend, against the local cluster as the portal's service account, with `slipway.workloads` config. */
export async function startWorkloadsBackend(backendKubeconfig: string, workloads: Record<string, any>) {
  const { server } = await startTestBackend({
    features: [
      workloadsPlugin,
      teamPermissions().factory,
      userInfoFactory,
      mockServices.rootConfig.factory({ data: { slipway: { workloads } } }),
      createServiceFactory({ service: clusterAccessServiceRef, deps: {}, factory: () => new ClusterAccess(loadKubeConfig(backendKubeconfig)) }),
    ],
  });
  return server;
}
