import { RedPoint, WorkloadRef } from '@internal/plugin-idp-workloads-common';

/*
 * Request rate, errors and latency ("RED") of a workload, read from Prometheus. Pure: the
 * backend asks Prometheus with the queries built here and turns its answers into series with
 * the functions below, so the rules are tested without a Prometheus.
 */

/**
 * PromQL for each RED signal of one workload. `{{namespace}}`, `{{workload}}` and `{{pods}}`
 * (an anchored regular expression matching the workload's pods, old and new) are filled in.
 */
export interface RedQueryTemplates {
  /** Requests per second. */
  requestRate: string;
  /** Failed requests per second. */
  errorRate: string;
  /** 95th percentile latency, in seconds. */
  latencyP95Seconds: string;
}

/** The conventional names of Prometheus's client libraries, labelled `namespace` and `pod` by the usual Kubernetes scrape config. */
export const DEFAULT_RED_QUERIES: RedQueryTemplates = {
  requestRate: 'sum(rate(http_requests_total{namespace="{{namespace}}",pod=~"{{pods}}"}[2m]))',
  errorRate: 'sum(rate(http_requests_total{namespace="{{namespace}}",pod=~"{{pods}}",code=~"5.."}[2m]))',
  latencyP95Seconds:
    'histogram_quantile(0.95, sum by (le) (rate(http_request_duration_seconds_bucket{namespace="{{namespace}}",pod=~"{{pods}}"}[2m])))',
};

export const RED_SIGNALS = ['requestRate', 'errorRate', 'latencyP95Seconds'] as const;
export type RedSignal = (typeof RED_SIGNALS)[number];

const PLACEHOLDER = /\{\{\s*(\w+)\s*\}\}/g;
const KNOWN_PLACEHOLDERS = new Set(['namespace', 'workload', 'pods']);
// Kubernetes names: DNS subdomains. Checked before they go into PromQL, so nothing else can.
// The alphabet of pod-template hashes and generated name suffixes (k8s.io/apimachinery's rand).
const NAME_SUFFIX = '[bcdfghjklmnpqrstvwxz2456789]';
const KUBERNETES_NAME = /^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/;

/** Problems with configured templates, in words for the platform admin; empty when they are usable. */
export function redTemplateProblems(templates: object): string[] {
  const problems: string[] = [];
  for (const [key, value] of Object.entries(templates)) {
    if (!(RED_SIGNALS as readonly string[]).includes(key)) {
      problems.push(`slipway.workloads.prometheus.queries.${key} is not a known query; use ${RED_SIGNALS.join(', ')}`);
      continue;
    }
    if (typeof value !== 'string' || !value.trim()) {
      problems.push(`slipway.workloads.prometheus.queries.${key} must be a PromQL query`);
      continue;
    }
    for (const [, name] of value.matchAll(PLACEHOLDER)) {
      if (!KNOWN_PLACEHOLDERS.has(name)) {
        problems.push(`slipway.workloads.prometheus.queries.${key} uses {{${name}}}; the placeholders are {{namespace}}, {{workload}} and {{pods}}`);
      }
    }
  }
  return problems;
}

/**
 * The anchored regular expression (as written inside a PromQL string) for the pods a Deployment
 * creates: `<name>-<pod-template-hash>-<5 characters>`, so another Deployment whose name starts
 * with this one's is not matched. Both suffixes come from Kubernetes's alphabet without vowels,
 * which also keeps `<name>-canary-<suffix>` out.
 */
export function deploymentPodsPattern(name: string): string {
  return `${name.replace(/\./g, '\\\\.')}-${NAME_SUFFIX}{1,10}-${NAME_SUFFIX}{5}`;
}

/** The three queries for one workload, placeholders filled in. */
export function redQueriesFor(templates: RedQueryTemplates, namespace: string, workload: WorkloadRef): Record<RedSignal, string> {
  for (const [what, name] of [['namespace', namespace], ['workload', workload.name]]) {
    if (!KUBERNETES_NAME.test(name)) throw new Error(`"${name}" is not a Kubernetes ${what} name`);
  }
  const values: Record<string, string> = { namespace, workload: workload.name, pods: deploymentPodsPattern(workload.name) };
  const fill = (template: string) => template.replace(PLACEHOLDER, (whole, key: string) => values[key] ?? whole);
  return { requestRate: fill(templates.requestRate), errorRate: fill(templates.errorRate), latencyP95Seconds: fill(templates.latencyP95Seconds) };
}

/** How several series of one query become one: rates add up, a latency takes the worst. */
export type SeriesCombination = 'sum' | 'max';

interface MatrixResult {
  metric?: Record<string, string>;
  values?: Array<[number, string]>;
}

/**
 * The points of a Prometheus `query_range` answer, several series combined into one. Samples
 * that are not numbers (NaN where nothing was measured, ±Inf) are left out: a gap, not a zero.
 * Throws, saying why, when the answer is not a successful matrix.
 */
export function pointsFromRangeResponse(body: unknown, combine: SeriesCombination): RedPoint[] {
  const answer = body as { status?: string; error?: string; data?: { resultType?: string; result?: MatrixResult[] } } | undefined;
  if (answer?.status !== 'success') throw new Error(answer?.error ? `Prometheus answered: ${answer.error}` : 'Prometheus did not answer with a query result');
  if (answer.data?.resultType !== 'matrix' || !Array.isArray(answer.data.result)) {
    throw new Error(`Prometheus answered with a ${answer.data?.resultType ?? 'missing'} result where a range (matrix) was expected`);
  }
  const byTime = new Map<number, number>();
  for (const series of answer.data.result) {
    for (const [seconds, text] of series.values ?? []) {
      const value = Number(text);
      if (!Number.isFinite(value)) continue;
      const seen = byTime.get(seconds);
      if (seen === undefined) byTime.set(seconds, value);
      else byTime.set(seconds, combine === 'sum' ? seen + value : Math.max(seen, value));
    }
  }
  return [...byTime.entries()].sort(([a], [b]) => a - b).map(([seconds, value]) => ({ time: new Date(seconds * 1000).toISOString(), value }));
}

/** Errors as a percentage of requests at the times both were measured and there were requests. */
export function errorPercentOf(requests: RedPoint[], errors: RedPoint[]): RedPoint[] {
  const failed = new Map(errors.map(p => [p.time, p.value]));
  return requests.filter(p => p.value > 0).map(p => ({ time: p.time, value: Math.min(100, ((failed.get(p.time) ?? 0) / p.value) * 100) }));
}

/** Seconds to milliseconds, for a latency series. */
export function toMilliseconds(points: RedPoint[]): RedPoint[] {
  return points.map(p => ({ time: p.time, value: p.value * 1000 }));
}
