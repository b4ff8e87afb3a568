import { LoggerService } from '@backstage/backend-plugin-api';
import { costSamples } from '@internal/plugin-idp-costs-common';
import { ClusterAccess } from '@internal/plugin-idp-kubernetes-node';
import { CoreV1Api } from '@kubernetes/client-node';
import { CostStore } from '../database/CostStore';
import { PriceBook } from '../services/PriceBook';
import { observeCluster } from './observe';
import { UsageSource } from './UsageSource';

/**
 * One sample of the cluster's cost: four cluster-wide LISTs (namespaces, pods, PVCs, nodes) and one
 * usage read, turned into cost rows at the prices in effect at `now`, stored with their rollups.
 * The scheduler runs it once per interval across replicas.
 */
export class CostSampler {
  constructor(
    private readonly deps: {
      cluster: ClusterAccess;
      usage: UsageSource;
      store: CostStore;
      priceBook: PriceBook;
      platformNamespaces: string[];
      intervalMinutes: number;
      logger: LoggerService;
    },
  ) {}

  async run(now = new Date()): Promise<{ rows: number }> {
    const { cluster, usage, store, priceBook, platformNamespaces, intervalMinutes } = this.deps;
    const core = cluster.asService(CoreV1Api);
    const [namespaces, pods, claims, nodes, containerUsage] = await Promise.all([
      core.listNamespace(),
      core.listPodForAllNamespaces(),
      core.listPersistentVolumeClaimForAllNamespaces(),
      core.listNode(),
      usage.containerUsage(now),
    ]);
    const { observations, capacity } = observeCluster(
      { namespaces: namespaces.items, pods: pods.items, claims: claims.items, nodes: nodes.items, usage: containerUsage },
      platformNamespaces,
    );
    await priceBook.reload();
    const rows = costSamples({ observations, capacity, prices: priceBook.at(now).prices, at: now.toISOString(), minutes: intervalMinutes });
    await store.recordSamples(rows);
    this.deps.logger.debug(`Cost sample at ${now.toISOString()}: ${rows.length} rows`);
    return { rows: rows.length };
  }
}
