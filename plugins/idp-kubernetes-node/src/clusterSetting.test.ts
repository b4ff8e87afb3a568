/*
 * The one cluster setting (kubernetes.clusterLocatorMethods): which cluster is chosen, every
 * refusal naming its key, the pod's service account with a rotating token (against a stand-in
 * API server), and the real local control plane reached through the setting alone.
 */
import { ConfigReader } from '@backstage/config';
import { ensureLocalCluster } from '@internal/local-cluster';
import { CoreV1Api } from '@kubernetes/client-node';
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ClusterAccess } from './clusterAccess';
import { kubeConfigForSetting, selectClusterSetting } from './clusterSetting';

jest.setTimeout(60_000);

const cluster = (name: string, extra: Record<string, unknown> = {}) => ({ name, url: `https://${name}.example:6443`, authProvider: 'serviceAccount', serviceAccountToken: `token-${name}`, ...extra });
// Through JSON, as config data is: undefined values drop out.
const configWith = (clusters: object[], slipway?: object) =>
  new ConfigReader(JSON.parse(JSON.stringify({ kubernetes: { clusterLocatorMethods: [{ type: 'config', clusters }] }, ...(slipway ? { slipway } : {}) })));

describe('selectClusterSetting', () => {
  it('takes the first configured cluster, or the one slipway.kubernetes.cluster names', () => {
    const clusters = [cluster('east'), cluster('west', { caData: 'Q0E=' })];
    expect(selectClusterSetting(configWith(clusters))).toMatchObject({ name: 'east', url: 'https://east.example:6443', serviceAccountToken: 'token-east' });
    expect(selectClusterSetting(configWith(clusters, { kubernetes: { cluster: 'west' } }))).toMatchObject({
      name: 'west',
      caData: 'Q0E=',
      path: 'kubernetes.clusterLocatorMethods[0].clusters[1]',
    });
  });

  it('treats an empty token or CA (an unset ${VAR:-}) as not given', () => {
    expect(selectClusterSetting(configWith([cluster('local', { serviceAccountToken: '', caFile: ' ' })]))).toMatchObject({ serviceAccountToken: undefined, caFile: undefined });
  });

  it('refuses, naming the key, what it cannot work with', () => {
    expect(() => selectClusterSetting(new ConfigReader({}))).toThrow(/^No Kubernetes cluster configured: add one under kubernetes.clusterLocatorMethods .*SLIPWAY_CLUSTER_SERVER/);
    expect(() => selectClusterSetting(configWith([cluster('east'), cluster('west')], { kubernetes: { cluster: 'north' } }))).toThrow(
      "slipway.kubernetes.cluster is 'north', but kubernetes.clusterLocatorMethods has no cluster of that name (it has: east, west); give one of those names",
    );
    expect(() => selectClusterSetting(configWith([cluster('east', { authProvider: 'oidc' })]))).toThrow(/^kubernetes.clusterLocatorMethods\[0\].clusters\[0\].authProvider is 'oidc'/);
    expect(() => selectClusterSetting(configWith([cluster('east', { url: '' })]))).toThrow(/^kubernetes.clusterLocatorMethods\[0\].clusters\[0\].url is empty/);
  });
});

describe('kubeConfigForSetting', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'slipway-sa-'));
  });
  afterEach(() => {
    jest.useRealTimers();
    rmSync(dir, { recursive: true, force: true });
  });

  it('refuses a cluster without a token outside a pod, and a CA file that does not exist', () => {
    const setting = selectClusterSetting(configWith([cluster('east', { serviceAccountToken: undefined })]));
    expect(() => kubeConfigForSetting(setting, dir)).toThrow(
      `kubernetes.clusterLocatorMethods[0].clusters[0] (east) has no serviceAccountToken and the backend is not running in a pod (no ${dir}/token)`,
    );
    const withCa = selectClusterSetting(configWith([cluster('east', { caFile: join(dir, 'missing.crt') })]));
    expect(() => kubeConfigForSetting(withCa, dir)).toThrow(`kubernetes.clusterLocatorMethods[0].clusters[0].caFile is ${join(dir, 'missing.crt')}, which does not exist`);
  });

  it("without a token, in a pod, sends the pod's service account token and the rotated one once the kubelet replaced it", async () => {
    const seen: string[] = [];
    const server = createServer((req, res) => {
      seen.push(req.headers.authorization ?? '');
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify({ apiVersion: 'v1', kind: 'NamespaceList', metadata: {}, items: [] }));
    });
    await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
    try {
      writeFileSync(join(dir, 'token'), 'first-token');
      const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      const setting = selectClusterSetting(configWith([{ name: 'in-pod', url, authProvider: 'serviceAccount', skipTLSVerify: true }]));
      const access = new ClusterAccess(kubeConfigForSetting(setting, dir));
      await access.asService(CoreV1Api).listNamespace();
      writeFileSync(join(dir, 'token'), 'rotated-token');
      // client-node re-reads a token file once a minute, as client-go does.
      jest.useFakeTimers({ doNotFake: ['nextTick', 'setImmediate', 'setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'queueMicrotask', 'hrtime', 'performance'] });
      jest.setSystemTime(Date.now() + 61_000);
      await access.asService(CoreV1Api).listNamespace();
      expect(seen).toEqual(['Bearer first-token', 'Bearer rotated-token']);
    } finally {
      server.closeAllConnections();
      server.close();
    }
  });
});

/** The portal service account's token, from the kubeconfig the local cluster writes for it. */
const backendToken = (kubeconfig: string) => readFileSync(kubeconfig, 'utf8').match(/^\s*token:\s*(\S+)/m)?.[1];

describe('ClusterAccess.fromConfig against the local control plane', () => {
  it('reaches the cluster configured in kubernetes.clusterLocatorMethods, as the portal service account', async () => {
    const local = await ensureLocalCluster();
    const token = backendToken(local.backendKubeconfig);
    const access = ClusterAccess.fromConfig(configWith([{ name: 'local', url: local.server, authProvider: 'serviceAccount', serviceAccountToken: token, caFile: join(local.stateDir, 'pki', 'ca.crt') }]));
    expect(access.server).toBe(local.server);
    expect((await access.asService(CoreV1Api).readNamespace({ name: 'default' })).metadata?.name).toBe('default');
    // A wrong token is the API server's 401, not a silent fallback to another credential.
    const wrong = ClusterAccess.fromConfig(configWith([{ name: 'local', url: local.server, authProvider: 'serviceAccount', serviceAccountToken: 'not-a-token', caFile: join(local.stateDir, 'pki', 'ca.crt') }]));
    await expect(wrong.asService(CoreV1Api).readNamespace({ name: 'default' })).rejects.toMatchObject({ code: 401 });
  });

  it('reads the CA file once, not on every call', async () => {
    const local = await ensureLocalCluster();
    const token = backendToken(local.backendKubeconfig);
    const dir = mkdtempSync(join(tmpdir(), 'slipway-ca-'));
    const caFile = join(dir, 'ca.crt');
    copyFileSync(join(local.stateDir, 'pki', 'ca.crt'), caFile);
    try {
      const access = ClusterAccess.fromConfig(configWith([{ name: 'local', url: local.server, authProvider: 'serviceAccount', serviceAccountToken: token, caFile }]));
      rmSync(caFile);
      // Read from disk per call, this would fail with ENOENT.
      expect((await access.asService(CoreV1Api).readNamespace({ name: 'default' })).metadata?.name).toBe('default');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
