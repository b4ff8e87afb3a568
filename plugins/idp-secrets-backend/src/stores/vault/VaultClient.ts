import { readFileSync } from 'node:fs';
import { KubernetesAuth, KubernetesLogin } from './kubernetesLogin';
import { parseJson, sendVaultRequest, VaultHttpResponse, VaultRequestError, VaultUnreachableError } from './vaultHttp';

export { VaultRequestError } from './vaultHttp';
export { DEFAULT_KUBERNETES_AUTH_MOUNT, DEFAULT_SERVICE_ACCOUNT_TOKEN_FILE } from './kubernetesLogin';

/**
 * A small client of Vault's (and OpenBao's) HTTP API: the KV version 2 secrets engine on one mount,
 * authenticated by a static token or by Kubernetes auth. Values pass through and are never part of
 * an error or a log line; neither is the body of a data read.
 */

export const DEFAULT_KV_MOUNT = 'secret';
const DEFAULT_TIMEOUT_MS = 10_000;
const CAS_MISMATCH = 'check-and-set parameter did not match the current version';

export type VaultAuth = { method: 'token'; token: string } | ({ method: 'kubernetes' } & KubernetesAuth);

export interface VaultClientOptions {
  /** e.g. `https://vault.example.com:8200`. */
  address: string;
  /** The KV v2 mount; default `secret`. */
  mount?: string;
  /** Vault Enterprise / OpenBao namespace (`X-Vault-Namespace`). */
  namespace?: string;
  auth: VaultAuth;
  /** PEM file of the CA that signed Vault's certificate. */
  caFile?: string;
  /** Per call; default 10 s. */
  timeoutMs?: number;
  logger?: { info(message: string): void; warn(message: string): void };
}

/** A secret's version; `data` is null when that version was deleted or destroyed. */
export interface VaultSecretVersion {
  data: Record<string, string> | null;
  version: number;
}

export interface VaultSecretMetadata {
  currentVersion: number;
  oldestVersion: number;
  versions: number[];
}

export class VaultClient {
  private readonly address: string;
  private readonly mount: string;
  private readonly timeoutMs: number;
  private readonly ca?: string;
  private readonly kubernetesLogin?: KubernetesLogin;

  static create(options: VaultClientOptions): VaultClient {
    let ca: string | undefined;
    if (options.caFile) {
      try {
        ca = readFileSync(options.caFile, 'utf8');
      } catch (error) {
        throw new Error(`Vault: cannot read the CA file ${options.caFile} (${(error as Error).message}); set caFile to the PEM of the CA that signed Vault's certificate`);
      }
    }
    return new VaultClient(options, ca);
  }

