/*
 * A portal started before its cluster (scripts/dev.sh): the cluster setting names the API server and
 * the CA file, and `slipway.kubernetes.tokenFile` a token file that `cluster/cluster.sh up` writes only
 * once the cluster is up. The same
 * ClusterAccess then works without a restart. Against the real local API server.
 */
import { ConfigReader } from '@backstage/config';
import { ensureLocalCluster } from '@internal/local-cluster';
import { CoreV1Api } from '@kubernetes/client-node';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
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
  // What app-config.yaml gives when scripts/dev.sh starts the portal before the cluster is up.
  const access = ClusterAccess.fromConfig(
    new ConfigReader({
      kubernetes: {
        clusterLocatorMethods: [
          { type: 'config', clusters: [{ name: 'local', url: cluster.server, authProvider: 'serviceAccount', serviceAccountToken: '', caFile: join(cluster.stateDir, 'pki', 'ca.crt') }] },
        ],
      },
      slipway: { kubernetes: { tokenFile } },
    }),
  );
  expect(access.server).toBe(cluster.server);

  // No token yet: the call fails saying the cluster is not up yet, and nothing is remembered from it.
  await expect(access.asService(CoreV1Api).readNamespace({ name: 'slipway-system' })).rejects.toThrow(/backend\.token does not exist yet/);

  // The cluster script writes the token: the next call, through the same ClusterAccess, is the backend's ServiceAccount.
  const token = readFileSync(cluster.backendKubeconfig, 'utf8').match(/^\s*token:\s*(\S+)/m)?.[1];
  expect(token).toBeTruthy();
  writeFileSync(tokenFile, token!);
  const namespace = await access.asService(CoreV1Api).readNamespace({ name: 'slipway-system' });
  expect(namespace.metadata?.name).toBe('slipway-system');
});
