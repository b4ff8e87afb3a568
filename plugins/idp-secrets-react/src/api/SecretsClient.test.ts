import { SecretsRequestError } from '../lib/errors';
import { SecretsClient } from './SecretsClient';

const json = (status: number, body?: unknown) =>
  new Response(body === undefined ? null : JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });

function setup(respond: (url: string, init?: RequestInit) => Response | Promise<Response>) {
  const fetch = jest.fn(async (url: string, init?: RequestInit) => respond(url, init));
  const client = new SecretsClient({ discoveryApi: { getBaseUrl: async (id: string) => `http://backend/api/${id}` }, fetchApi: { fetch: fetch as any } });
  return { client, fetch };
}

const backstageError = (status: number, name: string, message: string) => json(status, { error: { name, message }, response: { statusCode: status } });

describe('SecretsClient', () => {
  it('reads the store, an environment, key names, one secret and its rotations', async () => {
    const { client, fetch } = setup(url => json(200, url.endsWith('/rotations') ? { items: [{ at: 'x' }] } : { ok: url }));
    await client.getStore();
    await client.getEnvironmentSecrets('team-a-dev');
    await client.listSecretKeys('team-a-dev');
    await client.getSecret('team-a-dev', 'db');
    await expect(client.listRotations('team-a-dev', 'db')).resolves.toEqual([{ at: 'x' }]);
    expect(fetch.mock.calls.map(c => [c[0], c[1]?.method])).toEqual([
      ['http://backend/api/idp-secrets/store', 'GET'],
      ['http://backend/api/idp-secrets/environments/team-a-dev/secrets', 'GET'],
      ['http://backend/api/idp-secrets/environments/team-a-dev/secret-keys', 'GET'],
      ['http://backend/api/idp-secrets/environments/team-a-dev/secrets/db', 'GET'],
      ['http://backend/api/idp-secrets/environments/team-a-dev/secrets/db/rotations', 'GET'],
    ]);
  });

  it('writes, generates, rotates and deletes with JSON bodies', async () => {
    const { client, fetch } = setup((_url, init) => (init?.method === 'DELETE' ? json(204) : json(init?.method === 'PUT' ? 201 : 200, { name: 'db' })));
    await expect(client.writeSecret('team-a-dev', 'db', { set: { url: 'postgres://x' }, remove: ['old'], confirm: true })).resolves.toEqual({ name: 'db' });
    await client.generateSecret('team-a-dev', 'db', { generator: { kind: 'token', bytes: 32, encoding: 'hex' }, rotation: { everyDays: 30, graceHours: 24 } });
    await client.rotateSecret('team-a-dev', 'db');
    await expect(client.deleteSecret('team-a-dev', 'db', { confirm: true })).resolves.toBeUndefined();
    const base = 'http://backend/api/idp-secrets/environments/team-a-dev/secrets/db';
    const headers = { 'content-type': 'application/json' };
    expect(fetch.mock.calls).toEqual([
      [base, { method: 'PUT', headers, body: JSON.stringify({ set: { url: 'postgres://x' }, remove: ['old'], confirm: true }) }],
      [`${base}/generate`, { method: 'POST', headers, body: JSON.stringify({ generator: { kind: 'token', bytes: 32, encoding: 'hex' }, rotation: { everyDays: 30, graceHours: 24 } }) }],
      [`${base}/rotate`, { method: 'POST', headers, body: '{}' }],
      [base, { method: 'DELETE', headers, body: JSON.stringify({ confirm: true }) }],
    ]);
  });

  it('keeps an InputError’s message and its problems by field', async () => {
    const { client } = setup(() => backstageError(400, 'InputError', 'set.DB URL: Use letters, digits, dashes, dots and underscores for a key, e.g. DATABASE_URL; rotation.everyDays: Rotate at most once a day'));
    const error: SecretsRequestError = await client.writeSecret('team-a-dev', 'db', { set: { 'DB URL': 'x' } }).catch(e => e);
    expect(error).toBeInstanceOf(SecretsRequestError);
    expect(error.statusCode).toBe(400);
    expect(error.kind).toBe('InputError');
    expect(error.message).toMatch(/^set\.DB URL: Use letters/);
    expect(error.fields).toEqual({ 'rotation.everyDays': 'Rotate at most once a day' });
  });

  it('keeps a refusal’s words: who may write, which workloads read a secret', async () => {
    const { client } = setup((_url, init) =>
      init?.method === 'DELETE'
        ? backstageError(409, 'ConflictError', 'db is used by Deployment/web (url); they fail to start without it. Confirm to delete it anyway')
        : backstageError(403, 'NotAllowedError', 'Production secrets are written by tech leads of team-a and platform admins; ask a tech lead of team-a'),
    );
    await expect(client.rotateSecret('team-a-prod', 'db')).rejects.toMatchObject({ kind: 'NotAllowedError', message: expect.stringMatching(/ask a tech lead of team-a$/) });
    await expect(client.deleteSecret('team-a-dev', 'db')).rejects.toMatchObject({ statusCode: 409, message: expect.stringContaining('Deployment/web (url)') });
  });

  it('adds what to do where the server does not say it', async () => {
    const { client } = setup(url =>
      url.includes('/secrets/gone') ? backstageError(404, 'NotFoundError', 'No secret gone in team-a-dev') : new Response('<html>Bad gateway</html>', { status: 502, statusText: 'Bad Gateway' }),
    );
    await expect(client.getSecret('team-a-dev', 'gone')).rejects.toMatchObject({ message: 'No secret gone in team-a-dev. It may have been deleted, or belong to another team: reload the page' });
    await expect(client.getStore()).rejects.toMatchObject({
      statusCode: 502,
      message: expect.stringMatching(/^The secrets service answered 502 Bad Gateway\. The secrets service could not finish: try again in a minute/),
    });
  });

  it('says when the portal cannot be reached at all', async () => {
    const { client } = setup(() => Promise.reject(new TypeError('Failed to fetch')));
    await expect(client.getStore()).rejects.toThrow("Could not reach the portal's secrets service (Failed to fetch): check your connection and try again");
  });
});
