import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { createServer as createHttpServer } from 'node:http';
import { AddressInfo, createServer, Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { VaultClient, VaultRequestError } from './VaultClient';
import { LocalVault, startLocalVault } from './testing/localVault';

const VALUE = 'v4lue-that-must-never-be-echoed';

async function failureOf(promise: Promise<unknown>): Promise<VaultRequestError> {
  try {
    await promise;
  } catch (error) {
    return error as VaultRequestError;
  }
  throw new Error('expected the call to fail');
}

describe('VaultClient with token auth', () => {
  let vault: LocalVault;
  let client: VaultClient;

  beforeEach(async () => {
    vault = await startLocalVault();
    client = VaultClient.create({ address: vault.address, auth: { method: 'token', token: vault.rootToken } });
  });
  afterEach(() => vault.close());

  it('writes versions, reads the current or a given one, with the token and the KV v2 paths', async () => {
    expect(await client.readSecret('slipway/team-a/db')).toBeUndefined();
    expect(await client.writeSecret('slipway/team-a/db', { user: 'app' }, 0)).toBe(1);
    expect(await client.writeSecret('slipway/team-a/db', { user: 'app', password: 'two' }, 1)).toBe(2);
    expect(await client.readSecret('slipway/team-a/db')).toEqual({ data: { user: 'app', password: 'two' }, version: 2 });
    expect(await client.readSecret('slipway/team-a/db', 1)).toEqual({ data: { user: 'app' }, version: 1 });
    expect(await client.readMetadata('slipway/team-a/db')).toEqual({ currentVersion: 2, oldestVersion: 1, versions: [1, 2] });
    expect(vault.requests.map(r => `${r.method} ${r.path}${r.query} ${r.status}`)).toEqual([
      'GET secret/data/slipway/team-a/db 404',
      'POST secret/data/slipway/team-a/db 200',
      'POST secret/data/slipway/team-a/db 200',
      'GET secret/data/slipway/team-a/db 200',
      'GET secret/data/slipway/team-a/db?version=1 200',
      'GET secret/metadata/slipway/team-a/db 200',
    ]);
  });

  it('reports a check-and-set conflict as such', async () => {
    await client.writeSecret('slipway/team-a/db', { a: '1' }, 0);
    await client.writeSecret('slipway/team-a/db', { a: '2' }, 1);
    const error = await failureOf(client.writeSecret('slipway/team-a/db', { a: VALUE }, 1));
    expect(error.checkAndSetMismatch).toBe(true);
    expect(error.status).toBe(400);
    expect(error.message).toContain('check-and-set parameter did not match the current version');
    expect(await failureOf(client.writeSecret('slipway/team-a/db', { a: VALUE }, 0))).toMatchObject({ checkAndSetMismatch: true });
  });

  it('lists folders and deletes every version; deleting an absent secret is fine', async () => {
    await client.writeSecret('slipway/team-a/db', { a: '1' });
    await client.writeSecret('slipway/team-a/api', { a: '1' });
    await client.writeSecret('slipway/team-b/db', { a: '1' });
    expect(await client.list('slipway')).toEqual(['team-a/', 'team-b/']);
    expect(await client.list('slipway/team-a')).toEqual(['api', 'db']);
    expect(await client.list('nothing-here')).toEqual([]);
    await client.deleteSecret('slipway/team-a/db');
    expect(await client.readSecret('slipway/team-a/db')).toBeUndefined();
    expect(await client.readMetadata('slipway/team-a/db')).toBeUndefined();
    await client.deleteSecret('slipway/team-a/db');
    expect(await client.list('slipway/team-a')).toEqual(['api']);
  });

  it('never sends a path with a "." or ".." segment, which URL parsing would turn into another secret', async () => {
    await client.writeSecret('slipway/team-b/db', { a: VALUE });
    const before = vault.requests.length;
    for (const path of ['slipway/team-a/../team-b/db', 'slipway/team-a/./db', 'slipway/..']) {
      await expect(client.readSecret(path)).rejects.toThrow(`The Vault path ${path} has a "." or ".." segment`);
      await expect(client.deleteSecret(path)).rejects.toThrow(VaultRequestError);
    }
    expect(vault.requests.slice(before)).toEqual([]);
    expect(await client.readSecret('slipway/team-b/db')).toEqual({ data: { a: VALUE }, version: 1 });
  });

  it('reads a soft-deleted latest version as its version without data', async () => {
    await client.writeSecret('slipway/team-a/db', { a: '1' });
    const res = await fetch(`${vault.address}/v1/secret/data/slipway/team-a/db`, { method: 'DELETE', headers: { 'X-Vault-Token': vault.rootToken } });
    expect(res.status).toBe(204);
    expect(await client.readSecret('slipway/team-a/db')).toEqual({ data: null, version: 1 });
  });

  it('uses another KV mount and a Vault namespace when configured', async () => {
    const enterprise = await startLocalVault({ mounts: ['kv'], namespace: 'platform' });
    try {
      const inNamespace = VaultClient.create({ address: enterprise.address, mount: 'kv', namespace: 'platform', auth: { method: 'token', token: enterprise.rootToken } });
      expect(await inNamespace.writeSecret('slipway/a/b', { k: 'v' })).toBe(1);
      expect(enterprise.requests[0]).toMatchObject({ method: 'POST', path: 'kv/data/slipway/a/b', namespace: 'platform', status: 200 });
      const outside = VaultClient.create({ address: enterprise.address, mount: 'kv', auth: { method: 'token', token: enterprise.rootToken } });
      const error = await failureOf(outside.writeSecret('slipway/a/b', { k: VALUE }));
      expect(error.message).toBe(`Vault POST ${enterprise.address}/v1/kv/data/slipway/a/b answered 404; check the address, the KV mount "kv"`);
    } finally {
      await enterprise.close();
    }
  });

  it('names the address, path and status of a refusal, and what to check', async () => {
    const wrongToken = VaultClient.create({ address: vault.address, auth: { method: 'token', token: 'hvs.not-a-token' } });
    const denied = await failureOf(wrongToken.writeSecret('slipway/team-a/db', { a: VALUE }));
    expect(denied.status).toBe(403);
    expect(denied.message).toBe(`Vault POST ${vault.address}/v1/secret/data/slipway/team-a/db answered 403; check that the token is valid and its policy allows this on secret/`);
    const metadata = await failureOf(wrongToken.readMetadata('slipway/team-a/db'));
    expect(metadata.message).toBe(
      `Vault GET ${vault.address}/v1/secret/metadata/slipway/team-a/db answered 403 (permission denied); check that the token is valid and its policy allows this on secret/`,
    );
    const noMount = VaultClient.create({ address: vault.address, mount: 'kv', auth: { method: 'token', token: vault.rootToken } });
    expect((await failureOf(noMount.writeSecret('x/y', { a: VALUE }))).message).toBe(
      `Vault POST ${vault.address}/v1/kv/data/x/y answered 404; check the address, the KV mount "kv"`,
    );
  });
});

describe('VaultClient when Vault does not answer properly', () => {
  const servers: Array<{ close(cb: () => void): unknown }> = [];
  afterEach(async () => {
    await Promise.all(servers.splice(0).map(server => new Promise(resolve => server.close(() => resolve(undefined)))));
  });
  const listen = async (server: Server | ReturnType<typeof createHttpServer>) => {
    servers.push(server);
    await new Promise<void>(resolve => server.listen(0, '127.0.0.1', () => resolve()));
    return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  };

  it('gives up within the timeout when the address accepts connections but never answers', async () => {
    // Reads the request (so it sees the client hang up) and never answers.
    const silent = createServer(socket => socket.resume());
    const address = await listen(silent);
    const client = VaultClient.create({ address, timeoutMs: 300, auth: { method: 'token', token: 't' } });
    const started = Date.now();
    const error = await failureOf(client.writeSecret('slipway/a/b', { k: VALUE }));
    expect(Date.now() - started).toBeLessThan(3000);
    expect(error.message).toBe(
      `Vault POST ${address}/v1/secret/data/slipway/a/b failed: no answer within 300 ms; check the Vault address and that Vault is reachable from the backend (or raise the timeout)`,
    );
  });

  it('says when nothing listens at the address', async () => {
    const closed = createServer();
    const address = await listen(closed);
    await new Promise<void>(resolve => closed.close(() => resolve()));
    const error = await failureOf(VaultClient.create({ address, auth: { method: 'token', token: 't' } }).readSecret('slipway/a/b'));
    expect(error.message).toMatch(new RegExp(`^Vault GET ${address}/v1/secret/data/slipway/a/b failed: ECONNREFUSED: .*; check the Vault address`));
  });

  it('never repeats the body of a data read or write, even when the server puts a value in its error', async () => {
    const echo = createHttpServer((req, res) => {
      res.writeHead(req.url?.includes('/metadata/') ? 500 : 400, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify({ errors: [`bad value ${VALUE}`] }));
    });
    const address = await listen(echo);
    const client = VaultClient.create({ address, auth: { method: 'token', token: 't' } });
    for (const call of [client.readSecret('a/b'), client.writeSecret('a/b', { k: VALUE })]) {
      const error = await failureOf(call);
      expect(`${error.message} ${error.stack}`).not.toContain(VALUE);
      expect(error.message).toContain('check that "secret" is a KV version 2 mount');
    }
  });

  it('says when the address does not answer like Vault', async () => {
    const web = createHttpServer((_req, res) => res.end('<html>login</html>'));
    const address = await listen(web);
    const error = await failureOf(VaultClient.create({ address, auth: { method: 'token', token: 't' } }).readSecret('a/b'));
    expect(error.message).toBe(`Vault GET ${address}/v1/secret/data/a/b answered 200 with a body that is not JSON; check the address points at Vault`);
  });

  it('rejects an address that is not an http(s) URL', () => {
    expect(() => VaultClient.create({ address: 'vault:8200', auth: { method: 'token', token: 't' } })).toThrow(
      'Vault: address "vault:8200" must start with https:// or http://',
    );
  });
});

describe('VaultClient over TLS', () => {
  let dir: string;
  let vault: LocalVault;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'slipway-vault-tls-'));
    await promisify(execFile)('openssl', [
      'req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '1', '-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1',
      '-keyout', join(dir, 'key.pem'), '-out', join(dir, 'ca.pem'),
    ]);
    vault = await startLocalVault({ tls: { cert: await readFile(join(dir, 'ca.pem'), 'utf8'), key: await readFile(join(dir, 'key.pem'), 'utf8') } });
  });
  afterAll(async () => {
    await vault.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('trusts the CA file and nothing else', async () => {
    const trusting = VaultClient.create({ address: vault.address, caFile: join(dir, 'ca.pem'), auth: { method: 'token', token: vault.rootToken } });
    expect(await trusting.writeSecret('slipway/a/b', { k: 'v' })).toBe(1);
    expect(trusting.caBundle).toContain('BEGIN CERTIFICATE');
    const error = await failureOf(VaultClient.create({ address: vault.address, auth: { method: 'token', token: vault.rootToken } }).readSecret('slipway/a/b'));
    expect(error.message).toMatch(/failed: .*; check that caFile holds the CA that signed Vault's certificate$/);
  });

  it('says when the CA file cannot be read', () => {
    expect(() => VaultClient.create({ address: vault.address, caFile: join(dir, 'missing.pem'), auth: { method: 'token', token: 't' } })).toThrow(
      `Vault: cannot read the CA file ${join(dir, 'missing.pem')}`,
    );
  });
});
