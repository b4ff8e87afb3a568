import { ChildProcess, execFile, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

// This library only runs from the repository (tests, tools), never from a production build.
// eslint-disable-next-line no-restricted-syntax
const BUILD_SCRIPT = resolve(__dirname, '../../../cluster/build-prometheus.sh');

/** A Prometheus server of its own, on 127.0.0.1, for one test or tool. */
export interface LocalPrometheus {
  /** e.g. http://127.0.0.1:40123 */
  url: string;
  /** Stops it and removes its data. */
  stop(): Promise<void>;
}

export interface LocalPrometheusOptions {
  /** `host:port` addresses scraped at `/metrics`; their own `namespace` and `pod` labels are kept. */
  targets: string[];
  scrapeIntervalSeconds?: number;
  /** How long building (first run) and starting may take. */
  timeoutMs?: number;
}

/** The pinned Prometheus binary, built from source on first use (cluster/build-prometheus.sh). */
export async function ensurePrometheusBinary(timeoutMs = 30 * 60_000): Promise<string> {
  try {
    await run('bash', [BUILD_SCRIPT], { timeout: timeoutMs, maxBuffer: 16 * 1024 * 1024 });
    return (await run('bash', [BUILD_SCRIPT, '--print-path'])).stdout.trim();
  } catch (error) {
    const { stderr, message } = error as { stderr?: string; message: string };
    throw new Error(`cluster/build-prometheus.sh failed: ${message.split('\n')[0]}\n${(stderr ?? '').trim().split('\n').slice(-15).join('\n')}`);
  }
}

/** A loopback port nothing listens on right now. */
export async function freePort(): Promise<number> {
  return new Promise((ok, fail) => {
    const server = createServer();
    server.once('error', fail);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => ok(port));
    });
  });
}

function stopped(child: ChildProcess): Promise<void> {
  return new Promise(done => {
    if (child.exitCode !== null || child.signalCode !== null) done();
    else child.once('exit', () => done());
  });
}

/** Starts Prometheus scraping `targets`; resolves once it has scraped each of them. */
export async function startLocalPrometheus(options: LocalPrometheusOptions): Promise<LocalPrometheus> {
  const deadline = Date.now() + (options.timeoutMs ?? 30 * 60_000);
  const binary = await ensurePrometheusBinary(deadline - Date.now());
  const dir = mkdtempSync(join(tmpdir(), 'slipway-prometheus-'));
  const interval = `${options.scrapeIntervalSeconds ?? 1}s`;
  writeFileSync(
    join(dir, 'prometheus.yml'),
    JSON.stringify({
      global: { scrape_interval: interval, evaluation_interval: interval },
      scrape_configs: [{ job_name: 'slipway', honor_labels: true, fallback_scrape_protocol: 'PrometheusText0.0.4', static_configs: [{ targets: options.targets }] }],
    }),
  );
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  let output = '';
  const child = spawn(
    binary,
    [`--config.file=${join(dir, 'prometheus.yml')}`, `--storage.tsdb.path=${join(dir, 'data')}`, `--web.listen-address=127.0.0.1:${port}`, '--log.level=warn'],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  const keep = (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-4000);
  };
  child.stdout!.on('data', keep);
  child.stderr!.on('data', keep);
  const stop = async () => {
    child.kill('SIGTERM');
    await stopped(child);
    rmSync(dir, { recursive: true, force: true });
  };

  while (Date.now() < deadline) {
    if (child.exitCode !== null) {
      rmSync(dir, { recursive: true, force: true });
      throw new Error(`Prometheus exited with code ${child.exitCode} while starting:\n${output}`);
    }
    // Ready, and every target scraped once (Prometheus hands new targets to the scraper every 5 s).
    const scraped = await fetch(`${url}/api/v1/query?query=up`).then(
      async r => (r.ok ? ((await r.json()) as { data?: { result?: unknown[] } }).data?.result?.length ?? 0 : 0),
      () => 0,
    );
    if (scraped >= options.targets.length) return { url, stop };
    await new Promise(r => setTimeout(r, 200));
  }
  await stop();
  throw new Error(`Prometheus did not become ready at ${url}:\n${output}`);
}
