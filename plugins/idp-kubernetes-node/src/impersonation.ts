import {
  Configuration,
  KubeConfig,
  PromiseHttpLibrary,
  RequestContext,
  ResponseContext,
  createConfiguration,
  wrapHttpLibrary,
} from '@kubernetes/client-node';
import { DEFAULT_KUBERNETES_DEADLINES, KubernetesDeadlines, sendWithDeadline } from './deadlines';
import { DotSegmentSafeServer } from './dotSegments';

/** Whom a request acts as: Kubernetes RBAC then decides with this user's and groups' bindings. */
export interface Impersonation {
  user: string;
  groups: string[];
}

/**
 * Sends requests with a deadline per call (see `sendWithDeadline`) and, when acting as a person,
 * one Impersonate-Group header per group: the generated clients keep one value per header name,
 * so the impersonation headers are added here, at the wire.
 */
class SlipwayHttpLibrary implements PromiseHttpLibrary {
  constructor(
    private readonly deadlines: KubernetesDeadlines,
    private readonly impersonation?: Impersonation,
  ) {}

  send(request: RequestContext): Promise<ResponseContext> {
    return sendWithDeadline(request, this.deadlines, headers => {
      if (!this.impersonation) return headers;
      const kept = headers.filter(([name]) => !name.toLowerCase().startsWith('impersonate-'));
      kept.push(['Impersonate-User', this.impersonation.user]);
      for (const group of this.impersonation.groups) kept.push(['Impersonate-Group', group]);
      return kept;
    });
  }
}

/**
 * A client configuration that authenticates with `kc` (which must be allowed to impersonate)
 * and acts as `impersonation`, so Kubernetes RBAC decides with the user's own bindings.
 * Use it with `new CoreV1Api(configuration)` and friends.
 */
export function impersonatingConfiguration(kc: KubeConfig, impersonation: Impersonation, deadlines: KubernetesDeadlines = DEFAULT_KUBERNETES_DEADLINES): Configuration {
  const cluster = kc.getCurrentCluster();
  if (!cluster) throw new Error('The kubeconfig has no current cluster');
  return createConfiguration({
    baseServer: new DotSegmentSafeServer(cluster.server, {}),
    authMethods: { default: kc },
    httpApi: wrapHttpLibrary(new SlipwayHttpLibrary(deadlines, impersonation)),
  });
}

/** A client configuration that authenticates with `kc` as itself, with deadlines on every call. */
export function serviceConfiguration(kc: KubeConfig, deadlines: KubernetesDeadlines = DEFAULT_KUBERNETES_DEADLINES): Configuration {
  const cluster = kc.getCurrentCluster();
  if (!cluster) throw new Error('The kubeconfig has no current cluster');
  return createConfiguration({
    baseServer: new DotSegmentSafeServer(cluster.server, {}),
    authMethods: { default: kc },
    httpApi: wrapHttpLibrary(new SlipwayHttpLibrary(deadlines)),
  });
}
