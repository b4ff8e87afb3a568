import { KubeConfig } from '@kubernetes/client-node';
import { mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isClusterNotUpYet } from './clusterNotUpYet';
import { TOKEN_FILE_AUTH_PROVIDER, TokenFileAuthenticator } from './tokenFileAuthenticator';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'token-file-auth-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

/** A kubeconfig as scripts/dev.sh writes it before the cluster exists, with this authenticator added. */
function kubeConfig(tokenFile: string): KubeConfig {
  const kc = new KubeConfig();
  kc.addAuthenticator(new TokenFileAuthenticator());
  kc.loadFromOptions({
    clusters: [{ name: 'local', server: 'https://127.0.0.1:16443', skipTLSVerify: true }],
    users: [{ name: 'backend', authProvider: { name: TOKEN_FILE_AUTH_PROVIDER, config: { path: tokenFile } } }],
    contexts: [{ name: 'backend@local', cluster: 'local', user: 'backend' }],
    currentContext: 'backend@local',
  });
  return kc;
}

async function authorization(kc: KubeConfig): Promise<unknown> {
  const options: { headers?: Record<string, unknown> } = {};
  await kc.applyToHTTPSOptions(options as any);
  return options.headers?.Authorization;
}

describe('TokenFileAuthenticator', () => {
  it('says the cluster is not up yet while the file is missing, then uses the token once it appears', async () => {
    const file = join(dir, 'backend.token');
    const kc = kubeConfig(file);
    await expect(authorization(kc)).rejects.toThrow(`The cluster's token file ${file} does not exist yet: the local cluster is still being built or started`);
    expect(isClusterNotUpYet(await authorization(kc).catch(e => e))).toBe(true);
    writeFileSync(file, 'first-token\n');
    expect(await authorization(kc)).toBe('Bearer first-token');
  });

  it('reads the file again when it changes', async () => {
    const file = join(dir, 'backend.token');
    const kc = kubeConfig(file);
    writeFileSync(file, 'first-token');
    utimesSync(file, 1000, 1000);
    expect(await authorization(kc)).toBe('Bearer first-token');
    writeFileSync(file, 'rotated-token');
    utimesSync(file, 2000, 2000);
    expect(await authorization(kc)).toBe('Bearer rotated-token');
  });

  it("reads the cluster's CA from its file too, once it exists", async () => {
    const file = join(dir, 'backend.token');
    const caPath = join(dir, 'ca.crt');
    writeFileSync(file, 'token');
    const kc = new KubeConfig();
    kc.addAuthenticator(new TokenFileAuthenticator());
    kc.loadFromOptions({
      clusters: [{ name: 'local', server: 'https://127.0.0.1:16443' }],
      users: [{ name: 'backend', authProvider: { name: TOKEN_FILE_AUTH_PROVIDER, config: { path: file, caPath } } }],
      contexts: [{ name: 'backend@local', cluster: 'local', user: 'backend' }],
      currentContext: 'backend@local',
    });
    await expect(kc.applyToHTTPSOptions({})).rejects.toThrow(`The cluster's CA file ${caPath} does not exist yet`);
    writeFileSync(caPath, 'PEM');
    const options: { ca?: Buffer } = {};
    await kc.applyToHTTPSOptions(options as any);
    expect(options.ca?.toString()).toBe('PEM');
  });

  it('refuses an empty file, saying how to write it again', async () => {
    const file = join(dir, 'backend.token');
    writeFileSync(file, '');
    await expect(authorization(kubeConfig(file))).rejects.toThrow(/is empty; run bash cluster\/cluster.sh up/);
  });
});
