import {
  Configuration,
  KubeConfig,
  PromiseHttpLibrary,
  RequestContext,
  ResponseContext,
  ServerConfiguration,
  createConfiguration,
  wrapHttpLibrary,
} from '@kubernetes/client-node';
import fetch from 'node-fetch';

/** Whom a request acts as: Kubernetes RBAC then decides with this user's and groups' bindings. */
export interface Impersonation {
  user: string;
  groups: string[];
}

/**
 * Sends requests with one Impersonate-Group header per group. The generated clients keep one
 * value per header name, so the impersonation headers are added here, at the wire.
 */
class ImpersonatingHttpLibrary implements PromiseHttpLibrary {
  constructor(private readonly impersonation: Impersonation) {}

  async send(request: RequestContext): Promise<ResponseContext> {
    const headers: [string, string][] = Object.entries(request.getHeaders()).filter(
      ([name]) => !name.toLowerCase().startsWith('impersonate-'),
    );
    headers.push(['Impersonate-User', this.impersonation.user]);
    for (const group of this.impersonation.groups) headers.push(['Impersonate-Group', group]);
    const res = await fetch(request.getUrl(), {
      method: request.getHttpMethod().toString(),
      body: request.getBody() as any,
      headers,
      signal: request.getSignal() as any,
      agent: request.getAgent(),
    });
    const responseHeaders: Record<string, string> = {};
    res.headers.forEach((value, name) => {
      responseHeaders[name] = value;
    });
    return new ResponseContext(res.status, responseHeaders, {
      text: () => res.text(),
      binary: () => res.buffer(),
    });
  }
}

/**
 * A client configuration that authenticates with `kc` (which must be allowed to impersonate)
 * and acts as `impersonation`, so Kubernetes RBAC decides with the user's own bindings.
 * Use it with `new CoreV1Api(configuration)` and friends.
 */
export function impersonatingConfiguration(kc: KubeConfig, impersonation: Impersonation): Configuration {
  const cluster = kc.getCurrentCluster();
  if (!cluster) throw new Error('The kubeconfig has no current cluster');
  return createConfiguration({
    baseServer: new ServerConfiguration(cluster.server, {}),
    authMethods: { default: kc },
    httpApi: wrapHttpLibrary(new ImpersonatingHttpLibrary(impersonation)),
  });
}
