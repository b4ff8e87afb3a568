import { KubeConfig, User } from '@kubernetes/client-node';
import { readFile, stat } from 'node:fs/promises';
import { ClusterNotUpYetError } from './clusterNotUpYet';

type Authenticator = Parameters<KubeConfig['addAuthenticator']>[0];
type RequestOptions = Parameters<Authenticator['applyAuthentication']>[1];

/**
 * The kubeconfig auth provider this module reads:
 * `auth-provider: {name: slipway-token-file, config: {path: <token file>, caPath: <CA file>}}`.
 */
export const TOKEN_FILE_AUTH_PROVIDER = 'slipway-token-file';

/**
 * A bearer token (and the cluster's CA) read from files that may not exist yet and may change: what
 * the local cluster's script writes once the cluster is up (scripts/dev.sh starts the portal
 * first). Read when they appear, read again whenever they change, so the portal needs no restart.
 * While they are missing every call fails saying so, instead of a bare ENOENT.
 */
export class TokenFileAuthenticator implements Authenticator {
  private readonly files = new Map<string, { content: string; changedMs: number }>();

  isAuthProvider(user: User): boolean {
    return user.authProvider?.name === TOKEN_FILE_AUTH_PROVIDER && typeof user.authProvider?.config?.path === 'string';
  }

  async applyAuthentication(user: User, opts: RequestOptions): Promise<void> {
    const { path, caPath } = user.authProvider.config as { path: string; caPath?: string };
    const token = (await this.read(path, 'token')).trim();
    if (!token) throw new Error(`The cluster's token file ${path} is empty; run bash cluster/cluster.sh up to write it again.`);
    // client-node hands over a headers object (it makes one when there is none).
    const headers = (opts.headers ?? {}) as Record<string, string>;
    headers.Authorization = `Bearer ${token}`;
    opts.headers = headers;
    // The CA is made with the cluster too, so it is read here rather than as the cluster's caFile.
    if (caPath) opts.ca = Buffer.from(await this.read(caPath, 'CA'));
  }

  private async read(path: string, what: 'token' | 'CA'): Promise<string> {
    let changedMs: number;
    try {
      changedMs = (await stat(path)).mtimeMs;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
      throw new ClusterNotUpYetError(
        `The cluster's ${what} file ${path} does not exist yet: the local cluster is still being built or started (scripts/dev.sh prints its progress, the log is .slipway/logs/cluster.log). Calls to the cluster work once it is up, without a restart.`,
      );
    }
    let cached = this.files.get(path);
    if (!cached || cached.changedMs !== changedMs) {
      cached = { content: await readFile(path, 'utf8'), changedMs };
      this.files.set(path, cached);
    }
    return cached.content;
  }
}