  private constructor(
    private readonly options: VaultClientOptions,
    ca: string | undefined,
  ) {
    let url: URL;
    try {
      url = new URL(options.address);
    } catch {
      throw new Error(`Vault: address "${options.address}" is not a URL; set it like https://vault.example.com:8200`);
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new Error(`Vault: address "${options.address}" must start with https:// or http://`);
    this.address = url.origin;
    this.mount = (options.mount ?? DEFAULT_KV_MOUNT).replace(/^\/+|\/+$/g, '');
    this.timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    this.ca = ca;
    if (options.auth.method === 'kubernetes') {
      const post = (apiPath: string, body: unknown) => this.send('POST', apiPath, body, undefined);
      this.kubernetesLogin = new KubernetesLogin(options.auth, post, this.address, options.logger);
    }
  }

  /** The CA bundle Vault's certificate is checked against (for the External Secrets store's caBundle), if one was configured. */
  get caBundle(): string | undefined {
    return this.ca;
  }

  get kvMount(): string {
    return this.mount;
  }

  /** The server's origin, e.g. `https://vault.example.com:8200`. */
  get serverAddress(): string {
    return this.address;
  }

  get vaultNamespace(): string | undefined {
    return this.options.namespace;
  }

  /** The current version of the secret at `path`, or the given one; undefined when absent. */
  async readSecret(path: string, version?: number): Promise<VaultSecretVersion | undefined> {
    const query = version ? `?version=${version}` : '';
    const res = await this.call('GET', `${this.mount}/data/${encodePath(path)}${query}`, undefined, { sensitive: true, absentOk: true });
    const metadata = (res.body as { data?: { metadata?: { version?: number } } })?.data?.metadata;
    if (res.status === 404) return metadata?.version ? { data: null, version: metadata.version } : undefined;
    const data = (res.body as { data?: { data?: Record<string, string> | null } }).data?.data ?? null;
    return { data, version: metadata?.version ?? 0 };
  }

  /**
   * Writes a new version holding exactly `data`. With `cas`, Vault refuses the write unless the
   * secret's current version is `cas` (0: the secret must not exist). Returns the new version.
   */
  async writeSecret(path: string, data: Record<string, string>, cas?: number): Promise<number> {
    const body = cas === undefined ? { data } : { data, options: { cas } };
    const res = await this.call('POST', `${this.mount}/data/${encodePath(path)}`, body, { sensitive: true });
    return (res.body as { data?: { version?: number } }).data?.version ?? 0;
  }

  async readMetadata(path: string): Promise<VaultSecretMetadata | undefined> {
    const res = await this.call('GET', `${this.mount}/metadata/${encodePath(path)}`, undefined, { absentOk: true });
    if (res.status === 404) return undefined;
    const data = (res.body as { data: { current_version: number; oldest_version: number; versions?: Record<string, unknown> } }).data;
    return { currentVersion: data.current_version, oldestVersion: data.oldest_version, versions: Object.keys(data.versions ?? {}).map(Number) };
  }

  /** The direct children of `folder` (sub-folders end in `/`); none when absent. `GET ?list=true` is Vault's spelling of LIST. */
  async list(folder: string): Promise<string[]> {
    const folderPath = encodePath(folder);
    const res = await this.call('GET', `${this.mount}/metadata/${folderPath ? `${folderPath}/` : ''}?list=true`, undefined, { absentOk: true });
    if (res.status === 404) return [];
    return (res.body as { data: { keys: string[] } }).data.keys;
  }

  /** Deletes every version of the secret and its metadata; absent is fine. */
  async deleteSecret(path: string): Promise<void> {
    await this.call('DELETE', `${this.mount}/metadata/${encodePath(path)}`, undefined, { absentOk: true });
  }

  private async call(
    method: 'GET' | 'POST' | 'DELETE',
    apiPath: string,
    body: unknown,
    how: { sensitive?: boolean; absentOk?: boolean },
  ): Promise<{ status: number; body: unknown }> {
    let token = await this.token();
    let res = await this.send(method, apiPath, body, token);
    if (res.status === 403 && this.options.auth.method === 'kubernetes') {
      // The token may have been revoked or its lease cut short: one fresh login, one retry.
      this.options.logger?.warn(`Vault: ${method} ${this.url(apiPath)} was denied; logging in again with Kubernetes auth role "${this.options.auth.role}"`);
      this.kubernetesLogin?.forget();
      token = await this.token();
      res = await this.send(method, apiPath, body, token);
    }
    if (res.status === 204) return { status: 204, body: undefined };
    const parsed = parseJson(res.text);
    if (res.status === 200 || (res.status === 404 && how.absentOk)) {
      if (parsed === undefined && res.status === 200) {
        throw new VaultRequestError(`Vault ${method} ${this.url(apiPath)} answered 200 with a body that is not JSON; check the address points at Vault`, 200);
      }
      return { status: res.status, body: parsed };
    }
    throw this.failure(method, apiPath, res.status, parsed, how.sensitive === true);
  }

  private async send(method: 'GET' | 'POST' | 'DELETE', apiPath: string, body: unknown, token: string | undefined): Promise<VaultHttpResponse> {
    const headers: Record<string, string> = { 'X-Vault-Request': 'true' };
    if (token) headers['X-Vault-Token'] = token;
    if (this.options.namespace) headers['X-Vault-Namespace'] = this.options.namespace;
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    try {
      return await sendVaultRequest({
        method,
        url: new URL(`/v1/${apiPath}`, this.address),
        headers,
        body: body === undefined ? undefined : JSON.stringify(body),
        ca: this.ca,
        timeoutMs: this.timeoutMs,
      });
    } catch (error) {
      if (!(error instanceof VaultUnreachableError)) throw error;
      const tls = /CERT|SELF_SIGNED|UNABLE_TO_VERIFY|ERR_TLS/.test(error.reason);
      const check = tls
        ? `check that caFile holds the CA that signed Vault's certificate`
        : `check the Vault address and that Vault is reachable from the backend${error.timedOut ? ' (or raise the timeout)' : ''}`;
      throw new VaultRequestError(`Vault ${method} ${this.url(apiPath)} failed: ${error.reason}; ${check}`);
    }
  }

  /** Explains a refusal without repeating a data request's body or Vault's answer to it. */
  private failure(method: string, apiPath: string, status: number, parsed: unknown, sensitive: boolean): VaultRequestError {
    const errors = ((parsed as { errors?: unknown })?.errors ?? []) as unknown[];
    const messages = errors.filter((e): e is string => typeof e === 'string');
    const what = `Vault ${method} ${this.url(apiPath)} answered ${status}`;
    if (status === 400 && messages.some(m => m.includes(CAS_MISMATCH))) {
      return new VaultRequestError(`${what}: ${CAS_MISMATCH} (another write came in between); retry`, status, true);
    }
    const said = !sensitive && messages.length > 0 ? ` (${messages.join('; ').slice(0, 300)})` : '';
    const auth = this.options.auth;
    const identity = auth.method === 'token' ? 'the token' : `Kubernetes auth role "${auth.role}"`;
    const check: Record<number, string> = {
      400: `check that "${this.mount}" is a KV version 2 mount`,
      403: `check that ${identity} is valid and its policy allows this on ${this.mount}/`,
      404: `check the address, the KV mount "${this.mount}"${this.options.namespace ? ` and namespace "${this.options.namespace}"` : ''}`,
      503: 'Vault is sealed or in standby; check its status',
    };
    return new VaultRequestError(`${what}${said}; ${check[status] ?? 'check the Vault server logs'}`, status);
  }

  private url(apiPath: string): string {
    return `${this.address}/v1/${apiPath.replace(/\?.*$/, '')}`;
  }

  private async token(): Promise<string | undefined> {
    return this.options.auth.method === 'token' ? this.options.auth.token : this.kubernetesLogin?.token();
  }
}

function encodePath(path: string): string {
  const segments = path.split('/').filter(segment => segment !== '');
  // URL parsing resolves "." and ".." (encodeURIComponent keeps dots): such a path would address another team's secret.
  if (segments.some(segment => segment === '.' || segment === '..')) {
    throw new VaultRequestError(`The Vault path ${path} has a "." or ".." segment, which would address another secret; secret, environment and team names never are "." or ".."`);
  }
  return segments.map(encodeURIComponent).join('/');
}
