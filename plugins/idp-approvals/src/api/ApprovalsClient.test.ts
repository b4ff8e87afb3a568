import { ApprovalsClient } from './ApprovalsClient';

const json = (status: number, body?: unknown) =>
  new Response(body === undefined ? null : JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });

function setup(respond: (url: string, init?: RequestInit) => Response) {
  const fetch = jest.fn(async (url: string, init?: RequestInit) => respond(url, init));
  const client = new ApprovalsClient({
    discoveryApi: { getBaseUrl: async (id: string) => `http://backend/api/${id}` },
    fetchApi: { fetch: fetch as any },
  });
  return { client, fetch };
}

describe('ApprovalsClient', () => {
  it('lists a view and reads one request', async () => {
    const { client, fetch } = setup(url => json(200, url.includes('?view=') ? { items: [{ id: 'r1' }] } : { id: 'r 1' }));
    await expect(client.listRequests('inbox')).resolves.toEqual([{ id: 'r1' }]);
    await expect(client.getRequest('r 1')).resolves.toEqual({ id: 'r 1' });
    expect(fetch.mock.calls.map(c => c[0])).toEqual([
      'http://backend/api/idp-approvals/requests?view=inbox',
      'http://backend/api/idp-approvals/requests/r%201',
    ]);
    expect(fetch.mock.calls[0][1]).toEqual({ method: 'GET' });
  });

  it('posts a decision with its comment and returns the request after it', async () => {
    const { client, fetch } = setup(() => json(200, { id: 'r1', status: 'approved' }));
    await expect(client.decide('r1', { decision: 'approve', comment: 'ship it' })).resolves.toEqual({ id: 'r1', status: 'approved' });
    expect(fetch.mock.calls[0]).toEqual([
      'http://backend/api/idp-approvals/requests/r1/decisions',
      { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ decision: 'approve', comment: 'ship it' }) },
    ]);
  });

  it('lists an app’s revisions and posts a rollback with its reason', async () => {
    const { client, fetch } = setup(url => (url.endsWith('/revisions') ? json(200, { items: [{ id: 'r1' }] }) : json(201, { id: 'r2', rollbackOf: 'r1' })));
    await expect(client.listRevisions('team a', 'web')).resolves.toEqual([{ id: 'r1' }]);
    await expect(client.rollback('r1', { reason: '1.5 breaks checkout' })).resolves.toEqual({ id: 'r2', rollbackOf: 'r1' });
    expect(fetch.mock.calls).toEqual([
      ['http://backend/api/idp-approvals/apps/team%20a/web/revisions', { method: 'GET' }],
      [
        'http://backend/api/idp-approvals/requests/r1/rollback',
        { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ reason: '1.5 breaks checkout' }) },
      ],
    ]);
  });

  it('turns a refusal into a ResponseError with the reason', async () => {
    const reason = 'You requested it; another tech lead of team-a approves';
    const { client } = setup(() => json(403, { error: { name: 'NotAllowedError', message: reason }, response: { statusCode: 403 } }));
    await expect(client.decide('r1', { decision: 'approve' })).rejects.toMatchObject({
      name: 'ResponseError',
      statusCode: 403,
      body: { error: { message: reason } },
    });
  });

  it("reads today's prices from the costs backend, in its current shape and the older plain sheet", async () => {
    const prices = { currency: 'USD', cpuCoreHour: 0.03, ramGiBHour: 0.004, storageGiBMonth: 0.04 };
    const { client, fetch } = setup(() => json(200, { current: prices, periods: [] }));
    await expect(client.getPriceSheet()).resolves.toEqual(prices);
    expect(fetch.mock.calls[0][0]).toBe('http://backend/api/idp-costs/price-sheet');
    await expect(setup(() => json(200, prices)).client.getPriceSheet()).resolves.toEqual(prices);
    await expect(setup(() => json(200, { hello: 1 })).client.getPriceSheet()).rejects.toThrow('The costs backend answered without prices');
  });
});
