import { KubeConfig } from '@kubernetes/client-node';
import { readFileSync } from 'node:fs';
import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import https from 'node:https';
import { AddressInfo } from 'node:net';
import { join } from 'node:path';

/** An empty NamespaceList, the answer most stand-in calls need. */
export const namespaceList = JSON.stringify({ apiVersion: 'v1', kind: 'NamespaceList', metadata: {}, items: [] });

/**
 * A stand-in API server on a loopback port that answers with `handle` and records each call
 * ("GET /api/v1/namespaces"), and a kubeconfig pointing at it. For tests of the transport
 * (deadlines, retries, connections); everything else runs against the real local cluster.
 */
export async function standInApiServer(
  handle: (req: IncomingMessage, res: ServerResponse, count: number) => void,
): Promise<{ server: Server; kubeConfig: KubeConfig; calls: string[] }> {
  const calls: string[] = [];
  const server = createServer((req, res) => {
    calls.push(`${req.method} ${req.url}`);
    handle(req, res, calls.length);
  });
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  const kubeConfig = new KubeConfig();
  kubeConfig.loadFromOptions({
    clusters: [{ name: 'c', server: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, skipTLSVerify: true }],
    users: [{ name: 'u', token: 'x' }],
    contexts: [{ name: 'x', cluster: 'c', user: 'u' }],
    currentContext: 'x',
  });
  return { server, kubeConfig, calls };
}

/**
 * A stand-in HTTPS server speaking only HTTP/1.1 (as some proxies in front of an API server do), with
 * the local cluster's serving certificate (`stateDir`/pki), and a kubeconfig that trusts it. `alpn`
 * false offers no ALPN at all; true (the default) offers "http/1.1" only, refusing "h2".
 */
export async function standInHttpsApiServer(
  stateDir: string,
  handle: (req: IncomingMessage, res: ServerResponse) => void,
  alpn = true,
): Promise<{ server: https.Server; kubeConfig: KubeConfig }> {
  const pki = join(stateDir, 'pki');
  const server = https.createServer(
    { cert: readFileSync(join(pki, 'apiserver.crt')), key: readFileSync(join(pki, 'apiserver.key')), ...(alpn ? { ALPNProtocols: ['http/1.1'] } : {}) },
    handle,
  );
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  const kubeConfig = new KubeConfig();
  kubeConfig.loadFromOptions({
    clusters: [{ name: 'c', server: `https://127.0.0.1:${(server.address() as AddressInfo).port}`, caData: readFileSync(join(pki, 'ca.crt')).toString('base64') }],
    users: [{ name: 'u', token: 'x' }],
    contexts: [{ name: 'x', cluster: 'c', user: 'u' }],
    currentContext: 'x',
  });
  return { server, kubeConfig };
}
