import { createServer, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { PROMETHEUS_USAGE_QUERIES, PrometheusUsage } from './PrometheusUsage';

/** A fake Prometheus answering the two instant queries with known vectors (and recording what it was asked). */
function fakePrometheus(handler: (query: string, time: string) => { status: number; body: unknown }) {
  const asked: Array<{ query: string; time: string }> = [];
  const server = createServer((req, res) => {
    const url = new URL(req.url!, 'http://x');
    const query = url.searchParams.get('query') ?? '';
    const time = url.searchParams.get('time') ?? '';
    asked.push({ query, time });
    const { status, body } = handler(query, time);
    res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
  });
  return new Promise<{ server: Server; url: string; asked: typeof asked }>(resolve =>
    server.listen(0, '127.0.0.1', () => resolve({ server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`, asked })),
  );
}

const vector = (result: Array<[Record<string, string>, string]>) => ({ status: 'success', data: { resultType: 'vector', result: result.map(([metric, v]) => ({ metric, value: [0, v] })) } });

describe('PrometheusUsage', () => {
  let fake: Awaited<ReturnType<typeof fakePrometheus>>;
  afterEach(() => new Promise(resolve => fake.server.close(resolve)));

  it('reads CPU and memory per container at the sample time', async () => {
    fake = await fakePrometheus(query =>
      query === PROMETHEUS_USAGE_QUERIES.cpu
        ? { status: 200, body: vector([[{ namespace: 'team-a-dev', pod: 'web-1', container: 'app' }, '0.25']]) }
        : { status: 200, body: vector([[{ namespace: 'team-a-dev', pod: 'web-1', container: 'app' }, '134217728'], [{ namespace: 'team-a-dev', pod: 'web-1', container: 'sidecar' }, '1048576']]) },
    );
    const usage = await new PrometheusUsage({ url: fake.url }).containerUsage(new Date('2026-03-01T10:05:00Z'));
    expect(Object.fromEntries(usage)).toEqual({
      'team-a-dev/web-1/app': { cpuCores: 0.25, ramBytes: 134217728 },
      'team-a-dev/web-1/sidecar': { cpuCores: 0, ramBytes: 1048576 },
    });
    expect(fake.asked.map(a => a.time)).toEqual(['1772359500', '1772359500']);
  });

  it('says which setting to check when Prometheus refuses the query', async () => {
    fake = await fakePrometheus(() => ({ status: 400, body: { status: 'error', error: 'parse error' } }));
    await expect(new PrometheusUsage({ url: fake.url }).containerUsage(new Date())).rejects.toThrow(/refused the usage query \(400 parse error\); check slipway\.costs\.prometheus\.url/);
  });
});
