import { ResponseError } from '@backstage/errors';
import { OPENCOST_DEFAULT_PRICES } from '@internal/plugin-idp-costs-common';
import { CostsClient } from './CostsClient';

const json = (status: number, body?: unknown) =>
  new Response(body === undefined ? null : JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });

function setup(respond: (url: string, init?: RequestInit) => Response) {
  const fetch = jest.fn(async (url: string, init?: RequestInit) => respond(url, init));
  const client = new CostsClient({
    discoveryApi: { getBaseUrl: async (id: string) => `http://backend/api/${id}` },
    fetchApi: { fetch: fetch as any },
  });
  return { client, fetch, urls: () => fetch.mock.calls.map(c => c[0]) };
}

describe('CostsClient', () => {
  it('reads the price sheet view, and the plain sheet older backends answer', async () => {
    const view = { current: OPENCOST_DEFAULT_PRICES, periods: [{ effectiveFrom: '2025-01-01', prices: OPENCOST_DEFAULT_PRICES, source: 'opencost-default' }] };
    await expect(setup(() => json(200, view)).client.getPriceSheet()).resolves.toEqual(view);
    await expect(setup(() => json(200, OPENCOST_DEFAULT_PRICES)).client.getPriceSheet()).resolves.toEqual({ current: OPENCOST_DEFAULT_PRICES, periods: [] });
    await expect(setup(() => json(200, { hello: 'world' })).client.getPriceSheet()).rejects.toThrow(/answered \/price-sheet without prices/);
  });

  it('asks each showback route with only the parameters given', async () => {
    const { client, urls } = setup(() => json(200, {}));
    await client.getTeamShowback('team a', { from: '2025-03-01', to: '2025-03-31', by: 'app' });
    await client.getTeamShowback('team-a');
    await client.getPlatformShowback({ from: '2025-03-01' });
    await client.getAppCost('team-a', 'web', 30);
    await client.getEnvironmentRunRates();
    expect(urls()).toEqual([
      'http://backend/api/idp-costs/teams/team%20a/showback?from=2025-03-01&to=2025-03-31&by=app',
      'http://backend/api/idp-costs/teams/team-a/showback',
      'http://backend/api/idp-costs/showback?from=2025-03-01',
      'http://backend/api/idp-costs/apps/team-a/web?days=30',
      'http://backend/api/idp-costs/environments/run-rates',
    ]);
  });

  it('reads chargeback months, a report and its CSV', async () => {
    const { client, urls } = setup(url => (url.endsWith('format=csv') ? new Response('namespace,total\nteam-a-dev,1.00\n', { status: 200 }) : json(200, { team: 'team-a' })));
    await expect(client.listChargebackMonths('team-a')).resolves.toEqual({ team: 'team-a' });
    await expect(client.getChargeback('team-a', '2025-03')).resolves.toEqual({ team: 'team-a' });
    await expect((await client.getChargebackCsv('team-a', '2025-03')).text()).resolves.toBe('namespace,total\nteam-a-dev,1.00\n');
    expect(urls()).toEqual([
      'http://backend/api/idp-costs/teams/team-a/chargeback',
      'http://backend/api/idp-costs/teams/team-a/chargeback/2025-03',
      'http://backend/api/idp-costs/teams/team-a/chargeback/2025-03?format=csv',
    ]);
  });

  it('uploads a billing export as the body, lists imports and applies one', async () => {
    const { client, fetch } = setup(url => json(url.endsWith('/price-imports') ? 200 : 201, url.endsWith('/price-imports') ? { items: [{ id: 'i1' }] } : { id: 'i1' }));
    const file = new Blob(['a,b\n1,2\n']);
    await client.importBillingExport('aws-cur-2.0-csv', file, 'cur 2025-03.csv');
    await expect(client.listBillingImports()).resolves.toEqual([{ id: 'i1' }]);
    await client.applyBillingImport('i1', '2025-04-01');
    expect(fetch.mock.calls).toEqual([
      ['http://backend/api/idp-costs/price-imports?format=aws-cur-2.0-csv&fileName=cur+2025-03.csv', { method: 'POST', headers: { 'content-type': 'application/octet-stream' }, body: file }],
      ['http://backend/api/idp-costs/price-imports', { method: 'GET' }],
      ['http://backend/api/idp-costs/price-imports/i1/apply', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"effectiveFrom":"2025-04-01"}' }],
    ]);
  });

  it('turns an error answer into a ResponseError that keeps its status', async () => {
    const { client } = setup(() => json(404, { error: { name: 'NotFoundError', message: 'No costs of team-b' }, response: { statusCode: 404 } }));
    const error = await client.getTeamShowback('team-b').catch(e => e);
    expect(error).toBeInstanceOf(ResponseError);
    expect(error.statusCode).toBe(404);
  });
});
