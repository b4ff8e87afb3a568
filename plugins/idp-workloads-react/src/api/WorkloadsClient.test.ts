import { LogLine } from '@internal/plugin-idp-workloads-common';
import { NdjsonLines, WorkloadsClient } from './WorkloadsClient';

const json = (status: number, body?: unknown) =>
  new Response(body === undefined ? null : JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });

function setup(respond: (url: string, init?: RequestInit) => Response | Promise<Response>) {
  const fetch = jest.fn(async (url: string, init?: RequestInit) => respond(url, init));
  const client = new WorkloadsClient({
    discoveryApi: { getBaseUrl: async (id: string) => `http://backend/api/${id}` },
    fetchApi: { fetch: fetch as any },
  });
  return { client, fetch };
}

/** A streamed body as a browser's fetch gives it: chunks that split lines anywhere. */
function streamedResponse(chunks: string[], options: { keepOpen?: boolean } = {}) {
  const encoder = new TextEncoder();
  let index = 0;
  let cancelled = false;
  let wake: (() => void) | undefined;
  const reader = {
    read: async (): Promise<{ done: boolean; value?: Uint8Array }> => {
      if (index < chunks.length) return { done: false, value: encoder.encode(chunks[index++]) };
      if (options.keepOpen && !cancelled) await new Promise<void>(resolve => (wake = resolve));
      return { done: true };
    },
    cancel: jest.fn(async () => {
      cancelled = true;
      wake?.();
    }),
  };
  return { response: { ok: true, status: 200, body: { getReader: () => reader } } as unknown as Response, reader };
}

describe('WorkloadsClient', () => {
  it('reads status, events with an object filter, metrics and an app', async () => {
    const { client, fetch } = setup(url => json(200, url.includes('/events') || url.includes('/apps/') ? { items: [{ id: 'x' }] } : { namespace: 'team-a-dev' }));
    await expect(client.getEnvironmentStatus('team-a-dev')).resolves.toEqual({ namespace: 'team-a-dev' });
    await expect(client.listEvents('team-a-dev', { object: 'Deployment/web' })).resolves.toEqual([{ id: 'x' }]);
    await client.getMetrics('team-a-dev');
    await client.getRequestMetrics('team-a-dev');
    await expect(client.getAppWorkloads('team-a', 'web')).resolves.toEqual([{ id: 'x' }]);
    expect(fetch.mock.calls.map(c => c[0])).toEqual([
      'http://backend/api/idp-workloads/environments/team-a-dev',
      'http://backend/api/idp-workloads/environments/team-a-dev/events?object=Deployment%2Fweb',
      'http://backend/api/idp-workloads/environments/team-a-dev/metrics',
      'http://backend/api/idp-workloads/environments/team-a-dev/red',
      'http://backend/api/idp-workloads/apps/team-a/web',
    ]);
  });

  it('asks for log lines with the query', async () => {
    const { client, fetch } = setup(() => json(200, { pod: 'web-1', lines: [{ text: 'hello' }] }));
    await expect(client.getLogs('team-a-dev', { pod: 'web-1', container: 'web', tailLines: 50, previous: true, search: ' error ' })).resolves.toEqual({
      pod: 'web-1',
      lines: [{ text: 'hello' }],
    });
    expect(fetch.mock.calls[0][0]).toBe(
      'http://backend/api/idp-workloads/environments/team-a-dev/logs?pod=web-1&container=web&tailLines=50&previous=true&search=error',
    );
  });

  it('scales, restarts and deletes a pod', async () => {
    const { client, fetch } = setup((_url, init) => (init?.method === 'DELETE' ? json(204) : json(202, { ok: true })));
    await client.scaleDeployment('team-a-dev', 'web', 5);
    await client.restartDeployment('team-a-dev', 'web');
    await expect(client.deletePod('team-a-dev', 'web-1')).resolves.toBeUndefined();
    expect(fetch.mock.calls[0]).toEqual([
      'http://backend/api/idp-workloads/environments/team-a-dev/deployments/web/scale',
      { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ replicas: 5 }) },
    ]);
    expect(fetch.mock.calls[1][0]).toBe('http://backend/api/idp-workloads/environments/team-a-dev/deployments/web/restart');
    expect(fetch.mock.calls[2]).toEqual(['http://backend/api/idp-workloads/environments/team-a-dev/pods/web-1', { method: 'DELETE' }]);
  });

  it('turns a refusal into a ResponseError', async () => {
    const { client } = setup(() =>
      json(400, { error: { name: 'InputError', message: 'replicas: use at most 17 replicas' }, response: { statusCode: 400 } }),
    );
    await expect(client.scaleDeployment('team-a-dev', 'web', 50)).rejects.toMatchObject({ name: 'ResponseError', statusCode: 400 });
  });

  it('follows a log: NDJSON lines split across chunks, to the end of the stream', async () => {
    const { response } = streamedResponse(['{"time":"2025-03-01T10:00:00Z","text":"one"}\n{"te', 'xt":"two"}\n', '{"text":"thr', 'ee"}']);
    const { client, fetch } = setup(() => response);
    const lines: LogLine[] = [];
    await client.followLogs('team-a-dev', { pod: 'web-1', tailLines: 10 }, { onLine: l => lines.push(l), signal: new AbortController().signal });
    expect(lines).toEqual([{ time: '2025-03-01T10:00:00Z', text: 'one' }, { text: 'two' }, { text: 'three' }]);
    expect(fetch.mock.calls[0][0]).toBe('http://backend/api/idp-workloads/environments/team-a-dev/logs?pod=web-1&tailLines=10&follow=true');
  });

  it('stops following when aborted, and resolves', async () => {
    const { response, reader } = streamedResponse(['{"text":"one"}\n'], { keepOpen: true });
    const { client } = setup(() => response);
    const controller = new AbortController();
    const lines: LogLine[] = [];
    const following = client.followLogs('team-a-dev', { pod: 'web-1' }, {
      signal: controller.signal,
      onLine: line => {
        lines.push(line);
        controller.abort();
      },
    });
    await expect(following).resolves.toBeUndefined();
    expect(lines).toEqual([{ text: 'one' }]);
    expect(reader.cancel).toHaveBeenCalled();
  });

  it('rejects a refused follow with a ResponseError', async () => {
    const { client } = setup(() => json(403, { error: { name: 'NotAllowedError', message: 'belongs to another team' }, response: { statusCode: 403 } }));
    await expect(
      client.followLogs('team-b-dev', { pod: 'web-1' }, { onLine: () => {}, signal: new AbortController().signal }),
    ).rejects.toMatchObject({ statusCode: 403 });
  });

  it('parses NDJSON pushed in pieces and ignores blank lines', () => {
    const lines: LogLine[] = [];
    const parser = new NdjsonLines(l => lines.push(l));
    parser.push('{"text":"a"}\n\n{"text":');
    expect(lines).toEqual([{ text: 'a' }]);
    parser.push('"b"}\r\n');
    parser.end();
    expect(lines).toEqual([{ text: 'a' }, { text: 'b' }]);
  });
});
