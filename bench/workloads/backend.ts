/*
 * The backend under test, in a child process of list-and-detail.ts so its memory is the
 * backend's alone (not the bench client's, nor the fixture's): startTestBackend (real HTTP on a
 * loopback port) with Slipway's workloads plugin and Backstage's Kubernetes plugin, sharing the
 * same auth, user info and permission services. Driven over IPC:
 *   parent → {type: 'start', options}   child → {type: 'started', port, startMs, memory}
 *   parent → {type: 'memory', gc}       child → {type: 'memory', memory}
 *   parent → {type: 'stop'}             child exits
 */
import { createServiceFactory, coreServices } from '@backstage/backend-plugin-api';
import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { loadKubeConfig } from '@internal/local-cluster';
import { ClusterAccess, clusterAccessServiceRef } from '@internal/plugin-idp-kubernetes-node';
import { workloadsPlugin } from '@internal/plugin-idp-workloads-backend/src/plugin';
import { Environment } from '@internal/plugin-idp-environments-common';
import { slipwayPolicyPermissions } from '@internal/plugin-permission-backend-module-slipway-policy/testUtils';

export interface BackendOptions {
  backendKubeconfig: string;
  server: string;
  serviceAccountToken: string;
  caFile: string;
  /** User entity ref → the group refs they own (their teams and tiers). */
  ownership: Record<string, string[]>;
  /** The fixture's environments, for the policy's conditional answers. */
  environments: Environment[];
  /** The catalog's entities, for the Kubernetes plugin's objects-for-entity. */
  entities: Entity[];
}

export type ToBackend = { type: 'start'; options: BackendOptions } | { type: 'memory'; gc: boolean } | { type: 'stop' };
export type FromBackend =
  | { type: 'started'; port: number; startMs: number; memory: NodeJS.MemoryUsage }
  | { type: 'memory'; memory: NodeJS.MemoryUsage }
  | { type: 'failed'; error: string };

const send = (message: FromBackend) => process.send!(message);
const collect = () => {
  const gc = (globalThis as { gc?: () => void }).gc;
  gc?.();
  gc?.();
};

async function start(options: BackendOptions) {
  const ownership = (ref: string) => [ref, ...(options.ownership[ref] ?? [])];
  // Slipway's real policy, answered in process (no HTTP hop to a permission backend), for both plugins;
  // conditional answers on an environment are resolved from the fixture's environments.
  const environments = new Map(options.environments.map(e => [e.namespace, e]));
  const permissions = slipwayPolicyPermissions({ ownership: options.ownership, environmentOf: namespace => environments.get(namespace) });
  const userInfo = {
    async getUserInfo(credentials: any) {
      const ref = credentials.principal.userEntityRef;
      return { userEntityRef: ref, ownershipEntityRefs: ownership(ref) };
    },
  };

  // Loaded before the first memory figure, so it counts code once, not the plugin's.
  const kubernetesPlugin = await import('@backstage/plugin-kubernetes-backend');
  collect();
  const before = process.memoryUsage();
  const t0 = Date.now();
  const backend = await startTestBackend({
    features: [
      workloadsPlugin,
      kubernetesPlugin.default,
      catalogServiceMock.factory({ entities: options.entities }),
      createServiceFactory({ service: coreServices.permissions, deps: {}, factory: () => permissions as any }),
      createServiceFactory({ service: coreServices.userInfo, deps: {}, factory: () => userInfo as any }),
      createServiceFactory({ service: clusterAccessServiceRef, deps: {}, factory: () => new ClusterAccess(loadKubeConfig(options.backendKubeconfig)) }),
      mockServices.rootLogger.factory({ level: 'warn' }),
      mockServices.rootConfig.factory({
        data: {
          // What app-config.yaml gives the portal: the cluster, as the slipway-backend service account.
          kubernetes: {
            serviceLocatorMethod: { type: 'multiTenant' },
            clusterLocatorMethods: [
              {
                type: 'config',
                clusters: [
                  { name: 'local', title: 'Local control plane', url: options.server, authProvider: 'serviceAccount', serviceAccountToken: options.serviceAccountToken, caFile: options.caFile },
                ],
              },
            ],
          },
        },
      }),
    ],
  });
  const startMs = Date.now() - t0;
  process.on('message', async (message: ToBackend) => {
    if (message.type === 'memory') {
      if (message.gc) collect();
      send({ type: 'memory', memory: process.memoryUsage() });
    } else if (message.type === 'stop') {
      await backend.stop().catch(() => undefined);
      process.exit(0);
    }
  });
  send({ type: 'started', port: (backend.server as unknown as { port(): number }).port(), startMs, memory: before });
}

process.once('message', (message: ToBackend) => {
  if (message.type !== 'start') return;
  start(message.options).catch(error => {
    send({ type: 'failed', error: String(error?.stack ?? error) });
    process.exit(1);
  });
});
// The bench going away takes the backend with it.
process.on('disconnect', () => process.exit(0));
