/*
 * A backend started before its cluster (scripts/dev.sh while the control plane is built): the
 * workload cache starts anyway and keeps trying, and its failing watch of the environments makes one
 * warning, not one every 2 s.
 */
import { mockServices } from '@backstage/backend-test-utils';
import { ClusterAccess } from '@internal/plugin-idp-kubernetes-node';
import { KubeConfig } from '@kubernetes/client-node';
import { createServer } from 'node:net';
import { WorkloadCache } from './WorkloadCache';

jest.setTimeout(30_000);

/** A loopback port nothing listens on. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  await new Promise<void>(resolve => server.close(() => resolve()));
  return port;
}

it('starts without a reachable cluster and warns once for the same failure', async () => {
  const kubeConfig = new KubeConfig();
  kubeConfig.loadFromOptions({
    clusters: [{ name: 'c', server: `https://127.0.0.1:${await closedPort()}`, skipTLSVerify: true }],
    users: [{ name: 'u', token: 'x' }],
    contexts: [{ name: 'x', cluster: 'c', user: 'u' }],
    currentContext: 'x',
  });
  const logger = mockServices.logger.mock();
  const cache = new WorkloadCache(new ClusterAccess(kubeConfig), logger);
  try {
    await cache.start();
    expect(cache.namespaces.list()).toEqual([]);
    // Two rounds of retries (every 2 s).
    await new Promise(resolve => setTimeout(resolve, 5_000));
    const warnings = logger.warn.mock.calls.map(([message]) => String(message));
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/Watch failed, listing again in 2s: .*ECONNREFUSED/);
  } finally {
    await cache.stop();
  }
});
