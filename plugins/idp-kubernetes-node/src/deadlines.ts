import { RequestContext, ResponseContext } from '@kubernetes/client-node';
import fetch from 'node-fetch';
import { reusableAgent } from './connectionReuse';
import { refuseUnknownPerson } from './impersonationRefusal';

/** How long one call to the API server may take, by kind of call, in milliseconds. */
export interface KubernetesDeadlines {
  /** GET of one object or a list. */
  readMs: number;
  /** POST, PUT, PATCH, DELETE. */
  writeMs: number;
  /** Retries of a call that is safe to repeat (reads, server-side apply) after a timeout, a dropped connection, 429 or 503. */
  retries: number;
  /** How often a connection carrying watches is pinged. */
  watchPingMs: number;
  /** A ping unanswered this long ends the connection; its watches end with an error and start again on a new one. */
  watchPingTimeoutMs: number;
}

export const DEFAULT_KUBERNETES_DEADLINES: KubernetesDeadlines = { readMs: 20_000, writeMs: 30_000, retries: 2, watchPingMs: 30_000, watchPingTimeoutMs: 15_000 };

/** A call that got no answer in time (a stalled or unreachable API server): says which, and what to do. */
export class KubernetesDeadlineError extends Error {
  constructor(
    readonly method: string,
    readonly path: string,
    readonly deadlineMs: number,
    readonly attempts: number,
  ) {
    super(
      `The Kubernetes API server did not answer ${method} ${path} within ${Math.round(deadlineMs / 100) / 10} s` +
        `${attempts > 1 ? ` (${attempts} attempts)` : ''}; it may be overloaded or down. Try again in a moment; if it persists, a platform admin checks the cluster`,
    );
    this.name = 'KubernetesDeadlineError';
  }
}

const SAFE_TO_REPEAT = (method: string, contentType: string | undefined) =>
  method === 'GET' || method === 'HEAD' || (method === 'PATCH' && contentType === 'application/apply-patch+yaml');
const RETRYABLE_STATUS = new Set([429, 503]);
const sleep = (ms: number) => new Promise(resolve => setTimeout(resolve, ms));

/**
 * Sends one generated-client request with a deadline (a caller's own signal, e.g. a follow's,
 * still applies), and repeats it with backoff when that is safe. `extraHeaders` are added at the
 * wire (the impersonation headers: the generated clients keep one value per header name).
 */
export async function sendWithDeadline(request: RequestContext, deadlines: KubernetesDeadlines, extraHeaders: (headers: [string, string][]) => [string, string][]): Promise<ResponseContext> {
  const method = request.getHttpMethod().toString();
  const contentType = request.getHeaders()['Content-Type'] ?? request.getHeaders()['content-type'];
  const deadlineMs = method === 'GET' || method === 'HEAD' ? deadlines.readMs : deadlines.writeMs;
  const attempts = SAFE_TO_REPEAT(method, contentType) ? 1 + deadlines.retries : 1;
  const path = new URL(request.getUrl()).pathname;
  for (let attempt = 1; ; attempt++) {
    const timeout = AbortSignal.timeout(deadlineMs);
    const own = request.getSignal();
    const signal = own ? AbortSignal.any([own, timeout]) : timeout;
    try {
      const res = await fetch(request.getUrl(), {
        method,
        body: request.getBody() as any,
        headers: extraHeaders(Object.entries(request.getHeaders())),
        signal: signal as any,
        agent: reusableAgent(request.getAgent()),
      });
      if (RETRYABLE_STATUS.has(res.status) && attempt < attempts) {
        res.body?.resume?.();
        await sleep(backoff(attempt, res.headers.get('retry-after')));
        continue;
      }
      const headers: Record<string, string> = {};
      res.headers.forEach((value, name) => {
        headers[name] = value;
      });
      if (res.status === 403) {
        // A 403 is small: read it here, to tell "the platform may not act as this person" apart.
        const body = await res.text();
        refuseUnknownPerson(body);
        return new ResponseContext(res.status, headers, { text: async () => body, binary: async () => Buffer.from(body) });
      }
      return new ResponseContext(res.status, headers, { text: () => res.text(), binary: () => res.buffer() });
    } catch (error) {
      // The caller's own abort is theirs to report.
      if (own?.aborted) throw error;
      const timedOut = timeout.aborted;
      const dropped = !timedOut && ['ECONNRESET', 'ECONNREFUSED', 'EPIPE', 'ETIMEDOUT'].includes((error as { code?: string }).code ?? '');
      if ((timedOut || dropped) && attempt < attempts) {
        await sleep(backoff(attempt));
        continue;
      }
      if (timedOut) throw new KubernetesDeadlineError(method, path, deadlineMs, attempt);
      throw error;
    }
  }
}

/** 200 ms, 800 ms, ... (or the server's Retry-After, capped at 5 s). */
function backoff(attempt: number, retryAfter?: string | null): number {
  const asked = retryAfter ? Number(retryAfter) * 1000 : NaN;
  return Number.isFinite(asked) ? Math.min(asked, 5_000) : 200 * 4 ** (attempt - 1);
}
