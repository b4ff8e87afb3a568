/*
 * A portal started before its cluster (scripts/dev.sh): the kubeconfig names the API server, the CA
 * file and a token file that `cluster/cluster.sh up` writes only once the cluster is up. The same
 * ClusterAccess then works without a restart. Against the real local API server.
 */
import { ConfigReader } from '@backstage/config';
import { ensureLocalCluster } from '@internal/local-cluster';
import { CoreV1Api } from '@kubernetes/client-node';
import { copyFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ClusterAccess } from './clusterAccess';

jest.setTimeout(30 * 60_000);

let dir: string;
afterAll(() => dir && rmSync(dir, { recursive: true, force: true }));

it('uses the cluster once its token file appears, through the same ClusterAccess', async () => {
  const cluster = await ensureLocalCluster();
  dir = mkdtempSync(join(tmpdir(), 'token-file-'));
  const tokenFile = join(dir, 'backend.token');
  const kubeconfigPath = join(dir, 'backend.kubeconfig');
  // What scripts/toolchain.sh start_cluster_in_background writes before the cluster exists.
  writeFileSync(
    kubeconfigPath,
    [
      'apiVersion: v1',
      'kind: Config',
      'clusters:',
      '- name: local',
      '  cluster:',
      `    server: ${cluster.server}`,
      'users:',
      '- name: slipway-backend',
      '  user:',
      '    auth-provider:',
      '      name: slipway-token-file',
      '      config:',
      `        path: ${tokenFile}`,
      `        caPath: ${join(cluster.stateDir, 'pki', 'ca.crt')}`,
      'contexts:',
      '- name: slipway-backend@local',
      '  context: {cluster: local, user: slipway-backend}',
      'current-context: slipway-backend@local',
      '',
    ].join('\n'),
  );
  const access = ClusterAccess.fromConfig(new ConfigReader({ slipway: { kubernetes: { kubeconfigPath } } }));
  expect(access.server).toBe(cluster.server);

  // No token yet: the call fails saying the cluster is not up yet, and nothing is remembered from it.
  await expect(access.asService(CoreV1Api).readNamespace({ name: 'slipway-system' })).rejects.toThrow(/backend\.token does not exist yet/);

  // The cluster script writes the token: the next call, through the same ClusterAccess, is the backend's ServiceAccount.
  copyFileSync(join(cluster.stateDir, 'backend.token'), tokenFile);
  const namespace = await access.asService(CoreV1Api).readNamespace({ name: 'slipway-system' });
  expect(namespace.metadata?.name).toBe('slipway-system');
});
