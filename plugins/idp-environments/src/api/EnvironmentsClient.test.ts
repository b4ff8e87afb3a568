import { EnvironmentsClient } from './EnvironmentsClient';

function setup(status: number, body?: unknown) {
  const fetch = jest.fn(
    async (_url: string, _init?: RequestInit) =>
      new Response(body === undefined ? null : JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } }),
  );
  const client = new EnvironmentsClient({
    discoveryApi: { getBaseUrl: async (id: string) => `http://backend/api/${id}` },
    fetchApi: { fetch: fetch as any },
  });
  return { client, fetch };
}

describe('EnvironmentsClient', () => {
  it("reads the run-rates from the costs plugin's backend", async () => {
    const { client, fetch } = setup(200, { currency: 'USD', items: [{ namespace: 'team-a-dev', monthlyRunRate: 12.4 }] });
    await expect(client.getRunRates()).resolves.toEqual({ currency: 'USD', items: [{ namespace: 'team-a-dev', monthlyRunRate: 12.4 }] });
    expect(fetch).toHaveBeenCalledWith('http://backend/api/idp-costs/environments/run-rates', { method: 'GET' });
  });

  it('lists environments', async () => {
    const { client, fetch } = setup(200, { items: [{ namespace: 'team-a-dev' }] });
    await expect(client.listEnvironments()).resolves.toEqual([{ namespace: 'team-a-dev' }]);
    expect(fetch).toHaveBeenCalledWith('http://backend/api/idp-environments/environments', { method: 'GET' });
  });

  it.each([
    ['createEnvironment', (c: EnvironmentsClient) => c.createEnvironment({ team: 'team-a', name: 'dev', type: 'development' }), 'POST', '/environments', { team: 'team-a', name: 'dev', type: 'development' }],
    ['extendEnvironment', (c: EnvironmentsClient) => c.extendEnvironment('team-a-dev', 5), 'POST', '/environments/team-a-dev/extend', { ttlDays: 5 }],
    ['cloneEnvironment', (c: EnvironmentsClient) => c.cloneEnvironment('team-a-dev', { name: 'copy', type: 'preview' }), 'POST', '/environments/team-a-dev/clone', { name: 'copy', type: 'preview' }],
    ['changeQuota', (c: EnvironmentsClient) => c.changeQuota('team-a-dev', { cpu: '8', pods: 40 }), 'PUT', '/environments/team-a-dev/quota', { cpu: '8', pods: 40 }],
  ] as const)('%s sends JSON', async (_name, call, method, path, body) => {
    const { client, fetch } = setup(201, { ok: true });
    await call(client);
    const [url, init] = fetch.mock.calls[0];
    expect(url).toBe(`http://backend/api/idp-environments${path}`);
    expect(init).toEqual({ method, headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  });

  it('deletes with the confirmation and reads the 204', async () => {
    const { client, fetch } = setup(204);
    await expect(client.deleteEnvironment('team-a-dev', 'team-a-dev')).resolves.toBeUndefined();
    expect(fetch.mock.calls[0][1]).toMatchObject({ method: 'DELETE', body: JSON.stringify({ confirm: 'team-a-dev' }) });
  });

  it('gets one environment and fails with a ResponseError', async () => {
    const { client, fetch } = setup(404, { error: { name: 'NotFoundError', message: 'No environment x' }, response: { statusCode: 404 } });
    await expect(client.getEnvironment('team-a-x')).rejects.toMatchObject({ name: 'ResponseError', statusCode: 404 });
    expect(fetch.mock.calls[0][0]).toBe('http://backend/api/idp-environments/environments/team-a-x');
  });
});
