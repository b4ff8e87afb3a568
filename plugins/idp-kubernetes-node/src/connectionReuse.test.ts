/*
 * Kubernetes calls share connections: against a stand-in server that counts the connections it
 * accepts, and against the real local API server (TLS) through the agent its calls use.
 */
import { ensureLocalCluster, loadKubeConfig } from '@internal/local-cluster';
import { CoreV1Api } from '@kubernetes/client-node';
import https from 'node:https';
import { ClusterAccess } from './clusterAccess';
import { reusableAgent } from './connectionReuse';
import { namespaceList, standInApiServer as standIn } from './testing/standInApiServer';

jest.setTimeout(60_000);

describe('connections to the API server', () => {
  it('ten calls, one after the other, use one connection', async () => {
    const { server, kubeConfig } = await standIn((_req, res) => {
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.end(namespaceList);
    });
    let connections = 0;
    server.on('connection', () => connections++);
    try {
      const core = new ClusterAccess(kubeConfig).asService(CoreV1Api);
      for (let i = 0; i < 10; i++) await core.listNamespace();
      expect(connections).toBe(1);
    } finally {
      server.closeAllConnections();
      server.close();
    }
  });

  it('one agent per set of TLS settings; a proxy’s agent is left as it is', () => {
    const a = reusableAgent(new https.Agent({ ca: Buffer.from('ca one') }));
    expect(reusableAgent(new https.Agent({ ca: Buffer.from('ca one') }))).toBe(a);
    expect(reusableAgent(new https.Agent({ ca: Buffer.from('ca two') }))).not.toBe(a);
    expect(reusableAgent(new https.Agent({ ca: Buffer.from('ca one'), rejectUnauthorized: false }))).not.toBe(a);
    class ProxyAgent extends https.Agent {}
    const proxy = new ProxyAgent();
    expect(reusableAgent(proxy)).toBe(proxy);
    expect(reusableAgent(undefined)).toBeUndefined();
  });

  it('the real API server: calls over TLS reuse the connection, as the backend’s identity and as a person', async () => {
    const local = await ensureLocalCluster();
    const access = new ClusterAccess(loadKubeConfig(local.backendKubeconfig));
    // Every TLS connection an agent opens goes through createConnection.
    const connect = jest.spyOn(https.Agent.prototype, 'createConnection');
    try {
      for (let i = 0; i < 5; i++) await access.asService(CoreV1Api).readNamespace({ name: 'default' });
      for (let i = 0; i < 5; i++) await access.asUser(CoreV1Api, { user: 'alice', groups: ['team-a'] }).listNamespacedPod({ namespace: 'default' }).catch(() => undefined);
      expect(connect.mock.calls.length).toBeLessThanOrEqual(1);
    } finally {
      connect.mockRestore();
    }
  });
});
