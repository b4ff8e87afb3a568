/*
 * Kubernetes calls share connections: against a stand-in server that counts the connections it
 * accepts, and against the real local API server (TLS) through the agent its calls use.
 */
import { ensureLocalCluster, loadKubeConfig } from '@internal/local-cluster';
import { CoreV1Api } from '@kubernetes/client-node';
import https from 'node:https';
import tls from 'node:tls';
import { ClusterAccess } from './clusterAccess';
import { CALL_SOCKETS, reusableAgent, watchAgent } from './connectionReuse';
import { namespaceList, standInApiServer as standIn, standInHttpsApiServer as standInHttps } from './testing/standInApiServer';

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

describe('agents', () => {
  it('calls: at most CALL_SOCKETS connections, one TLS context; watches: another agent, uncapped, same context settings', () => {
    const built = new https.Agent({ ca: Buffer.from('ca three'), rejectUnauthorized: true });
    const calls = reusableAgent(built) as https.Agent & { options: Record<string, unknown> };
    const watches = watchAgent(built) as https.Agent & { options: Record<string, unknown> };
    expect(calls.maxSockets).toBe(CALL_SOCKETS);
    expect(watches).not.toBe(calls);
    expect(watches.maxSockets).toBe(Infinity);
    expect(watchAgent(new https.Agent({ ca: Buffer.from('ca three'), rejectUnauthorized: true }))).toBe(watches);
    expect(calls.options.secureContext).toBeDefined();
    expect(calls.options.rejectUnauthorized).toBe(true);
  });

  it('the real API server: a burst of 100 concurrent calls opens at most CALL_SOCKETS connections', async () => {
    const local = await ensureLocalCluster();
    const access = new ClusterAccess(loadKubeConfig(local.backendKubeconfig));
    const connect = jest.spyOn(https.Agent.prototype, 'createConnection');
    try {
      await Promise.all(Array.from({ length: 100 }, () => access.asService(CoreV1Api).readNamespace({ name: 'default' })));
      expect(connect.mock.calls.length).toBeLessThanOrEqual(CALL_SOCKETS);
    } finally {
      connect.mockRestore();
    }
  });

  it('watches a server without HTTP/2 takes over HTTP/1.1 share one agent, and every one after the first resumes the TLS session', async () => {
    const { server, kubeConfig } = await standInHttps((await ensureLocalCluster()).stateDir, (req, res) => {
      res.writeHead(200, { 'Content-Type': 'application/json' });
      if (!req.url?.includes('watch=true')) res.end(JSON.stringify({ kind: 'ConfigMapList', apiVersion: 'v1', metadata: { resourceVersion: '1' }, items: [] }));
      else res.flushHeaders(); // a watch is held open
    });
    const access = new ClusterAccess(kubeConfig);
    const core = access.asService(CoreV1Api);
    // The shared watch agent for this server's TLS settings (the same key the informers' watches get).
    const agent = watchAgent((await kubeConfig.applyToFetchOptions({})).agent as https.Agent) as https.Agent;
    const namespaces = ['one', 'two', 'three', 'four', 'five'];
    const informers = namespaces.map(namespace =>
      access.informerAsService(`/api/v1/namespaces/${namespace}/configmaps`, () => core.listNamespacedConfigMap({ namespace })),
    );
    try {
      // One after the other: a session can only be resumed once the first handshake has given a ticket.
      for (const informer of informers) {
        await informer.start();
        await new Promise(resolve => setTimeout(resolve, 20)); // the watch's request is on its socket
      }
      const sockets = Object.values(agent.sockets).flat() as tls.TLSSocket[];
      expect(sockets).toHaveLength(namespaces.length);
      expect(sockets.filter(socket => socket.isSessionReused()).length).toBeGreaterThanOrEqual(namespaces.length - 1);
    } finally {
      await Promise.all(informers.map(informer => informer.stop()));
      server.closeAllConnections();
      server.close();
    }
  });
});
