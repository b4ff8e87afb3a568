/*
 * What N watches cost the process that holds them, over HTTP/2 (streams of shared connections, the
 * default) or HTTP/1.1 (a TLS connection each, through the shared watch agent: what servers without
 * HTTP/2 get, and what every watch got before): RSS, heap and external memory after GC, and the
 * connections, against the shared local cluster. Prints its figures; not a test.
 *
 *   bash bench/load/watch-memory.sh [--watches 1000]   (both transports, one after the other)
 */
import { ClusterAccess } from '@internal/plugin-idp-kubernetes-node';
import { ensureLocalCluster, loadKubeConfig } from '@internal/local-cluster';
import { CoreV1Api, KubeConfig, ListWatch, Watch } from '@kubernetes/client-node';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { withWatchAgent } from '../../plugins/idp-kubernetes-node/src/connectionReuse';

const { values } = parseArgs({ options: { watches: { type: 'string', default: '1000' }, http1: { type: 'boolean', default: false } } });
const WATCHES = Number(values.watches);
const sleep = (ms: number) => new Promise(resolve => setTimeout(resolve, ms));
const rssMbOf = (pid: number) => Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? NaN) / 1024;

function settle() {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (!gc) throw new Error('Run with node --expose-gc');
  for (let i = 0; i < 3; i++) gc();
  const m = process.memoryUsage();
  return { rss: m.rss / 2 ** 20, heap: m.heapUsed / 2 ** 20, external: (m.external + m.arrayBuffers) / 2 ** 20 };
}

async function main() {
  const local = await ensureLocalCluster();
  const kubeConfig: KubeConfig = loadKubeConfig(local.backendKubeconfig);
  const access = new ClusterAccess(kubeConfig);
  // HTTP/1.1 as ClusterAccess falls back to it: client-node's Watch with the shared watch agent.
  const http1Config = withWatchAgent(kubeConfig);
  const core = access.asService(CoreV1Api);
  const namespaces = (await core.listNamespace()).items.map(n => n.metadata!.name!);
  await core.listNamespacedConfigMap({ namespace: namespaces[0] });
  const apiServer = Number(readFileSync(join(local.stateDir, 'pids', 'kube-apiserver.pid'), 'utf8').trim());
  await sleep(500);
  const before = settle();
  const apiServerBefore = rssMbOf(apiServer);
  const informers = Array.from({ length: WATCHES }, (_, i) => {
    const namespace = namespaces[i % namespaces.length];
    const list = () => core.listNamespacedConfigMap({ namespace });
    const path = `/api/v1/namespaces/${namespace}/configmaps`;
    return values.http1 ? new ListWatch(path, new Watch(http1Config), list, false) : access.informerAsService(path, list);
  });
  for (let i = 0; i < informers.length; i += 25) await Promise.all(informers.slice(i, i + 25).map(informer => informer.start()));
  await sleep(3000);
  const after = settle();
  const apiServerAfter = rssMbOf(apiServer);
  const per = (a: number, b: number) => (((a - b) * 1024) / WATCHES).toFixed(1);
  console.log(
    `${WATCHES} watches over ${values.http1 ? 'HTTP/1.1' : 'HTTP/2'}: RSS +${(after.rss - before.rss).toFixed(1)} MB (${per(after.rss, before.rss)} KB each), ` +
      `heap +${(after.heap - before.heap).toFixed(1)} MB, external +${(after.external - before.external).toFixed(1)} MB; ` +
      `HTTP/2 connections ${access.watchConnections.size}; kube-apiserver RSS +${(apiServerAfter - apiServerBefore).toFixed(1)} MB`,
  );
  await Promise.all(informers.map(informer => informer.stop()));
  access.watchConnections.destroy();
}

main().then(
  () => process.exit(0),
  error => {
    console.error(error);
    process.exit(1);
  },
);
