import { KubeConfig, Watch } from '@kubernetes/client-node';
import http from 'node:http';
import http2 from 'node:http2';
import { createInterface } from 'node:readline';
import tls from 'node:tls';
import { tlsSettingsOf } from './connectionReuse';

/*
 * Watches share HTTP/2 connections, as client-go's do. Over HTTP/1.1 every watch holds a TLS
 * connection of its own for as long as it runs, and the workload cache holds six per environment:
 * 1,000 environments were 6,000 connections to the API server, each a socket, TLS buffers and
 * goroutines on both sides. Here up to STREAMS_PER_CONNECTION watches are streams of one connection.
 *
 * A connection that stops answering is found by PING (as client-go's ReadIdleTimeout/PingTimeout
 * do): its watches end with an error and their informers list and watch again on a new one.
 */

/**
 * Watches one connection carries at most; fewer if the server says so (its SETTINGS; kube-apiserver
 * advertises 100 unless --http2-max-streams-per-connection says otherwise).
 */
export const STREAMS_PER_CONNECTION = 100;

export interface WatchConnectionTimings {
  /** How often a connection carrying watches is pinged. */
  pingEveryMs: number;
  /** A ping not answered within this ends the connection (and its watches, which then start again); so does a connection not up within it. */
  pingTimeoutMs: number;
  /** A connection left with no watch is closed after this (default 30 s). */
  idleCloseMs?: number;
}

const IDLE_CLOSE_MS = 30_000;

/** Headers HTTP/2 forbids (RFC 9113, 8.2.2); the authority comes from the connection. */
const CONNECTION_HEADERS = new Set(['connection', 'keep-alive', 'proxy-connection', 'transfer-encoding', 'upgrade', 'host', 'te']);
/** The most of a refused watch's body kept for its error message. */
const MAX_ERROR_BODY = 64 * 1024;

interface Connection {
  session: http2.ClientHttp2Session;
  /** Settles once the connection is up: true if it speaks HTTP/2, false if the server only speaks HTTP/1.1. */
  up: Promise<boolean>;
  streams: number;
  timers: NodeJS.Timeout[];
  idle?: NodeJS.Timeout;
}

/** How a TLS server without HTTP/2 refuses ALPN "h2". */
const NO_HTTP2 = 'ERR_SSL_TLSV1_ALERT_NO_APPLICATION_PROTOCOL';

const usable = (session: http2.ClientHttp2Session) => !session.closed && !session.destroyed;

function capacity(session: http2.ClientHttp2Session): number {
  return Math.min(STREAMS_PER_CONNECTION, session.remoteSettings?.maxConcurrentStreams ?? STREAMS_PER_CONNECTION);
}

/** The HTTP/2 connections to one API server with one set of TLS settings. */
class ConnectionPool {
  private readonly connections = new Set<Connection>();

  constructor(
    private readonly origin: string,
    private readonly tlsOptions: tls.ConnectionOptions,
    private readonly timings: WatchConnectionTimings,
  ) {}

  /** Set once the server turned HTTP/2 down: its watches use HTTP/1.1 from then on. */
  http1Only = false;

  /**
   * A connection with room for one more watch, opened if none has, once it is up; undefined if the
   * server does not speak HTTP/2. Rejects if the connection fails. `release` gives the room back.
   */
  async take(): Promise<Connection | undefined> {
    let connection = [...this.connections].find(c => usable(c.session) && c.streams < capacity(c.session));
    connection ??= this.open();
    connection.streams++;
    clearTimeout(connection.idle);
    connection.session.ref();
    let speaksHttp2: boolean;
    try {
      speaksHttp2 = await connection.up;
    } catch (error) {
      this.release(connection);
      throw error;
    }
    if (speaksHttp2) return connection;
    this.http1Only = true;
    this.release(connection);
    this.drop(connection);
    return undefined;
  }

  release(connection: Connection) {
    connection.streams--;
    if (connection.streams > 0 || !this.connections.has(connection)) return;
    // Idle connections do not keep the process alive, and close unless a watch comes back soon.
    connection.session.unref();
    connection.idle = setTimeout(() => connection.session.close(), this.timings.idleCloseMs ?? IDLE_CLOSE_MS).unref();
  }

