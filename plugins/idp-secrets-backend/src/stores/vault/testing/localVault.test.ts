import { LocalVault, startLocalVault } from './localVault';

/**
 * The stand-in answers as Vault's API documentation shows, for the calls Slipway makes and those the
 * External Secrets Operator's vault provider (v0.16.2, pkg/provider/vault) makes: `auth/<mount>/login`
 * (Kubernetes auth), `auth/token/lookup-self` (checkToken, in ValidateStore and before reusing a token),
 * `auth/token/revoke-self` (Close), `GET <mount>/data/<key>[?version=]` (readSecret) and
 * `GET <mount>/metadata/<key>` (metadataPolicy: Fetch).
 */

const REVIEWED_JWT = 'jwt-of-system:serviceaccount:external-secrets:external-secrets';

describe('startLocalVault', () => {
  let vault: LocalVault;
  const call = async (method: string, path: string, options: { token?: string | null; body?: unknown } = {}) => {
    const token = options.token === undefined ? vault.rootToken : options.token;
    const res = await fetch(`${vault.address}/v1/${path}`, {
      method,
      headers: { ...(token ? { 'X-Vault-Token': token } : {}), 'X-Vault-Request': 'true' },
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
    });
    const text = await res.text();
    return { status: res.status, body: text ? JSON.parse(text) : undefined };
  };

  beforeEach(async () => {
    vault = await startLocalVault({
      kubernetesAuth: {
        role: 'external-secrets',
        boundServiceAccounts: [{ namespace: 'external-secrets', name: 'external-secrets' }],
        tokenReviewer: async jwt =>
          jwt === REVIEWED_JWT ? { authenticated: true, user: { username: 'system:serviceaccount:external-secrets:external-secrets', uid: 'u-1' } } : { authenticated: false },
      },
    });
  });
  afterEach(() => vault.close());

  it('answers sys/health without a token, as an unsealed active node', async () => {
    const { status, body } = await call('GET', 'sys/health', { token: null });
    expect(status).toBe(200);
    expect(body).toMatchObject({ initialized: true, sealed: false, standby: false, version: expect.any(String), server_time_utc: expect.any(Number) });
  });

  it('reads KV v2 secrets in the shape of "Read secret version", which ESO takes data.data from', async () => {
    await call('POST', 'secret/data/slipway/ns/app', { body: { data: { url: 'postgres://db' }, options: { cas: 0 } } });
    const { status, body } = await call('GET', 'secret/data/slipway/ns/app');
    expect(status).toBe(200);
    expect(body).toEqual({
      request_id: expect.any(String),
      lease_id: '',
      renewable: false,
      lease_duration: 0,
      data: {
        data: { url: 'postgres://db' },
        metadata: { created_time: expect.stringMatching(/^\d{4}-\d\d-\d\dT.*Z$/), custom_metadata: null, deletion_time: '', destroyed: false, version: 1 },
      },
      wrap_info: null,
      warnings: null,
      auth: null,
      mount_type: 'kv',
    });
    expect((await call('GET', 'secret/data/slipway/ns/app?version=7')).body).toEqual({ errors: [] });
  });

  it('answers writes, metadata and lists as Vault documents them', async () => {
    const write = await call('PUT', 'secret/data/a/b', { body: { data: { k: 'v' } } });
    expect(write.body.data).toEqual({ created_time: expect.any(String), custom_metadata: null, deletion_time: '', destroyed: false, version: 1 });
    expect((await call('POST', 'secret/data/a/b', { body: { data: { k: 'w' }, options: { cas: 0 } } })).body).toEqual({
      errors: ['check-and-set parameter did not match the current version'],
    });
    const metadata = await call('GET', 'secret/metadata/a/b');
    expect(Object.keys(metadata.body.data).sort()).toEqual([
      'cas_required', 'created_time', 'current_version', 'custom_metadata', 'delete_version_after', 'max_versions', 'oldest_version', 'updated_time', 'versions',
    ]);
    expect(metadata.body.data.versions).toEqual({ 1: { created_time: expect.any(String), deletion_time: '', destroyed: false } });
    expect((await call('GET', 'secret/metadata/a?list=true')).body.data).toEqual({ keys: ['b'] });
    expect((await call('GET', 'secret/metadata/?list=true')).body.data).toEqual({ keys: ['a/'] });
    expect(await call('DELETE', 'secret/metadata/a/b')).toEqual({ status: 204, body: undefined });
    expect(await call('GET', 'secret/metadata/a?list=true')).toEqual({ status: 404, body: { errors: [] } });
  });

  it('keeps ten versions, as a default KV v2 mount does', async () => {
    for (let i = 1; i <= 12; i++) await call('POST', 'secret/data/a/b', { body: { data: { i: String(i) } } });
    const { body } = await call('GET', 'secret/metadata/a/b');
    expect(body.data).toMatchObject({ current_version: 12, oldest_version: 3 });
    expect(await call('GET', 'secret/data/a/b?version=2')).toEqual({ status: 404, body: { errors: [] } });
  });

  it('denies a missing or unknown token and answers unknown routes as Vault does', async () => {
    expect(await call('GET', 'secret/data/a/b', { token: null })).toEqual({ status: 403, body: { errors: ['permission denied'] } });
    expect(await call('GET', 'secret/data/a/b', { token: 'hvs.unknown' })).toEqual({ status: 403, body: { errors: ['permission denied'] } });
    expect(await call('GET', 'kv/data/a/b')).toEqual({ status: 404, body: { errors: ['no handler for route "kv/data/a/b". route entry not found.'] } });
  });

  it('logs in a reviewed ServiceAccount with the auth block ESO reads the client token from; lookup-self and revoke-self', async () => {
    const login = await call('POST', 'auth/kubernetes/login', { token: null, body: { role: 'external-secrets', jwt: REVIEWED_JWT } });
    expect(login.status).toBe(200);
    expect(login.body.auth).toEqual({
      client_token: expect.stringMatching(/^hvs\./),
      accessor: expect.any(String),
      policies: ['default', 'external-secrets'],
      token_policies: ['default', 'external-secrets'],
      metadata: { role: 'external-secrets', service_account_name: 'external-secrets', service_account_namespace: 'external-secrets', service_account_uid: 'u-1' },
      lease_duration: 3600,
      renewable: true,
      entity_id: expect.any(String),
      token_type: 'service',
      orphan: true,
      mfa_requirement: null,
      num_uses: 0,
    });
    const token = login.body.auth.client_token;
    // ESO's checkToken needs data.type, a numeric data.ttl and data.expire_time.
    const lookup = await call('GET', 'auth/token/lookup-self', { token });
    expect(lookup.body.data).toMatchObject({ id: token, type: 'service', ttl: expect.any(Number), expire_time: expect.any(String), path: 'auth/kubernetes/login' });
    expect(lookup.body.data.ttl).toBeGreaterThan(3500);
    expect((await call('GET', 'auth/token/lookup-self')).body.data).toMatchObject({ type: 'service', ttl: 0, expire_time: null, policies: ['root'] });
    expect((await call('PUT', 'auth/token/revoke-self', { token })).status).toBe(204);
    expect((await call('GET', 'auth/token/lookup-self', { token })).status).toBe(403);
  });

  it('refuses a login the TokenReview does not authenticate, and an unknown role', async () => {
    expect(await call('POST', 'auth/kubernetes/login', { token: null, body: { role: 'external-secrets', jwt: 'forged' } })).toEqual({
      status: 403,
      body: { errors: ['permission denied'] },
    });
    expect(await call('POST', 'auth/kubernetes/login', { token: null, body: { role: 'root', jwt: REVIEWED_JWT } })).toEqual({
      status: 400,
      body: { errors: ['invalid role name "root"'] },
    });
    expect(vault.logins).toBe(0);
  });
});
