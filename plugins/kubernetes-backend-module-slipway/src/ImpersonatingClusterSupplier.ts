import { AuthService, BackstageCredentials, DiscoveryService, PermissionsService } from '@backstage/backend-plugin-api';
import { ANNOTATION_KUBERNETES_AUTH_PROVIDER } from '@backstage/plugin-kubernetes-common';
import { ClusterDetails, KubernetesClustersSupplier } from '@backstage/plugin-kubernetes-node';
import {
  ENVIRONMENT_LABELS,
  Environment,
  MANAGED_BY,
  SLIPWAY_LABEL_PREFIX,
  environmentFromNamespace,
  environmentReadPermission,
} from '@internal/plugin-idp-environments-common';
import { EnvironmentAuthorizer } from '@internal/plugin-idp-environments-node';
import { ClusterAccess } from '@internal/plugin-idp-kubernetes-node';
import { CoreV1Api } from '@kubernetes/client-node';
import { GATEWAY_PATH } from './impersonatingGateway';

/**
 * The auth strategy the Kubernetes plugin uses for Slipway's cluster. Named `serviceAccount`
 * because that is what the plugin's frontend knows as "the backend authenticates"; Slipway's
 * strategy replaces the built-in one entirely.
 */
export const AUTH_PROVIDER = 'serviceAccount';
/**
 * Server-side only: the on-behalf-of token the gateway accepts, never presented to browsers.
 * Kept under `serviceAccountToken` on purpose: with that key set, the plugin never swaps the
 * cluster for the pod's own in-cluster service account when the portal runs in Kubernetes.
 */
export const TOKEN_METADATA = 'serviceAccountToken';
/** What a service gets instead of a token: no credential at all (never the in-cluster one). */
export const NO_TOKEN = 'none';
/** Server-side only: the environments (namespace=team, comma-separated) the person may read. */
export const NAMESPACES_METADATA = `${SLIPWAY_LABEL_PREFIX}readable-environments`;

const NAMESPACE_LIST_TTL_MS = 10_000;

/**
 * The clusters Backstage's Kubernetes plugin sees: Slipway's one cluster, reached through the
 * impersonating gateway with a token on behalf of the person asking, plus the environments the
 * permission framework lets them read (so the plugin asks per namespace, where their RoleBindings
 * are, instead of cluster-wide). A service asking gets the cluster without a token: it can do nothing.
 */
export class ImpersonatingClusterSupplier implements KubernetesClustersSupplier {
  private namespaces?: { until: number; environments: Promise<Environment[]> };
  private readonly authorizer: EnvironmentAuthorizer;

  constructor(
    private readonly deps: {
      auth: AuthService;
      discovery: DiscoveryService;
      permissions: PermissionsService;
      cluster: ClusterAccess;
      name: string;
      title?: string;
    },
  ) {
    this.authorizer = new EnvironmentAuthorizer(deps.permissions);
  }

  async getClusters(options: { credentials: BackstageCredentials }): Promise<ClusterDetails[]> {
    const base: ClusterDetails = {
      name: this.deps.name,
      ...(this.deps.title ? { title: this.deps.title } : {}),
      url: `${await this.deps.discovery.getBaseUrl('kubernetes')}${GATEWAY_PATH}`,
      authMetadata: { [ANNOTATION_KUBERNETES_AUTH_PROVIDER]: AUTH_PROVIDER, [TOKEN_METADATA]: NO_TOKEN },
    };
    if ((options?.credentials?.principal as { type?: string } | undefined)?.type !== 'user') return [base];
    const [{ token }, readable] = await Promise.all([
      this.deps.auth.getPluginRequestToken({ onBehalfOf: options.credentials, targetPluginId: 'kubernetes' }),
      this.environments().then(all => this.authorizer.filter(options.credentials, environmentReadPermission, all)),
    ]);
    return [
      {
        ...base,
        authMetadata: {
          ...base.authMetadata,
          [TOKEN_METADATA]: token,
          [NAMESPACES_METADATA]: readable.map(e => `${e.namespace}=${e.team}`).join(','),
        },
      },
    ];
  }

  /** Slipway's environments, listed at most every 10 s (every page of the Kubernetes tab asks). */
  private environments(): Promise<Environment[]> {
    const now = Date.now();
    if (this.namespaces && this.namespaces.until > now) return this.namespaces.environments;
    const environments = this.deps.cluster
      .asService(CoreV1Api)
      .listNamespace({ labelSelector: `${ENVIRONMENT_LABELS.managedBy}=${MANAGED_BY}` })
      .then(list => list.items.map(environmentFromNamespace).filter((e): e is Environment => !!e));
    this.namespaces = { until: now + NAMESPACE_LIST_TTL_MS, environments };
    environments.catch(() => (this.namespaces = undefined));
    return environments;
  }
}

/** The readable environments recorded in a cluster's metadata, as namespace → team. */
export function readableEnvironments(authMetadata: Record<string, string>): Map<string, string> {
  const value = authMetadata[NAMESPACES_METADATA] ?? '';
  return new Map(
    value
      .split(',')
      .filter(Boolean)
      .map(pair => pair.split('=') as [string, string]),
  );
}