  get size(): number {
    return this.connections.size;
  }

  destroy() {
    for (const connection of this.connections) connection.session.destroy();
    this.connections.clear();
  }

  private open(): Connection {
    const session = http2.connect(this.origin, this.tlsOptions);
    const up = new Promise<boolean>((resolve, reject) => {
      session.once('connect', () => resolve(session.alpnProtocol === 'h2'));
      session.once('error', (error: Error & { code?: string }) => (error.code === NO_HTTP2 ? resolve(false) : reject(error)));
    });
    up.catch(() => undefined); // settled for the watches that wait on it; nobody else need
    const connection: Connection = { session, up, streams: 0, timers: [] };
    this.connections.add(connection);
    connection.timers.push(setInterval(() => this.ping(connection), this.timings.pingEveryMs).unref());
    // A connection (TCP and TLS) that does not come up is as dead as one that stops answering pings.
    const connecting = setTimeout(
      () => this.drop(connection, new Error(`Could not connect to the API server at ${this.origin} within ${this.timings.pingTimeoutMs} ms`)),
      this.timings.pingTimeoutMs,
    ).unref();
    connection.timers.push(connecting);
    session.once('connect', () => clearTimeout(connecting));
    // New watches go to another connection once the server asks this one to go away; its own end as the server ends them.
    session.on('goaway', () => {
      this.forget(connection);
      session.close();
    });
    session.on('close', () => this.forget(connection));
    // The error reaches each of the connection's watches as its stream ends; nothing more to do here.
    session.on('error', () => this.forget(connection));
    return connection;
  }

  /** No new watch goes to this connection. */
  private forget(connection: Connection) {
    this.connections.delete(connection);
    for (const timer of connection.timers) clearTimeout(timer);
    clearTimeout(connection.idle);
  }

  /** Ends a dead connection: its watches end with `error`, and none goes to it again. */
  private drop(connection: Connection, error?: Error) {
    this.forget(connection);
    connection.session.destroy(error);
  }

  private ping(connection: Connection) {
    const { session } = connection;
    if (connection.streams === 0 || session.connecting || !usable(session)) return;
    const timeout = setTimeout(
      () => this.drop(connection, new Error(`The API server at ${this.origin} did not answer a ping within ${this.timings.pingTimeoutMs} ms`)),
      this.timings.pingTimeoutMs,
    ).unref();
    session.ping(error => {
      clearTimeout(timeout);
      if (error && !session.destroyed) this.drop(connection, error);
    });
  }
}

/** The HTTP/2 connections of one ClusterAccess, one pool per server and TLS settings. */
export class WatchConnections {
  private readonly pools = new Map<string, ConnectionPool>();

  constructor(private readonly timings: WatchConnectionTimings) {}

  pool(origin: string, tlsKey: string, tlsOptions: tls.ConnectionOptions): ConnectionPool {
    const key = JSON.stringify([origin, tlsKey]);
    let pool = this.pools.get(key);
    if (!pool) {
      pool = new ConnectionPool(origin, tlsOptions, this.timings);
      this.pools.set(key, pool);
    }
    return pool;
  }

  /** Open connections, all servers together (for tests and on-call figures). */
  get size(): number {
    return [...this.pools.values()].reduce((sum, pool) => sum + pool.size, 0);
  }

  destroy() {
    for (const pool of this.pools.values()) pool.destroy();
    this.pools.clear();
  }
}

type Callback = (phase: string, apiObj: any, watchObj?: any) => void;

/**
 * client-node's Watch, with each watch a stream of a shared HTTP/2 connection. What is not an
 * HTTPS server with plain TLS settings (a proxy's agent, plain HTTP), or a server that does not
 * speak HTTP/2, is watched by `fallback`.
 * Same contract as client-node's: `done` is called once, when the server ends the watch or it
 * fails, never after the returned controller aborts it.
 */
