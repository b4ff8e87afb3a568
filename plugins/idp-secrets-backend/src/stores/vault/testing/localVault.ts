import { randomBytes, randomUUID } from 'node:crypto';
import { createServer as createHttpServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import { AddressInfo } from 'node:net';
import { KvAnswer, LocalVaultKv } from './localVaultKv';

/**
 * A stand-in for a Vault / OpenBao server, for tests: neither server builds on this machine. It speaks
 * the HTTP API Slipway's VaultClient and the External Secrets Operator's vault provider use, with
 * Vault's status codes and response shapes: KV v2 (data, metadata, list), token lookup-self and
 * revoke-self, Kubernetes auth login (the JWT checked by a real TokenReview), sys/health.
 */

/** The `status` of a Kubernetes TokenReview, as the API server answers it. */
export interface TokenReviewStatus {
  authenticated?: boolean;
  user?: { username?: string; uid?: string };
  error?: string;
}

export interface LocalVaultKubernetesAuth {
  /** Where the auth method is mounted (`auth/<mountPath>/login`); default `kubernetes`. */
  mountPath?: string;
  role: string;
  /** The ServiceAccounts the role admits (Vault's `bound_service_account_names/namespaces`). */
  boundServiceAccounts: Array<{ namespace: string; name: string }>;
  /** Lifetime of the tokens a login issues; default 3600. */
  tokenTtlSeconds?: number;
  /** Asks an API server whether the JWT is a valid ServiceAccount token (Vault's token reviewer). */
  tokenReviewer: (jwt: string) => Promise<TokenReviewStatus>;
}

export interface LocalVaultOptions {
  /** The root token; random when absent. */
  token?: string;
  /** KV v2 mounts; default `['secret']`. */
  mounts?: string[];
  /** When set, every request but sys/health must name this Vault Enterprise namespace (`X-Vault-Namespace`). */
  namespace?: string;
  kubernetesAuth?: LocalVaultKubernetesAuth;
  /** Serve HTTPS with this certificate and key (PEM). */
  tls?: { cert: string; key: string };
}

/** What a request asked for and the status it got; never its body or token. */
export interface LocalVaultRequest {
  method: string;
  path: string;
  query: string;
  namespace?: string;
  status?: number;
}

export interface LocalVault {
  /** `http://127.0.0.1:<port>` (or https). */
  address: string;
  rootToken: string;
  requests: LocalVaultRequest[];
  /** Successful Kubernetes auth logins. */
  logins: number;
  /** Revokes every token a login issued, as an expired lease or an operator would. */
  revokeLoginTokens(): void;
  close(): Promise<void>;
}

interface TokenEntry {
  policies: string[];
  path: string;
  accessor: string;
  issuedAt: Date;
  ttlSeconds: number;
  meta: Record<string, string> | null;
}

type Answer = { status: number; body?: unknown };

const PERMISSION_DENIED: Answer = { status: 403, body: { errors: ['permission denied'] } };

function envelope(data: unknown, extra: Record<string, unknown> = {}) {
  return { request_id: randomUUID(), lease_id: '', renewable: false, lease_duration: 0, data, wrap_info: null, warnings: null, auth: null, ...extra };
}

function fromKv(answer: KvAnswer): Answer {
  if (answer.status === 204) return { status: 204 };
  if (answer.status === 200) return { status: 200, body: envelope(answer.data, { mount_type: 'kv' }) };
  // Vault answers a deleted version with a 404 that still carries the version's metadata.
  return { status: answer.status, body: answer.data ? envelope(answer.data, { mount_type: 'kv' }) : { errors: answer.errors } };
}

const noRoute = (path: string): Answer => ({ status: 404, body: { errors: [`no handler for route "${path}". route entry not found.`] } });
const unsupported: Answer = { status: 405, body: { errors: ['1 error occurred:\n\t* unsupported operation\n\n'] } };

async function readJson(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const text = Buffer.concat(chunks).toString('utf8');
  return text ? JSON.parse(text) : {};
}

const randomToken = (prefix: string) => `${prefix}${randomBytes(18).toString('base64url')}`;

export async function startLocalVault(options: LocalVaultOptions = {}): Promise<LocalVault> {
  const rootToken = options.token ?? randomToken('hvs.');
  const mounts = new Map((options.mounts ?? ['secret']).map(mount => [mount, new LocalVaultKv()]));
  const tokens = new Map<string, TokenEntry>([
    [rootToken, { policies: ['root'], path: 'auth/token/root', accessor: randomToken(''), issuedAt: new Date(), ttlSeconds: 0, meta: null }],
  ]);
  const k8s = options.kubernetesAuth;
  const k8sLoginPath = `auth/${k8s?.mountPath ?? 'kubernetes'}/login`;
  const server: Server = options.tls ? createHttpsServer(options.tls, handle) : createHttpServer(handle);
  const vault: LocalVault = {
    address: '',
    rootToken,
    requests: [],
    logins: 0,
    revokeLoginTokens: () => {
      for (const [token, entry] of tokens) if (entry.path !== 'auth/token/root') tokens.delete(token);
    },
    close: () => new Promise(resolve => server.close(() => resolve())),
  };

  const liveToken = (token: string | undefined) => {
    const entry = token ? tokens.get(token) : undefined;
    if (!token || !entry) return undefined;
    if (entry.ttlSeconds > 0 && Date.now() >= entry.issuedAt.getTime() + entry.ttlSeconds * 1000) {
      tokens.delete(token);
      return undefined;
    }
    return entry;
  };

  async function kubernetesLogin(body: { role?: unknown; jwt?: unknown }): Promise<Answer> {
    if (!k8s) return noRoute(k8sLoginPath);
    if (typeof body.role !== 'string' || !body.role) return { status: 400, body: { errors: ['missing role'] } };
    if (typeof body.jwt !== 'string' || !body.jwt) return { status: 400, body: { errors: ['missing jwt'] } };
    if (body.role !== k8s.role) return { status: 400, body: { errors: [`invalid role name "${body.role}"`] } };
    let review: TokenReviewStatus;
    try {
      review = await k8s.tokenReviewer(body.jwt);
    } catch (error) {
      return { status: 500, body: { errors: [`lookup failed: ${(error as Error).message}`] } };
    }
    if (!review.authenticated) return PERMISSION_DENIED;
    const [, namespace, name] = (review.user?.username ?? '').match(/^system:serviceaccount:([^:]+):([^:]+)$/) ?? [];
    if (!k8s.boundServiceAccounts.some(sa => sa.name === name)) return { status: 403, body: { errors: ['service account name not authorized'] } };
    if (!k8s.boundServiceAccounts.some(sa => sa.name === name && sa.namespace === namespace)) {
      return { status: 403, body: { errors: ['namespace not authorized'] } };
    }
    const token = randomToken('hvs.');
    const ttlSeconds = k8s.tokenTtlSeconds ?? 3600;
    const meta = { role: k8s.role, service_account_name: name, service_account_namespace: namespace, service_account_uid: review.user?.uid ?? '' };
    const entry: TokenEntry = { policies: ['default', k8s.role], path: k8sLoginPath, accessor: randomToken(''), issuedAt: new Date(), ttlSeconds, meta };
    tokens.set(token, entry);
    vault.logins += 1;
    const auth = {
      client_token: token,
      accessor: entry.accessor,
      policies: entry.policies,
      token_policies: entry.policies,
      metadata: meta,
      lease_duration: ttlSeconds,
      renewable: true,
      entity_id: randomUUID(),
      token_type: 'service',
      orphan: true,
      mfa_requirement: null,
      num_uses: 0,
    };
    return { status: 200, body: envelope(null, { auth }) };
  }

  function lookupSelf(token: string, entry: TokenEntry): Answer {
    const expires = entry.ttlSeconds > 0 ? new Date(entry.issuedAt.getTime() + entry.ttlSeconds * 1000) : undefined;
    const ttl = expires ? Math.max(0, Math.floor((expires.getTime() - Date.now()) / 1000)) : 0;
    const issued = entry.issuedAt.toISOString();
    return {
      status: 200,
      body: envelope({
        accessor: entry.accessor,
        creation_time: Math.floor(entry.issuedAt.getTime() / 1000),
        creation_ttl: entry.ttlSeconds,
        display_name: entry.path === 'auth/token/root' ? 'root' : `kubernetes-${entry.meta?.service_account_namespace}-${entry.meta?.service_account_name}`,
        entity_id: '',
        expire_time: expires?.toISOString() ?? null,
        explicit_max_ttl: 0,
        id: token,
        issue_time: issued,
        meta: entry.meta,
        num_uses: 0,
        orphan: true,
        path: entry.path,
        policies: entry.policies,
        renewable: entry.ttlSeconds > 0,
        ttl,
        type: 'service',
      }),
    };
  }

  function kv(method: string, path: string, query: URLSearchParams, body: unknown): Answer {
    const list = query.get('list') === 'true';
    const [mount, kind, ...rest] = path.split('/');
    const store = mounts.get(mount);
    const secretPath = rest.join('/');
    if (!store || (kind !== 'data' && kind !== 'metadata')) return noRoute(path);
    if (kind === 'metadata' && (method === 'LIST' || (method === 'GET' && list))) return fromKv(store.list(secretPath));
    if (!secretPath) return noRoute(path);
    if (kind === 'data') {
      if (method === 'GET') return fromKv(store.read(secretPath, Number(query.get('version') ?? 0)));
      if (method === 'POST' || method === 'PUT') return fromKv(store.write(secretPath, body));
      if (method === 'DELETE') return fromKv(store.deleteLatest(secretPath));
      return unsupported;
    }
    if (method === 'GET') return fromKv(store.readMetadata(secretPath));
    if (method === 'DELETE') return fromKv(store.deleteMetadata(secretPath));
    return unsupported;
  }

  async function answer(req: IncomingMessage, record: LocalVaultRequest): Promise<Answer> {
    const url = new URL(req.url ?? '/', 'http://local-vault');
    const method = (req.method ?? 'GET').toUpperCase();
    const namespace = req.headers['x-vault-namespace'] as string | undefined;
    if (!url.pathname.startsWith('/v1/')) return { status: 404, body: { errors: [] } };
    const path = url.pathname.slice('/v1/'.length).split('/').map(decodeURIComponent).join('/').replace(/\/$/, '');
    Object.assign(record, { method, path, query: url.search, ...(namespace ? { namespace } : {}) });
    if (path === 'sys/health' && (method === 'GET' || method === 'HEAD')) {
      const health = { initialized: true, sealed: false, standby: false, performance_standby: false, replication_performance_mode: 'disabled' };
      return { status: 200, body: { ...health, replication_dr_mode: 'disabled', server_time_utc: Math.floor(Date.now() / 1000), version: '1.19.0+slipway-stand-in' } };
    }
    if ((options.namespace ?? '') !== (namespace ?? '').replace(/^\/|\/$/g, '')) return noRoute(path);
    let body: unknown;
    try {
      body = method === 'POST' || method === 'PUT' ? await readJson(req) : undefined;
    } catch (error) {
      return { status: 400, body: { errors: [`failed to parse JSON input: ${(error as Error).message}`] } };
    }
    if (path === k8sLoginPath && (method === 'POST' || method === 'PUT')) return kubernetesLogin((body ?? {}) as { role?: unknown; jwt?: unknown });
    const token = req.headers['x-vault-token'] as string | undefined;
    const entry = liveToken(token);
    if (!token || !entry) return PERMISSION_DENIED;
    if (path === 'auth/token/lookup-self' && (method === 'GET' || method === 'POST')) return lookupSelf(token, entry);
    if (path === 'auth/token/revoke-self' && (method === 'POST' || method === 'PUT')) {
      tokens.delete(token);
      return { status: 204 };
    }
    return kv(method, path, url.searchParams, body);
  }

  function handle(req: IncomingMessage, res: ServerResponse) {
    const record: LocalVaultRequest = { method: req.method ?? '', path: req.url ?? '', query: '' };
    vault.requests.push(record);
    answer(req, record)
      .catch((error: Error): Answer => ({ status: 500, body: { errors: [`local vault: ${error.message}`] } }))
      .then(({ status, body }) => {
        record.status = status;
        res.writeHead(status, body === undefined ? {} : { 'Content-Type': 'application/json' });
        res.end(body === undefined ? undefined : JSON.stringify(body));
      });
  }

  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', () => resolve()));
  vault.address = `${options.tls ? 'https' : 'http'}://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return vault;
}
