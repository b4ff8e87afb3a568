/*
 * What the real-cluster tests of this plugin share: waiting for the cluster to converge, and the
 * services that make alice (team-a), carol (team-b) and dave (platform admin) users of Slipway's
 * real permission policy.
 */
import { createServiceFactory } from '@backstage/backend-plugin-api';
import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { slipwayPolicyPermissionsFactory } from '@internal/plugin-permission-backend-module-slipway-policy/testUtils';
import { loadKubeConfig } from '@internal/local-cluster';
import { ClusterAccess, clusterAccessServiceRef } from '@internal/plugin-idp-kubernetes-node';
import { workloadsPlugin } from '../plugin';

export const alice = 'user:default/alice';
export const carol = 'user:default/carol';
/** A platform admin: sees every team's environments. */
export const dave = 'user:default/dave';
const OWNERSHIP: Record<string, string[]> = {
  [alice]: ['group:default/team-a'],
  [carol]: ['group:default/team-b'],
  [dave]: ['group:default/platform-admins'],
};
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

/** Slipway's own permission policy decides, for users whose teams come from OWNERSHIP. */
export function slipwayPermissions() {
  return slipwayPolicyPermissionsFactory({ ownership: OWNERSHIP });
}

/** The plugin on a test backend, against the local cluster as the portal's service account, with `slipway.workloads` config. */
export async function startWorkloadsBackend(backendKubeconfig: string, workloads: Record<string, any>, extraFeatures: Parameters<typeof startTestBackend>[0]['features'] = []) {
  const { server } = await startTestBackend({
    features: [
      ...(extraFeatures ?? []),
      workloadsPlugin,
      slipwayPermissions(),
      userInfoFactory,
      mockServices.rootConfig.factory({ data: { slipway: { workloads } } }),
      createServiceFactory({ service: clusterAccessServiceRef, deps: {}, factory: () => new ClusterAccess(loadKubeConfig(backendKubeconfig)) }),
    ],
  });
  return server;
}
