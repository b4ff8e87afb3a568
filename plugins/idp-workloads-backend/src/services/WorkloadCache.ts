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

/** Namespaces whose watches start at once: 200 environments start 8 × 6 LISTs at a time, not 1,200. */
const START_CONCURRENCY = 8;

/** The kinds watched in every environment, each by its namespaced LIST and watch path. */
type KindName = 'pods' | 'deployments' | 'replicaSets' | 'jobs' | 'cronJobs' | 'events';

/** One kind's objects across the environments, read as the informers of each namespace hold them. */
export interface NamespacedObjects<T extends KubernetesObject> {
  /** The namespace's objects (none when it is not a Slipway environment). */
  list(namespace: string): T[];
  get(name: string, namespace: string): T | undefined;
}

/** One environment's informers: one per kind, all watching only that namespace. */
type NamespaceWatches = { [K in KindName]: Cached<KubernetesObject> } & { stopped: boolean; started: Promise<void> };

/**
 * The Kubernetes objects the workloads pages read, kept current by list-then-watch, for Slipway's
 * environments only: Namespaces labelled as managed by Slipway are watched cluster-wide (by label
 * selector), and each of them gets its own namespaced LIST + watch per kind, started when it
 * appears and stopped when it goes. Nothing outside the environments (kube-system, other
 * tenants' pods and events) is listed, watched or kept. A request costs no API call at all.
 * Objects are kept without managedFields (about half of a pod's bytes), and only what the pages
 * use. `version(namespace)` tells views computed earlier whether they are still right.
 *
 * The cache is per backend process on purpose: it is a view of the cluster, which is the shared
 * state; every replica watches the same objects and answers the same.
 */
export class WorkloadCache {
  private stopped = false;
  /** Per namespace, the clock value of the last change to any object kept for it. */
  private readonly changes = new Map<string, number>();
  private clock = 0;
  private lastWarning = { kind: '', at: 0 };
  private readonly watches = new Map<string, NamespaceWatches>();
  private readonly queue: Array<() => void> = [];
  private starting = 0;

  readonly namespaces: Cached<V1Namespace>;
  readonly pods: NamespacedObjects<V1Pod>;
  readonly deployments: NamespacedObjects<V1Deployment>;
  readonly replicaSets: NamespacedObjects<V1ReplicaSet>;
  readonly jobs: NamespacedObjects<V1Job>;
  readonly cronJobs: NamespacedObjects<V1CronJob>;
  readonly events: NamespacedObjects<CoreV1Event>;

  private readonly informerFor: Record<KindName, (namespace: string) => Cached<KubernetesObject>>;

  constructor(cluster: ClusterAccess, private readonly logger: LoggerService) {
    const core = cluster.asService(CoreV1Api);
    const apps = cluster.asService(AppsV1Api);
    const batch = cluster.asService(BatchV1Api);
    const managed = `${ENVIRONMENT_LABELS.managedBy}=${MANAGED_BY}`;
    this.namespaces = this.track(
      cluster.informerAsService('/api/v1/namespaces', paged(o => core.listNamespace({ ...o, labelSelector: managed })), managed),
      () => !this.stopped,
    );
    this.namespaces.on('add', namespace => this.watch(namespace.metadata!.name!));
    this.namespaces.on('delete', namespace => this.unwatch(namespace.metadata!.name!));

    const informer = <T extends KubernetesObject>(path: (ns: string) => string, list: (ns: string) => Page<T>) => (namespace: string) =>
      cluster.informerAsService(path(namespace), paged(list(namespace))) as unknown as Cached<KubernetesObject>;
    this.informerFor = {
      pods: informer(ns => `/api/v1/namespaces/${ns}/pods`, namespace => o => core.listNamespacedPod({ ...o, namespace })),
      deployments: informer(ns => `/apis/apps/v1/namespaces/${ns}/deployments`, namespace => o => apps.listNamespacedDeployment({ ...o, namespace })),
      replicaSets: informer(ns => `/apis/apps/v1/namespaces/${ns}/replicasets`, namespace => o => apps.listNamespacedReplicaSet({ ...o, namespace })),
      jobs: informer(ns => `/apis/batch/v1/namespaces/${ns}/jobs`, namespace => o => batch.listNamespacedJob({ ...o, namespace })),
      cronJobs: informer(ns => `/apis/batch/v1/namespaces/${ns}/cronjobs`, namespace => o => batch.listNamespacedCronJob({ ...o, namespace })),
      events: informer(ns => `/api/v1/namespaces/${ns}/events`, namespace => o => core.listNamespacedEvent({ ...o, namespace })),
    };
    const objects = <T extends KubernetesObject>(kind: KindName): NamespacedObjects<T> => ({
      list: namespace => (this.watches.get(namespace)?.[kind].list(namespace) ?? []) as T[],
      get: (name, namespace) => this.watches.get(namespace)?.[kind].get(name, namespace) as T | undefined,
    });
    this.pods = objects('pods');
    this.deployments = objects('deployments');
    this.replicaSets = objects('replicaSets');
    this.jobs = objects('jobs');
    this.cronJobs = objects('cronJobs');
    this.events = objects('events');
  }

