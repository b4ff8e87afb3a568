/*
 * Watches as streams of shared HTTP/2 connections, against the real local API server; a TCP relay
 * in front of it freezes a connection the way a dead network path does.
 */
import { ensureLocalCluster, loadKubeConfig } from '@internal/local-cluster';
import { CoreV1Api, KubeConfig, KubernetesListObject, KubernetesObject, ListWatch, V1ConfigMap, Watch } from '@kubernetes/client-node';
import http2 from 'node:http2';
import https from 'node:https';
import net from 'node:net';
import { ClusterAccess } from './clusterAccess';
import { watchAgent } from './connectionReuse';
import { DEFAULT_KUBERNETES_DEADLINES } from './deadlines';
import { MultiplexedWatch, STREAMS_PER_CONNECTION } from './multiplexedWatch';
import { namespaceList, standInApiServer as standIn, standInHttpsApiServer as standInHttps } from './testing/standInApiServer';

jest.setTimeout(90_000);

let backendConfig: KubeConfig;
let stateDir: string;
let admin: CoreV1Api;
const namespace = `mux-${process.pid}`;

beforeAll(async () => {
  const local = await ensureLocalCluster();
  stateDir = local.stateDir;
  backendConfig = loadKubeConfig(local.backendKubeconfig);
  admin = loadKubeConfig(local.adminKubeconfig).makeApiClient(CoreV1Api);
  await admin.createNamespace({ body: { metadata: { name: namespace } } });
});

afterAll(async () => {
  await admin?.deleteNamespace({ name: namespace }).catch(() => undefined);
});

const configMapsOf = (access: ClusterAccess) => () => access.asService(CoreV1Api).listNamespacedConfigMap({ namespace });

function nextEvent<T>(informer: ListWatch<KubernetesObject>, event: 'add' | 'error', match: (o: any) => boolean = () => true): Promise<T> {
  return new Promise(resolve => {
    const handler = (o: any) => {
      if (!match(o)) return;
      informer.off(event as any, handler);
      resolve(o);
    };
    informer.on(event as any, handler);
  });
}

