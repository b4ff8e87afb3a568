/*
 * A "." or ".." path segment never leaves the portal: URL parsing would resolve it, so a Pod named
 * ".." would address its namespace. Unit cases, a stand-in server that must see no request, and the
 * real API server, where the same call without the guard deletes the namespace.
 */
import { ensureLocalCluster, loadKubeConfig } from '@internal/local-cluster';
import { AppsV1Api, CoreV1Api } from '@kubernetes/client-node';
import { randomBytes } from 'node:crypto';
import { ClusterAccess } from './clusterAccess';
import { refuseDotSegments } from './dotSegments';
import { namespaceList, standInApiServer } from './testing/standInApiServer';

jest.setTimeout(60_000);

describe('refuseDotSegments', () => {
  it.each([
    'https://127.0.0.1:6443/api/v1/namespaces/team-a-dev/pods/..',
    'https://127.0.0.1:6443/api/v1/namespaces/team-a-dev/pods/.',
    'https://127.0.0.1:6443/api/v1/namespaces/team-a-dev/pods/%2e%2E',
    'https://127.0.0.1:6443/api/v1/namespaces/team-a-dev/pods/.%2e/log?follow=true',
    'https://127.0.0.1:6443/apis/apps/v1/namespaces/team-a-dev/deployments/../scale',
    '/api/v1/namespaces/team-a-dev/pods/..\\x',
    '/api/v1/namespaces/team-a-dev/pods/..?x=1',
  ])('refuses %s as a 404 naming the segment', url => {
    expect(() => refuseDotSegments('DELETE', url)).toThrow(expect.objectContaining({ name: 'NotFoundError', message: expect.stringMatching(/names "(\.|\.\.|%2e%2E|\.%2e)", and a Kubernetes name is never "\." or "\.\."/) }));
  });

  it.each([
    'https://127.0.0.1:6443/api/v1/namespaces/team-a-dev/pods/web-1',
    'https://127.0.0.1:6443/api/v1/namespaces/team-a-dev/secrets/db.credentials',
    'https://127.0.0.1:6443/api/v1/namespaces/team-a-dev/pods/a..b',
    // client-node encodes "%" in a name, so "%2e" in a name is "%252e" on the wire: not a dot.
    'https://127.0.0.1:6443/api/v1/namespaces/team-a-dev/pods/%252e%252e',
    '/api/v1/namespaces/team-a-dev/pods?labelSelector=a%3D..',
    'https://127.0.0.1:6443/',
  ])('lets %s through', url => {
    expect(() => refuseDotSegments('GET', url)).not.toThrow();
  });
});

describe('calls with a "." or ".." name', () => {
  it('never reach the server, through the generated clients or a raw request', async () => {
    const { server, kubeConfig, calls } = await standInApiServer((_req, res) => {
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.end(namespaceList);
    });
    try {
      const access = new ClusterAccess(kubeConfig);
      const alice = { user: 'alice', groups: ['team-a'] };
      await expect(access.asUser(CoreV1Api, alice).deleteNamespacedPod({ name: '..', namespace: 'team-a-dev' })).rejects.toMatchObject({ name: 'NotFoundError' });
      await expect(access.asService(AppsV1Api).readNamespacedDeployment({ name: '.', namespace: 'team-a-dev' })).rejects.toMatchObject({ name: 'NotFoundError' });
      await expect(access.fetchAsUser('/api/v1/namespaces/team-a-dev/pods/%2e%2e/log', alice)).rejects.toMatchObject({ name: 'NotFoundError' });
      expect(calls).toEqual([]);
      // The same clients still reach the server with a real name.
      await access.asService(CoreV1Api).listNamespace();
      expect(calls).toEqual(['GET /api/v1/namespaces']);
    } finally {
      server.close();
    }
  });

  it('the real API server: deleting the Pod ".." as the portal leaves the namespace alone (unguarded, it deletes the namespace)', async () => {
    const local = await ensureLocalCluster();
    const admin = loadKubeConfig(local.adminKubeconfig).makeApiClient(CoreV1Api);
    const namespace = `team-a-dots-${randomBytes(3).toString('hex')}`;
    // A Slipway namespace: the portal's own identity may delete it, so only the guard stands between.
    await admin.createNamespace({ body: { metadata: { name: namespace, labels: { 'app.kubernetes.io/managed-by': 'slipway', 'slipway.dev/team': 'team-a' } } } });
    try {
      const access = new ClusterAccess(loadKubeConfig(local.backendKubeconfig));
      for (const name of ['..', '.']) {
        await expect(access.asService(CoreV1Api).deleteNamespacedPod({ name, namespace })).rejects.toMatchObject({
          name: 'NotFoundError',
          message: expect.stringContaining(`DELETE /api/v1/namespaces/${namespace}/pods/${name} names "${name}"`),
        });
      }
      const after = await admin.readNamespace({ name: namespace });
      expect(after.metadata?.deletionTimestamp).toBeUndefined();
      expect(after.status?.phase).toBe('Active');
    } finally {
      await admin.deleteNamespace({ name: namespace }).catch(() => undefined);
    }
  });
});