  /** Starts the namespace's watches (once), at most START_CONCURRENCY namespaces at a time. */
  private watch(namespace: string) {
    if (this.stopped || this.watches.has(namespace)) return;
    const set = { stopped: false } as NamespaceWatches;
    for (const kind of Object.keys(this.informerFor) as KindName[]) {
      set[kind] = this.track(this.informerFor[kind](namespace), () => !this.stopped && !set.stopped);
    }
    set.started = new Promise<void>(resolve => {
      this.queue.push(() => {
        const all = set.stopped ? Promise.resolve() : Promise.all((Object.keys(this.informerFor) as KindName[]).map(kind => set[kind].start()));
        all
          // Deleted while its LISTs were running: the watches opened since then are closed.
          .then(() => set.stopped && this.stopSet(namespace, set))
          .catch(error => this.logger.warn(`Could not start the watches of environment ${namespace}: ${error}`))
          .finally(() => {
            this.starting--;
            this.next();
            resolve();
          });
      });
      this.next();
    });
    this.watches.set(namespace, set);
  }

  private next() {
    while (this.starting < START_CONCURRENCY && this.queue.length > 0) {
      this.starting++;
      this.queue.shift()!();
    }
  }

  /** Stops a deleted environment's watches and forgets its objects. */
  private unwatch(namespace: string) {
    const set = this.watches.get(namespace);
    if (!set) return;
    set.stopped = true;
    this.watches.delete(namespace);
    this.changes.set(namespace, ++this.clock);
    this.stopSet(namespace, set);
  }

  private stopSet(namespace: string, set: NamespaceWatches) {
    for (const kind of Object.keys(this.informerFor) as KindName[]) {
      set[kind].stop().catch(error => this.logger.warn(`Could not stop a watch of environment ${namespace}: ${error}`));
    }
  }

  private track<T extends KubernetesObject>(informer: Cached<T>, live: () => boolean): Cached<T> {
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
      if (!live()) return;
      this.warnAtMostEveryMinute(`Watch failed, listing again in ${RESTART_DELAY_MS / 1000}s: ${error}`);
      setTimeout(() => {
        if (live()) informer.start().catch(e => this.logger.warn(`Could not restart a watch: ${e}`));
      }, RESTART_DELAY_MS);
    });
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

  /** Lists the environments and starts their watches; resolves when the cache holds their state. */
  async start(): Promise<void> {
    const started = Date.now();
    await this.namespaces.start();
    await Promise.all([...this.watches.values()].map(set => set.started));
    const namespaces = [...this.watches.keys()];
    const pods = namespaces.reduce((sum, ns) => sum + this.pods.list(ns).length, 0);
    const events = namespaces.reduce((sum, ns) => sum + this.events.list(ns).length, 0);
    this.logger.info(`Workload cache ready in ${Date.now() - started} ms: ${namespaces.length} environments, ${pods} pods, ${events} events (watched per environment)`);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.queue.length = 0;
    const sets = [...this.watches.values()];
    this.watches.clear();
    await Promise.all([
      this.namespaces.stop(),
      ...sets.flatMap(set => (Object.keys(this.informerFor) as KindName[]).map(kind => set[kind].stop())),
    ]);
  }

  /** The environments whose objects are being watched. */
  watchedNamespaces(): string[] {
    return [...this.watches.keys()];
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