describe('watches over HTTP/2', () => {
  it('many watches are streams of one connection, and each sees its changes', async () => {
    const access = new ClusterAccess(backendConfig);
    const connect = jest.spyOn(http2, 'connect');
    const informers = Array.from({ length: 24 }, () => access.informerAsService(`/api/v1/namespaces/${namespace}/configmaps`, configMapsOf(access)));
    try {
      await Promise.all(informers.map(informer => informer.start()));
      expect(access.watchConnections.size).toBe(1);
      const seen = informers.map(informer => nextEvent<V1ConfigMap>(informer as ListWatch<KubernetesObject>, 'add', o => o.metadata?.name === 'seen-by-all'));
      await admin.createNamespacedConfigMap({ namespace, body: { metadata: { name: 'seen-by-all' }, data: { a: '1' } } });
      const added = await Promise.all(seen);
      expect(added.map(o => o.data?.a)).toEqual(informers.map(() => '1'));
      // One HTTP/2 connection for the 24 watches; none went through the HTTP/1.1 watch agent.
      expect(connect).toHaveBeenCalledTimes(1);
      const http1Watches = watchAgent((await backendConfig.applyToFetchOptions({})).agent as https.Agent) as https.Agent;
      expect(Object.values(http1Watches.sockets).flat()).toHaveLength(0);
    } finally {
      connect.mockRestore();
      await Promise.all(informers.map(informer => informer.stop()));
      access.watchConnections.destroy();
    }
  });

  it(`a connection carries at most ${STREAMS_PER_CONNECTION} watches; the next opens another`, async () => {
    const access = new ClusterAccess(backendConfig);
    const informers = Array.from({ length: STREAMS_PER_CONNECTION + 1 }, () => access.informerAsService(`/api/v1/namespaces/${namespace}/configmaps`, configMapsOf(access)));
    try {
      for (let i = 0; i < informers.length; i += 25) await Promise.all(informers.slice(i, i + 25).map(informer => informer.start()));
      expect(access.watchConnections.size).toBe(2);
    } finally {
      await Promise.all(informers.map(informer => informer.stop()));
      access.watchConnections.destroy();
    }
  });

  it('a watch the API server refuses ends with its status and message', async () => {
    const access = new ClusterAccess(backendConfig);
    // The backend's identity may not read Secrets in kube-system: the LIST is skipped (an empty one), the watch is refused.
    const emptyList = async (): Promise<KubernetesListObject<KubernetesObject>> => ({ apiVersion: 'v1', kind: 'SecretList', metadata: { resourceVersion: '0' }, items: [] });
    const informer = access.informerAsService('/api/v1/namespaces/kube-system/secrets', emptyList) as ListWatch<KubernetesObject>;
    try {
      const failed = nextEvent<Error & { statusCode: number }>(informer, 'error');
      await informer.start();
      const error = await failed;
      expect(error.statusCode).toBe(403);
      expect(error.message).toMatch(/secrets is forbidden: User "system:serviceaccount:[^"]+" cannot watch resource "secrets"/);
    } finally {
      await informer.stop();
      access.watchConnections.destroy();
    }
  });

  it('a connection that stops answering ends its watches within ping and timeout; they start again on a new one', async () => {
    const relay = await frozenableRelay(new URL(backendConfig.getCurrentCluster()!.server));
    const config = new KubeConfig();
    config.loadFromString(backendConfig.exportConfig());
    const cluster = config.getCurrentCluster()!;
    // The relay is on 127.0.0.1 too: the API server's certificate still matches.
    Object.assign(cluster, { server: `https://127.0.0.1:${relay.port}` });
    const access = new ClusterAccess(config, { ...DEFAULT_KUBERNETES_DEADLINES, watchPingMs: 300, watchPingTimeoutMs: 1_000 });
    const informer = access.informerAsService(`/api/v1/namespaces/${namespace}/configmaps`, configMapsOf(access)) as ListWatch<KubernetesObject>;
    try {
      const live = nextEvent<V1ConfigMap>(informer, 'add', o => o.metadata?.name === 'before-the-freeze');
      await informer.start();
      await admin.createNamespacedConfigMap({ namespace, body: { metadata: { name: 'before-the-freeze' } } });
      await live; // the watch is up: its connection is established
      expect(access.watchConnections.size).toBe(1);
      const failed = nextEvent<Error>(informer, 'error');
      const frozenAt = Date.now();
      relay.freeze();
      const error = await failed;
      expect(error.message).toMatch(/did not answer a ping within 1000 ms/);
      expect(Date.now() - frozenAt).toBeLessThan(4_000); // at most a ping interval and its timeout, with room for a loaded machine
      expect(access.watchConnections.size).toBe(0);

      relay.thaw();
      await informer.start();
      const seen = nextEvent<V1ConfigMap>(informer, 'add', o => o.metadata?.name === 'after-the-freeze');
      await admin.createNamespacedConfigMap({ namespace, body: { metadata: { name: 'after-the-freeze' } } });
      expect((await seen).metadata?.name).toBe('after-the-freeze');
      expect(access.watchConnections.size).toBe(1);
    } finally {
      await informer.stop();
      access.watchConnections.destroy();
      relay.close();
    }
  });

  it('the API server ends a watch (its timeout): done is called once, without an error', async () => {
    const access = new ClusterAccess(backendConfig);
    const watch = new MultiplexedWatch(backendConfig, access.watchConnections, new Watch(backendConfig));
    const done = jest.fn();
    const ended = new Promise<void>(resolve => done.mockImplementation(() => resolve()));
    const started = Date.now();
    try {
      await watch.watch(`/api/v1/namespaces/${namespace}/configmaps`, { timeoutSeconds: 1 }, () => undefined, done);
      await ended;
      expect(Date.now() - started).toBeGreaterThanOrEqual(900);
      await new Promise(resolve => setTimeout(resolve, 100));
      expect(done).toHaveBeenCalledTimes(1);
      expect(done).toHaveBeenCalledWith(null);
    } finally {
      access.watchConnections.destroy();
    }
  });

  it.each([
    ['refuses HTTP/2 in ALPN', true],
    ['offers no ALPN at all', false],
  ])('an HTTPS server that %s is watched over HTTP/1.1, with no error', async (_, alpn) => {
    const { server, kubeConfig: config } = await standInHttps(
      stateDir,
      (req, res) => {
        res.writeHead(200, { 'Content-Type': 'application/json' });
        if (req.url?.includes('watch=true')) {
          res.write(`${JSON.stringify({ type: 'ADDED', object: { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'over-http1', resourceVersion: '2' } } })}\n`);
          return; // held open, as a watch is
        }
        res.end(namespaceList);
      },
      alpn,
    );
    const access = new ClusterAccess(config);
    const informer = access.informerAsService('/api/v1/namespaces', () => access.asService(CoreV1Api).listNamespace()) as ListWatch<KubernetesObject>;
    const errors: unknown[] = [];
    informer.on('error', error => errors.push(error));
    try {
      const seen = nextEvent<KubernetesObject>(informer, 'add');
      await informer.start();
      expect((await seen).metadata?.name).toBe('over-http1');
      expect(errors).toEqual([]);
      expect(access.watchConnections.size).toBe(0);
    } finally {
      await informer.stop();
      access.watchConnections.destroy();
      server.closeAllConnections();
      server.close();
    }
  });

  it('a plain-HTTP server is watched over HTTP/1.1, as before', async () => {
    const { server, kubeConfig, calls } = await standIn((req, res) => {
      res.writeHead(200, { 'Content-Type': 'application/json' });
      if (req.url?.includes('watch=true')) {
        res.write(`${JSON.stringify({ type: 'ADDED', object: { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'over-http1', resourceVersion: '2' } } })}\n`);
        return; // held open, as a watch is
      }
      res.end(namespaceList);
    });
    const access = new ClusterAccess(kubeConfig);
    const informer = access.informerAsService('/api/v1/namespaces', () => access.asService(CoreV1Api).listNamespace()) as ListWatch<KubernetesObject>;
    try {
      const seen = nextEvent<KubernetesObject>(informer, 'add');
      await informer.start();
      expect((await seen).metadata?.name).toBe('over-http1');
      expect(calls.some(call => call.includes('watch=true'))).toBe(true);
      expect(access.watchConnections.size).toBe(0);
    } finally {
      await informer.stop();
      server.closeAllConnections();
      server.close();
    }
  });
});

/** A TCP relay to `target` whose connections can be frozen: bytes stop flowing both ways, as on a dead path. */
async function frozenableRelay(target: URL) {
  let frozen = false;
  const sockets = new Set<net.Socket>();
  const server = net.createServer(client => {
    const upstream = net.connect(Number(target.port), target.hostname);
    for (const socket of [client, upstream]) {
      sockets.add(socket);
      socket.on('error', () => undefined);
      socket.on('close', () => sockets.delete(socket));
    }
    const relay = (from: net.Socket, to: net.Socket) => from.on('data', chunk => !frozen && to.write(chunk));
    relay(client, upstream);
    relay(upstream, client);
    client.on('close', () => upstream.destroy());
    upstream.on('close', () => client.destroy());
  });
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as net.AddressInfo).port,
    // Frozen connections stay frozen (their bytes were dropped); new ones flow once thawed.
    freeze: () => {
      frozen = true;
    },
    thaw: () => {
      frozen = false;
      for (const socket of sockets) socket.destroy();
    },
    close: () => {
      for (const socket of sockets) socket.destroy();
      server.close();
    },
  };
}
