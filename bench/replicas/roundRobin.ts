import http from 'node:http';
import { AddressInfo } from 'node:net';

/**
 * A minimal round-robin HTTP proxy on 127.0.0.1 (what a Kubernetes Service does between the
 * backend's pods): each request goes to the next upstream in turn, over kept-alive connections.
 */
export async function startRoundRobin(upstreams: string[]): Promise<{ url: string; counts: number[]; close: () => Promise<void> }> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 256 });
  const targets = upstreams.map(upstream => new URL(upstream));
  const counts = targets.map(() => 0);
  let next = 0;
  const server = http.createServer((req, res) => {
    const index = next++ % targets.length;
    counts[index]++;
    const target = targets[index];
    const upstream = http.request(
      { host: target.hostname, port: target.port, method: req.method, path: req.url, headers: { ...req.headers, host: target.host }, agent },
      answer => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    upstream.on('error', error => {
      res.writeHead(502, { 'content-type': 'text/plain' });
      res.end(`upstream ${target.host} failed: ${error.message}`);
    });
    req.pipe(upstream);
  });
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    counts,
    close: () =>
      new Promise<void>(resolve => {
        agent.destroy();
        server.close(() => resolve());
      }),
  };
}
