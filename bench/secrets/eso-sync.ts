/*
 * External Secrets store, write to visible: the time from `ExternalSecretsStore.write` until the
 * environment namespace's Secret holds the new value, synced by Slipway's build of the External
 * Secrets Operator from the kubernetes provider, over N writes of one secret on the local cluster.
 *
 *   bash bench/secrets/eso-bench.sh [N]     (default 10)
 */
import { ensureExternalSecretsOperator, ensureLocalCluster, loadKubeConfig } from '@internal/local-cluster';
import { ExternalSecretsStore } from '@internal/plugin-idp-secrets-backend/src/stores/ExternalSecretsStore';
import { KubernetesSecretProvider } from '@internal/plugin-idp-secrets-backend/src/stores/KubernetesSecretProvider';
import { CoreV1Api } from '@kubernetes/client-node';
import { randomBytes } from 'node:crypto';

const runs = Number(process.argv[2] ?? 10);
const stats = (ms: number[]) => {
  const sorted = [...ms].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)];
  return { median: at(0.5), p95: at(0.95), max: sorted[sorted.length - 1] };
};
const fmt = (n: number) => `${n.toFixed(0)} ms`;

async function main() {
  const cluster = await ensureLocalCluster();
  await ensureExternalSecretsOperator(cluster);
  // The platform identity's part (namespaces, reader, ClusterSecretStore) and the store both as admin:
  // this measures the sync path, not RBAC.
  const admin = loadKubeConfig(cluster.adminKubeconfig);
  const core = admin.makeApiClient(CoreV1Api);
  const provider = KubernetesSecretProvider.fromKubeConfig(admin, { apiServerUrl: cluster.server });
  const store = ExternalSecretsStore.fromKubeConfig(admin, provider);
  await provider.applyReaderObjects();
  await store.applyClusterSecretStore();
  const namespace = `bench-eso-${randomBytes(3).toString('hex')}`;
  await core.createNamespace({ body: { metadata: { name: namespace, labels: { 'app.kubernetes.io/managed-by': 'slipway' } } } });
  const target = { namespace, name: 'bench' };

  const visible = async (value: string, since: number) => {
    const encoded = Buffer.from(value).toString('base64');
    for (;;) {
      const secret = await core.readNamespacedSecret({ name: target.name, namespace }).catch(() => undefined);
      if (secret?.data?.value === encoded) return performance.now() - since;
      if (performance.now() - since > 60_000) throw new Error(`write not visible in ${namespace}/${target.name} after 60 s`);
      await new Promise(r => setTimeout(r, 10));
    }
  };

  const writes: number[] = [];
  const syncs: number[] = [];
  try {
    for (let version = 1; version <= runs; version++) {
      const value = randomBytes(16).toString('hex');
      const t0 = performance.now();
      await store.write(target, { set: { value }, remove: [] }, { version, updatedBy: 'user:default/bench' });
      writes.push(performance.now() - t0);
      syncs.push(await visible(value, t0));
    }
  } finally {
    await store.remove(target);
    await core.deleteNamespace({ name: namespace }).catch(() => undefined);
  }

  const w = stats(writes);
  const s = stats(syncs);
  console.log(`external-secrets store (kubernetes provider, Slipway's External Secrets Operator build), ${runs} writes of one secret`);
  console.log(`  store.write returns                  median ${fmt(w.median)}  p95 ${fmt(w.p95)}  max ${fmt(w.max)}`);
  console.log(`  write to visible in the namespace    median ${fmt(s.median)}  p95 ${fmt(s.p95)}  max ${fmt(s.max)}`);
}

main().catch(error => {
  console.error(error);
  process.exit(1);
});
