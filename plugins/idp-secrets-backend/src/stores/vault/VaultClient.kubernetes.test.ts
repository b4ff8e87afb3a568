// The package does not list @internal/local-cluster yet (it needs an install); the workspace links it at the root.
import { ensureLocalCluster, LocalCluster } from '@internal/local-cluster';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { VaultClient, VaultRequestError } from './VaultClient';
import { kubectl, kubectlTokenReviewer, serviceAccountToken } from './testing/kubectlTokens';
import { LocalVault, startLocalVault } from './testing/localVault';

jest.setTimeout(120_000);

const VALUE = 'v4lue-that-must-never-be-logged';

describe('VaultClient with Kubernetes auth, the JWT reviewed by the local cluster', () => {
  const namespace = `slipway-vault-${randomBytes(3).toString('hex')}`;
  let cluster: LocalCluster;
  let dir: string;
  let tokenFile: string;
  let vault: LocalVault;
  const logs: string[] = [];
  const logger = { info: (m: string) => logs.push(`info ${m}`), warn: (m: string) => logs.push(`warn ${m}`) };

  const clientWith = (options: { role?: string; file?: string } = {}) =>
    VaultClient.create({
      address: vault.address,
      auth: { method: 'kubernetes', role: options.role ?? 'slipway-backend', tokenFile: options.file ?? tokenFile },
      logger,
    });

  beforeAll(async () => {
    cluster = await ensureLocalCluster();
    await kubectl(cluster, ['create', 'namespace', namespace]);
    await kubectl(cluster, ['label', 'namespace', namespace, 'slipway.dev/test=vault']);
    await kubectl(cluster, ['create', 'serviceaccount', 'slipway-backend', '-n', namespace]);
    await kubectl(cluster, ['create', 'serviceaccount', 'someone-else', '-n', namespace]);
    dir = await mkdtemp(join(tmpdir(), 'slipway-vault-k8s-'));
    tokenFile = join(dir, 'token');
    await writeFile(tokenFile, await serviceAccountToken(cluster, namespace, 'slipway-backend'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
    if (cluster) await kubectl(cluster, ['delete', 'namespace', namespace, '--wait=false']);
  });
  beforeEach(async () => {
    logs.length = 0;
    vault = await startLocalVault({
      kubernetesAuth: { role: 'slipway-backend', boundServiceAccounts: [{ namespace, name: 'slipway-backend' }], tokenReviewer: kubectlTokenReviewer(cluster) },
    });
  });
  afterEach(() => vault.close());

  it('logs in with the ServiceAccount token once and uses the Vault token it gets', async () => {
    const client = clientWith();
    await Promise.all([client.writeSecret('slipway/a/one', { k: VALUE }), client.writeSecret('slipway/a/two', { k: VALUE })]);
    expect(await client.readSecret('slipway/a/one')).toEqual({ data: { k: VALUE }, version: 1 });
    expect(vault.logins).toBe(1);
    expect(vault.requests[0]).toMatchObject({ method: 'POST', path: 'auth/kubernetes/login', status: 200 });
    expect(logs).toEqual([`info Vault: logged in at ${vault.address} with Kubernetes auth role "slipway-backend" (lease 3600 s)`]);
  });

  it('logs in again once when Vault denies a revoked token', async () => {
    const client = clientWith();
    await client.writeSecret('slipway/a/one', { k: '1' });
    vault.revokeLoginTokens();
    expect(await client.writeSecret('slipway/a/one', { k: VALUE })).toBe(2);
    expect(vault.logins).toBe(2);
    expect(vault.requests.map(r => `${r.method} ${r.path} ${r.status}`)).toEqual([
      'POST auth/kubernetes/login 200',
      'POST secret/data/slipway/a/one 200',
      'POST secret/data/slipway/a/one 403',
      'POST auth/kubernetes/login 200',
      'POST secret/data/slipway/a/one 200',
    ]);
    expect(logs.join('\n')).not.toContain(VALUE);
  });

  it('logs in again before the lease ends, without a denied call', async () => {
    await vault.close();
    vault = await startLocalVault({
      kubernetesAuth: {
        role: 'slipway-backend',
        boundServiceAccounts: [{ namespace, name: 'slipway-backend' }],
        tokenTtlSeconds: 2,
        tokenReviewer: kubectlTokenReviewer(cluster),
      },
    });
    const client = clientWith();
    await client.writeSecret('slipway/a/one', { k: '1' });
    await new Promise(resolve => setTimeout(resolve, 1700));
    await client.writeSecret('slipway/a/one', { k: '2' });
    expect(vault.logins).toBe(2);
    expect(vault.requests.filter(r => r.status === 403)).toEqual([]);
  });

  it('says why a login was refused: a ServiceAccount the role does not admit, a token the API server rejects, no token file', async () => {
    const otherFile = join(dir, 'other');
    await writeFile(otherFile, await serviceAccountToken(cluster, namespace, 'someone-else'));
    const refusal = (await clientWith({ file: otherFile }).writeSecret('slipway/a/b', { k: VALUE }).catch(e => e)) as VaultRequestError;
    expect(refusal.message).toBe(
      `Vault Kubernetes auth login at ${vault.address}/v1/auth/kubernetes/login answered 403 (service account name not authorized); ` +
        'check that role "slipway-backend" exists and admits this ServiceAccount, and that Vault can review its tokens',
    );

    const forgedFile = join(dir, 'forged');
    await writeFile(forgedFile, 'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJzeXN0ZW06c2VydmljZWFjY291bnQ6eDp5In0.c2lnbmF0dXJl');
    const forged = (await clientWith({ file: forgedFile }).readSecret('slipway/a/b').catch(e => e)) as VaultRequestError;
    expect(forged.status).toBe(403);
    expect(forged.message).toContain('answered 403 (permission denied)');

    const wrongRole = (await clientWith({ role: 'admin' }).readSecret('slipway/a/b').catch(e => e)) as VaultRequestError;
    expect(wrongRole.message).toContain('answered 400 (invalid role name "admin"); check that role "admin" exists');

    const missing = (await clientWith({ file: join(dir, 'absent') }).readSecret('slipway/a/b').catch(e => e)) as VaultRequestError;
    expect(missing.message).toBe(
      `Vault Kubernetes auth: cannot read the ServiceAccount token ${join(dir, 'absent')} (ENOENT); run the backend with a mounted ServiceAccount token or set the token file`,
    );
    expect(vault.logins).toBe(0);
  });
});