export class MultiplexedWatch extends Watch {
  constructor(
    kubeConfig: KubeConfig,
    private readonly connections: WatchConnections,
    private readonly fallback: Watch,
  ) {
    super(kubeConfig);
  }

  override async watch(
    path: string,
    queryParams: Record<string, string | number | boolean | undefined>,
    callback: Callback,
    done: (err: any) => void,
  ): Promise<AbortController> {
    const cluster = this.config.getCurrentCluster();
    if (!cluster) throw new Error('No currently active cluster');
    const url = new URL(cluster.server + path);
    url.searchParams.set('watch', 'true');
    for (const [name, value] of Object.entries(queryParams ?? {})) {
      if (value !== undefined) url.searchParams.set(name, String(value));
    }
    const options = await this.config.applyToFetchOptions({});
    const settings = tlsSettingsOf(options.agent as http.Agent | undefined);
    if (url.protocol !== 'https:' || !settings) return this.fallback.watch(path, queryParams, callback, done);

    const headers: http2.OutgoingHttpHeaders = { ':method': 'GET', ':path': `${url.pathname}${url.search}`, accept: 'application/json' };
    (options.headers as Headers | undefined)?.forEach((value, name) => {
      if (!CONNECTION_HEADERS.has(name.toLowerCase())) headers[name.toLowerCase()] = value;
    });

    const pool = this.connections.pool(url.origin, settings.key, settings.options);
    const controller = new AbortController();
    let connection: Awaited<ReturnType<typeof pool.take>>;
    try {
      connection = pool.http1Only ? undefined : await pool.take();
    } catch (error) {
      done(error); // the connection failed: the informer lists and watches again
      return controller;
    }
    if (!connection) return this.fallback.watch(path, queryParams, callback, done);
    const taken = connection;

    let stream: http2.ClientHttp2Stream;
    try {
      stream = taken.session.request(headers);
    } catch (error) {
      // The connection went away between take and request (it was closing): the informer starts again.
      pool.release(taken);
      done(error);
      return controller;
    }
    let ended = false;
    const end = (error: unknown) => {
      if (ended) return;
      ended = true;
      pool.release(taken);
      if (!stream.closed) stream.close(http2.constants.NGHTTP2_CANCEL);
      if (!controller.signal.aborted) done(error);
    };
    controller.signal.addEventListener('abort', () => end(null), { once: true });
    stream.on('error', end);
    stream.on('close', () => end(stream.rstCode && stream.rstCode !== http2.constants.NGHTTP2_NO_ERROR ? streamReset(stream.rstCode) : null));
    stream.on('response', response => {
      const status = Number(response[':status']);
      if (status === 200) {
        const lines = createInterface({ input: stream, crlfDelay: Infinity });
        // readline passes its input's errors on: without a listener they would crash the process.
        lines.on('error', end);
        lines.on('line', line => {
          let event: { type: string; object: unknown };
          try {
            event = JSON.parse(line);
          } catch {
            return; // as client-node: a line that is not JSON is skipped
          }
          callback(event.type, event.object, event);
        });
        return;
      }
      // A refusal (403, 410 Gone, ...): its Status message, with the code ListWatch reads.
      const chunks: Buffer[] = [];
      let size = 0;
      stream.on('data', (chunk: Buffer) => {
        if (size < MAX_ERROR_BODY) chunks.push(chunk);
        size += chunk.length;
      });
      stream.on('end', () => end(watchRefused(status, Buffer.concat(chunks).toString('utf8'))));
    });
    stream.end();
    return controller;
  }
}

function streamReset(code: number): Error {
  return new Error(`The API server reset the watch (HTTP/2 error code ${code})`);
}

function watchRefused(status: number, body: string): Error & { statusCode: number } {
  let message = http.STATUS_CODES[status] ?? `HTTP ${status}`;
  try {
    const parsed = JSON.parse(body) as { message?: string };
    if (parsed.message) message = parsed.message;
  } catch {
    // not a Status object: the status text says enough
  }
  return Object.assign(new Error(message), { statusCode: status });
}
