import { ServiceUnavailableError } from '@backstage/errors';
import { EnvironmentRed, WorkloadRed, WorkloadRef } from '@internal/plugin-idp-workloads-common';
import { PrometheusSettings } from './prometheus';
import { RED_SIGNALS, RedSignal, errorPercentOf, pointsFromRangeResponse, redQueriesFor, toMilliseconds } from './redQueries';

const WINDOW_MS = 60 * 60 * 1000;
const STEP_MS = 60 * 1000;
// Several people watching one environment share an answer instead of each asking Prometheus.
const FRESH_FOR_MS = 15 * 1000;
const MAX_CACHED_ENVIRONMENTS = 500;
const MAX_CONCURRENT_QUERIES = 6;

const CONFIG_KEY: Record<RedSignal, string> = {
  requestRate: 'slipway.workloads.prometheus.queries.requestRate',
  errorRate: 'slipway.workloads.prometheus.queries.errorRate',
  latencyP95Seconds: 'slipway.workloads.prometheus.queries.latencyP95Seconds',
};

type Fetch = typeof fetch;

/**
 * Request rate, errors and latency of an environment's Deployments over the last hour, from
 * Prometheus's range queries. Callers have already been authorized for the environment.
 */
export class PrometheusRed {
  private readonly answers = new Map<string, { at: number; value: Promise<EnvironmentRed> }>();

  constructor(
    private readonly settings: PrometheusSettings,
    private readonly fetchImpl: Fetch = fetch,
    private readonly now: () => number = Date.now,
  ) {}

  get url(): string {
    return this.settings.url;
  }

  forEnvironment(namespace: string, workloads: WorkloadRef[]): Promise<EnvironmentRed> {
    const key = `${namespace}\n${workloads.map(w => w.name).sort().join(',')}`;
    const now = this.now();
    const cached = this.answers.get(key);
    if (cached && now - cached.at < FRESH_FOR_MS) return cached.value;
    const value = this.read(namespace, workloads, now);
    this.answers.set(key, { at: now, value });
    value.catch(() => this.answers.delete(key));
    if (this.answers.size > MAX_CACHED_ENVIRONMENTS) this.answers.delete(this.answers.keys().next().value!);
    return value;
  }

  private async read(namespace: string, workloads: WorkloadRef[], now: number): Promise<EnvironmentRed> {
    // Ends now, not at the last whole step, so the newest minute shows.
    const end = Math.floor(now / 1000) * 1000;
    const start = end - WINDOW_MS;
    // Every signal of every workload, in that order, so answer i × 3 + j is workload i's signal j.
    const jobs = workloads.flatMap(workload => {
      const queries = redQueriesFor(this.settings.queries, namespace, workload);
      return RED_SIGNALS.map(signal => ({ signal, query: queries[signal] }));
    });
    const answers = await limited(jobs, MAX_CONCURRENT_QUERIES, job => this.range(job.signal, job.query, start, end));
    const result: WorkloadRed[] = workloads.map((workload, i) => {
      const [requests, errors, latency] = RED_SIGNALS.map((_, j) => answers[i * RED_SIGNALS.length + j]);
      return { workload, requestsPerSecond: requests, errorPercent: errorPercentOf(requests, errors), latencyP95Ms: toMilliseconds(latency) };
    });
    return { namespace, windowMs: WINDOW_MS, stepMs: STEP_MS, workloads: result };
  }

  private async range(signal: RedSignal, query: string, start: number, end: number) {
    const params = new URLSearchParams({ query, start: String(start / 1000), end: String(end / 1000), step: `${STEP_MS / 1000}s` });
    let response: Response;
    try {
      response = await this.fetchImpl(`${this.settings.url}/api/v1/query_range`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
        body: params.toString(),
        signal: AbortSignal.timeout(this.settings.timeoutMs),
      });
    } catch (error) {
      const cause = (error as Error).name === 'TimeoutError' ? `no answer within ${this.settings.timeoutMs / 1000} s` : describeFetchError(error);
      throw new ServiceUnavailableError(
        `Prometheus at ${this.settings.url} could not be reached (${cause}); check that it runs and that slipway.workloads.prometheus.url points at it`,
      );
    }
    const body = await response.json().catch(() => undefined);
    if (body === undefined) {
      throw new ServiceUnavailableError(
        `Prometheus at ${this.settings.url} answered HTTP ${response.status} without a query result; check that slipway.workloads.prometheus.url is Prometheus's address`,
      );
    }
    try {
      return pointsFromRangeResponse(body, signal === 'latencyP95Seconds' ? 'max' : 'sum');
    } catch (error) {
      throw new ServiceUnavailableError(`${(error as Error).message}. The query was ${query}; correct ${CONFIG_KEY[signal]} in app-config`);
    }
  }
}

function describeFetchError(error: unknown): string {
  const cause = (error as { cause?: { code?: string; message?: string } }).cause;
  return cause?.code ?? cause?.message ?? (error as Error).message;
}

/** Runs `work` over `items` with at most `limit` at a time, answers in the items' order; the first failure fails all. */
async function limited<T, R>(items: T[], limit: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await work(items[index]);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}
