/*
 * Deadlines on every Kubernetes call: against a stand-in server that answers 503 once, hangs or
 * drops the connection, and against the real local API server paused with SIGSTOP.
 */
import { ConfigReader } from '@backstage/config';
import { ensureLocalCluster, loadKubeConfig } from '@internal/local-cluster';
import { CoreV1Api } from '@kubernetes/client-node';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ClusterAccess } from './clusterAccess';
import { DEFAULT_KUBERNETES_DEADLINES, KubernetesDeadlineError } from './deadlines';
import { namespaceList, standInApiServer as standIn } from './testing/standInApiServer';

jest.setTimeout(60_000);

describe('deadlines and retries of Kubernetes calls', () => {
  it('retries a read that got 503, and answers', async () => {
    const { server, kubeConfig, calls } = await standIn((_req, res, count) => {
      res.writeHead(count === 1 ? 503 : 200, { 'Content-Type': 'application/json' });
      res.end(count === 1 ? '{}' : namespaceList);
    });
    try {
      const list = await new ClusterAccess(kubeConfig).asService(CoreV1Api).listNamespace();
      expect(list.items).toEqual([]);
      expect(calls).toEqual(['GET /api/v1/namespaces', 'GET /api/v1/namespaces']);
    } finally {
      server.close();
    }
  });

  it('ends a hanging read after each attempt’s deadline with a clear error, and never repeats a create', async () => {
    const { server, kubeConfig, calls } = await standIn(() => undefined);
    try {
      const access = new ClusterAccess(kubeConfig, { ...DEFAULT_KUBERNETES_DEADLINES, readMs: 300, writeMs: 300, retries: 2 });
      const started = Date.now();
      const read = await access.asService(CoreV1Api).listNamespace().catch(e => e);
      expect(read).toBeInstanceOf(KubernetesDeadlineError);
      expect(read.message).toBe(
        'The Kubernetes API server did not answer GET /api/v1/namespaces within 0.3 s (3 attempts); it may be overloaded or down. Try again in a moment; if it persists, a platform admin checks the cluster',
      );
      expect(Date.now() - started).toBeLessThan(3 * 300 + 200 + 800 + 1000);
      calls.length = 0;
      const write = await access.asService(CoreV1Api).createNamespace({ body: { metadata: { name: 'x' } } }).catch(e => e);
      expect(write).toBeInstanceOf(KubernetesDeadlineError);
      expect(calls).toEqual(['POST /api/v1/namespaces']);
    } finally {
      server.closeAllConnections();
      server.close();
    }
  });

  it('a paused API server (SIGSTOP) yields the clear error within the deadline; it answers again once resumed', async () => {
    const local = await ensureLocalCluster();
    const pid = Number(readFileSync(join(local.stateDir, 'pids', 'kube-apiserver.pid'), 'utf8').trim());
    const access = new ClusterAccess(loadKubeConfig(local.backendKubeconfig), { ...DEFAULT_KUBERNETES_DEADLINES, readMs: 1_000, writeMs: 1_000, retries: 0 });
    await access.asService(CoreV1Api).listNamespace({ limit: 1 });
    const started = Date.now();
    process.kill(pid, 'SIGSTOP');
    let error: unknown;
    try {
      error = await access.asService(CoreV1Api).readNamespace({ name: 'default' }).catch(e => e);
    } finally {
      process.kill(pid, 'SIGCONT');
    }
    const elapsed = Date.now() - started;
    expect(error).toBeInstanceOf(KubernetesDeadlineError);
    expect((error as Error).message).toMatch(/^The Kubernetes API server did not answer GET \/api\/v1\/namespaces\/default within 1 s/);
    expect(elapsed).toBeGreaterThanOrEqual(950);
    expect(elapsed).toBeLessThan(2_500);
    expect((await access.asService(CoreV1Api).readNamespace({ name: 'default' })).metadata?.name).toBe('default');
  });
});

describe('slipway.kubernetes.timeouts', () => {
  const withTimeouts = (timeouts: Record<string, number>) =>
    new ConfigReader({
      kubernetes: { clusterLocatorMethods: [{ type: 'config', clusters: [{ name: 'c', url: 'https://127.0.0.1:1', authProvider: 'serviceAccount', serviceAccountToken: 't', skipTLSVerify: true }] }] },
      slipway: { kubernetes: { timeouts } },
    });

  it('sets each deadline, in seconds, and keeps the defaults for what it leaves out', () => {
    const access = ClusterAccess.fromConfig(withTimeouts({ readSeconds: 5, retries: 0, watchPingSeconds: 10, watchPingTimeoutSeconds: 2.5 }));
    expect(access.deadlines).toEqual({ ...DEFAULT_KUBERNETES_DEADLINES, readMs: 5_000, retries: 0, watchPingMs: 10_000, watchPingTimeoutMs: 2_500 });
  });

  it.each([
    ['watchPingSeconds', 0, 'slipway.kubernetes.timeouts.watchPingSeconds: give a number of seconds above 0, got 0'],
    ['watchPingTimeoutSeconds', -1, 'slipway.kubernetes.timeouts.watchPingTimeoutSeconds: give a number of seconds above 0, got -1'],
    ['writeSeconds', 0, 'slipway.kubernetes.timeouts.writeSeconds: give a number of seconds above 0, got 0'],
    ['retries', 6, 'slipway.kubernetes.timeouts.retries: give a whole number from 0 to 5, got 6'],
  ])('refuses %s: %p, naming the setting', (key, value, message) => {
    expect(() => ClusterAccess.fromConfig(withTimeouts({ [key]: value }))).toThrow(message);
  });
});
