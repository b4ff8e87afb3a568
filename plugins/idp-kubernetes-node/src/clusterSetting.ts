import { Config } from '@backstage/config';
import { KubeConfig } from '@kubernetes/client-node';
import { existsSync, readFileSync } from 'node:fs';
import { TOKEN_FILE_AUTH_PROVIDER, TokenFileAuthenticator } from './tokenFileAuthenticator';

/** Where a pod's service account token and CA are mounted (token rotated in place by the kubelet). */
export const POD_SERVICE_ACCOUNT_DIR = '/var/run/secrets/kubernetes.io/serviceaccount';

/**
 * One cluster from Backstage's own `kubernetes.clusterLocatorMethods` (type `config`): the one
 * setting every plugin, Slipway's and Backstage's Kubernetes plugin, reads its cluster from.
 */
export interface ClusterSetting {
  name: string;
  /** What people know it by in Backstage's Kubernetes views. */
  title?: string;
  url: string;
  /** Absent: the pod's service account token, re-read as it rotates. */
  serviceAccountToken?: string;
  caFile?: string;
  caData?: string;
  skipTLSVerify: boolean;
  /**
   * `slipway.kubernetes.tokenFile`: a file holding the token, read when it appears and whenever it
   * changes (the local cluster writes it, and its CA file, once it is up: scripts/dev.sh starts the
   * portal first). Used when `serviceAccountToken` is not given.
   */
  tokenFile?: string;
  /** Where it was found, for messages: `kubernetes.clusterLocatorMethods[0].clusters[1]`. */
  path: string;
}

const HOW =
  'add one under kubernetes.clusterLocatorMethods (type: config, clusters: [{ name, url, authProvider: serviceAccount, serviceAccountToken, caFile or caData }]); ' +
  'locally, scripts/dev.sh fills it from SLIPWAY_CLUSTER_SERVER, SLIPWAY_CLUSTER_TOKEN and SLIPWAY_CLUSTER_CA';

/**
 * A text value, where an empty one (an unset `${VAR:-}`) is "not given". Read raw: Backstage's
 * getOptionalString refuses empty strings.
 */
function given(config: Config, key: string, path: string): string | undefined {
  const value = config.getOptional(key);
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') throw new Error(`${path}.${key} must be text, got ${typeof value}`);
  return value.trim() === '' ? undefined : value.trim();
}

/**
 * The cluster Slipway works with: `slipway.kubernetes.cluster` names one of the configured
 * clusters, else the first. Every mistake stops the backend naming the key to fix.
 */
export function selectClusterSetting(config: Config): ClusterSetting {
  const clusters: ClusterSetting[] = [];
  (config.getOptionalConfigArray('kubernetes.clusterLocatorMethods') ?? []).forEach((method, m) => {
    if (method.getString('type') !== 'config') return;
    (method.getOptionalConfigArray('clusters') ?? []).forEach((cluster, c) => {
      const path = `kubernetes.clusterLocatorMethods[${m}].clusters[${c}]`;
      const authProvider = cluster.getOptionalString('authProvider') ?? 'serviceAccount';
      if (authProvider !== 'serviceAccount') {
        throw new Error(`${path}.authProvider is '${authProvider}': Slipway acts as its own service account and impersonates people, so give authProvider: serviceAccount`);
      }
      clusters.push({
        name: cluster.getString('name'),
        title: given(cluster, 'title', path),
        url: given(cluster, 'url', path) ?? '',
        serviceAccountToken: given(cluster, 'serviceAccountToken', path),
        caFile: given(cluster, 'caFile', path),
        caData: given(cluster, 'caData', path),
        skipTLSVerify: cluster.getOptionalBoolean('skipTLSVerify') ?? false,
        path,
      });
    });
  });
  if (clusters.length === 0) throw new Error(`No Kubernetes cluster configured: ${HOW}`);
  const wanted = config.getOptionalString('slipway.kubernetes.cluster');
  const chosen = wanted === undefined ? clusters[0] : clusters.find(cluster => cluster.name === wanted);
  if (!chosen) {
    throw new Error(
      `slipway.kubernetes.cluster is '${wanted}', but kubernetes.clusterLocatorMethods has no cluster of that name (it has: ${clusters.map(c => c.name).join(', ')}); give one of those names`,
    );
  }
  chosen.tokenFile = given(config, 'slipway.kubernetes.tokenFile', 'slipway');
  if (!chosen.url) throw new Error(`${chosen.path}.url is empty: give the API server's URL (locally SLIPWAY_CLUSTER_SERVER; in a pod https://kubernetes.default.svc)`);
  return chosen;
}

/**
 * A client-node KubeConfig for the setting. Without `serviceAccountToken` the backend must run
 * in a pod: the pod's token file is then read by client-node's tokenFile provider, which picks
 * up the kubelet's rotations.
 */
export function kubeConfigForSetting(setting: ClusterSetting, podServiceAccountDir: string = POD_SERVICE_ACCOUNT_DIR): KubeConfig {
  let user: Parameters<KubeConfig['loadFromOptions']>[0]['users'][number];
  if (setting.serviceAccountToken) {
    user = { name: 'slipway', token: setting.serviceAccountToken };
  } else if (setting.tokenFile) {
    // Token and CA may not exist yet: TokenFileAuthenticator reads both per call, so the cluster's caFile is not checked here.
    const kc = new KubeConfig();
    kc.addAuthenticator(new TokenFileAuthenticator());
    kc.loadFromOptions({
      clusters: [{ name: setting.name, server: setting.url, caData: setting.caData, skipTLSVerify: setting.skipTLSVerify }],
      users: [{ name: 'slipway', authProvider: { name: TOKEN_FILE_AUTH_PROVIDER, config: { path: setting.tokenFile, caPath: setting.caFile } } }],
      contexts: [{ name: setting.name, cluster: setting.name, user: 'slipway' }],
      currentContext: setting.name,
    });
    return kc;
  } else if (existsSync(`${podServiceAccountDir}/token`)) {
    user = { name: 'slipway', authProvider: { name: 'tokenFile', config: { tokenFile: `${podServiceAccountDir}/token` } } };
  } else {
    throw new Error(
      `${setting.path} (${setting.name}) has no serviceAccountToken and the backend is not running in a pod (no ${podServiceAccountDir}/token): ` +
        'give the portal service account\'s token (locally SLIPWAY_CLUSTER_TOKEN), or run the backend in a pod with its service account mounted',
    );
  }
  if (setting.caFile && !existsSync(setting.caFile)) {
    throw new Error(`${setting.path}.caFile is ${setting.caFile}, which does not exist: give the path of the cluster's CA certificate (locally SLIPWAY_CLUSTER_CA)`);
  }
  // The CA is read once, as client-go does: given as a file, client-node would read it from disk
  // again on every call (4% of the backend's CPU in a burst of creates).
  const caData = setting.caData ?? (setting.caFile ? readFileSync(setting.caFile).toString('base64') : undefined);
  const kc = new KubeConfig();
  kc.loadFromOptions({
    clusters: [{ name: setting.name, server: setting.url, caData, skipTLSVerify: setting.skipTLSVerify }],
    users: [user],
    contexts: [{ name: setting.name, cluster: setting.name, user: 'slipway' }],
    currentContext: setting.name,
  });
  return kc;
}
