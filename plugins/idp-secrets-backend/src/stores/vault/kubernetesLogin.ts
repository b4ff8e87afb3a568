import { readFile } from 'node:fs/promises';
import { parseJson, VaultHttpResponse, VaultRequestError } from './vaultHttp';

/**
 * Vault tokens from Kubernetes auth: `POST auth/<mount>/login {role, jwt}` with the pod's
 * ServiceAccount token, logging in again once 80 % of the lease has passed or when told to.
 */

export const DEFAULT_KUBERNETES_AUTH_MOUNT = 'kubernetes';
export const DEFAULT_SERVICE_ACCOUNT_TOKEN_FILE = '/var/run/secrets/kubernetes.io/serviceaccount/token';
/** A login token is replaced once this share of its lease has passed, so no call runs on an expiring one. */
const LEASE_RENEW_SHARE = 0.8;

export interface KubernetesAuth {
  role: string;
  /** Where the Kubernetes auth method is mounted; default `kubernetes`. */
  mountPath?: string;
  /** The pod's ServiceAccount token, read at every login (projected tokens rotate). */
  tokenFile?: string;
}

interface LoginToken {
  token: string;
  /** When to log in again (ms since epoch); Infinity for a token without a lease. */
  renewAt: number;
}

export class KubernetesLogin {
  private login?: Promise<LoginToken>;

  constructor(
    private readonly auth: KubernetesAuth,
    /** Sends an unauthenticated POST to Vault. */
    private readonly post: (apiPath: string, body: unknown) => Promise<VaultHttpResponse>,
    private readonly address: string,
    private readonly logger?: { info(message: string): void },
  ) {}

  async token(): Promise<string> {
    const pending = this.login;
    const current = pending && (await pending.catch(() => undefined));
    if (current && Date.now() < current.renewAt) return current.token;
    // Concurrent callers that saw the same expired login share the next one.
    if (this.login === pending) this.login = this.loginOnce();
    const fresh = this.login!;
    try {
      return (await fresh).token;
    } catch (error) {
      if (this.login === fresh) this.login = undefined;
      throw error;
    }
  }

  /** Vault refused the token (revoked, or its lease cut short): the next call logs in again. */
  forget(): void {
    this.login = undefined;
  }

  private async loginOnce(): Promise<LoginToken> {
    const { role } = this.auth;
    const tokenFile = this.auth.tokenFile ?? DEFAULT_SERVICE_ACCOUNT_TOKEN_FILE;
    let jwt: string;
    try {
      jwt = (await readFile(tokenFile, 'utf8')).trim();
    } catch (error) {
      throw new VaultRequestError(
        `Vault Kubernetes auth: cannot read the ServiceAccount token ${tokenFile} (${(error as NodeJS.ErrnoException).code ?? (error as Error).message}); ` +
          'run the backend with a mounted ServiceAccount token or set the token file',
      );
    }
    const path = `auth/${(this.auth.mountPath ?? DEFAULT_KUBERNETES_AUTH_MOUNT).replace(/^\/+|\/+$/g, '')}/login`;
    const started = Date.now();
    const res = await this.post(path, { role, jwt });
    const parsed = parseJson(res.text) as { auth?: { client_token?: string; lease_duration?: number }; errors?: unknown } | undefined;
    if (res.status !== 200 || !parsed?.auth?.client_token) {
      const messages = (Array.isArray(parsed?.errors) ? parsed.errors : []).filter((e): e is string => typeof e === 'string');
      const said = messages.length > 0 ? ` (${messages.join('; ').slice(0, 300)})` : '';
      throw new VaultRequestError(
        `Vault Kubernetes auth login at ${this.address}/v1/${path} answered ${res.status}${said}; ` +
          `check that role "${role}" exists and admits this ServiceAccount, and that Vault can review its tokens`,
        res.status,
      );
    }
    const lease = parsed.auth.lease_duration ?? 0;
    this.logger?.info(`Vault: logged in at ${this.address} with Kubernetes auth role "${role}" (lease ${lease} s)`);
    return { token: parsed.auth.client_token, renewAt: lease > 0 ? started + lease * 1000 * LEASE_RENEW_SHARE : Infinity };
  }
}
