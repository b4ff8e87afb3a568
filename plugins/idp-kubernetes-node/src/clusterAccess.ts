import { coreServices, createServiceFactory, createServiceRef } from '@backstage/backend-plugin-api';
import { Config } from '@backstage/config';
import { ApiType, Configuration, Informer, KubeConfig, KubernetesObject, KubernetesObjectApi, ListPromise, ListWatch, ObjectCache, Watch } from '@kubernetes/client-node';
import fetch, { Response } from 'node-fetch';
import { kubeConfigForSetting, selectClusterSetting } from './clusterSetting';
import { withWatchAgent } from './connectionReuse';
import { DEFAULT_KUBERNETES_DEADLINES, KubernetesDeadlines } from './deadlines';
import { refuseDotSegments } from './dotSegments';
import { Impersonation, impersonatingConfiguration, serviceConfiguration } from './impersonation';
import { MultiplexedWatch, WatchConnections } from './multiplexedWatch';

type ApiConstructor<T extends ApiType> = new (configuration: Configuration) => T;

/** KubernetesObjectApi over a configuration with deadlines (its own factory uses the plain one). */
class ObjectApiWithDeadlines extends KubernetesObjectApi {
  static create(kubeConfig: KubeConfig, deadlines: KubernetesDeadlines): KubernetesObjectApi {
    const client = new ObjectApiWithDeadlines(serviceConfiguration(kubeConfig, deadlines));
    client.setDefaultNamespace(kubeConfig);
    return client;
  }
}

/**
 * The portal's access to its cluster. Everything a user asks for goes through `asUser`, so
 * Kubernetes RBAC has the last word; `asService` is for what only the platform may do
 * (namespaces, quotas, role bindings) after the permission framework allowed it, and for
 * background work such as the TTL janitor.
 */
export class ClusterAccess {
  /** The HTTP/2 connections this access's watches share. */
  readonly watchConnections: WatchConnections;
  private readonly watcher: MultiplexedWatch;

  /**
   * The cluster from `kubernetes.clusterLocatorMethods`, the setting Backstage's Kubernetes
   * plugin reads too (see `selectClusterSetting`), so every plugin works with the same cluster.
   */
  static fromConfig(config: Config): ClusterAccess {
    return new ClusterAccess(kubeConfigForSetting(selectClusterSetting(config)), readDeadlines(config));
  }

  /** Every call through the generated clients has a deadline (`deadlines`), and safe ones are retried. */
  constructor(
    private readonly kubeConfig: KubeConfig,
    readonly deadlines: KubernetesDeadlines = DEFAULT_KUBERNETES_DEADLINES,
  ) {
    this.watchConnections = new WatchConnections({ pingEveryMs: deadlines.watchPingMs, pingTimeoutMs: deadlines.watchPingTimeoutMs });
    this.watcher = new MultiplexedWatch(kubeConfig, this.watchConnections, new Watch(withWatchAgent(kubeConfig)));
  }

  /** The API server URL, for messages. */
  get server(): string {
    return this.kubeConfig.getCurrentCluster()!.server;
  }

  asService<T extends ApiType>(Api: ApiConstructor<T>): T {
    return new Api(serviceConfiguration(this.kubeConfig, this.deadlines));
  }

  asUser<T extends ApiType>(Api: ApiConstructor<T>, impersonation: Impersonation): T {
    return new Api(impersonatingConfiguration(this.kubeConfig, impersonation, this.deadlines));
  }

  /** Generic object client (server-side apply of any kind) as the service identity. */
  objectsAsService(): KubernetesObjectApi {
    return ObjectApiWithDeadlines.create(this.kubeConfig, this.deadlines);
  }

  /**
   * A list-then-watch cache of one kind as the service identity (for caches the backend keeps). Its
   * watch is a stream of a connection shared with other watches (multiplexedWatch.ts).
   */
  informerAsService<T extends KubernetesObject>(path: string, list: ListPromise<T>, labelSelector?: string): Informer<T> & ObjectCache<T> {
    return new ListWatch(path, this.watcher, list, false, labelSelector);
  }

  /**
   * A raw request as the user, for what the generated clients cannot stream (following logs,
   * forwarding another plugin's request). Impersonation headers the caller passes in `headers`
   * are dropped: only `impersonation` reaches the API server. The caller owns the response body
   * and must consume or destroy it.
   */
  async fetchAsUser(
    path: string,
    impersonation: Impersonation,
    init: { signal?: AbortSignal; method?: string; headers?: [string, string][]; body?: NodeJS.ReadableStream } = {},
  ): Promise<Response> {
    refuseDotSegments(init.method ?? 'GET', path);
    const options = await this.kubeConfig.applyToFetchOptions({});
    const headers: [string, string][] = (init.headers ?? []).filter(([name]) => !isCredentialHeader(name));
    // A fetch Headers object, not a record: iterate it to keep the credentials.
    (options.headers as Headers | undefined)?.forEach((value, name) => headers.push([name, value]));
    headers.push(['Impersonate-User', impersonation.user]);
    for (const group of impersonation.groups) headers.push(['Impersonate-Group', group]);
    return fetch(`${this.server}${path}`, {
      method: init.method ?? 'GET',
      headers,
      body: init.body as any,
      agent: options.agent as any,
      signal: init.signal as any,
      redirect: 'manual',
    });
  }
}

/** `slipway.kubernetes.timeouts` (seconds): a typo or a non-positive number stops the backend naming the key. */
function readDeadlines(config: Config): KubernetesDeadlines {
  const timeouts = config.getOptionalConfig('slipway.kubernetes.timeouts');
  const seconds = (key: string, fallbackMs: number) => {
    const value = timeouts?.getOptionalNumber(key);
    if (value === undefined) return fallbackMs;
    if (!(value > 0)) throw new Error(`slipway.kubernetes.timeouts.${key}: give a number of seconds above 0, got ${value}`);
    return value * 1000;
  };
  const retries = timeouts?.getOptionalNumber('retries') ?? DEFAULT_KUBERNETES_DEADLINES.retries;
  if (!Number.isInteger(retries) || retries < 0 || retries > 5) throw new Error(`slipway.kubernetes.timeouts.retries: give a whole number from 0 to 5, got ${retries}`);
  return {
    readMs: seconds('readSeconds', DEFAULT_KUBERNETES_DEADLINES.readMs),
    writeMs: seconds('writeSeconds', DEFAULT_KUBERNETES_DEADLINES.writeMs),
    retries,
    watchPingMs: seconds('watchPingSeconds', DEFAULT_KUBERNETES_DEADLINES.watchPingMs),
    watchPingTimeoutMs: seconds('watchPingTimeoutSeconds', DEFAULT_KUBERNETES_DEADLINES.watchPingTimeoutMs),
  };
}

/** Headers that say who is asking: only Slipway sets them, never a caller. */
function isCredentialHeader(name: string): boolean {
  const lower = name.toLowerCase();
  return lower === 'authorization' || lower.startsWith('impersonate-');
}

export const clusterAccessServiceRef = createServiceRef<ClusterAccess>({
  id: 'slipway.cluster-access',
  scope: 'root',
  defaultFactory: async service =>
    createServiceFactory({
      service,
      deps: { config: coreServices.rootConfig },
      factory: ({ config }) => ClusterAccess.fromConfig(config),
    }),
});
