import { LoggerService } from '@backstage/backend-plugin-api';
import { ENVIRONMENT_LABELS, MANAGED_BY } from '@internal/plugin-idp-environments-common';
import { ClusterAccess } from '@internal/plugin-idp-kubernetes-node';
import {
  AppsV1Api,
  BatchV1Api,
  CoreV1Api,
  CoreV1Event,
  Informer,
  KubernetesListObject,
  KubernetesObject,
  ObjectCache,
  V1CronJob,
  V1Deployment,
  V1Job,
  V1Namespace,
  V1Pod,
  V1ReplicaSet,
} from '@kubernetes/client-node';

type Cached<T extends KubernetesObject> = Informer<T> & ObjectCache<T>;

// A watch that fails (API server restart, expired resourceVersion) is listed and watched again.
const RESTART_DELAY_MS = 2_000;
// How often the same watch failure is logged again.
const WARNING_INTERVAL_MS = 60_000;
// Objects per LIST page at start: the start's peak memory is a page, not the cluster twice over.
const PAGE_SIZE = 500;

/** What the pages never read: managedFields (about half of a pod's bytes) and the last-applied copy. */
function slim(object: KubernetesObject) {
  if (object.metadata) delete object.metadata.managedFields;
  // The last-applied annotation repeats the whole object.
  delete object.metadata?.annotations?.['kubectl.kubernetes.io/last-applied-configuration'];
}

type Page<T extends KubernetesObject> = (options: { limit: number; _continue?: string }) => Promise<KubernetesListObject<T>>;

/**
 * A kind listed page by page, each page slimmed as it arrives. The pages are one consistent
 * snapshot (the API server keeps the first page's resourceVersion through `continue`).
 */
function paged<T extends KubernetesObject>(page: Page<T>): () => Promise<KubernetesListObject<T>> {
  return async () => {
    const items: T[] = [];
    let next: KubernetesListObject<T> | undefined;
    do {
      next = await page({ limit: PAGE_SIZE, _continue: next?.metadata?._continue });
      for (const item of next.items) {
        slim(item);
        items.push(item);
      }
    } while (next.metadata?._continue);
    return { metadata: { resourceVersion: next.metadata?.resourceVersion }, items };
  };
}

/**
 * The Kubernetes objects the workloads pages read, kept current by list-then-watch: one LIST
 * per kind at start (in pages), then a watch each, so a request costs no API call at all. Objects
 * are kept without managedFields (about half of a pod's bytes), and only what the pages use.
 * `version(namespace)` tells views computed earlier whether they are still right.
 */
export class WorkloadCache {
  private readonly informers: Cached<KubernetesObject>[] = [];
  private stopped = false;
  /** Per namespace, the clock value of the last change to any object kept for it. */
  private readonly changes = new Map<string, number>();
  private clock = 0;
  private lastWarning = { kind: '', at: 0 };

  readonly namespaces: Cached<V1Namespace>;
  readonly pods: Cached<V1Pod>;
  readonly deployments: Cached<V1Deployment>;
  readonly replicaSets: Cached<V1ReplicaSet>;
  readonly jobs: Cached<V1Job>;
  readonly cronJobs: Cached<V1CronJob>;
  readonly events: Cached<CoreV1Event>;

  constructor(cluster: ClusterAccess, private readonly logger: LoggerService) {
    const core = cluster.asService(CoreV1Api);
    const apps = cluster.asService(AppsV1Api);
    const batch = cluster.asService(BatchV1Api);
    const managed = `${ENVIRONMENT_LABELS.managedBy}=${MANAGED_BY}`;
    this.namespaces = this.track(cluster.informerAsService('/api/v1/namespaces', paged(o => core.listNamespace({ ...o, labelSelector: managed })), managed));
    this.pods = this.track(cluster.informerAsService('/api/v1/pods', paged(o => core.listPodForAllNamespaces(o))));
    this.deployments = this.track(cluster.informerAsService('/apis/apps/v1/deployments', paged(o => apps.listDeploymentForAllNamespaces(o))));
    this.replicaSets = this.track(cluster.informerAsService('/apis/apps/v1/replicasets', paged(o => apps.listReplicaSetForAllNamespaces(o))));
    this.jobs = this.track(cluster.informerAsService('/apis/batch/v1/jobs', paged(o => batch.listJobForAllNamespaces(o))));
    this.cronJobs = this.track(cluster.informerAsService('/apis/batch/v1/cronjobs', paged(o => batch.listCronJobForAllNamespaces(o))));
    this.events = this.track(cluster.informerAsService('/api/v1/events', paged(o => core.listEventForAllNamespaces(o))));
  }

  private track<T extends KubernetesObject>(informer: Cached<T>): Cached<T> {
    // After the store changed (the informer calls back once it has), so a view computed for a
    // version always saw that version's objects.
    const touch = (object: T) => {
      const namespace = object.metadata?.namespace;
      if (namespace) this.changes.set(namespace, ++this.clock);
    };
    // Watched objects arrive whole; listed ones were slimmed page by page.
    informer.on('add', slim);
    informer.on('update', slim);
    informer.on('add', touch);
    informer.on('update', touch);
    informer.on('delete', touch);
    informer.on('error', error => {
      if (this.stopped) return;
      this.warnAtMostEveryMinute(`Watch failed, listing again in ${RESTART_DELAY_MS / 1000}s: ${error}`);
      setTimeout(() => {
        if (!this.stopped) informer.start().catch(e => this.logger.warn(`Could not restart a watch: ${e}`));
      }, RESTART_DELAY_MS);
    });
    this.informers.push(informer as unknown as Cached<KubernetesObject>);
    return informer;
  }

  /**
   * The same failure from seven watches every 2 s (a cluster still being built, or down) is one
   * warning a minute, not a flood; a new failure is logged at once.
   */
  private warnAtMostEveryMinute(message: string) {
    const now = Date.now();
    // The seven watches fail alike but each names its own URL.
    const kind = message.replace(/https?:\/\/\S+/g, '<url>');
    if (kind === this.lastWarning.kind && now - this.lastWarning.at < WARNING_INTERVAL_MS) return;
    this.lastWarning = { kind, at: now };
    this.logger.warn(message);
  }

  /** Lists every kind and starts the watches; resolves when the cache holds the cluster's state. */
  async start(): Promise<void> {
    const started = Date.now();
    await Promise.all(this.informers.map(informer => informer.start()));
    const counts = `${this.namespaces.list().length} environments, ${this.pods.list().length} pods, ${this.events.list().length} events`;
    this.logger.info(`Workload cache ready in ${Date.now() - started} ms: ${counts}`);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    await Promise.all(this.informers.map(informer => informer.stop()));
  }

  /**
   * Changes whenever a pod, Deployment, ReplicaSet, Job, CronJob or event of the namespace is
   * added, changed or removed (never repeats): views of the namespace computed at the same
   * version are still right.
   */
  version(namespace: string): number {
    return this.changes.get(namespace) ?? 0;
  }

  /** The environment's namespace, if Slipway manages it. */
  environment(namespace: string): V1Namespace | undefined {
    return this.namespaces.get(namespace);
  }
}
